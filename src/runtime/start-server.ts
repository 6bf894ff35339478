import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import { startBankServices } from '../bank/bank-services.ts';
import { sandboxAccountHolderCheck } from '../bank/sandbox/account-holder-check.ts';
import type { Handle } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { startDemoBankScenario } from '../demo/demo-bank.ts';
import { loadDemoWorld } from '../demo/demo-world.ts';
import type { AppContext } from '../http/app-context.ts';
import { routeModules } from '../http/route-modules.ts';
import { type App, buildServer } from '../http/server.ts';
import { BadInputError } from '../kernel/bad-input.ts';
import { AcceleratedClock, type Clock, systemClock } from '../kernel/clock.ts';
import { setUncoveredHolidayYearHandler } from '../kernel/holidays.ts';
import { followDemoClock, saveDemoClock, startDemoClock } from '../monitor/stored-clock.ts';
import { startNotificationServices } from '../notifications/notification-services.ts';
import { createMetrics } from '../ops/metrics.ts';
import { ensureBankDirectory, ensureFirstAdmin } from './bootstrap.ts';
import type { Config } from './config.ts';
import { openStore } from './open-store.ts';
import { removeServerFile, writeServerFile } from './server-file.ts';

export type RunningServer = {
  readonly url: string;
  readonly app: App;
  readonly context: AppContext;
  close(): Promise<void>;
};

export type ServerRole = 'all' | 'api' | 'worker';

export type StartOptions = {
  readonly config: Config;
  readonly demo: boolean;
  readonly clock?: Clock;
  /** Structured request logs (pino); off in tests. */
  readonly logRequests?: boolean;
  /** An already open database (tests); otherwise the configuration's. */
  readonly handle?: Handle;
  /**
   * Which parts this process runs (DESIGN §4): `all` (one process, the default), `api` (HTTP only), or
   * `worker` (the bank channel's drop folder and sandbox, monitoring sweeps and the outbox, answering only
   * health and metrics traffic it is sent). Several `api` and `worker` processes share one PostgreSQL,
   * claiming work with `for update skip locked`; the embedded database admits only `all`.
   */
  readonly role?: ServerRole;
  /** Write server.json for CLI commands (off for tests that run several servers). */
  readonly writeServerFile?: boolean;
};

