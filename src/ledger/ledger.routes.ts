import { Type } from '@sinclair/typebox';
import { refuse } from '../http/refusals.ts';
import { IdParams, IdText, WonText } from '../http/schemas.ts';
import type { RouteModule } from '../http/server.ts';
import { contractVisible } from '../registry/scope.ts';
import { contractBalances } from './ledger.store.ts';
import { checkLedger, type LedgerCheck } from './ledger-check.ts';

const LedgerCheckResponse = Type.Object({
  result: Type.Union([Type.Literal('clean'), Type.Literal('violations')]),
  totals: Type.Object({ entries: Type.Integer(), lines: Type.Integer(), debitWon: WonText, creditWon: WonText }),
  violations: Type.Array(
    Type.Object({ code: Type.String(), count: Type.Integer(), examples: Type.Array(Type.String()) }),
  ),
});

/** The answer of the ledger check as JSON: amounts as decimal text. */
export function ledgerCheckOut(check: LedgerCheck) {
  return {
    result: check.result,
    totals: { ...check.totals, debitWon: String(check.totals.debitWon), creditWon: String(check.totals.creditWon) },
    violations: check.violations.map((violation) => ({ ...violation, examples: [...violation.examples] })),
  };
}

/** The ledger: a contract's derived balances, and the whole-ledger check behind `hado ledger check`. */
export const ledgerRoutes: RouteModule = (app, context) => {
  const db = context.handle.db;

  app.get(
    '/api/v1/admin/ledger/check',
    {
      config: { access: { roles: ['admin', 'auditor'] } },
      schema: { tags: ['admin', 'ledger'], response: { 200: LedgerCheckResponse } },
    },
    async () => ledgerCheckOut(await checkLedger(db)),
  );

  app.get(
    '/api/v1/contracts/:id/ledger',
    {
      config: { access: { roles: ['admin', 'auditor', 'official', 'prime', 'bank'] } },
      schema: {
        tags: ['ledger'],
        summary: "A contract's ledger accounts with balances derived from the journal",
        params: IdParams,
        response: {
          200: Type.Object({
            accounts: Type.Array(
              Type.Object({
                id: IdText,
                kind: Type.String(),
                purpose: Type.Union([Type.String(), Type.Null()]),
                payeeAccountId: Type.Union([IdText, Type.Null()]),
                debitWon: WonText,
                creditWon: WonText,
                balanceWon: Type.String({ description: 'On the normal side; negative only for an overpaid payable' }),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const contractId = BigInt(request.params.id);
      const visible = await db
        .selectFrom('contracts')
        .select('id')
        .where('id', '=', contractId)
        .where(contractVisible(request.caller))
        .executeTakeFirst();
      if (!visible) return refuse('not_found');
      // A prime sees its contracts' ledger; other firms and workers see their own obligations instead.
      if (request.caller.role === 'prime') {
        const own = await db
          .selectFrom('contracts')
          .select('id')
          .where('id', '=', contractId)
          .where('prime_firm_id', '=', request.caller.firmId)
          .executeTakeFirst();
        if (!own) return refuse('not_found');
      }
      const balances = await contractBalances(db, contractId);
      return {
        accounts: balances.map((balance) => ({
          id: String(balance.accountId),
          kind: balance.kind,
          purpose: balance.purpose,
          payeeAccountId: balance.payeeAccountId === null ? null : String(balance.payeeAccountId),
          debitWon: String(balance.debitWon),
          creditWon: String(balance.creditWon),
          balanceWon: String(balance.balanceWon),
        })),
      };
    },
  );
};
