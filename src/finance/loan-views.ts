import { type ExpressionBuilder, sql } from 'kysely';
import { type Caller, isFirmCaller, seesEverything } from '../auth/caller.ts';
import type { Executor } from '../db/database.ts';
import type { Database, LoanStatus } from '../db/schema.ts';
import { type CivilDate, civilDate, daysBetween, minDate } from '../kernel/civil-date.ts';
import { maskAccountNumber } from '../kernel/identifiers.ts';
import { loanPortfolioItemsMax } from '../kernel/limits.ts';
import { lenderRepayments, repaymentKey } from './finance.store.ts';
import { receivableStatus } from './loan-eligibility.ts';
import { type LoanRepayment, loanPosition } from './loan-interest.ts';

/**
 * What each caller may see of loans, in SQL (like registry/scope.ts): a payee its own loans, a bank the loans
 * addressed to it, an official the loans on its buyer's contracts, an administrator or auditor every loan.
 */
export function loanVisible(caller: Caller) {
  return (eb: ExpressionBuilder<Database, 'loans'>) => {
    if (seesEverything(caller)) return eb.lit(true);
    if (isFirmCaller(caller)) return eb('loans.borrower_firm_id', '=', caller.firmId);
    if (caller.role === 'bank') return eb('loans.bank_id', '=', caller.bankId);
    if (caller.role === 'official') {
      return eb.exists(
        eb
          .selectFrom('contracts')
          .select(sql.lit(1).as('one'))
          .whereRef('contracts.id', '=', 'loans.contract_id')
          .where('contracts.buyer_id', '=', caller.buyerId),
      );
    }
    return eb.lit(false);
  };
}

function loanQuery(db: Executor, caller: Caller) {
  return db
    .selectFrom('loans')
    .innerJoin('contracts', 'contracts.id', 'loans.contract_id')
    .innerJoin('firms', 'firms.id', 'loans.borrower_firm_id')
    .innerJoin('banks', 'banks.id', 'loans.bank_id')
    .innerJoin('claim_lines', 'claim_lines.id', 'loans.claim_line_id')
    .innerJoin('claims', 'claims.id', 'loans.claim_id')
    .leftJoin('obligations', 'obligations.claim_line_id', 'loans.claim_line_id')
    .leftJoin('payee_accounts as lender', 'lender.id', 'loans.lender_account_id')
    .selectAll('loans')
    .select([
      'contracts.contract_number',
      'firms.name as borrower_name',
      'banks.code as bank_code',
      'banks.name as bank_name',
      'claims.status as claim_status',
      'claims.version as claim_version',
      'claim_lines.claim_version as line_version',
      'claim_lines.status as line_status',
      'claim_lines.kind as line_kind',
      'claim_lines.amount_won as line_amount_won',
      'obligations.id as obligation_id',
      'obligations.paid_won as obligation_paid_won',
      'obligations.due_on as obligation_due_on',
      'lender.account_number as lender_account_number',
      sql<boolean>`exists (select 1 from findings f where f.obligation_id = obligations.id
        and f.kind in ('returned', 'diverted') and f.state <> 'resolved')`.as('disputed'),
    ])
    .where(loanVisible(caller));
}

type LoanViewRow = Awaited<ReturnType<ReturnType<typeof loanQuery>['execute']>>[number];

/** One loan as the API shows it, with its position on `today` (principal and interest outstanding). */
export type LoanView = ReturnType<typeof loanOut>;

