import { Type } from '@sinclair/typebox';
import { type RawBuilder, sql } from 'kysely';
import { auditedWrite } from '../audit/audited-write.ts';
import type { Caller } from '../auth/caller.ts';
import { refuse } from '../http/refusals.ts';
import { BankCode, IdParams, IdText, keysetWindow, Name, Page, PageQuery, pageOf } from '../http/schemas.ts';
import type { RouteModule } from '../http/server.ts';
import { parseAccountNumber } from '../kernel/identifiers.ts';
import { pageSizeDefault } from '../kernel/limits.ts';
import { directPaymentEndToEndId } from './direct-payment.ts';
import { directPaymentInstruction } from './direct-payment-instruction.ts';

const PaymentAccountBody = Type.Object(
  { bankCode: BankCode, accountNumber: Type.String({ minLength: 6, maxLength: 40 }), holderName: Name },
  { additionalProperties: false },
);
const PaymentAccount = Type.Object({
  buyerId: IdText,
  bankCode: Type.String(),
  accountNumber: Type.String(),
  holderName: Type.String(),
});
const DirectPaymentRow = Type.Object({
  id: IdText,
  contractId: IdText,
  claimId: IdText,
  obligationId: IdText,
  suggestionId: IdText,
  amountWon: Type.String(),
  claimReducedByWon: Type.String(),
  endToEndId: Type.String(),
  state: Type.String(),
  paidOn: Type.Union([Type.String(), Type.Null()]),
  decidedBy: Type.String(),
  decidedAt: Type.String(),
  /** The bank's reason code(s) when it rejected the transfer; the claim was then not reduced after all. */
  rejectionReason: Type.Union([Type.String(), Type.Null()]),
  rejectedAt: Type.Union([Type.String(), Type.Null()]),
});
const InstructionQuery = Type.Object(
  { version: Type.Optional(Type.Union([Type.Literal('09'), Type.Literal('03')])) },
  { additionalProperties: false },
);
const DirectPaymentsQuery = Type.Composite([
  PageQuery,
  Type.Object({ contractId: Type.Optional(IdText), claimId: Type.Optional(IdText) }),
]);

/**
 * Direct payment by the buyer (Framework Act §35), beside the decision route in monitor.routes: the buyer's paying
 * account (checked with the bank's account-holder check), the list of direct payments with how much each reduced
 * the prime's claim, and each one's pain.001.
 */
