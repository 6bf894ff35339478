import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { auditedWrite } from '../audit/audited-write.ts';
import { type Caller, isFirmCaller } from '../auth/caller.ts';
import type { Db, Executor, Tx } from '../db/database.ts';
import { refuse } from '../http/refusals.ts';
import { assert } from '../kernel/assert.ts';
import { type CivilDate, civilDate, maxDate } from '../kernel/civil-date.ts';
import type { Clock } from '../kernel/clock.ts';
import { postEntries } from '../ledger/index.ts';
import { loadRuleTable, ruleInForce } from '../rules/index.ts';
import { judgeApplication, type ReceivableFacts } from './loan-eligibility.ts';
import { type LoanRepayment, type LoanTerms, loanPosition } from './loan-interest.ts';
import { divideAssignedPayments } from './loan-waterfall.ts';

/**
 * The financing store (issue 6): applications, the bank's decision, the advance in the ledger, and the loans'
 * state derived again from the ledger whenever money for an assigned obligation moves. Every change goes through
 * `auditedWrite`; refusals are named and write nothing.
 */

/** Loans whose receivable is assigned to the lender: the division pays these lenders first. */
export const assignedStatuses = ['advanced', 'at_risk'] as const;

export type ReceivableRow = ReceivableFacts & {
  readonly claimLineId: bigint;
  readonly claimId: bigint;
  readonly contractId: bigint;
  readonly contractNumber: string;
  readonly claimSequence: number;
  readonly payeeAccountId: bigint;
  readonly obligationId: bigint | null;
};

/** The facts of receivables (division lines) that judge them, in one statement. */
export async function receivableFacts(
  db: Executor,
  where: { readonly claimLineIds: readonly bigint[] } | { readonly payeeFirmId: bigint; readonly limit: number },
): Promise<ReceivableRow[]> {
  const filter =
    'claimLineIds' in where
      ? sql`cl.id = any(${where.claimLineIds.map(String)}::text[]::bigint[])`
      : sql`cl.payee_kind = 'firm' and cl.payee_id = ${where.payeeFirmId} and cl.claim_version = c.version
          and cl.kind in ('subcontract', 'supply') and c.status in ('approved', 'awaiting_release', 'paid')
          and coalesce(o.paid_won, 0) < cl.amount_won`;
  const limit = 'limit' in where ? sql`limit ${where.limit}` : sql``;
  const { rows } = await sql<{
    claim_line_id: bigint;
    claim_id: bigint;
    contract_id: bigint;
    contract_number: string;
    claim_sequence: number;
    claim_status: ReceivableFacts['claimStatus'];
    current_version: boolean;
    line_status: ReceivableFacts['lineStatus'];
    kind: ReceivableFacts['lineKind'];
    payee_kind: ReceivableFacts['payeeKind'];
    payee_id: bigint;
    payee_account_id: bigint;
    amount_won: bigint;
    obligation_id: bigint | null;
    paid_won: bigint;
    due_on: string | null;
    disputed: boolean;
  }>`
    select cl.id as claim_line_id, cl.claim_id, cl.contract_id, ct.contract_number, c.sequence as claim_sequence,
      c.status as claim_status, (cl.claim_version = c.version) as current_version, cl.status as line_status,
      cl.kind, cl.payee_kind, cl.payee_id, cl.payee_account_id, cl.amount_won, o.id as obligation_id,
      coalesce(o.paid_won, 0)::bigint as paid_won, o.due_on::text as due_on,
      exists (select 1 from findings f where f.obligation_id = o.id and f.kind in ('returned', 'diverted')
        and f.state <> 'resolved') as disputed
    from claim_lines cl
    join claims c on c.id = cl.claim_id
    join contracts ct on ct.id = cl.contract_id
    left join obligations o on o.claim_line_id = cl.id
    where ${filter}
    order by cl.id
    ${limit}`.execute(db);
  return rows.map((row) => ({
    claimLineId: row.claim_line_id,
    claimId: row.claim_id,
    contractId: row.contract_id,
    contractNumber: row.contract_number,
    claimSequence: row.claim_sequence,
    payeeAccountId: row.payee_account_id,
    obligationId: row.obligation_id,
    claimStatus: row.claim_status,
    currentVersion: row.current_version,
    lineStatus: row.line_status,
    lineKind: row.kind,
    payeeKind: row.payee_kind,
    payeeId: row.payee_id,
    amountWon: row.amount_won,
    paidWon: row.paid_won,
    dueOn: row.due_on === null ? null : civilDate(row.due_on),
    disputed: row.disputed,
  }));
}