/**
 * `hado serve`: opens the database, migrates, listens, loads the demo world when asked, and only then
 * reports ready on /health. Writes server.json so CLI commands can go through this process.
 */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config } = options;
  const role = options.role ?? 'all';
  if (role !== 'all' && !config.databaseUrl && !options.handle) {
    throw new BadInputError(`--role ${role} needs PostgreSQL (DATABASE_URL): the embedded database admits one process`);
  }
  const runsApi = role !== 'worker';
  const runsWorkers = role !== 'api';
  const logger = pino({ level: options.logRequests === false ? 'silent' : config.logLevel });
  setUncoveredHolidayYearHandler((year) =>
    logger.warn({ year }, 'Korean public holidays unknown for this year: weekends only'),
  );
  const handle = options.handle ?? (await openStore(config));
  const adminToken = randomBytes(32).toString('base64url');
  // With --demo the clock runs fast (HADO_DEMO_DAY_SECONDS a day) and continues where the data directory left it.
  let clock: Clock;
  try {
    const migrated = await migrate(handle);
    if (migrated.applied.length > 0) logger.info({ applied: migrated.applied }, 'migrations applied');
    clock =
      options.clock ??
      (options.demo
        ? await startDemoClock(handle.db, { daySeconds: config.demoDaySeconds })
        : role === 'worker'
          ? await followDemoClock(handle.db)
          : systemClock);
  } catch (error) {
    if (!options.handle) await handle.close();
    throw error;
  }
  const demoSpeed = clock instanceof AcceleratedClock ? clock.speed : 1;
  const context: AppContext = {
    handle,
    clock,
    ...(demoSpeed > 1 ? { realClock: systemClock } : {}),
    adminToken,
    ready: false,
    demo: options.demo,
    accountHolderCheck: sandboxAccountHolderCheck(handle.db),
    metrics: createMetrics(),
    totpEnforced: config.totpEnforced ?? !options.demo,
  };
  registerStoreGauges(context);
  let app: App | undefined;
  try {
    await ensureBankDirectory(handle.db);
    await ensureFirstAdmin(handle.db, config, context.clock.now());
    app = await buildServer(context, routeModules, {
      logger: options.logRequests === false ? false : { level: config.logLevel },
    });
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    if (options.demo && runsApi) await loadDemoWorld(app, context);
    context.ready = true;
    // The bank side: the drop folder, and with --demo the in-process sandbox bank and its live scenario.
    const bank = runsWorkers
      ? startBankServices({
          app,
          context,
          dataDir: config.dataDir,
          logger,
          // The sandbox's delays are on the demo clock: scaled so transfers still arrive seconds apart in real time.
          ...(options.demo
            ? { sandbox: { executionDelayMs: 10_000 * demoSpeed, executionSpacingMs: 12_000 * demoSpeed } }
            : {}),
        })
      : undefined;
    const demoBank =
      options.demo && bank
        ? startDemoBankScenario(context, bank, (error) => logger.error({ err: error }, 'demo bank scenario failed'))
        : undefined;
    // Monitoring and messages: the monitor's sweeps and the outbox worker with the configured SMS transport.
    const notifications = runsWorkers
      ? await startNotificationServices({
          context,
          logger,
          // A demo day turning is noticed within a twelfth of it (every 25 s at the default five-minute day).
          ...(demoSpeed > 1 ? { sweepIntervalMs: Math.min(60_000, (config.demoDaySeconds * 1_000) / 12) } : {}),
        })
      : undefined;
    // The demo clock is saved every few seconds and at shutdown, so a restart continues where it stopped.
    const saveClock = () => saveDemoClock(handle.db, clock, config.demoDaySeconds);
    const clockTimer =
      clock instanceof AcceleratedClock && runsApi
        ? setInterval(
            () => void saveClock().catch((error) => logger.warn({ err: error }, 'demo clock not saved')),
            5_000,
          )
        : undefined;
    clockTimer?.unref();
    const shouldWriteServerFile = (options.writeServerFile ?? true) && runsApi;
    if (shouldWriteServerFile) writeServerFile(config.dataDir, { url, pid: process.pid, token: adminToken });
    const started = app;
    let closing: Promise<void> | undefined;
    return {
      url,
      app: started,
      context,
      close() {
        closing ??= (async () => {
          context.ready = false;
          if (shouldWriteServerFile) removeServerFile(config.dataDir);
          if (clockTimer) {
            clearInterval(clockTimer);
            await saveClock().catch((error) => logger.warn({ err: error }, 'demo clock not saved'));
          }
          demoBank?.stop();
          await notifications?.stop();
          await bank?.stop();
          await started.close();
          if (!options.handle) await handle.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await app?.close();
    if (!options.handle) await handle.close();
    throw error;
  }
}

/** Gauges read from the system of record at scrape time: outbox lag, open findings, booked movements. */
function registerStoreGauges(context: AppContext): void {
  const db = context.handle.db;
  const scalar = async (query: ReturnType<typeof sql<{ n: unknown }>>) =>
    Number((await query.execute(db)).rows[0]?.n ?? 0);
  context.metrics.gauge('hado_outbox_pending_messages', 'SMS waiting in the outbox', () =>
    scalar(sql<{ n: unknown }>`select count(*) as n from outbox_messages where state in ('pending', 'sending')`),
  );
  context.metrics.gauge('hado_outbox_lag_seconds', 'Age of the oldest message due but not yet sent', () =>
    scalar(sql<{ n: unknown }>`
      select coalesce(extract(epoch from now() - min(next_attempt_at)), 0) as n
      from outbox_messages where state = 'pending' and next_attempt_at <= now()`),
  );
  context.metrics.gauge('hado_findings_open', 'Findings open for someone to act on', () =>
    scalar(sql<{ n: unknown }>`select count(*) as n from findings where state = 'open'`),
  );
  context.metrics.gauge('hado_bank_movements', 'Bank movements ingested', () =>
    scalar(sql<{ n: unknown }>`select count(*) as n from bank_movements`),
  );
}
