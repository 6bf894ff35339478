import { Type } from '@sinclair/typebox';
import { isFirmCaller } from '../auth/caller.ts';
import { requireStepUp } from '../auth/totp.ts';
import type { LoanStatus } from '../db/schema.ts';
import { realTimeOf } from '../http/app-context.ts';
import { refuse } from '../http/refusals.ts';
import { IdParams, Page, pageOf } from '../http/schemas.ts';
import type { RouteModule } from '../http/server.ts';
import { loanReceivablesMax, pageSizeDefault } from '../kernel/limits.ts';
import { parseWonText } from '../kernel/money.ts';
import {
  ApplyBody,
  ApproveBody,
  DeclineBody,
  LendingBank,
  Loan,
  LoanResult,
  LoanStatement,
  LoansQuery,
  Portfolio,
  Receivable,
} from './finance.schemas.ts';
import { applyForLoan, approveLoan, declineLoan, loanRatesOn, receivableFacts } from './finance.store.ts';
import { judgeApplication, maxAdvanceWon, receivableStatus } from './loan-eligibility.ts';
import { bankPortfolio, listLoans, loanStatement, visibleLoan } from './loan-views.ts';

const payees = ['subcontractor', 'supplier'] as const;
const readers = ['subcontractor', 'supplier', 'bank', 'official', 'admin', 'auditor'] as const;

/**
 * Financing against receivables (issue 6, docs/FINANCING.md): a payee's receivables and applications, the
 * lending bank's decision (a fresh two-factor code before money moves), statements and the bank's portfolio.
 */