/** The advance rate and the loan rate in force on a day (dated rules, migration 0009). */
export async function loanRatesOn(db: Executor, on: CivilDate) {
  const table = await loadRuleTable(db);
  const advance = ruleInForce(table, 'loan_advance_rate_ppm', on);
  const interest = ruleInForce(table, 'loan_interest_rate_ppm', on);
  if (!advance || !interest) return refuse('no_rule_in_force', undefined, `financing rules on ${on}`);
  return { advanceRatePpm: advance.value, annualRatePpm: interest.value };
}

const fieldOf: Record<string, string | undefined> = {
  amount_exceeds_advance_limit: 'amountWon',
  not_receivable_payee: 'claimLineId',
  receivable_not_approved: 'claimLineId',
  receivable_paid: 'claimLineId',
  receivable_disputed: 'claimLineId',
  receivable_already_assigned: 'claimLineId',
};

export type ApplyInput = { readonly claimLineId: bigint; readonly bankCode: string; readonly amountWon: bigint };

/**
 * A payee applies for a loan against one of its receivables, addressed to a participating bank. The same
 * application again is `exists`; any other application while a loan holds the receivable is refused.
 */
export async function applyForLoan(db: Db, caller: Caller, clock: Clock, input: ApplyInput) {
  if (!isFirmCaller(caller) || caller.role === 'prime') return refuse('forbidden');
  if (input.amountWon <= 0n) return refuse('invalid_amount', 'amountWon');
  const now = clock.now();
  const today = clock.today();
  return auditedWrite<{ result: 'applied' | 'exists'; loanId: bigint }>(db, caller, now, async (tx) => {
    const bank = await tx
      .selectFrom('banks')
      .select(['id', 'code'])
      .where('code', '=', input.bankCode)
      .where('participating', '=', true)
      .executeTakeFirst();
    if (!bank) return refuse('unknown_bank', 'bankCode');
    // Applications for one line queue behind each other: the check and the insert see the same loans.
    const line = await tx
      .selectFrom('claim_lines')
      .select('id')
      .where('id', '=', input.claimLineId)
      .forUpdate()
      .executeTakeFirst();
    if (!line) return refuse('not_found', 'claimLineId');
    const [facts] = await receivableFacts(tx, { claimLineIds: [input.claimLineId] });
    assert(facts, 'a line that exists has facts');
    if (facts.payeeKind !== 'firm' || facts.payeeId !== caller.firmId)
      return refuse('not_receivable_payee', 'claimLineId');
    const contentHash = createHash('sha256')
      .update(
        JSON.stringify([String(input.claimLineId), String(bank.id), String(caller.firmId), String(input.amountWon)]),
      )
      .digest('hex');
    const live = await tx
      .selectFrom('loans')
      .select(['id', 'content_hash', 'status'])
      .where('claim_line_id', '=', input.claimLineId)
      .where('status', '<>', 'declined')
      .executeTakeFirst();
    if (live && live.content_hash === contentHash && live.status === 'applied') {
      return { outcome: { result: 'exists' as const, loanId: live.id }, audit: [] };
    }
    const rates = await loanRatesOn(tx, today);
    const judged = judgeApplication(
      facts,
      { firmId: caller.firmId, amountWon: input.amountWon, assigned: live !== undefined },
      rates.advanceRatePpm,
      today,
    );
    if (judged !== 'eligible') return refuse(judged, fieldOf[judged]);
    const loan = await tx
      .insertInto('loans')
      .values({
        contract_id: facts.contractId,
        claim_id: facts.claimId,
        claim_line_id: facts.claimLineId,
        borrower_firm_id: caller.firmId,
        borrower_account_id: facts.payeeAccountId,
        bank_id: bank.id,
        receivable_won: facts.amountWon - facts.paidWon,
        principal_won: input.amountWon,
        advance_rate_ppm: rates.advanceRatePpm,
        annual_rate_ppm: rates.annualRatePpm,
        applied_on: today,
        applied_at: now,
        applied_by: caller.label,
        content_hash: contentHash,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return {
      outcome: { result: 'applied' as const, loanId: loan.id },
      audit: [
        {
          action: 'loan.applied',
          entity: 'loan',
          entityId: loan.id,
          contractId: facts.contractId,
          after: {
            claimLineId: String(facts.claimLineId),
            bankCode: bank.code,
            principalWon: String(input.amountWon),
            advanceRatePpm: String(rates.advanceRatePpm),
            annualRatePpm: String(rates.annualRatePpm),
          },
        },
      ],
    };
  });
}

/** The loan as the bank deciding it must see it: locked, addressed to this bank, still waiting. */
async function loanToDecide(tx: Tx, caller: Caller, loanId: bigint) {
  if (caller.role !== 'bank') return refuse('forbidden');
  const loan = await tx.selectFrom('loans').selectAll().where('id', '=', loanId).forUpdate().executeTakeFirst();
  if (!loan) return refuse('not_found');
  if (loan.bank_id !== caller.bankId) return refuse('loan_not_addressed_to_bank');
  if (loan.status !== 'applied') return refuse('loan_not_applied');
  return loan;
}

export type ApproveInput = {
  readonly repaymentAccountNumber: string;
  readonly repaymentHolderName: string;
  readonly note?: string;
};

/**
 * The lending bank approves: the receivable is judged again (paid, disputed or over the limit since the
 * application is refused), the bank's repayment account is registered as a payee account it owns, the advance
 * is booked (Dr loan_advanced:payee / Cr lender_funding:lender) and the receivable is assigned.
 */
export async function approveLoan(db: Db, caller: Caller, clock: Clock, loanId: bigint, input: ApproveInput) {
  const now = clock.now();
  const today = clock.today();
  return auditedWrite(db, caller, now, async (tx) => {
    const loan = await loanToDecide(tx, caller, loanId);
    await tx.selectFrom('claim_lines').select('id').where('id', '=', loan.claim_line_id).forUpdate().execute();
    const [facts] = await receivableFacts(tx, { claimLineIds: [loan.claim_line_id] });
    assert(facts, 'a loan names an existing line');
    const judged = judgeApplication(
      facts,
      { firmId: loan.borrower_firm_id, amountWon: loan.principal_won, assigned: false },
      loan.advance_rate_ppm,
      today,
    );
    if (judged !== 'eligible') return refuse(judged);
    const bank = await tx
      .selectFrom('banks')
      .select(['id', 'code'])
      .where('id', '=', loan.bank_id)
      .executeTakeFirstOrThrow();
    let account = await tx
      .selectFrom('payee_accounts')
      .select(['id', 'owner_kind', 'owner_id'])
      .where('bank_code', '=', bank.code)
      .where('account_number', '=', input.repaymentAccountNumber)
      .executeTakeFirst();
    if (account && (account.owner_kind !== 'bank' || account.owner_id !== bank.id)) {
      return refuse('account_owner_mismatch', 'repaymentAccountNumber');
    }
    if (!account) {
      // The bank's own account at itself: the bank attests its holder, as the account-holder check would.
      account = await tx
        .insertInto('payee_accounts')
        .values({
          owner_kind: 'bank',
          owner_id: bank.id,
          bank_code: bank.code,
          account_number: input.repaymentAccountNumber,
          holder_name: input.repaymentHolderName,
          verification: 'verified',
          verified_holder_name: input.repaymentHolderName,
          verified_at: now,
          verified_by: caller.label,
        })
        .returning(['id', 'owner_kind', 'owner_id'])
        .executeTakeFirstOrThrow();
    }
    const posted = await postEntries(
      tx,
      [
        {
          contractId: loan.contract_id,
          kind: 'loan_advance',
          effectiveOn: today,
          claimId: loan.claim_id,
          memo: `loan ${loan.id}`,
          lines: [
            {
              account: { kind: 'loan_advanced', payeeAccountId: loan.borrower_account_id },
              side: 'debit',
              amountWon: loan.principal_won,
              ...(facts.obligationId === null ? {} : { obligationId: facts.obligationId }),
            },
            {
              account: { kind: 'lender_funding', payeeAccountId: account.id },
              side: 'credit',
              amountWon: loan.principal_won,
              ...(facts.obligationId === null ? {} : { obligationId: facts.obligationId }),
            },
          ],
        },
      ],
      { actor: caller.label, at: now },
    );
    assert(posted.result === 'posted', 'an advance touches no dedicated account or payable');
    await tx
      .updateTable('loans')
      .set({
        status: 'advanced',
        decided_on: today,
        decided_at: now,
        decided_by: caller.label,
        advanced_on: today,
        advance_entry_id: posted.entryIds[0]!,
        lender_account_id: account.id,
        updated_at: now,
      })
      .where('id', '=', loan.id)
      .execute();
    return {
      outcome: { result: 'advanced' as const, loanId: loan.id, entryId: posted.entryIds[0]! },
      audit: [
        {
          action: 'loan.advanced',
          entity: 'loan',
          entityId: loan.id,
          contractId: loan.contract_id,
          before: { status: 'applied' },
          after: {
            status: 'advanced',
            principalWon: String(loan.principal_won),
            lenderAccountId: String(account.id),
            entryId: String(posted.entryIds[0]),
            ...(input.note ? { note: input.note } : {}),
          },
        },
      ],
    };
  });
}

/** The lending bank declines with a reason; the receivable is free again. */
export async function declineLoan(db: Db, caller: Caller, clock: Clock, loanId: bigint, reason: string) {
  const now = clock.now();
  return auditedWrite(db, caller, now, async (tx) => {
    const loan = await loanToDecide(tx, caller, loanId);
    await tx
      .updateTable('loans')
      .set({
        status: 'declined',
        decided_on: clock.today(),
        decided_at: now,
        decided_by: caller.label,
        decline_reason: reason,
        updated_at: now,
      })
      .where('id', '=', loan.id)
      .execute();
    return {
      outcome: { result: 'declined' as const, loanId: loan.id },
      audit: [
        {
          action: 'loan.declined',
          entity: 'loan',
          entityId: loan.id,
          contractId: loan.contract_id,
          before: { status: 'applied' },
          after: { status: 'declined', reason },
        },
      ],
    };
  });
}

/** The disbursal reference of an advance, once the lender's bank has moved the money (the sandbox in the demo). */
export async function recordDisbursement(tx: Executor, loanId: bigint, reference: string): Promise<void> {
  await tx.updateTable('loans').set({ disbursement_reference: reference }).where('id', '=', loanId).execute();
}

type AssignedLoan = {
  readonly loanId: bigint;
  readonly obligationId: bigint;
  readonly status: 'advanced' | 'repaid' | 'at_risk';
  readonly terms: LoanTerms;
  readonly lenderAccountId: bigint;
  readonly obligationAmountWon: bigint;
  readonly obligationPaidWon: bigint;
};

/** The advanced loans (any state after the advance) on these obligations, with their terms. */
async function loansOnObligations(
  db: Executor,
  obligationIds: readonly bigint[],
  statuses: readonly ('advanced' | 'repaid' | 'at_risk')[],
): Promise<AssignedLoan[]> {
  if (obligationIds.length === 0) return [];
  const rows = await db
    .selectFrom('loans as l')
    .innerJoin('obligations as o', 'o.claim_line_id', 'l.claim_line_id')
    .select([
      'l.id',
      'l.status',
      'l.principal_won',
      'l.annual_rate_ppm',
      'l.advanced_on',
      'l.lender_account_id',
      'o.id as obligation_id',
      'o.amount_won',
      'o.paid_won',
    ])
    .where('o.id', '=', sql<bigint>`any(${obligationIds.map(String)}::text[]::bigint[])`)
    .where('l.status', 'in', [...statuses])
    .orderBy('l.id')
    .execute();
  return rows.map((row) => {
    assert(row.advanced_on !== null && row.lender_account_id !== null, 'an advanced loan has its advance');
    return {
      loanId: row.id,
      obligationId: row.obligation_id,
      status: row.status as AssignedLoan['status'],
      terms: {
        principalWon: row.principal_won,
        annualRatePpm: row.annual_rate_ppm,
        advancedOn: civilDate(row.advanced_on),
      },
      lenderAccountId: row.lender_account_id,
      obligationAmountWon: row.amount_won,
      obligationPaidWon: row.paid_won,
    };
  });
}

/**
 * What each lender account received for each obligation, entry by entry, from the ledger: repayments are
 * `payee_received` lines of the lender's account tagged with the obligation; a reversal (a return) counts
 * negative on its own day.
 */
export async function lenderRepayments(
  db: Executor,
  loans: readonly { readonly obligationId: bigint; readonly lenderAccountId: bigint }[],
): Promise<Map<string, (LoanRepayment & { readonly entryId: bigint })[]>> {
  const byKey = new Map<string, (LoanRepayment & { entryId: bigint })[]>();
  if (loans.length === 0) return byKey;
  const { rows } = await sql<{
    obligation_id: bigint;
    payee_account_id: bigint;
    entry_id: bigint;
    on: string;
    amount: bigint;
  }>`
    select l.obligation_id, a.payee_account_id, e.id as entry_id, e.effective_on::text as on,
      sum(case when l.side = 'debit' then l.amount_won else -l.amount_won end)::bigint as amount
    from journal_lines l
    join ledger_accounts a on a.id = l.account_id and a.kind = 'payee_received'
    join journal_entries e on e.id = l.entry_id
    join unnest(${loans.map((loan) => String(loan.obligationId))}::text[]::bigint[],
      ${loans.map((loan) => String(loan.lenderAccountId))}::text[]::bigint[]) as wanted(obligation_id, account_id)
      on wanted.obligation_id = l.obligation_id and wanted.account_id = a.payee_account_id
    group by l.obligation_id, a.payee_account_id, e.id, e.effective_on
    order by e.id`.execute(db);
  for (const row of rows) {
    if (row.amount === 0n) continue;
    const key = `${row.obligation_id}:${row.payee_account_id}`;
    const list = byKey.get(key) ?? [];
    list.push({ on: civilDate(row.on), amountWon: row.amount, entryId: row.entry_id });
    byKey.set(key, list);
  }
  return byKey;
}

export const repaymentKey = (loan: { readonly obligationId: bigint; readonly lenderAccountId: bigint }) =>
  `${loan.obligationId}:${loan.lenderAccountId}`;

/**
 * Derives the loans on these obligations again from the ledger, in the caller's transaction (called after every
 * posting and reversal of a transfer): what the lender received and how much of it was interest; `repaid` (closed
 * on the day the last won due arrived) when nothing is due; `at_risk` when the obligation's money was returned or
 * diverted (a finding, or a repayment of the lender reversed), or the obligation was paid in full while the
 * lender is still owed principal; else `advanced`.
 */
export async function settleLoans(tx: Executor, obligationIds: readonly bigint[]): Promise<void> {
  const loans = await loansOnObligations(tx, [...new Set(obligationIds)], ['advanced', 'repaid', 'at_risk']);
  if (loans.length === 0) return;
  const repayments = await lenderRepayments(tx, loans);
  const findings = await tx
    .selectFrom('findings')
    .select(['obligation_id', 'kind'])
    .where(
      'obligation_id',
      'in',
      loans.map((loan) => loan.obligationId),
    )
    .where('kind', 'in', ['returned', 'diverted'])
    .where('state', '<>', 'resolved')
    .execute();
  const updates = loans.map((loan) => {
    const received = repayments.get(repaymentKey(loan)) ?? [];
    const last = received.reduce((day, repayment) => maxDate(day, repayment.on), loan.terms.advancedOn);
    const position = loanPosition(loan.terms, received, last);
    const kinds = new Set(findings.filter((f) => f.obligation_id === loan.obligationId).map((f) => f.kind));
    let status: AssignedLoan['status'] = 'advanced';
    let reason: 'returned' | 'diverted' | null = null;
    if (position.dueWon === 0n) status = 'repaid';
    else if (kinds.has('diverted')) [status, reason] = ['at_risk', 'diverted'];
    else if (kinds.has('returned') || received.some((repayment) => repayment.amountWon < 0n)) {
      [status, reason] = ['at_risk', 'returned'];
    } else if (loan.obligationPaidWon >= loan.obligationAmountWon && position.principalOutstandingWon > 0n) {
      // Paid in full to others while the lender has not even its principal back: the assigned money went elsewhere.
      [status, reason] = ['at_risk', 'diverted'];
    }
    return {
      id: String(loan.loanId),
      status,
      reason,
      repaid: String(position.repaidWon),
      interest: String(position.interestPaidWon),
      closedOn: status === 'repaid' ? (position.closedOn ?? last) : null,
    };
  });
  await sql`
    update loans set status = u.status, at_risk_reason = u.reason, repaid_won = u.repaid::bigint,
      interest_paid_won = u.interest::bigint, closed_on = u.closed_on::date, updated_at = now()
    from unnest(${updates.map((u) => u.id)}::text[], ${updates.map((u) => u.status)}::text[],
      ${updates.map((u) => u.reason)}::text[], ${updates.map((u) => u.repaid)}::text[],
      ${updates.map((u) => u.interest)}::text[], ${updates.map((u) => u.closedOn)}::text[])
      as u(id, status, reason, repaid, interest, closed_on)
    where loans.id = u.id::bigint`.execute(tx);
}

export type PaymentToDivide = { readonly obligationId: bigint; readonly amountWon: bigint; readonly paidOn: CivilDate };
export type DividedPayment = PaymentToDivide & { readonly toPayeeAccountId?: bigint };

/**
 * The waterfall applied to transfers of a division (issue 6 §3): each payment of an assigned obligation pays the
 * lender's account first — what is due on the payment's day — and the rest the payee's. Payments of obligations
 * without a loan pass through unchanged. The order of payments is kept.
 */
export async function divideAssignedTransfers(
  tx: Executor,
  payments: readonly PaymentToDivide[],
): Promise<DividedPayment[]> {
  const loans = await loansOnObligations(
    tx,
    payments.map((payment) => payment.obligationId),
    [...assignedStatuses],
  );
  if (loans.length === 0) return [...payments];
  const repayments = await lenderRepayments(tx, loans);
  const loanOf = new Map(loans.map((loan) => [loan.obligationId, loan]));
  const divisions = new Map<bigint, ReturnType<typeof divideAssignedPayments>>();
  for (const loan of loans) {
    const own = payments.filter((payment) => payment.obligationId === loan.obligationId);
    divisions.set(loan.obligationId, divideAssignedPayments(loan.terms, repayments.get(repaymentKey(loan)) ?? [], own));
  }
  const used = new Map<bigint, number>();
  return payments.flatMap((payment) => {
    const loan = loanOf.get(payment.obligationId);
    if (!loan) return [payment];
    const index = used.get(payment.obligationId) ?? 0;
    used.set(payment.obligationId, index + 1);
    const division = divisions.get(payment.obligationId)![index]!;
    const parts: DividedPayment[] = [];
    if (division.lenderWon > 0n) {
      parts.push({ ...payment, amountWon: division.lenderWon, toPayeeAccountId: loan.lenderAccountId });
    }
    if (division.payeeWon > 0n) parts.push({ ...payment, amountWon: division.payeeWon });
    return parts;
  });
}

/** The lender's part of an assigned obligation's transfer in a pain.001, and where it goes. */
export type LenderTransfer = {
  readonly loanId: bigint;
  readonly obligationId: bigint;
  readonly lenderWon: bigint;
  readonly bankName: string;
  readonly bankCode: string;
  readonly accountNumber: string;
  readonly holderName: string;
};

/**
 * For a division's pain.001: for each assigned obligation, the lender's part of a transfer of `amountWon` (the
 * obligation's amount) requested for `on`, with interest to that day.
 */
export async function lenderTransfersFor(
  db: Executor,
  obligations: readonly { readonly id: bigint; readonly amountWon: bigint }[],
  on: CivilDate,
): Promise<Map<bigint, LenderTransfer>> {
  const loans = await loansOnObligations(
    db,
    obligations.map((obligation) => obligation.id),
    [...assignedStatuses],
  );
  const result = new Map<bigint, LenderTransfer>();
  if (loans.length === 0) return result;
  const repayments = await lenderRepayments(db, loans);
  const accounts = await db
    .selectFrom('loans as l')
    .innerJoin('payee_accounts as pa', 'pa.id', 'l.lender_account_id')
    .innerJoin('banks as b', 'b.id', 'l.bank_id')
    .select(['l.id', 'pa.bank_code', 'pa.account_number', 'pa.holder_name', 'b.name'])
    .where(
      'l.id',
      'in',
      loans.map((loan) => loan.loanId),
    )
    .execute();
  const accountOf = new Map(accounts.map((row) => [row.id, row]));
  for (const loan of loans) {
    const amount = obligations.find((obligation) => obligation.id === loan.obligationId)!.amountWon;
    const [division] = divideAssignedPayments(loan.terms, repayments.get(repaymentKey(loan)) ?? [], [
      { amountWon: amount, paidOn: maxDate(on, loan.terms.advancedOn) },
    ]);
    const account = accountOf.get(loan.loanId)!;
    if (division!.lenderWon === 0n) continue;
    result.set(loan.obligationId, {
      loanId: loan.loanId,
      obligationId: loan.obligationId,
      lenderWon: division!.lenderWon,
      bankName: account.name,
      bankCode: account.bank_code,
      accountNumber: account.account_number,
      holderName: account.holder_name,
    });
  }
  return result;
}
