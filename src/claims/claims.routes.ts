import { Type } from '@sinclair/typebox';
import { requireStepUp } from '../auth/totp.ts';
import { realTimeOf } from '../http/app-context.ts';
import { refuse } from '../http/refusals.ts';
import { IdParams, IdText, Page, pageOf } from '../http/schemas.ts';
import type { RouteModule } from '../http/server.ts';
import { parseCivilDate } from '../kernel/civil-date.ts';
import { claimLinesMax, pageSizeDefault } from '../kernel/limits.ts';
import { parseWonText, type Won } from '../kernel/money.ts';
import type { ClaimDraft } from './claim.ts';
import {
  claimLines,
  claimTransitions,
  listClaims,
  obligationViews,
  previousPaidClaim,
  summarise,
  visibleClaim,
} from './claim-views.ts';
import {
  ApproveBody,
  Claim,
  ClaimBody,
  ClaimDetail,
  ClaimLine,
  ClaimResult,
  ClaimsQuery,
  InstructionQuery,
  Obligation,
  ObligationsQuery,
  PaymentBody,
  PreviousClaimCheck,
  RejectBody,
  ReverseBody,
  TransfersBody,
  TransfersResult,
  Verification,
} from './claims.schemas.ts';
import { approveClaim, rejectClaim } from './decide-claim.ts';
import { recordBuyerPayment, releaseClaim } from './record-buyer-payment.ts';
import { executeClaimTransfers, reverseTransfer } from './record-transfers.ts';
import { resubmitClaim, submitClaim } from './submit-claim.ts';
import { claimInstruction } from './transfer-instructions.ts';

const everyoneSignedIn = [
  'admin',
  'official',
  'auditor',
  'prime',
  'subcontractor',
  'supplier',
  'bank',
  'worker',
] as const;

const won = (text: string, field: string): Won => parseWonText(text) ?? refuse('invalid_amount', field);
const date = (text: string, field: string) => parseCivilDate(text) ?? refuse('invalid_date', field);
const id = (text: string) => BigInt(text);

/** The request body as the domain's draft: ids, amounts and dates parsed once, here. */
function draftOf(body: ClaimBody): ClaimDraft {
  return {
    periodStart: date(body.periodStart, 'periodStart'),
    periodEnd: date(body.periodEnd, 'periodEnd'),
    totalWon: won(body.totalWon, 'totalWon'),
    lines: body.lines.map((line, index) => {
      const at = `lines[${index}]`;
      return {
        kind: line.kind,
        ...(line.subcontractId ? { subcontractId: id(line.subcontractId) } : {}),
        ...(line.supplyContractId ? { supplyContractId: id(line.supplyContractId) } : {}),
        ...(line.workerEngagementId ? { workerEngagementId: id(line.workerEngagementId) } : {}),
        ...(line.payeeAccountId ? { payeeAccountId: id(line.payeeAccountId) } : {}),
        ...(line.amountWon !== undefined ? { amountWon: won(line.amountWon, `${at}.amountWon`) } : {}),
        ...(line.daysWorked !== undefined ? { daysWorked: line.daysWorked } : {}),
        ...(line.dailyWageWon !== undefined ? { dailyWageWon: won(line.dailyWageWon, `${at}.dailyWageWon`) } : {}),
        ...(line.deliveredOn !== undefined ? { deliveredOn: date(line.deliveredOn, `${at}.deliveredOn`) } : {}),
      };
    }),
  };
}

type ClaimRow = NonNullable<Awaited<ReturnType<typeof visibleClaim>>>;
export const claimOut = (row: ClaimRow) => ({
  id: String(row.id),
  contractId: String(row.contract_id),
  sequence: row.sequence,
  periodStart: row.period_start,
  periodEnd: row.period_end,
  status: row.status,
  flow: row.flow,
  version: row.version,
  totalWon: String(row.total_won),
  submittedOn: row.submitted_on,
  submittedAt: row.submitted_at.toISOString(),
  decidedAt: row.decided_at?.toISOString() ?? null,
  paidOn: row.paid_on,
  releasedOn: row.released_on,
});

const idOrNull = (value: bigint | null) => (value === null ? null : String(value));

type LineRow = Awaited<ReturnType<typeof claimLines>>[number];
const lineOut = (row: LineRow) => ({
  id: String(row.id),
  lineNo: row.line_no,
  kind: row.kind,
  subcontractId: idOrNull(row.subcontract_id),
  supplyContractId: idOrNull(row.supply_contract_id),
  workerEngagementId: idOrNull(row.worker_engagement_id),
  workerId: idOrNull(row.worker_id),
  employerFirmId: idOrNull(row.employer_firm_id),
  payeeKind: row.payee_kind,
  payeeId: String(row.payee_id),
  payeeName: row.payee_name,
  payeeAccountId: String(row.payee_account_id),
  accountMasked: row.account_masked,
  daysWorked: row.days_worked,
  dailyWageWon: row.daily_wage_won === null ? null : String(row.daily_wage_won),
  amountWon: String(row.amount_won),
  deliveredOn: row.delivered_on,
  status: row.status,
  rejectionCode: row.rejection_code,
  rejectionNote: row.rejection_note,
});