function loanOut(row: LoanViewRow, repayments: readonly LoanRepayment[], today: CivilDate) {
  const advancedOn = row.advanced_on === null ? null : civilDate(row.advanced_on);
  const position =
    advancedOn === null
      ? null
      : loanPosition(
          { principalWon: row.principal_won, annualRatePpm: row.annual_rate_ppm, advancedOn },
          repayments,
          row.closed_on === null ? today : civilDate(row.closed_on),
        );
  const until = row.closed_on === null ? today : civilDate(row.closed_on);
  const receivable = receivableStatus(
    {
      claimStatus: row.claim_status,
      currentVersion: row.line_version === row.claim_version,
      lineStatus: row.line_status,
      lineKind: row.line_kind,
      payeeKind: 'firm',
      payeeId: row.borrower_firm_id,
      amountWon: row.line_amount_won,
      paidWon: row.obligation_paid_won ?? 0n,
      dueOn: row.obligation_due_on === null ? null : civilDate(row.obligation_due_on),
      disputed: row.disputed,
    },
    today,
  );
  return {
    id: String(row.id),
    contractId: String(row.contract_id),
    contractNumber: row.contract_number,
    claimId: String(row.claim_id),
    claimLineId: String(row.claim_line_id),
    obligationId: row.obligation_id === null ? null : String(row.obligation_id),
    borrowerFirmId: String(row.borrower_firm_id),
    borrowerName: row.borrower_name,
    bankId: String(row.bank_id),
    bankCode: row.bank_code,
    bankName: row.bank_name,
    receivableWon: String(row.receivable_won),
    principalWon: String(row.principal_won),
    advanceRatePpm: String(row.advance_rate_ppm),
    annualRatePpm: String(row.annual_rate_ppm),
    status: row.status,
    appliedOn: row.applied_on,
    decidedOn: row.decided_on,
    declineReason: row.decline_reason,
    advancedOn: row.advanced_on,
    lenderAccountMasked: row.lender_account_number === null ? null : maskAccountNumber(row.lender_account_number),
    repaidWon: String(row.repaid_won),
    interestPaidWon: String(row.interest_paid_won),
    principalOutstandingWon: String(position?.principalOutstandingWon ?? row.principal_won),
    interestAccruedWon: String(position?.interestAccruedWon ?? 0n),
    dueWon: String(position?.dueWon ?? 0n),
    daysOutstanding: advancedOn === null ? 0 : Math.max(0, daysBetween(advancedOn, minDate(until, today))),
    closedOn: row.closed_on,
    atRiskReason: row.at_risk_reason,
    dueOn: row.obligation_due_on,
    receivableStatus: receivable === 'not_receivable' ? 'disputed' : receivable,
  };
}

async function withPositions(db: Executor, rows: readonly LoanViewRow[], today: CivilDate): Promise<LoanView[]> {
  const advanced = rows.flatMap((row) =>
    row.obligation_id !== null && row.lender_account_id !== null
      ? [{ obligationId: row.obligation_id, lenderAccountId: row.lender_account_id }]
      : [],
  );
  const repayments = await lenderRepayments(db, advanced);
  return rows.map((row) =>
    loanOut(
      row,
      row.obligation_id !== null && row.lender_account_id !== null
        ? (repayments.get(repaymentKey({ obligationId: row.obligation_id, lenderAccountId: row.lender_account_id })) ??
            [])
        : [],
      today,
    ),
  );
}

/** A page of the loans the caller may see, in id order. */
export async function listLoans(
  db: Executor,
  caller: Caller,
  query: { readonly limit: number; readonly status?: LoanStatus; readonly after?: bigint },
  today: CivilDate,
): Promise<(LoanView & { readonly rowId: bigint })[]> {
  const rows = await loanQuery(db, caller)
    .$if(query.status !== undefined, (q) => q.where('loans.status', '=', query.status!))
    .$if(query.after !== undefined, (q) => q.where('loans.id', '>', query.after!))
    .orderBy('loans.id')
    .limit(query.limit + 1)
    .execute();
  const views = await withPositions(db, rows, today);
  return views.map((view, index) => ({ ...view, rowId: rows[index]!.id }));
}

export async function visibleLoan(db: Executor, caller: Caller, loanId: bigint, today: CivilDate) {
  const row = await loanQuery(db, caller).where('loans.id', '=', loanId).executeTakeFirst();
  if (!row) return undefined;
  const [view] = await withPositions(db, [row], today);
  return { view: view!, row };
}

export type LoanEvent = {
  readonly on: string | null;
  readonly kind: 'applied' | 'declined' | 'advanced' | 'repayment' | 'returned' | 'repaid' | 'at_risk';
  readonly amountWon: string | null;
  readonly principalWon: string | null;
  readonly interestWon: string | null;
  readonly entryId: string | null;
  readonly note: string | null;
};

/**
 * A loan's statement: applied, decided, advanced, each repayment split into interest and principal (as the
 * waterfall applied it), each return, and how it ended.
 */
