import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import Fastify from 'fastify';
import { auditedWrite } from '../../audit/audited-write.ts';
import { withDatabase } from '../../cli/database-access.ts';
import { type Handle, openDatabase } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { BadInputError } from '../../kernel/bad-input.ts';
import { systemClock } from '../../kernel/clock.ts';
import { bankMessageBytesMax } from '../../kernel/limits.ts';
import { ensureBankDirectory } from '../../runtime/bootstrap.ts';
import { configFromEnv } from '../../runtime/config.ts';
import { createBankApiKey, loadBankKeyMaster } from '../inbound/bank-keys.ts';
import { readSignatureHeaders, signaturePrefix, signaturesEqual } from '../inbound/signature.ts';
import { deliverOverHttp } from './sandbox-adapter.ts';
import { SandboxBank } from './sandbox-bank.ts';

type BankSimOptions = {
  host: string;
  port: number;
  hadoUrl?: string;
  keyId?: string;
  secret?: string;
  bank: string;
  delayMs: number;
  spacingMs: number;
};

/**
 * `hado bank-sim`: the sandbox bank as its own process, for trying a real adapter set-up or a second machine.
 * It keeps its books in its own database (DATABASE_URL's `sandbox_bank` schema, or an embedded database in
 * `$HADO_DATA_DIR/bank-sim`), accepts pain.001 at `POST /sandbox/v1/instructions` signed with the bank's API key
 * (the same scheme as Hado's inbound channel), answers account-holder checks at
 * `GET /sandbox/v1/accounts/:bank/:number`, and posts camt.054/camt.053/pain.002 to `--hado-url`, signed.
 */
export function bankSimCommand(): Command {
  return new Command('bank-sim')
    .description('run the sandbox bank as a standalone process (signed pain.001 in; camt.054/053 and pain.002 out)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on', parseInteger, 3100)
    .option('--hado-url <url>', "Hado's base URL to post statements to (e.g. http://127.0.0.1:3000)")
    .option('--key-id <id>', 'the API key id Hado issued (hado bank-key create); env HADO_BANK_KEY_ID')
    .option('--secret <secret>', 'the API key secret; env HADO_BANK_KEY_SECRET_VALUE')
    .option('--bank <code>', 'the bank this sandbox plays', '004')
    .option('--delay-ms <ms>', 'delay before a transfer executes', parseInteger, 5_000)
    .option('--spacing-ms <ms>', 'delay between the transfers of one instruction', parseInteger, 2_000)
    .action(async (options: BankSimOptions) => {
      const keyId = options.keyId ?? process.env.HADO_BANK_KEY_ID;
      const secret = options.secret ?? process.env.HADO_BANK_KEY_SECRET_VALUE;
      if (!keyId || !secret)
        throw new BadInputError('bank-sim needs --key-id and --secret (from hado bank-key create)');
      if (!/^\d{3}$/.test(options.bank)) throw new BadInputError(`--bank takes a 3-digit bank code`);
      const config = configFromEnv();
      const handle: Handle = config.databaseUrl
        ? await openDatabase({ engine: 'postgres', url: config.databaseUrl })
        : await openDatabase({ engine: 'pglite', dataDir: join(config.dataDir, 'bank-sim') });
      await migrate(handle);
      const key = { keyId, secret };
      const bank = new SandboxBank({
        db: handle.db,
        clock: systemClock,
        defaultBankCode: options.bank,
        executionDelayMs: options.delayMs,
        executionSpacingMs: options.spacingMs,
        deliver: options.hadoUrl ? deliverOverHttp(options.hadoUrl, key) : async () => 'retry',
      });
      const app = sandboxHttp(bank, handle, key);
      await app.listen({ host: options.host, port: options.port });
      process.stdout.write(`sandbox bank ${options.bank} listening on http://${options.host}:${options.port}\n`);
      const timer = setInterval(() => {
        bank.tick().catch((error) => process.stderr.write(`bank-sim: ${(error as Error).message}\n`));
      }, 1_000);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      clearInterval(timer);
      await app.close();
      await handle.close();
    });
}

