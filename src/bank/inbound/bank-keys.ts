import { createHash, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Actor, AuditEntry } from '../../audit/audit-log.ts';
import type { Executor, Tx } from '../../db/database.ts';
import { bankApiKeysPerBankMax } from '../../kernel/limits.ts';

/**
 * Bank API keys. A key's secret is derived, never stored: HMAC-SHA256 of the server's key master over the key
 * id and a random salt. The database keeps the salt and the secret's SHA-256 (to notice a changed master), so
 * a copy of the database does not let anyone sign as a bank. The key master comes from `HADO_BANK_KEY_SECRET`
 * (every process of a PostgreSQL deployment sets the same one) or, for the embedded database, from a file
 * created on first use in the data directory, readable only by its owner.
 */
export type BankKeyMaster = Buffer & { readonly __brand: 'BankKeyMaster' };

const masterFileName = 'bank-key-master';

export function loadBankKeyMaster(options: {
  readonly dataDir: string;
  readonly env?: NodeJS.ProcessEnv;
}): BankKeyMaster {
  const fromEnv = (options.env ?? process.env).HADO_BANK_KEY_SECRET;
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error('HADO_BANK_KEY_SECRET must be at least 32 characters');
    return Buffer.from(fromEnv, 'utf8') as BankKeyMaster;
  }
  const path = join(options.dataDir, masterFileName);
  try {
    return Buffer.from(readFileSync(path, 'utf8').trim(), 'utf8') as BankKeyMaster;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(options.dataDir, { recursive: true });
  const master = randomBytes(32).toString('base64url');
  try {
    writeFileSync(path, `${master}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
    return Buffer.from(master, 'utf8') as BankKeyMaster;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return Buffer.from(readFileSync(path, 'utf8').trim(), 'utf8') as BankKeyMaster;
  }
}

export function deriveBankKeySecret(master: BankKeyMaster, keyId: string, salt: string): string {
  return createHmac('sha256', master).update(`hado-bank-key|${keyId}|${salt}`).digest('base64url');
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export type CreateBankKeyResult =
  | { readonly result: 'created'; readonly keyId: string; readonly secret: string; readonly audit: AuditEntry[] }
  | { readonly result: 'unknown_bank' | 'too_many_keys' };

/** Issues a key for a bank; the secret is shown once, to be handed to the bank. */
export async function createBankApiKey(
  tx: Tx,
  input: { readonly bankCode: string; readonly master: BankKeyMaster; readonly actor: Actor; readonly now: Date },
): Promise<CreateBankKeyResult> {
  const bank = await tx.selectFrom('banks').select(['id']).where('code', '=', input.bankCode).executeTakeFirst();
  if (!bank) return { result: 'unknown_bank' };
  const active = await tx
    .selectFrom('bank_api_keys')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('bank_id', '=', bank.id)
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  if (Number(active.count) >= bankApiKeysPerBankMax) return { result: 'too_many_keys' };
  const keyId = `bk_${input.bankCode}_${randomBytes(9).toString('base64url')}`;
  const salt = randomBytes(16).toString('base64url');
  const secret = deriveBankKeySecret(input.master, keyId, salt);
  await tx
    .insertInto('bank_api_keys')
    .values({
      key_id: keyId,
      bank_id: bank.id,
      salt,
      secret_sha256: sha256(secret),
      created_by: input.actor.label,
      created_at: input.now,
    })
    .execute();
  return {
    result: 'created',
    keyId,
    secret,
    audit: [
      { action: 'bank_api_key.created', entity: 'bank_api_key', entityId: keyId, after: { bankCode: input.bankCode } },
    ],
  };
}

export type BankKey = {
  readonly keyId: string;
  readonly bankId: bigint;
  readonly bankCode: string;
  readonly secret: string;
};

/** The live key with this id and its secret, or undefined (unknown, revoked, or issued under another master). */
export async function findBankKey(db: Executor, master: BankKeyMaster, keyId: string): Promise<BankKey | undefined> {
  const row = await db
    .selectFrom('bank_api_keys')
    .innerJoin('banks', 'banks.id', 'bank_api_keys.bank_id')
    .select([
      'bank_api_keys.key_id',
      'bank_api_keys.bank_id',
      'bank_api_keys.salt',
      'bank_api_keys.secret_sha256',
      'banks.code',
    ])
    .where('bank_api_keys.key_id', '=', keyId)
    .where('bank_api_keys.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const secret = deriveBankKeySecret(master, row.key_id, row.salt);
  if (sha256(secret) !== row.secret_sha256) return undefined;
  return { keyId: row.key_id, bankId: row.bank_id, bankCode: row.code, secret };
}
