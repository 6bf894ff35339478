import { sql } from 'kysely';
import { auditedWrite } from '../audit/audited-write.ts';
import type { Caller } from '../auth/caller.ts';
import type { Db } from '../db/database.ts';
import { assert } from '../kernel/assert.ts';
import type { Clock } from '../kernel/clock.ts';

/**
 * A subcontractor or supplier confirms that a paid share arrived (DESIGN §1: "confirms receipt"). Only the payee
 * firm itself, only for its own obligation, only once it is paid in full; confirming again returns the existing
 * confirmation (DESIGN §8, duplicates). The confirmation is evidence for the payment verification: it is never
 * changed (migration 0011 refuses updates and deletes).
 */
export type ConfirmReceiptResult = 'confirmed' | 'exists' | 'not_found' | 'obligation_not_paid';

export const httpStatusByConfirmReceiptResult = {
  confirmed: 201,
  exists: 200,
  not_found: 404,
  obligation_not_paid: 409,
} satisfies Record<ConfirmReceiptResult, number>;

export type ReceiptConfirmation = {
  readonly id: bigint;
  readonly obligationId: bigint;
  readonly contractId: bigint;
  readonly firmId: bigint;
  readonly confirmedOn: string;
  readonly confirmedAt: Date;
};

type Row = {
  id: bigint;
  obligation_id: bigint;
  contract_id: bigint;
  firm_id: bigint;
  confirmed_on: string;
  confirmed_at: Date;
};

const confirmationOf = (row: Row): ReceiptConfirmation => ({
  id: row.id,
  obligationId: row.obligation_id,
  contractId: row.contract_id,
  firmId: row.firm_id,
  confirmedOn: row.confirmed_on,
  confirmedAt: row.confirmed_at,
});

export type ConfirmReceiptOutcome = { result: ConfirmReceiptResult; confirmation?: ReceiptConfirmation };

/** Whether an obligation may be confirmed: pure, so the rule reads in one place. */
export const receiptConfirmable = (obligation: { amountWon: bigint; paidWon: bigint }): boolean =>
  obligation.paidWon >= obligation.amountWon;

export async function confirmReceipt(
  db: Db,
  caller: Caller,
  clock: Clock,
  obligationId: bigint,
): Promise<ConfirmReceiptOutcome> {
  if (caller.role !== 'subcontractor' && caller.role !== 'supplier') return { result: 'not_found' };
  const now = clock.now();
  return auditedWrite<ConfirmReceiptOutcome>(db, caller, now, async (tx) => {
    // The obligation, locked: two confirmations of the same share are decided one at a time.
    const { rows: obligations } = await sql<{
      id: bigint;
      contract_id: bigint;
      amount_won: bigint;
      paid_won: bigint;
    }>`select id, contract_id, amount_won, paid_won from obligations
       where id = ${obligationId} and payee_kind = 'firm' and payee_id = ${caller.firmId}
       for update`.execute(tx);
    const obligation = obligations[0];
    // Someone else's obligation is answered as if it did not exist: no probing of other firms' shares.
    if (!obligation) return { outcome: { result: 'not_found' }, audit: [] };
    const { rows: existing } = await sql<Row>`
      select id, obligation_id, contract_id, firm_id, confirmed_on, confirmed_at
      from receipt_confirmations where obligation_id = ${obligationId}`.execute(tx);
    if (existing[0]) {
      return { outcome: { result: 'exists', confirmation: confirmationOf(existing[0]) }, audit: [] };
    }
    if (!receiptConfirmable({ amountWon: obligation.amount_won, paidWon: obligation.paid_won })) {
      return { outcome: { result: 'obligation_not_paid' }, audit: [] };
    }
    const today = clock.today();
    const { rows: inserted } = await sql<Row>`
      insert into receipt_confirmations (obligation_id, contract_id, firm_id, user_id, confirmed_on, confirmed_at)
      values (${obligationId}, ${obligation.contract_id}, ${caller.firmId}, ${caller.userId}, ${today}, ${now})
      returning id, obligation_id, contract_id, firm_id, confirmed_on, confirmed_at`.execute(tx);
    const row = inserted[0];
    assert(row !== undefined, 'an insert returns its row');
    const confirmation = confirmationOf(row);
    return {
      outcome: { result: 'confirmed', confirmation },
      audit: [
        {
          action: 'obligation.receipt_confirmed',
          entity: 'obligation',
          entityId: obligationId,
          contractId: obligation.contract_id,
          after: { confirmedOn: today, amountWon: obligation.amount_won, paidWon: obligation.paid_won },
        },
      ],
    };
  });
}

/** The confirmations and the bank's references of a payee firm's obligations, set-based, for its portal. */
export async function receiptDetails(
  db: Db,
  firmId: bigint,
  obligationIds: readonly bigint[],
): Promise<Map<bigint, { confirmedOn: string | null; bankReferences: string[] }>> {
  const details = new Map<bigint, { confirmedOn: string | null; bankReferences: string[] }>();
  for (const id of obligationIds) details.set(id, { confirmedOn: null, bankReferences: [] });
  if (obligationIds.length === 0) return details;
  const ids = [...obligationIds];
  const [confirmations, movements] = await Promise.all([
    sql<{ obligation_id: bigint; confirmed_on: string }>`
      select obligation_id, confirmed_on from receipt_confirmations
      where firm_id = ${firmId} and obligation_id = any(${ids}::bigint[])`.execute(db),
    // The bank's own reference for each transfer it reported; a returned or reversed one is not a payment.
    sql<{ obligation_id: bigint; reference: string }>`
      select obligation_id, coalesce(bank_reference, entry_reference, transaction_id, end_to_end_id) as reference
      from bank_movements
      where obligation_id = any(${ids}::bigint[]) and direction = 'debit' and booked and not reversal
        and not returned and coalesce(bank_reference, entry_reference, transaction_id, end_to_end_id) is not null
      order by obligation_id, id`.execute(db),
  ]);
  for (const row of confirmations.rows) details.get(row.obligation_id)!.confirmedOn = row.confirmed_on;
  for (const row of movements.rows) details.get(row.obligation_id)!.bankReferences.push(row.reference);
  return details;
}
