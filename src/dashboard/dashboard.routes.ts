import { Type } from '@sinclair/typebox';
import { readerOf } from '../db/database.ts';
import { refuse } from '../http/refusals.ts';
import { IdParams } from '../http/schemas.ts';
import type { RouteModule } from '../http/server.ts';
import { BankMessageRow, Dashboard, dashboardRoles, MoneyFlow } from './dashboard.schemas.ts';
import { contractMoneyFlow, dashboardFigures, type Figures, recentBankMessages } from './dashboard.store.ts';

const figuresText = (figures: Figures) => ({
  paidInWon: String(figures.paidInWon),
  dividedWon: String(figures.dividedWon),
  paidOutWon: String(figures.paidOutWon),
  paidOnTimeWon: String(figures.paidOnTimeWon),
  paidOnTimeCount: figures.paidOnTimeCount,
  paidLateWon: String(figures.paidLateWon),
  paidLateCount: figures.paidLateCount,
  overdueWon: String(figures.overdueWon),
  overdueCount: figures.overdueCount,
  obligationCount: figures.obligationCount,
});

/**
 * The officials' dashboard (issue 7): totals paid in, divided, paid on time, late and overdue, by buyer, prime and
 * contract, with the figures behind its charts; one contract's money flow from the buyer through the dedicated
 * accounts to every payee; and the bank portal's recent messages. Read-only; scoped to the caller in SQL. The
 * screens re-read these when a live event (`GET /api/v1/events`) says something changed.
 */
export const dashboardRoutes: RouteModule = (app, context) => {
  // Read-only figures that may lag a moment: a read replica serves them when there is one (DATABASE_READ_URL).
  const db = readerOf(context.handle);
  const clock = context.clock;

  app.get(
    '/api/v1/dashboard',
    {
      config: { access: { roles: dashboardRoles } },
      schema: {
        tags: ['dashboard'],
        summary: 'Totals paid in, divided, paid on time, late and overdue, by buyer, prime and contract, with charts',
        response: { 200: Dashboard },
      },
    },
    async (request) => {
      const figures = await dashboardFigures(db, request.caller, clock.today());
      return {
        asOf: figures.asOf,
        totals: figuresText(figures.totals),
        byBuyer: figures.byBuyer.map((row) => ({
          buyerId: String(row.buyerId),
          name: row.name,
          nameEn: row.nameEn,
          figures: figuresText(row.figures),
        })),
        byPrime: figures.byPrime.map((row) => ({
          firmId: String(row.firmId),
          name: row.name,
          nameEn: row.nameEn,
          figures: figuresText(row.figures),
        })),
        byContract: figures.byContract.map((row) => ({
          contractId: String(row.contractId),
          contractNumber: row.contractNumber,
          title: row.title,
          buyerId: String(row.buyerId),
          primeFirmId: String(row.primeFirmId),
          figures: figuresText(row.figures),
        })),
        contractCount: figures.contractCount,
        paymentDays: figures.paymentDays.map((bucket) => ({ ...bucket, amountWon: String(bucket.amountWon) })),
        onTimeByMonth: figures.onTimeByMonth,
        findings: figures.findings,
        pendingSuggestions: figures.pendingSuggestions,
      };
    },
  );

  app.get(
    '/api/v1/contracts/:id/money-flow',
    {
      config: { access: { roles: dashboardRoles } },
      schema: {
        tags: ['dashboard'],
        summary: "One contract's money from the buyer through the dedicated accounts to every payee",
        params: IdParams,
        response: { 200: MoneyFlow },
      },
    },
    async (request) => {
      const flow = await contractMoneyFlow(db, request.caller, BigInt(request.params.id), clock.today());
      if (!flow) return refuse('not_found');
      return {
        asOf: flow.asOf,
        contractId: String(flow.contractId),
        contractNumber: flow.contractNumber,
        title: flow.title,
        buyerName: flow.buyerName,
        buyerNameEn: flow.buyerNameEn,
        paidInWon: String(flow.paidInWon),
        accounts: flow.accounts.map((account) => ({
          purpose: account.purpose,
          paidInWon: String(account.paidInWon),
          balanceWon: String(account.balanceWon),
        })),
        payees: flow.payees,
        links: flow.links.map((link) => ({
          purpose: link.purpose,
          payeeKey: link.payeeKey,
          dividedWon: String(link.dividedWon),
          paidWon: String(link.paidWon),
        })),
        obligations: flow.obligations.map((row) => ({
          ...row,
          id: String(row.id),
          claimId: String(row.claimId),
          amountWon: String(row.amountWon),
          paidWon: String(row.paidWon),
        })),
        truncated: flow.truncated,
      };
    },
  );

  app.get(
    '/api/v1/bank-portal/messages',
    {
      config: { access: { roles: ['bank', 'official', 'admin', 'auditor'] } },
      schema: {
        tags: ['bank'],
        summary: 'The latest bank messages the caller may see, with their movements and open exceptions counted',
        response: { 200: Type.Object({ items: Type.Array(BankMessageRow) }) },
      },
    },
    async (request) => {
      const rows = await recentBankMessages(db, request.caller);
      return {
        items: rows.map((row) => ({ ...row, id: String(row.id), receivedAt: row.receivedAt.toISOString() })),
      };
    },
  );
};