export const directPaymentRoutes: RouteModule = (app, context) => {
  const db = context.handle.db;

  app.put(
    '/api/v1/buyers/:id/payment-account',
    {
      config: { access: { roles: ['admin', 'official'] } },
      schema: {
        tags: ['monitor'],
        summary: "The account the buyer pays from when it pays a payee directly (checked with the bank's 예금주 조회)",
        params: IdParams,
        body: PaymentAccountBody,
        response: { 200: PaymentAccount },
      },
    },
    async (request) => {
      const buyerId = BigInt(request.params.id);
      const caller = request.caller;
      if (caller.role === 'official' && caller.buyerId !== buyerId) return refuse('not_found');
      const buyer = await db.selectFrom('buyers').select('id').where('id', '=', buyerId).executeTakeFirst();
      if (!buyer) return refuse('not_found');
      const accountNumber = parseAccountNumber(request.body.accountNumber);
      if (!accountNumber) return refuse('invalid_account_number', 'accountNumber');
      const { bankCode, holderName } = request.body;
      const checked = await context.accountHolderCheck(bankCode, accountNumber);
      if (checked.kind === 'not_found') return refuse('unknown_account', 'accountNumber');
      if (checked.kind === 'unavailable') return refuse('unknown_account', 'accountNumber', checked.reason);
      if (checked.holderName !== holderName) return refuse('account_holder_mismatch', 'holderName');
      const now = context.clock.now();
      await auditedWrite(db, caller, now, async (tx) => {
        const before = await tx
          .selectFrom('buyer_payment_accounts')
          .selectAll()
          .where('buyer_id', '=', buyerId)
          .executeTakeFirst();
        const row = {
          bank_code: bankCode,
          account_number: accountNumber,
          holder_name: holderName,
          registered_by: caller.label,
          registered_at: now,
        };
        await tx
          .insertInto('buyer_payment_accounts')
          .values({ buyer_id: buyerId, ...row })
          .onConflict((conflict) => conflict.column('buyer_id').doUpdateSet(row))
          .execute();
        return {
          outcome: null,
          audit: [
            {
              action: 'buyer.payment_account_registered',
              entity: 'buyer',
              entityId: buyerId,
              before: before ? { bankCode: before.bank_code, accountNumber: before.account_number } : null,
              after: { bankCode, accountNumber, holderName },
            },
          ],
        };
      });
      return { buyerId: String(buyerId), bankCode, accountNumber, holderName };
    },
  );

  app.get(
    '/api/v1/direct-payments',
    {
      config: { access: { roles: ['admin', 'auditor', 'official', 'prime'] } },
      schema: {
        tags: ['monitor'],
        summary: "Direct payments by the buyer, each with the amount it reduced the prime's claim by",
        querystring: DirectPaymentsQuery,
        response: { 200: Page(DirectPaymentRow) },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? pageSizeDefault;
      const rows = await db
        .selectFrom('direct_payments as d')
        .selectAll('d')
        .where(partyVisible(request.caller, 'd'))
        .$if(q.contractId !== undefined, (b) => b.where('d.contract_id', '=', BigInt(q.contractId!)))
        .$if(q.claimId !== undefined, (b) => b.where('d.claim_id', '=', BigInt(q.claimId!)))
        .$call(keysetWindow(q, limit, 'd.id'))
        .execute();
      return pageOf(rows, limit, (row) => ({
        id: String(row.id),
        contractId: String(row.contract_id),
        claimId: String(row.claim_id),
        obligationId: String(row.obligation_id),
        suggestionId: String(row.suggestion_id),
        amountWon: String(row.amount_won),
        // A rejected transfer's reduction was reversed in the ledger.
        claimReducedByWon: row.state === 'rejected' ? '0' : String(row.amount_won),
        endToEndId: directPaymentEndToEndId(row.id),
        state: row.state,
        paidOn: row.paid_on,
        decidedBy: row.decided_by,
        decidedAt: row.decided_at.toISOString(),
        rejectionReason: row.rejection_reason,
        rejectedAt: row.rejected_at?.toISOString() ?? null,
      }));
    },
  );

  app.get(
    '/api/v1/direct-payments/:id/instruction',
    {
      config: { access: { roles: ['admin', 'auditor', 'official'] } },
      schema: {
        tags: ['monitor'],
        summary: "A direct payment's transfer instruction (ISO 20022 pain.001.001.09 by default, or 03)",
        params: IdParams,
        querystring: InstructionQuery,
      },
    },
    async (request, reply) => {
      const visible = await db
        .selectFrom('direct_payments as d')
        .select('d.id')
        .where('d.id', '=', BigInt(request.params.id))
        .where(partyVisible(request.caller, 'd'))
        .executeTakeFirst();
      if (!visible) return refuse('not_found');
      const built = await directPaymentInstruction(db, visible.id, request.query.version ?? '09');
      if (built.result !== 'built') return refuse('not_found');
      return reply.type('application/xml; charset=utf-8').send(built.xml);
    },
  );
};

/** Direct payments are for the buyer's officials and the prime of the contract (admins and auditors see all). */
function partyVisible(caller: Caller, alias: string): RawBuilder<boolean> {
  const contract = sql.ref(`${alias}.contract_id`);
  if (caller.role === 'admin' || caller.role === 'auditor') return sql<boolean>`true`;
  if (caller.role === 'official') {
    return sql<boolean>`exists (select 1 from contracts c where c.id = ${contract} and c.buyer_id = ${caller.buyerId})`;
  }
  if (caller.role === 'prime') {
    return sql<boolean>`exists (select 1 from contracts c where c.id = ${contract} and c.prime_firm_id = ${caller.firmId})`;
  }
  return sql<boolean>`false`;
}
