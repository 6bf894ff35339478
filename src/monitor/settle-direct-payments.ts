import { sql } from 'kysely';
import type { Actor } from '../audit/audit-log.ts';
import { type FindingDraft, raiseFindings } from '../bank/reconcile/findings.ts';
import { refreshObligationPayments } from '../claims/index.ts';
import type { Tx } from '../db/database.ts';
import { assert } from '../kernel/assert.ts';
import { type CivilDate, civilDate } from '../kernel/civil-date.ts';
import { postEntries } from '../ledger/index.ts';
import { directPaymentSettledEntry } from './direct-payment.ts';

/** The end-to-end ids of direct payments, as SQL matches them. */
const directPaymentPattern = '^HADO-D([1-9][0-9]{0,17})$';

/**
 * Reconciliation's step for direct payments (called first by `reconcileMessage`, in its transaction): a booked
 * debit on a buyer's paying account under `HADO-D<id>`, for the direct payment's amount, to the payee's account
 * settles that direct payment. Such an account is no dedicated account, so ingestion queued the movement as
 * `unknown_account`; here it is tied to its contract and obligation, marked matched (the queue entry resolved as
 * matched), and booked: the obligation paid by the buyer, its paid amount derived again from the ledger. A transfer
 * beyond what the obligation still owed (the prime paid meanwhile) is booked whole with an overpayment and raises
 * an `overpaid` finding, as reconciliation does for any payment. Anything that does not fit exactly stays in the
 * queue for a person.
 */
export async function settleDirectPayments(
  tx: Tx,
  options: { readonly messageId: bigint; readonly now: Date; readonly actor: Actor },
): Promise<number> {
  const { rows } = await sql<{
    movement_id: bigint;
    booked_on: string;
    direct_payment_id: bigint;
    contract_id: bigint;
    claim_id: bigint;
    obligation_id: bigint;
    payee_account_id: bigint;
    amount_won: bigint;
    obligation_amount_won: bigint;
    obligation_paid_won: bigint;
  }>`
    select m.id as movement_id, m.booked_on::text as booked_on, d.id as direct_payment_id, d.contract_id, d.claim_id,
      d.obligation_id, d.payee_account_id, d.amount_won, o.amount_won as obligation_amount_won,
      o.paid_won as obligation_paid_won
    from bank_movements m
    join direct_payments d on d.id = (substring(m.end_to_end_id from ${directPaymentPattern}))::bigint
    join obligations o on o.id = d.obligation_id
    join payee_accounts pa on pa.id = d.payee_account_id
    where m.message_id = ${options.messageId} and m.state = 'exception' and m.contract_id is null
      and m.booked and not m.inexact and not m.reversal and not m.returned and m.direction = 'debit'
      and m.currency = 'KRW' and m.end_to_end_id ~ ${directPaymentPattern}
      and d.state = 'instructed' and m.amount_minor = d.amount_won
      and regexp_replace(m.account, '[^0-9]', '', 'g') = d.debtor_account_number
      and regexp_replace(coalesce(m.counterparty_account, ''), '[^0-9]', '', 'g') in ('', pa.account_number)
    order by m.id
    for update of d`.execute(tx);
  const settled = new Set<bigint>();
  const findings: FindingDraft[] = [];
  for (const row of rows) {
    if (settled.has(row.direct_payment_id)) continue; // A second report of the same transfer stays queued.
    settled.add(row.direct_payment_id);
    const paidOn: CivilDate = civilDate(row.booked_on);
    const entry = directPaymentSettledEntry({
      contractId: row.contract_id,
      claimId: row.claim_id,
      obligation: {
        id: row.obligation_id,
        payeeAccountId: row.payee_account_id,
        amountWon: row.obligation_amount_won,
        paidWon: row.obligation_paid_won,
      },
      amountWon: row.amount_won,
      paidOn,
    });
    const posted = await postEntries(tx, [entry], { actor: options.actor.label, at: options.now });
    // No dedicated account is touched and any excess is declared as an overpayment: nothing can refuse it.
    assert(posted.result === 'posted', `a direct payment settles: ${posted.result}`);
    const entryId = posted.entryIds[0]!;
    await tx
      .updateTable('bank_movements')
      .set({
        contract_id: row.contract_id,
        state: 'matched',
        obligation_id: row.obligation_id,
        journal_entry_id: entryId,
        reconciled_at: options.now,
      })
      .where('id', '=', row.movement_id)
      .execute();
    await tx
      .updateTable('bank_exceptions')
      .set({
        contract_id: row.contract_id,
        state: 'resolved',
        decision: 'matched',
        obligation_id: row.obligation_id,
        note: `direct payment ${row.direct_payment_id} by the buyer`,
        resolved_by: 'system',
        resolved_at: options.now,
      })
      .where('movement_id', '=', row.movement_id)
      .where('state', '=', 'open')
      .execute();
    await tx
      .updateTable('direct_payments')
      .set({ state: 'paid', settled_entry_id: entryId, movement_id: row.movement_id, paid_on: paidOn })
      .where('id', '=', row.direct_payment_id)
      .execute();
    const overpaidWon = (entry.overpayments ?? []).reduce((sum, overpayment) => sum + overpayment.amountWon, 0n);
    if (overpaidWon > 0n) {
      // The same finding, key and shape as reconciliation's for a payment beyond what was owed.
      findings.push({
        kind: 'overpaid',
        key: `overpaid:movement:${row.movement_id}`,
        contractId: row.contract_id,
        obligationId: row.obligation_id,
        movementId: row.movement_id,
        amountWon: overpaidWon,
        detail: { paidWon: row.amount_won, overpaidWon },
      });
    }
  }
  await refreshObligationPayments(tx, [...new Set(rows.map((row) => row.obligation_id))]);
  await raiseFindings(tx, findings, options.actor, options.now);
  return settled.size;
}