type TransitionRow = Awaited<ReturnType<typeof claimTransitions>>[number];
const transitionOut = (row: TransitionRow) => ({
  id: String(row.id),
  action: row.action,
  fromStatus: row.from_status,
  toStatus: row.to_status,
  version: row.claim_version,
  actor: row.actor,
  at: row.at.toISOString(),
  reasonCode: row.reason_code,
  note: row.note,
  rejectedLines: (row.rejected_lines as { lineId: string; reasonCode: string; note?: string }[] | null) ?? null,
});

type ObligationRow = Awaited<ReturnType<typeof obligationViews>>[number];
const obligationOut = (row: ObligationRow) => ({
  id: String(row.id),
  contractId: String(row.contractId),
  claimId: String(row.claimId),
  claimLineId: String(row.claimLineId),
  kind: row.kind,
  payeeKind: row.payeeKind,
  payeeId: String(row.payeeId),
  payeeName: row.payeeName,
  payeeAccountId: String(row.payeeAccountId),
  accountMasked: row.accountMasked,
  amountWon: String(row.amountWon),
  paidWon: String(row.paidWon),
  outstandingWon: String(row.outstandingWon),
  overpaidWon: String(row.overpaidWon),
  paidOn: row.paidOn,
  dueOn: row.dueOn,
  dueBasis: row.dueBasis,
  ruleVersionId: idOrNull(row.ruleVersionId),
  status: row.status,
  judgement: row.judgement,
  daysLate: row.daysLate,
  delayInterestWon: String(row.delayInterestWon),
});

const summaryOut = (summary: ReturnType<typeof summarise>) => ({
  ...summary,
  owedWon: String(summary.owedWon),
  paidWon: String(summary.paidWon),
  delayInterestWon: String(summary.delayInterestWon),
});

/**
 * Claims, their division, approval, the buyer's payment, the divided transfers and the payment verification
 * (DESIGN §2 steps 2–4 and 8). Writes go through the audited domain functions; reads are scoped to the caller.
 */
