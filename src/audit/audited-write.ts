import type { Db, Tx } from '../db/database.ts';
import { type Actor, type AuditEntry, appendAudit } from './audit-log.ts';

/**
 * The one write path: a change and its audit record commit in one transaction. `work` returns its outcome
 * and the audit entries it caused (none when nothing changed, e.g. a duplicate that returns `exists`).
 */
export async function auditedWrite<R>(
  db: Db,
  actor: Actor,
  now: Date,
  work: (tx: Tx) => Promise<{ outcome: R; audit: readonly AuditEntry[] }>,
): Promise<R> {
  return db.transaction().execute(async (tx) => {
    const { outcome, audit } = await work(tx);
    for (const entry of audit) await appendAudit(tx, actor, entry, now);
    return outcome;
  });
}
