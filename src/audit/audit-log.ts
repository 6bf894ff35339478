import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { canonicalJson, normalise } from './canonical-json.ts';

/** Who did something: a signed-in user, a bank over its channel, or Hado itself (workers, the demo). */
export type Actor = { readonly label: string };
export const systemActor: Actor = { label: 'system' };

export type AuditEntry = {
  readonly action: string;
  readonly entity: string;
  readonly entityId?: string | bigint | null;
  readonly contractId?: bigint | null;
  readonly before?: unknown;
  readonly after?: unknown;
};

export const genesisHash = '0'.repeat(64);

/** The hash of one audit row: it covers every field and the previous row's hash. */
export function auditHash(row: {
  at: Date;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  contract_id: bigint | null;
  before: unknown;
  after: unknown;
  previous_hash: string;
}): string {
  const text = canonicalJson({
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    contractId: row.contract_id,
    before: row.before ?? null,
    after: row.after ?? null,
    previousHash: row.previous_hash,
  });
  return createHash('sha256').update(text).digest('hex');
}

const auditChainLock = 7243002;

/**
 * Appends one change to the audit log inside the caller's transaction: the change and its record commit
 * together or not at all. A transaction-scoped advisory lock keeps the chain a single line when several
 * processes write at once.
 */
export async function appendAudit(tx: Executor, actor: Actor, entry: AuditEntry, at: Date): Promise<void> {
  await sql`select pg_advisory_xact_lock(${auditChainLock})`.execute(tx);
  const last = await tx.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const row = {
    at,
    actor: actor.label,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
    contract_id: entry.contractId ?? null,
    before: entry.before === undefined ? null : normalise(entry.before),
    after: entry.after === undefined ? null : normalise(entry.after),
    previous_hash: last?.hash ?? genesisHash,
  };
  await tx
    .insertInto('audit_log')
    .values({
      ...row,
      before: row.before === null ? null : JSON.stringify(row.before),
      after: row.after === null ? null : JSON.stringify(row.after),
      hash: auditHash(row),
    })
    .execute();
}

export type AuditVerification =
  | { readonly kind: 'intact'; readonly rows: number }
  | { readonly kind: 'broken'; readonly rows: number; readonly firstBrokenId: bigint; readonly reason: string };

const verifyPageSize = 5_000;

/** Recomputes the whole chain in order and reports the first row whose hash or link does not hold. */
export async function verifyAuditChain(db: Executor): Promise<AuditVerification> {
  let previous = genesisHash;
  let afterId = 0n;
  let rows = 0;
  for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(verifyPageSize)
      .execute();
    if (page.length === 0) return { kind: 'intact', rows };
    for (const row of page) {
      rows += 1;
      if (row.previous_hash !== previous) {
        return { kind: 'broken', rows, firstBrokenId: row.id, reason: 'the link to the previous row does not match' };
      }
      if (auditHash(row) !== row.hash) {
        return { kind: 'broken', rows, firstBrokenId: row.id, reason: 'the row was changed after it was written' };
      }
      previous = row.hash;
      afterId = row.id;
    }
  }
}
