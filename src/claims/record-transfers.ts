import { sql } from 'kysely';
import { auditedWrite } from '../audit/audited-write.ts';
import type { Caller } from '../auth/caller.ts';
import type { Db, Tx } from '../db/database.ts';
import { divideAssignedTransfers, settleLoans } from '../finance/index.ts';
import { refuse } from '../http/refusals.ts';
import { type CivilDate, civilDate } from '../kernel/civil-date.ts';
import type { Clock } from '../kernel/clock.ts';
import { type Posting, postEntries, reverseEntries } from '../ledger/index.ts';
import { lockClaim } from './claim.store.ts';
import { type ObligationPayment, transferEntry } from './obligations.ts';

export type PaymentRequest = {
  readonly obligationId: bigint;
  readonly amountWon: bigint;
  readonly paidOn: CivilDate;
  /** The account the money reached, when not the obligation's payee's: a lender's (financing, issue 6). */
  readonly toPayeeAccountId?: bigint;
};

export type RecordPaymentsResult =
  | {
      readonly result: 'recorded';
      readonly entries: readonly {
        readonly obligationId: bigint;
        readonly entryId: bigint;
        readonly amountWon: bigint;
        readonly overpaidWon: bigint;
      }[];
    }
  | { readonly result: 'unknown_obligation'; readonly obligationId: bigint }
  | { readonly result: 'obligation_held'; readonly obligationId: bigint }
  | { readonly result: 'dedicated_account_insufficient'; readonly accountId: bigint }
  | { readonly result: 'payable_exceeded'; readonly accountId: bigint };

/**
 * Books transfers that paid obligations, in the caller's transaction: one balanced entry per payment (money out
 * of the dedicated account to the payee; the obligation settled), set-based. A payment beyond what an
 * obligation still owes is booked with an overpayment finding, because the money did move. The obligations'
 * paid amounts are then derived again from the ledger. Reconciliation calls this for matched bank movements.
 */
export async function recordObligationPayments(
  tx: Tx,
  payments: readonly PaymentRequest[],
  posting: Posting,
): Promise<RecordPaymentsResult> {
  if (payments.length === 0) return { result: 'recorded', entries: [] };
  const ids = [...new Set(payments.map((payment) => payment.obligationId))];
  const rows = await tx
    .selectFrom('obligations')
    .select(['id', 'contract_id', 'claim_id', 'payee_account_id', 'source_purpose', 'amount_won', 'paid_won', 'status'])
    .where('id', '=', sql<bigint>`any(${ids}::bigint[])`)
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  const paidInBatch = new Map<bigint, bigint>();
  const drafts = [];
  const overpaid: bigint[] = [];
  for (const payment of payments) {
    const row = byId.get(payment.obligationId);
    if (!row) return { result: 'unknown_obligation', obligationId: payment.obligationId };
    if (row.status !== 'open') return { result: 'obligation_held', obligationId: payment.obligationId };
    const obligationPayment: ObligationPayment = {
      obligation: {
        id: row.id,
        contractId: row.contract_id,
        claimId: row.claim_id,
        payeeAccountId: row.payee_account_id,
        sourcePurpose: row.source_purpose,
        amountWon: row.amount_won,
        paidWon: row.paid_won,
      },
      amountWon: payment.amountWon,
      paidOn: payment.paidOn,
      ...(payment.toPayeeAccountId === undefined ? {} : { toPayeeAccountId: payment.toPayeeAccountId }),
    };
    const already = paidInBatch.get(row.id) ?? 0n;
    const draft = transferEntry(obligationPayment, already);
    paidInBatch.set(row.id, already + payment.amountWon);
    overpaid.push(draft.overpayments?.reduce((sum, o) => sum + o.amountWon, 0n) ?? 0n);
    drafts.push(draft);
  }
  const posted = await postEntries(tx, drafts, posting);
  if (posted.result !== 'posted') return posted;
  await refreshObligationPayments(tx, ids);
  return {
    result: 'recorded',
    entries: payments.map((payment, index) => ({
      obligationId: payment.obligationId,
      entryId: posted.entryIds[index]!,
      amountWon: payment.amountWon,
      overpaidWon: overpaid[index]!,
    })),
  };
}

/**
 * Derives each obligation's paid amount from the ledger (what its payee received for it, less returns) and the
 * day it became fully paid; one statement for any number of obligations. Each obligation's lines are read
 * through their obligation index, so the cost follows the obligations given, not the payees' histories.
 */
export async function refreshObligationPayments(tx: Tx, obligationIds: readonly bigint[]): Promise<void> {
  if (obligationIds.length === 0) return;
  await sql`
    update obligations set
      paid_won = received.paid,
      paid_on = case when received.paid >= obligations.amount_won then received.last_paid_on end
    from unnest(${obligationIds}::bigint[]) as wanted(id)
    cross join lateral (
      select coalesce(sum(case when l.side = 'debit' then l.amount_won else -l.amount_won end), 0)::bigint as paid,
        max(e.effective_on) filter (where l.side = 'debit') as last_paid_on
      from journal_lines l
      join ledger_accounts a on a.id = l.account_id and a.kind = 'payee_received'
      join journal_entries e on e.id = l.entry_id
      where l.obligation_id = wanted.id) received
    where obligations.id = wanted.id`.execute(tx);
  // Loans on these obligations follow their lenders' repayments (financing, issue 6), in the same transaction.
  await settleLoans(tx, obligationIds);
}

/**
 * The bank executed a paid claim's division (or some transfers of it) on `executedOn`: each obligation paid in
 * full by default, or the amounts given. Bank callers act only for contracts whose dedicated accounts they hold.
 */
