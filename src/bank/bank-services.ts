import { join } from 'node:path';
import type { Logger } from 'pino';
import { auditedWrite } from '../audit/audited-write.ts';
import type { AppContext } from '../http/app-context.ts';
import type { App } from '../http/server.ts';
import { submitPendingDirectPayments } from '../monitor/index.ts';
import type { BankAdapter } from './adapters/bank-adapter.ts';
import { bankKeyMasterOf } from './inbound/bank.routes.ts';
import { type BankKey, createBankApiKey, findBankKey } from './inbound/bank-keys.ts';
import { watchDropFolder } from './inbound/drop-folder.ts';
import { deliverInProcess, inProcessSandboxAdapter, SandboxBank } from './sandbox/index.ts';

/** How often the drop folder is looked at, and how often the in-process sandbox bank takes a step. */
const dropFolderIntervalMs = 2_000;
const sandboxTickMs = 1_000;

export type BankServices = {
  /** The in-process sandbox bank and its adapter (with --demo), else undefined. */
  readonly sandbox: { readonly bank: SandboxBank; readonly adapter: BankAdapter } | undefined;
  stop(): Promise<void>;
};

/**
 * The bank side of `hado serve`: the watched drop folder (`$HADO_DATA_DIR/inbox/<bank code>/`) and, in demo
 * mode, the sandbox bank running in the same process, posting its camt/pain.002 messages to the signed inbound
 * channel with its own API key.
 */
export function startBankServices(input: {
  readonly app: App;
  readonly context: AppContext;
  readonly dataDir: string;
  readonly logger: Logger;
  readonly sandbox?: { readonly executionDelayMs: number; readonly executionSpacingMs: number };
}): BankServices {
  const { app, context, logger } = input;
  const drop = watchDropFolder({
    db: context.handle.db,
    inbox: join(input.dataDir, 'inbox'),
    clock: context.clock,
    intervalMs: dropFolderIntervalMs,
    log: (entry) => logger.info(entry, 'drop folder file ingested'),
    engine: context.handle.engine,
    onError: (error) => logger.error({ err: error }, 'drop folder pass failed'),
  });
  if (!input.sandbox) return { sandbox: undefined, stop: () => drop.stop() };

  const keyFor = sandboxKeys(context);
  const banks = ['004', '020', '088', '081', '011', '003'];
  const bank = new SandboxBank({
    db: context.handle.db,
    clock: context.clock,
    defaultBankCode: '004',
    executionDelayMs: input.sandbox.executionDelayMs,
    executionSpacingMs: input.sandbox.executionSpacingMs,
    deliver: deliverInProcess(app, keyFor),
  });
  let stopped = false;
  let ticking: Promise<void> | undefined;
  const adapter = inProcessSandboxAdapter(bank, context.handle.db, banks);
  const timer = setInterval(() => {
    if (stopped || !context.ready) return;
    // Direct payments an official took (Framework Act §35) go to the bank before its step.
    ticking ??= submitPendingDirectPayments(context.handle.db, adapter, { label: 'sandbox-bank' }, context.clock.now())
      .then(() => bank.tick())
      .catch((error) => logger.error({ err: error }, 'sandbox bank step failed'))
      .finally(() => {
        ticking = undefined;
      });
  }, sandboxTickMs);
  timer.unref();
  return {
    sandbox: { bank, adapter },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await ticking;
      await drop.stop();
    },
  };
}

/**
 * The sandbox bank's API keys, one per bank it reports for, issued on first use and remembered by key id in
 * `settings` (the secret is derived again from the key master, never stored).
 */
export function sandboxKeys(context: AppContext): (bankCode: string) => Promise<BankKey | undefined> {
  const cache = new Map<string, BankKey>();
  const master = () => bankKeyMasterOf(context);
  const db = context.handle.db;
  return async (bankCode) => {
    const cached = cache.get(bankCode);
    if (cached) return cached;
    const settingKey = `sandbox_bank_key:${bankCode}`;
    const stored = await db.selectFrom('settings').select('value').where('key', '=', settingKey).executeTakeFirst();
    const storedId = (stored?.value as { keyId?: string } | undefined)?.keyId;
    let key = storedId ? await findBankKey(db, master(), storedId) : undefined;
    if (!key) {
      const now = context.clock.now();
      const created = await auditedWrite(db, { label: 'sandbox-bank' }, now, async (tx) => {
        const outcome = await createBankApiKey(tx, {
          bankCode,
          master: master(),
          actor: { label: 'sandbox-bank' },
          now,
        });
        if (outcome.result === 'created') {
          await tx
            .insertInto('settings')
            .values({ key: settingKey, value: JSON.stringify({ keyId: outcome.keyId }) })
            .onConflict((conflict) =>
              conflict.column('key').doUpdateSet({ value: JSON.stringify({ keyId: outcome.keyId }) }),
            )
            .execute();
        }
        return { outcome, audit: outcome.result === 'created' ? outcome.audit : [] };
      });
      if (created.result !== 'created') return undefined;
      key = await findBankKey(db, master(), created.keyId);
    }
    if (key) cache.set(bankCode, key);
    return key;
  };
}
