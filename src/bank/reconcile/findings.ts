import { sql } from 'kysely';
import { type Actor, appendAudit } from '../../audit/audit-log.ts';
import type { Executor } from '../../db/database.ts';

/**
 * The kinds of finding reconciliation raises. The monitoring issue adds its own (late, short-paid, unpaid
 * wages) to the same table.
 */
export type BankFindingKind = 'diverted' | 'returned' | 'overpaid' | 'transfer_rejected';

export const findingSeverity = {
  diverted: 'critical',
  returned: 'warning',
  overpaid: 'warning',
  transfer_rejected: 'warning',
} as const satisfies Record<BankFindingKind, 'info' | 'warning' | 'critical'>;

export type FindingDraft = {
  readonly kind: BankFindingKind;
  /** Makes the finding raised once however often the facts behind it are seen (e.g. `diverted:movement:12`). */
  readonly key: string;
  readonly contractId: bigint | null;
  readonly obligationId: bigint | null;
  readonly movementId: bigint | null;
  readonly amountWon: bigint | null;
  readonly detail: Record<string, unknown>;
};

/**
 * Raises findings once each (their key is unique), in one statement, and records each new one in the audit
 * log. Returns how many were new.
 */
export async function raiseFindings(
  tx: Executor,
  drafts: readonly FindingDraft[],
  actor: Actor,
  now: Date,
): Promise<number> {
  if (drafts.length === 0) return 0;
  const { rows } = await sql<{ id: bigint; finding_key: string; kind: string; contract_id: bigint | null }>`
    insert into findings (finding_key, kind, severity, contract_id, obligation_id, movement_id, amount_won, detail,
      raised_at, updated_at)
    select u.finding_key, u.kind, u.severity, u.contract_id::bigint, u.obligation_id::bigint, u.movement_id::bigint,
      u.amount_won::bigint, u.detail::jsonb, ${now}, ${now}
    from unnest(${drafts.map((d) => d.key)}::text[], ${drafts.map((d) => d.kind)}::text[],
      ${drafts.map((d) => findingSeverity[d.kind])}::text[], ${drafts.map((d) => idText(d.contractId))}::text[],
      ${drafts.map((d) => idText(d.obligationId))}::text[], ${drafts.map((d) => idText(d.movementId))}::text[],
      ${drafts.map((d) => idText(d.amountWon))}::text[],
      ${drafts.map((d) => JSON.stringify(d.detail, (_key, value) => (typeof value === 'bigint' ? String(value) : value)))}::text[]
    ) as u(finding_key, kind, severity, contract_id, obligation_id, movement_id, amount_won, detail)
    on conflict (finding_key) do nothing
    returning id, finding_key, kind, contract_id`.execute(tx);
  for (const row of rows) {
    await appendAudit(
      tx,
      actor,
      {
        action: 'finding.raised',
        entity: 'finding',
        entityId: row.id,
        contractId: row.contract_id,
        after: { kind: row.kind, key: row.finding_key },
      },
      now,
    );
  }
  return rows.length;
}

const idText = (value: bigint | null) => (value === null ? null : value.toString());