export async function executeClaimTransfers(
  db: Db,
  caller: Caller,
  clock: Clock,
  claimId: bigint,
  request: {
    readonly executedOn: CivilDate;
    readonly transfers?: readonly { obligationId: bigint; amountWon: bigint }[];
  },
) {
  const now = clock.now();
  return auditedWrite(db, caller, now, async (tx) => {
    const locked = await lockClaim(tx, claimId);
    if (!locked) return refuse('not_found');
    const { claim, contract } = locked;
    if (caller.role === 'bank') {
      const holds = await tx
        .selectFrom('dedicated_accounts')
        .innerJoin('banks', 'banks.code', 'dedicated_accounts.bank_code')
        .select('dedicated_accounts.id')
        .where('dedicated_accounts.contract_id', '=', contract.id)
        .where('banks.id', '=', caller.bankId)
        .executeTakeFirst();
      if (!holds) return refuse('not_found');
    } else if (caller.role !== 'admin') {
      return refuse('forbidden');
    }
    if (claim.status !== 'paid') return refuse('claim_not_paid');
    if (request.executedOn > clock.today()) return refuse('invalid_date', 'executedOn', 'not executed yet');
    if (claim.released_on !== null && request.executedOn < civilDate(claim.released_on)) {
      return refuse('invalid_date', 'executedOn', 'before the division was released');
    }
    const obligations = await tx
      .selectFrom('obligations')
      .select(['id', 'amount_won', 'paid_won'])
      .where('claim_id', '=', claimId)
      .orderBy('id')
      .execute();
    const ofClaim = new Set(obligations.map((row) => row.id));
    const transfers =
      request.transfers ??
      obligations
        .filter((row) => row.paid_won < row.amount_won)
        .map((row) => ({ obligationId: row.id, amountWon: row.amount_won - row.paid_won }));
    for (const [index, transfer] of transfers.entries()) {
      if (!ofClaim.has(transfer.obligationId)) {
        return refuse('unknown_obligation', `transfers[${index}].obligationId`, 'not an obligation of this claim');
      }
    }
    if (transfers.length === 0) return refuse('nothing_to_transfer');
    // An assigned obligation's transfer pays its lender first, the rest its payee (financing, issue 6).
    const divided = await divideAssignedTransfers(
      tx,
      transfers.map((transfer) => ({ ...transfer, paidOn: request.executedOn })),
    );
    const recorded = await recordObligationPayments(tx, divided, { actor: caller.label, at: now });
    if (recorded.result !== 'recorded') {
      if (recorded.result === 'unknown_obligation' || recorded.result === 'obligation_held')
        return refuse(recorded.result);
      return refuse(recorded.result, undefined, `ledger account ${recorded.accountId}`);
    }
    return {
      outcome: recorded,
      audit: [
        {
          action: 'claim.transfers_recorded',
          entity: 'claim',
          entityId: claimId,
          contractId: contract.id,
          after: {
            executedOn: request.executedOn,
            transfers: recorded.entries.map((entry) => [
              String(entry.obligationId),
              String(entry.amountWon),
              String(entry.entryId),
              String(entry.overpaidWon),
            ]),
          },
        },
      ],
    };
  });
}

/**
 * Undoes a booked transfer (the bank returned it, or it was booked in error) with a reversing entry dated
 * `effectiveOn`; the obligation is owed again. Only transfers out are corrected this way.
 */
export async function reverseTransfer(
  db: Db,
  caller: Caller,
  clock: Clock,
  entryId: bigint,
  correction: { readonly effectiveOn: CivilDate; readonly reason: string },
) {
  const now = clock.now();
  return auditedWrite(db, caller, now, async (tx) => {
    const entry = await tx.selectFrom('journal_entries').selectAll().where('id', '=', entryId).executeTakeFirst();
    if (!entry) return refuse('not_found');
    if (caller.role === 'bank') {
      const holds = await tx
        .selectFrom('dedicated_accounts')
        .innerJoin('banks', 'banks.code', 'dedicated_accounts.bank_code')
        .select('dedicated_accounts.id')
        .where('dedicated_accounts.contract_id', '=', entry.contract_id)
        .where('banks.id', '=', caller.bankId)
        .executeTakeFirst();
      if (!holds) return refuse('not_found');
    } else if (caller.role !== 'admin') {
      return refuse('forbidden');
    }
    if (entry.kind !== 'transfer_out') return refuse('entry_not_reversible', 'id', `a ${entry.kind} entry`);
    if (correction.effectiveOn > clock.today() || correction.effectiveOn < civilDate(entry.effective_on)) {
      return refuse('invalid_date', 'effectiveOn', 'between the transfer and today');
    }
    await sql`select id from contracts where id = ${entry.contract_id} for update`.execute(tx);
    const reversed = await reverseEntries(tx, [entryId], {
      actor: caller.label,
      at: now,
      effectiveOn: correction.effectiveOn,
      memo: correction.reason,
    });
    if (reversed.result !== 'reversed') {
      if (reversed.result === 'already_reversed') return refuse('already_reversed');
      return refuse('entry_not_reversible', 'id', reversed.result);
    }
    const obligations = await tx
      .selectFrom('journal_lines')
      .select('obligation_id')
      .distinct()
      .where('entry_id', '=', entryId)
      .where('obligation_id', 'is not', null)
      .execute();
    await refreshObligationPayments(
      tx,
      obligations.map((row) => row.obligation_id!),
    );
    return {
      outcome: { result: 'reversed' as const, entryId: reversed.entryIds[0]! },
      audit: [
        {
          action: 'ledger.entry_reversed',
          entity: 'journal_entry',
          entityId: entryId,
          contractId: entry.contract_id,
          after: {
            reversalEntryId: reversed.entryIds[0],
            effectiveOn: correction.effectiveOn,
            reason: correction.reason,
          },
        },
      ],
    };
  });
}