export const claimRoutes: RouteModule = (app, context) => {
  const db = context.handle.db;
  const clock = context.clock;

  const claimOrNotFound = async (caller: Parameters<typeof visibleClaim>[1], claimId: string) =>
    (await visibleClaim(db, caller, id(claimId))) ?? refuse('not_found');

  app.post(
    '/api/v1/contracts/:id/claims',
    {
      config: { access: { roles: ['prime'] } },
      schema: {
        tags: ['claims'],
        summary: 'Submit a progress claim with its division (기성 청구)',
        params: IdParams,
        body: ClaimBody,
        response: { 200: ClaimResult, 201: ClaimResult },
      },
    },
    async (request, reply) => {
      const outcome = await submitClaim(db, request.caller, clock, id(request.params.id), draftOf(request.body));
      const claim = await visibleClaim(db, request.caller, outcome.claimId);
      return reply
        .status(outcome.result === 'submitted' ? 201 : 200)
        .send({ result: outcome.result, claim: claimOut(claim!) });
    },
  );

  app.put(
    '/api/v1/claims/:id',
    {
      config: { access: { roles: ['prime'] } },
      schema: {
        tags: ['claims'],
        summary: 'Resubmit a rejected claim, edited (a new version; the history is kept)',
        params: IdParams,
        body: ClaimBody,
        response: { 200: ClaimResult },
      },
    },
    async (request) => {
      const outcome = await resubmitClaim(db, request.caller, clock, id(request.params.id), draftOf(request.body));
      const claim = await visibleClaim(db, request.caller, outcome.claimId);
      return { result: outcome.result, claim: claimOut(claim!) };
    },
  );

  app.get(
    '/api/v1/claims',
    {
      config: { access: { roles: everyoneSignedIn } },
      schema: { tags: ['claims'], querystring: ClaimsQuery, response: { 200: Page(Claim) } },
    },
    async (request) => {
      const limit = request.query.limit ?? pageSizeDefault;
      const rows = await listClaims(db, request.caller, {
        limit,
        ...(request.query.contractId ? { contractId: id(request.query.contractId) } : {}),
        ...(request.query.status ? { status: request.query.status as never } : {}),
        ...(request.query.after ? { after: id(request.query.after) } : {}),
      });
      return pageOf(rows, limit, claimOut);
    },
  );

  app.get(
    '/api/v1/claims/:id',
    {
      config: { access: { roles: everyoneSignedIn } },
      schema: { tags: ['claims'], params: IdParams, response: { 200: ClaimDetail } },
    },
    async (request) => {
      const claim = await claimOrNotFound(request.caller, request.params.id);
      const [lines, transitions] = await Promise.all([
        claimLines(db, request.caller, claim, claim.version),
        claimTransitions(db, claim.id),
      ]);
      return { claim: claimOut(claim), lines: lines.map(lineOut), transitions: transitions.map(transitionOut) };
    },
  );

  app.get(
    '/api/v1/claims/:id/versions/:version/lines',
    {
      config: { access: { roles: everyoneSignedIn } },
      schema: {
        tags: ['claims'],
        summary: 'The lines of an earlier version of a claim',
        params: Type.Object({ id: IdText, version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(ClaimLine) }) },
      },
    },
    async (request) => {
      const claim = await claimOrNotFound(request.caller, request.params.id);
      if (request.params.version > claim.version) return refuse('not_found');
      const lines = await claimLines(db, request.caller, claim, request.params.version);
      return { items: lines.map(lineOut) };
    },
  );

  app.post(
    '/api/v1/claims/:id/approve',
    {
      config: { access: { roles: ['official'] } },
      schema: { tags: ['claims'], params: IdParams, body: ApproveBody, response: { 200: ClaimResult } },
    },
    async (request) => {
      // Approving moves public money: a fresh two-factor code first (DESIGN §1, security issue).
      requireStepUp(request, realTimeOf(context).now());
      const outcome = await approveClaim(db, request.caller, clock, id(request.params.id), request.body.note);
      const claim = await visibleClaim(db, request.caller, outcome.claimId);
      return { result: outcome.result, claim: claimOut(claim!) };
    },
  );

  app.post(
    '/api/v1/claims/:id/reject',
    {
      config: { access: { roles: ['official'] } },
      schema: {
        tags: ['claims'],
        summary: 'Reject a claim, or single lines of it, with reason codes',
        params: IdParams,
        body: RejectBody,
        response: { 200: ClaimResult },
      },
    },
    async (request) => {
      const body = request.body;
      const outcome = await rejectClaim(db, request.caller, clock, id(request.params.id), {
        reasonCode: body.reasonCode,
        ...(body.note ? { note: body.note } : {}),
        ...(body.lines
          ? {
              lines: body.lines.map((line) => ({
                lineId: id(line.lineId),
                reasonCode: line.reasonCode,
                ...(line.note ? { note: line.note } : {}),
              })),
            }
          : {}),
      });
      const claim = await visibleClaim(db, request.caller, outcome.claimId);
      return { result: outcome.result, claim: claimOut(claim!) };
    },
  );

  app.post(
    '/api/v1/claims/:id/payment',
    {
      config: { access: { roles: ['official'] } },
      schema: {
        tags: ['claims'],
        summary: "Record the buyer's payment of an approved claim: its lines become obligations",
        params: IdParams,
        body: PaymentBody,
        response: { 200: Type.Object({ result: Type.String(), claim: Claim, obligations: Type.Integer() }) },
      },
    },
    async (request) => {
      requireStepUp(request, realTimeOf(context).now());
      const outcome = await recordBuyerPayment(db, request.caller, clock, id(request.params.id), {
        paidOn: date(request.body.paidOn, 'paidOn'),
        amountWon: won(request.body.amountWon, 'amountWon'),
      });
      const claim = await visibleClaim(db, request.caller, outcome.claimId);
      return { result: outcome.result, claim: claimOut(claim!), obligations: outcome.obligations };
    },
  );

  app.post(
    '/api/v1/claims/:id/release',
    {
      config: { access: { roles: ['prime'] } },
      schema: {
        tags: ['claims'],
        summary: "The older flow's prime approval of a paid claim's division",
        params: IdParams,
        response: { 200: ClaimResult },
      },
    },
    async (request) => {
      const outcome = await releaseClaim(db, request.caller, clock, id(request.params.id));
      const claim = await visibleClaim(db, request.caller, outcome.claimId);
      return { result: outcome.result, claim: claimOut(claim!) };
    },
  );

  app.post(
    '/api/v1/claims/:id/transfers',
    {
      config: { access: { roles: ['bank', 'admin'] } },
      schema: {
        tags: ['claims'],
        summary: "Record the division's transfers as the bank executed them",
        params: IdParams,
        body: TransfersBody,
        response: { 200: TransfersResult },
      },
    },
    async (request) => {
      const body = request.body;
      const outcome = await executeClaimTransfers(db, request.caller, clock, id(request.params.id), {
        executedOn: date(body.executedOn, 'executedOn'),
        ...(body.transfers
          ? {
              transfers: body.transfers.map((transfer, index) => ({
                obligationId: id(transfer.obligationId),
                amountWon: won(transfer.amountWon, `transfers[${index}].amountWon`),
              })),
            }
          : {}),
      });
      return {
        result: outcome.result,
        entries: outcome.entries.map((entry) => ({
          obligationId: String(entry.obligationId),
          entryId: String(entry.entryId),
          amountWon: String(entry.amountWon),
          overpaidWon: String(entry.overpaidWon),
        })),
      };
    },
  );

  app.post(
    '/api/v1/ledger/entries/:id/reverse',
    {
      config: { access: { roles: ['bank', 'admin'] } },
      schema: {
        tags: ['ledger'],
        summary: 'Reverse a booked transfer (returned or booked in error) with a reversing entry',
        params: IdParams,
        body: ReverseBody,
        response: { 200: Type.Object({ result: Type.Literal('reversed'), entryId: IdText }) },
      },
    },
    async (request) => {
      const outcome = await reverseTransfer(db, request.caller, clock, id(request.params.id), {
        effectiveOn: date(request.body.effectiveOn, 'effectiveOn'),
        reason: request.body.reason,
      });
      return { result: outcome.result, entryId: String(outcome.entryId) };
    },
  );

  app.get(
    '/api/v1/obligations',
    {
      config: { access: { roles: everyoneSignedIn } },
      schema: { tags: ['claims'], querystring: ObligationsQuery, response: { 200: Page(Obligation) } },
    },
    async (request) => {
      const limit = request.query.limit ?? pageSizeDefault;
      const rows = await obligationViews(
        db,
        request.caller,
        {
          limit,
          ...(request.query.contractId ? { contractId: id(request.query.contractId) } : {}),
          ...(request.query.claimId ? { claimId: id(request.query.claimId) } : {}),
          ...(request.query.after ? { after: id(request.query.after) } : {}),
        },
        clock.today(),
      );
      return pageOf(rows, limit, obligationOut);
    },
  );

  app.get(
    '/api/v1/claims/:id/verification',
    {
      config: { access: { roles: everyoneSignedIn } },
      schema: {
        tags: ['claims'],
        summary: 'Payment verification: who was owed what, paid when, on time or not',
        params: IdParams,
        response: { 200: Verification },
      },
    },
    async (request) => {
      const claim = await claimOrNotFound(request.caller, request.params.id);
      const today = clock.today();
      const views = await obligationViews(db, request.caller, { claimId: claim.id, limit: claimLinesMax }, today);
      return {
        claim: claimOut(claim),
        today,
        summary: summaryOut(summarise(views)),
        obligations: views.map(obligationOut),
      };
    },
  );

  app.get(
    '/api/v1/claims/:id/previous-claim-check',
    {
      config: { access: { roles: ['admin', 'auditor', 'official', 'prime'] } },
      schema: {
        tags: ['claims'],
        summary: "Before approving: were the previous paid claim's obligations all paid on time?",
        params: IdParams,
        response: { 200: PreviousClaimCheck },
      },
    },
    async (request) => {
      const claim = await claimOrNotFound(request.caller, request.params.id);
      const previous = await previousPaidClaim(db, claim);
      if (!previous) return { claimId: String(claim.id), previousClaim: null, summary: null };
      const views = await obligationViews(
        db,
        request.caller,
        { claimId: previous.id, limit: claimLinesMax },
        clock.today(),
      );
      return { claimId: String(claim.id), previousClaim: claimOut(previous), summary: summaryOut(summarise(views)) };
    },
  );

  app.get(
    '/api/v1/claims/:id/instructions',
    {
      config: { access: { roles: ['admin', 'auditor', 'official', 'prime', 'bank'] } },
      schema: {
        tags: ['claims'],
        summary: 'The ISO 20022 pain.001 transfer instruction of a paid claim (09 by default, or 03)',
        params: IdParams,
        querystring: InstructionQuery,
      },
    },
    async (request, reply) => {
      const claim = await claimOrNotFound(request.caller, request.params.id);
      const built = await claimInstruction(db, claim.id, request.query.version ?? '09');
      if (built.result === 'not_found') return refuse('not_found');
      if (built.result === 'claim_not_paid') return refuse('claim_not_paid');
      if (built.result !== 'built') return refuse('instruction_refused', built.field, built.result);
      return reply
        .type('application/xml; charset=utf-8')
        .header('content-disposition', `attachment; filename="${built.fileName}"`)
        .send(built.xml);
    },
  );
};