export async function loanStatement(db: Executor, caller: Caller, loanId: bigint, today: CivilDate) {
  const found = await visibleLoan(db, caller, loanId, today);
  if (!found) return undefined;
  const { view, row } = found;
  const events: LoanEvent[] = [
    {
      on: row.applied_on,
      kind: 'applied',
      amountWon: String(row.principal_won),
      principalWon: null,
      interestWon: null,
      entryId: null,
      note: null,
    },
  ];
  if (row.status === 'declined') {
    events.push({
      on: row.decided_on,
      kind: 'declined',
      amountWon: null,
      principalWon: null,
      interestWon: null,
      entryId: null,
      note: row.decline_reason,
    });
  }
  if (row.advanced_on !== null && row.lender_account_id !== null) {
    events.push({
      on: row.advanced_on,
      kind: 'advanced',
      amountWon: String(row.principal_won),
      principalWon: String(row.principal_won),
      interestWon: null,
      entryId: row.advance_entry_id === null ? null : String(row.advance_entry_id),
      note: row.disbursement_reference,
    });
    const terms = {
      principalWon: row.principal_won,
      annualRatePpm: row.annual_rate_ppm,
      advancedOn: civilDate(row.advanced_on),
    };
    const received =
      row.obligation_id === null
        ? []
        : ((
            await lenderRepayments(db, [{ obligationId: row.obligation_id, lenderAccountId: row.lender_account_id }])
          ).get(repaymentKey({ obligationId: row.obligation_id, lenderAccountId: row.lender_account_id })) ?? []);
    const sorted = [...received].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
    for (const [index, repayment] of sorted.entries()) {
      const before = loanPosition(terms, sorted.slice(0, index), repayment.on);
      const after = loanPosition(terms, sorted.slice(0, index + 1), repayment.on);
      events.push({
        on: repayment.on,
        kind: repayment.amountWon > 0n ? 'repayment' : 'returned',
        amountWon: String(repayment.amountWon),
        principalWon: String(before.principalOutstandingWon - after.principalOutstandingWon),
        interestWon: String(after.interestPaidWon - before.interestPaidWon),
        entryId: String(repayment.entryId),
        note: null,
      });
    }
  }
  if (row.status === 'repaid') {
    events.push({
      on: row.closed_on,
      kind: 'repaid',
      amountWon: String(row.repaid_won),
      principalWon: String(row.principal_won),
      interestWon: String(row.interest_paid_won),
      entryId: null,
      note: null,
    });
  }
  if (row.status === 'at_risk') {
    events.push({
      on: null,
      kind: 'at_risk',
      amountWon: view.dueWon,
      principalWon: null,
      interestWon: null,
      entryId: null,
      note: row.at_risk_reason,
    });
  }
  return { loan: view, events };
}

type Bucket = { count: number; principalWon: string; repaidWon: string };

/**
 * A bank's portfolio: counts and sums by state over all its loans (in SQL), and its newest loans with their
 * positions (amounts and days outstanding).
 */
export async function bankPortfolio(db: Executor, caller: Caller, today: CivilDate) {
  const totals = await db
    .selectFrom('loans')
    .select([
      'loans.status',
      sql<string>`count(*)::text`.as('count'),
      sql<bigint>`coalesce(sum(loans.principal_won), 0)::bigint`.as('principal'),
      sql<bigint>`coalesce(sum(loans.repaid_won), 0)::bigint`.as('repaid'),
    ])
    .where(loanVisible(caller))
    .groupBy('loans.status')
    .execute();
  const bucket = (...statuses: LoanStatus[]): Bucket => {
    const rows = totals.filter((row) => statuses.includes(row.status));
    return {
      count: rows.reduce((sum, row) => sum + Number(row.count), 0),
      principalWon: String(rows.reduce((sum, row) => sum + row.principal, 0n)),
      repaidWon: String(rows.reduce((sum, row) => sum + row.repaid, 0n)),
    };
  };
  const rows = await loanQuery(db, caller).orderBy('loans.id', 'desc').limit(loanPortfolioItemsMax).execute();
  return {
    totals: {
      open: bucket('advanced'),
      repaid: bucket('repaid'),
      atRisk: bucket('at_risk'),
      applied: bucket('applied'),
      declined: bucket('declined'),
    },
    items: await withPositions(db, rows, today),
  };
}