/** The sandbox bank's own HTTP front: signed POSTs, open reads of account holders. */
export function sandboxHttp(bank: SandboxBank, handle: Handle, key: { keyId: string; secret: string }) {
  const app = Fastify({ bodyLimit: bankMessageBytesMax });
  const seen = new Set<string>();
  app.addContentTypeParser(
    ['application/xml', 'text/xml', 'application/json'],
    { parseAs: 'buffer' },
    (_r, body, done) => done(null, body),
  );
  const verified = (headers: Record<string, string | string[] | undefined>, body: Buffer): string | null => {
    const read = readSignatureHeaders(headers, new Date());
    if (read.kind !== 'ok') return read.kind;
    if (read.headers.keyId !== key.keyId) return 'unknown_key';
    const expected = createHmac('sha256', key.secret).update(signaturePrefix(read.headers.timestamp)).update(body);
    if (!signaturesEqual(expected.digest('hex'), read.headers.signature)) return 'signature_invalid';
    if (seen.has(read.headers.signature)) return 'signature_replayed';
    seen.add(read.headers.signature);
    if (seen.size > 100_000) seen.clear();
    return null;
  };
  app.post('/sandbox/v1/instructions', async (request, reply) => {
    const body = request.body as Buffer;
    const refusal = verified(request.headers, body);
    if (refusal) return reply.status(401).send({ error: { code: refusal, message: refusal } });
    const outcome = await bank.submitPain001(body.toString('utf8'));
    return reply.status(outcome.kind === 'refused' ? 422 : 200).send(outcome);
  });
  app.post('/sandbox/v1/accounts', async (request, reply) => {
    const body = request.body as Buffer;
    const refusal = verified(request.headers, body);
    if (refusal) return reply.status(401).send({ error: { code: refusal, message: refusal } });
    const account = JSON.parse(body.toString('utf8')) as {
      bankCode: string;
      accountNumber: string;
      holderName: string;
      balanceWon?: string;
      reports?: boolean;
      closed?: boolean;
    };
    await bank.openAccount({
      bankCode: account.bankCode,
      accountNumber: account.accountNumber,
      holderName: account.holderName,
      ...(account.balanceWon === undefined ? {} : { balanceWon: BigInt(account.balanceWon) }),
      ...(account.reports === undefined ? {} : { reports: account.reports }),
      ...(account.closed === undefined ? {} : { closed: account.closed }),
    });
    return reply.status(200).send({ result: 'opened' });
  });
  app.get('/sandbox/v1/accounts/:bank/:number', async (request, reply) => {
    const params = request.params as { bank: string; number: string };
    const account = await handle.db
      .selectFrom('sandbox_bank.accounts')
      .select(['holder_name', 'closed'])
      .where('bank_code', '=', params.bank)
      .where('account_number', '=', params.number)
      .executeTakeFirst();
    if (!account || account.closed)
      return reply.status(404).send({ error: { code: 'not_found', message: 'no account' } });
    return { holderName: account.holder_name };
  });
  return app;
}

/** `hado bank-key create --bank CODE`: issues a bank's API key (through the running server when there is one). */
export function bankKeyCommand(): Command {
  const command = new Command('bank-key').description('API keys banks sign their messages with');
  command
    .command('create')
    .description('issue a key for a bank; prints the key id and the secret (shown once)')
    .requiredOption('--bank <code>', 'the bank (3-digit code)')
    .action(async (options: { bank: string }) => {
      if (!/^\d{3}$/.test(options.bank)) throw new BadInputError('--bank takes a 3-digit bank code');
      const config = configFromEnv();
      const key = await withDatabase(config, async (access) => {
        if (access.kind === 'server') {
          return access.call<{ keyId: string; secret: string }>('POST', '/api/v1/admin/bank-keys', {
            bankCode: options.bank,
          });
        }
        await ensureBankDirectory(access.handle.db);
        const master = loadBankKeyMaster({ dataDir: config.dataDir });
        const now = systemClock.now();
        const created = await auditedWrite(access.handle.db, { label: 'cli' }, now, async (tx) => {
          const outcome = await createBankApiKey(tx, { bankCode: options.bank, master, actor: { label: 'cli' }, now });
          return { outcome, audit: outcome.result === 'created' ? outcome.audit : [] };
        });
        if (created.result === 'unknown_bank') throw new BadInputError(`unknown bank code ${options.bank}`);
        if (created.result !== 'created') throw new BadInputError(`bank ${options.bank} has too many active keys`);
        return { keyId: created.keyId, secret: created.secret };
      });
      process.stdout.write(`key id: ${key.keyId}\nsecret: ${key.secret}\n`);
    });
  return command;
}

function parseInteger(text: string): number {
  if (!/^\d{1,9}$/.test(text)) throw new InvalidArgumentError('a whole number');
  return Number(text);
}
