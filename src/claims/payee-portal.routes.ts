import { Type } from '@sinclair/typebox';
import { isFirmCaller } from '../auth/caller.ts';
import { refuse } from '../http/refusals.ts';
import { CivilDateText, IdParams, IdText, Page, WonText } from '../http/schemas.ts';
import type { RouteModule } from '../http/server.ts';
import { pageSizeDefault, pageSizeMax } from '../kernel/limits.ts';
import { claimFactsOut, loadClaimFormFacts } from './claim-form-facts.ts';
import { obligationViews } from './claim-views.ts';
import { confirmReceipt, receiptDetails } from './confirm-receipt.ts';
import { endToEndIdOf } from './transfer-instructions.ts';

const Nullable = <T extends import('@sinclair/typebox').TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const ReceiptConfirmation = Type.Object({
  obligationId: IdText,
  confirmedOn: CivilDateText,
  confirmedAt: Type.String(),
});

const OwnObligation = Type.Object({
  id: IdText,
  contractId: IdText,
  claimId: IdText,
  kind: Type.String(),
  accountMasked: Type.String(),
  amountWon: WonText,
  paidWon: WonText,
  outstandingWon: WonText,
  dueOn: CivilDateText,
  paidOn: Nullable(CivilDateText),
  judgement: Type.String(),
  daysLate: Type.Integer(),
  delayInterestWon: WonText,
  endToEndId: Type.String(),
  bankReferences: Type.Array(Type.String()),
  receiptConfirmedOn: Nullable(CivilDateText),
});

const OwnObligationsQuery = Type.Object(
  {
    contractId: Type.Optional(IdText),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: pageSizeMax })),
    after: Type.Optional(IdText),
  },
  { additionalProperties: false },
);

/**
 * The payee's portal (subcontractors and suppliers: what is owed, when due, what was paid with the bank's
 * reference, and confirming receipt) and the facts behind the prime's claim form, which the browser validates
 * with the server's own `validateClaim`.
 */
export const payeePortalRoutes: RouteModule = (app, context) => {
  const db = context.handle.db;
  const clock = context.clock;

  app.get(
    '/api/v1/payee/obligations',
    {
      config: { access: { roles: ['subcontractor', 'supplier'] } },
      schema: {
        tags: ['claims'],
        summary: "The calling firm's own obligations: owed, due, paid (with the bank's reference), confirmed",
        querystring: OwnObligationsQuery,
        response: { 200: Page(OwnObligation) },
      },
    },
    async (request) => {
      const caller = request.caller;
      if (!isFirmCaller(caller)) return refuse('forbidden');
      const limit = request.query.limit ?? pageSizeDefault;
      const rows = await obligationViews(
        db,
        caller,
        {
          limit,
          ...(request.query.contractId ? { contractId: BigInt(request.query.contractId) } : {}),
          ...(request.query.after ? { after: BigInt(request.query.after) } : {}),
        },
        clock.today(),
      );
      const more = rows.length > limit;
      const page = more ? rows.slice(0, limit) : rows;
      // Only what pays this firm (a firm that is also a prime elsewhere sees those claims on the claim pages).
      const own = page.filter((row) => row.payeeKind === 'firm' && row.payeeId === caller.firmId);
      const details = await receiptDetails(
        db,
        caller.firmId,
        own.map((row) => row.id),
      );
      return {
        items: own.map((row) => {
          const detail = details.get(row.id)!;
          return {
            id: String(row.id),
            contractId: String(row.contractId),
            claimId: String(row.claimId),
            kind: row.kind,
            accountMasked: row.accountMasked,
            amountWon: String(row.amountWon),
            paidWon: String(row.paidWon),
            outstandingWon: String(row.outstandingWon),
            dueOn: row.dueOn,
            paidOn: row.paidOn,
            judgement: row.judgement,
            daysLate: row.daysLate,
            delayInterestWon: String(row.delayInterestWon),
            endToEndId: endToEndIdOf(row.id),
            bankReferences: detail.bankReferences,
            receiptConfirmedOn: detail.confirmedOn,
          };
        }),
        nextAfter: more ? String(page.at(-1)!.id) : null,
      };
    },
  );

  app.post(
    '/api/v1/obligations/:id/receipt-confirmation',
    {
      config: { access: { roles: ['subcontractor', 'supplier'] } },
      schema: {
        tags: ['claims'],
        summary: 'Confirm that a paid share arrived (the payee firm itself; the same confirmation again: exists)',
        params: IdParams,
        response: {
          200: Type.Object({ result: Type.Literal('exists'), confirmation: ReceiptConfirmation }),
          201: Type.Object({ result: Type.Literal('confirmed'), confirmation: ReceiptConfirmation }),
        },
      },
    },
    async (request, reply) => {
      const outcome = await confirmReceipt(db, request.caller, clock, BigInt(request.params.id));
      if (outcome.result === 'not_found') return refuse('not_found');
      if (outcome.result === 'obligation_not_paid') return refuse('obligation_not_paid');
      const confirmation = outcome.confirmation!;
      return reply.status(outcome.result === 'confirmed' ? 201 : 200).send({
        result: outcome.result,
        confirmation: {
          obligationId: String(confirmation.obligationId),
          confirmedOn: confirmation.confirmedOn,
          confirmedAt: confirmation.confirmedAt.toISOString(),
        },
      });
    },
  );

  app.get(
    '/api/v1/contracts/:id/claim-facts',
    {
      config: { access: { roles: ['prime'] } },
      schema: {
        tags: ['claims'],
        summary: "What a claim on this contract is validated against, for the prime's claim form",
        params: IdParams,
        querystring: Type.Object({ excludeClaimId: Type.Optional(IdText) }, { additionalProperties: false }),
      },
    },
    async (request) => {
      const facts = await loadClaimFormFacts(
        db,
        request.caller,
        BigInt(request.params.id),
        clock.today(),
        request.query.excludeClaimId ? BigInt(request.query.excludeClaimId) : null,
      );
      return facts ? claimFactsOut(facts) : refuse('not_found');
    },
  );
};