export const financeRoutes: RouteModule = (app, context) => {
  const { handle, clock } = context;
  const db = handle.db;
  const id = (text: string) => BigInt(text);

  const loanAnswer = async (caller: Parameters<typeof visibleLoan>[1], result: string, loanId: bigint) => {
    const found = await visibleLoan(db, caller, loanId, clock.today());
    return { result: result as 'applied', loan: found!.view };
  };

  app.get(
    '/api/v1/finance/receivables',
    {
      config: { access: { roles: payees } },
      schema: {
        tags: ['finance'],
        summary: 'What the caller may borrow against: approved, unpaid or overdue shares, with what is assigned',
        response: { 200: Type.Object({ items: Type.Array(Receivable) }) },
      },
    },
    async (request) => {
      const caller = request.caller;
      if (!isFirmCaller(caller)) return refuse('forbidden');
      const today = clock.today();
      const facts = await receivableFacts(db, { payeeFirmId: caller.firmId, limit: loanReceivablesMax });
      const loans =
        facts.length === 0
          ? []
          : await db
              .selectFrom('loans')
              .select(['id', 'claim_line_id', 'principal_won', 'status'])
              .where(
                'claim_line_id',
                'in',
                facts.map((row) => row.claimLineId),
              )
              .where('status', '<>', 'declined')
              .execute();
      const rates = await loanRatesOn(db, today);
      const items = facts.map((row) => {
        const loan = loans.find((candidate) => candidate.claim_line_id === row.claimLineId);
        const status = receivableStatus(row, today);
        const judged = judgeApplication(
          row,
          { firmId: caller.firmId, amountWon: 1n, assigned: loan !== undefined },
          rates.advanceRatePpm,
          today,
        );
        const limit = maxAdvanceWon(row, rates.advanceRatePpm);
        const eligible = judged === 'eligible' && limit > 0n;
        return {
          claimLineId: String(row.claimLineId),
          claimId: String(row.claimId),
          contractId: String(row.contractId),
          contractNumber: row.contractNumber,
          claimSequence: row.claimSequence,
          kind: row.lineKind as 'subcontract' | 'supply',
          amountWon: String(row.amountWon),
          paidWon: String(row.paidWon),
          outstandingWon: String(row.amountWon - row.paidWon),
          obligationId: row.obligationId === null ? null : String(row.obligationId),
          dueOn: row.dueOn,
          status: status === 'not_receivable' ? ('disputed' as const) : status,
          assignedWon: String(loan && loan.status !== 'applied' ? loan.principal_won : 0n),
          loanId: loan ? String(loan.id) : null,
          loanStatus: loan?.status ?? null,
          maxAdvanceWon: String(limit),
          eligible,
          ineligibleReason: eligible ? null : judged === 'eligible' ? 'amount_exceeds_advance_limit' : judged,
        };
      });
      return { items };
    },
  );

  app.get(
    '/api/v1/finance/banks',
    {
      config: { access: { roles: payees } },
      schema: {
        tags: ['finance'],
        summary: 'The participating banks a payee may apply to',
        response: { 200: Type.Object({ items: Type.Array(LendingBank) }) },
      },
    },
    async () => {
      const rows = await db
        .selectFrom('banks')
        .select(['id', 'code', 'name'])
        .where('participating', '=', true)
        .orderBy('code')
        .execute();
      return { items: rows.map((row) => ({ id: String(row.id), code: row.code, name: row.name })) };
    },
  );

  app.post(
    '/api/v1/finance/loans',
    {
      config: { access: { roles: payees } },
      schema: {
        tags: ['finance'],
        summary: 'Apply for a loan against a receivable, addressed to a participating bank',
        body: ApplyBody,
        response: { 200: LoanResult, 201: LoanResult },
      },
    },
    async (request, reply) => {
      const amountWon = parseWonText(request.body.amountWon) ?? refuse('invalid_amount', 'amountWon');
      const outcome = await applyForLoan(db, request.caller, clock, {
        claimLineId: id(request.body.claimLineId),
        bankCode: request.body.bankCode,
        amountWon,
      });
      return reply
        .status(outcome.result === 'applied' ? 201 : 200)
        .send(await loanAnswer(request.caller, outcome.result, outcome.loanId));
    },
  );

  app.get(
    '/api/v1/finance/loans',
    {
      config: { access: { roles: readers } },
      schema: { tags: ['finance'], querystring: LoansQuery, response: { 200: Page(Loan) } },
    },
    async (request) => {
      const limit = request.query.limit ?? pageSizeDefault;
      const rows = await listLoans(
        db,
        request.caller,
        {
          limit,
          ...(request.query.status ? { status: request.query.status as LoanStatus } : {}),
          ...(request.query.after ? { after: id(request.query.after) } : {}),
        },
        clock.today(),
      );
      return pageOf(
        rows.map((row) => ({ ...row, id: row.rowId })),
        limit,
        ({ rowId: _rowId, ...view }) => ({ ...view, id: String(view.id) }),
      );
    },
  );

  app.get(
    '/api/v1/finance/loans/:id',
    {
      config: { access: { roles: readers } },
      schema: {
        tags: ['finance'],
        summary: 'A loan statement: the advance, each repayment (interest and principal), returns and the end',
        params: IdParams,
        response: { 200: LoanStatement },
      },
    },
    async (request) =>
      (await loanStatement(db, request.caller, id(request.params.id), clock.today())) ?? refuse('not_found'),
  );

  app.post(
    '/api/v1/finance/loans/:id/approve',
    {
      config: { access: { roles: ['bank'] } },
      schema: {
        tags: ['finance'],
        summary: 'Approve a loan: the receivable is assigned and the advance booked and disbursed',
        params: IdParams,
        body: ApproveBody,
        response: { 200: LoanResult },
      },
    },
    async (request) => {
      // Approving moves the bank's money against public money owed: a fresh two-factor code first.
      requireStepUp(request, realTimeOf(context).now());
      const outcome = await approveLoan(db, request.caller, clock, id(request.params.id), {
        repaymentAccountNumber: request.body.repaymentAccountNumber,
        repaymentHolderName: request.body.repaymentHolderName,
        ...(request.body.note ? { note: request.body.note } : {}),
      });
      return loanAnswer(request.caller, outcome.result, outcome.loanId);
    },
  );

  app.post(
    '/api/v1/finance/loans/:id/decline',
    {
      config: { access: { roles: ['bank'] } },
      schema: {
        tags: ['finance'],
        summary: 'Decline a loan application with a reason',
        params: IdParams,
        body: DeclineBody,
        response: { 200: LoanResult },
      },
    },
    async (request) => {
      const outcome = await declineLoan(db, request.caller, clock, id(request.params.id), request.body.reason);
      return loanAnswer(request.caller, outcome.result, outcome.loanId);
    },
  );

  app.get(
    '/api/v1/finance/portfolio',
    {
      config: { access: { roles: ['bank'] } },
      schema: {
        tags: ['finance'],
        summary: "The bank's portfolio: open, repaid, at risk and applied loans, amounts and days outstanding",
        response: { 200: Portfolio },
      },
    },
    async (request) => bankPortfolio(db, request.caller, clock.today()),
  );
};
