import { randomBytes } from 'node:crypto';
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
import { type Clock, systemClock } from '../kernel/clock.ts';
import { setUncoveredHolidayYearHandler } from '../kernel/holidays.ts';
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

export type StartOptions = {
  readonly config: Config;
  readonly demo: boolean;
  readonly clock?: Clock;
  /** Structured request logs (pino); off in tests. */
  readonly logRequests?: boolean;
  /** An already open database (tests); otherwise the configuration's. */
  readonly handle?: Handle;
  /** Write server.json for CLI commands (off for tests that run several servers). */
  readonly writeServerFile?: boolean;
};

/**
 * `hado serve`: opens the database, migrates, listens, loads the demo world when asked, and only then
 * reports ready on /health. Writes server.json so CLI commands can go through this process.
 */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config } = options;
  const logger = pino({ level: options.logRequests === false ? 'silent' : config.logLevel });
  setUncoveredHolidayYearHandler((year) =>
    logger.warn({ year }, 'Korean public holidays unknown for this year: weekends only'),
  );
  const handle = options.handle ?? (await openStore(config));
  const adminToken = randomBytes(32).toString('base64url');
  const context: AppContext = {
    handle,
    clock: options.clock ?? systemClock,
    adminToken,
    ready: false,
    demo: options.demo,
    accountHolderCheck: sandboxAccountHolderCheck(handle.db),
    metrics: createMetrics(),
    totpEnforced: config.totpEnforced ?? !options.demo,
  };
  let app: App | undefined;
  try {
    const migrated = await migrate(handle);
    if (migrated.applied.length > 0) logger.info({ applied: migrated.applied }, 'migrations applied');
    await ensureBankDirectory(handle.db);
    await ensureFirstAdmin(handle.db, config, context.clock.now());
    app = await buildServer(context, routeModules, {
      logger: options.logRequests === false ? false : { level: config.logLevel },
    });
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    if (options.demo) await loadDemoWorld(app, context);
    context.ready = true;
    // The bank side: the drop folder, and with --demo the in-process sandbox bank and its live scenario.
    const bank = startBankServices({
      app,
      context,
      dataDir: config.dataDir,
      logger,
      ...(options.demo ? { sandbox: { executionDelayMs: 10_000, executionSpacingMs: 12_000 } } : {}),
    });
    const demoBank = options.demo
      ? startDemoBankScenario(context, bank, (error) => logger.error({ err: error }, 'demo bank scenario failed'))
      : undefined;
    // Monitoring and messages: the monitor's sweeps and the outbox worker with the configured SMS transport.
    const notifications = await startNotificationServices({ context, logger });
    const shouldWriteServerFile = options.writeServerFile ?? true;
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
          demoBank?.stop();
          await notifications.stop();
          await bank.stop();
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
