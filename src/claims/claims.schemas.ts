import { type Static, Type } from '@sinclair/typebox';
import { CivilDateText, IdText, WonText } from '../http/schemas.ts';
import { claimLinesMax, textLengthMax, transfersPerRequestMax } from '../kernel/limits.ts';
import { rejectionReasonCodes } from './claim.ts';

/** The shapes of the claims API: requests validated at the boundary, responses serialised exactly. */

const Nullable = <T extends import('@sinclair/typebox').TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const ClaimLineKindText = Type.Union([
  Type.Literal('own_share'),
  Type.Literal('subcontract'),
  Type.Literal('supply'),
  Type.Literal('labour'),
  Type.Literal('advance'),
]);

export const ClaimLineBody = Type.Object(
  {
    kind: ClaimLineKindText,
    subcontractId: Type.Optional(IdText),
    supplyContractId: Type.Optional(IdText),
    workerEngagementId: Type.Optional(IdText),
    payeeAccountId: Type.Optional(IdText),
    amountWon: Type.Optional(WonText),
    daysWorked: Type.Optional(Type.Integer({ minimum: 1, maximum: 31 })),
    dailyWageWon: Type.Optional(WonText),
    deliveredOn: Type.Optional(CivilDateText),
  },
  { additionalProperties: false },
);

export const ClaimBody = Type.Object(
  {
    periodStart: CivilDateText,
    periodEnd: CivilDateText,
    totalWon: WonText,
    lines: Type.Array(ClaimLineBody, { minItems: 1, maxItems: claimLinesMax }),
  },
  { additionalProperties: false },
);
export type ClaimBody = Static<typeof ClaimBody>;

export const ReasonCode = Type.Union(rejectionReasonCodes.map((code) => Type.Literal(code)));
const Note = Type.String({ minLength: 1, maxLength: textLengthMax });

export const ApproveBody = Type.Object({ note: Type.Optional(Note) }, { additionalProperties: false });

export const RejectBody = Type.Object(
  {
    reasonCode: ReasonCode,
    note: Type.Optional(Note),
    lines: Type.Optional(
      Type.Array(
        Type.Object(
          { lineId: IdText, reasonCode: ReasonCode, note: Type.Optional(Note) },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: claimLinesMax },
      ),
    ),
  },
  { additionalProperties: false },
);

export const PaymentBody = Type.Object({ paidOn: CivilDateText, amountWon: WonText }, { additionalProperties: false });

export const TransfersBody = Type.Object(
  {
    executedOn: CivilDateText,
    transfers: Type.Optional(
      Type.Array(Type.Object({ obligationId: IdText, amountWon: WonText }, { additionalProperties: false }), {
        minItems: 1,
        maxItems: transfersPerRequestMax,
      }),
    ),
  },
  { additionalProperties: false },
);

export const ReverseBody = Type.Object(
  { effectiveOn: CivilDateText, reason: Type.String({ minLength: 1, maxLength: textLengthMax }) },
  { additionalProperties: false },
);

export const ClaimsQuery = Type.Object(
  {
    contractId: Type.Optional(IdText),
    status: Type.Optional(
      Type.Union(['submitted', 'rejected', 'approved', 'awaiting_release', 'paid'].map((s) => Type.Literal(s))),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    after: Type.Optional(IdText),
  },
  { additionalProperties: false },
);

export const ObligationsQuery = Type.Object(
  {
    contractId: Type.Optional(IdText),
    claimId: Type.Optional(IdText),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    after: Type.Optional(IdText),
  },
  { additionalProperties: false },
);

export const InstructionQuery = Type.Object(
  { version: Type.Optional(Type.Union([Type.Literal('09'), Type.Literal('03')])) },
  { additionalProperties: false },
);

export const Claim = Type.Object({
  id: IdText,
  contractId: IdText,
  sequence: Type.Integer(),
  periodStart: CivilDateText,
  periodEnd: CivilDateText,
  status: Type.String(),
  flow: Type.String(),
  version: Type.Integer(),
  totalWon: WonText,
  submittedOn: CivilDateText,
  submittedAt: Type.String(),
  decidedAt: Nullable(Type.String()),
  paidOn: Nullable(CivilDateText),
  releasedOn: Nullable(CivilDateText),
});

export const ClaimLine = Type.Object({
  id: IdText,
  lineNo: Type.Integer(),
  kind: Type.String(),
  subcontractId: Nullable(IdText),
  supplyContractId: Nullable(IdText),
  workerEngagementId: Nullable(IdText),
  workerId: Nullable(IdText),
  employerFirmId: Nullable(IdText),
  payeeKind: Type.String(),
  payeeId: IdText,
  payeeName: Nullable(Type.String()),
  payeeAccountId: IdText,
  accountMasked: Type.String(),
  daysWorked: Nullable(Type.Integer()),
  dailyWageWon: Nullable(WonText),
  amountWon: WonText,
  deliveredOn: Nullable(CivilDateText),
  status: Type.String(),
  rejectionCode: Nullable(Type.String()),
  rejectionNote: Nullable(Type.String()),
});

export const Transition = Type.Object({
  id: IdText,
  action: Type.String(),
  fromStatus: Nullable(Type.String()),
  toStatus: Type.String(),
  version: Type.Integer(),
  actor: Type.String(),
  at: Type.String(),
  reasonCode: Nullable(Type.String()),
  note: Nullable(Type.String()),
  rejectedLines: Nullable(
    Type.Array(Type.Object({ lineId: IdText, reasonCode: Type.String(), note: Type.Optional(Type.String()) })),
  ),
});

export const ClaimDetail = Type.Object({
  claim: Claim,
  lines: Type.Array(ClaimLine),
  transitions: Type.Array(Transition),
});

export const ClaimResult = Type.Object({
  result: Type.String(),
  claim: Claim,
});

export const Obligation = Type.Object({
  id: IdText,
  contractId: IdText,
  claimId: IdText,
  claimLineId: IdText,
  kind: Type.String(),
  payeeKind: Type.String(),
  payeeId: IdText,
  payeeName: Nullable(Type.String()),
  payeeAccountId: IdText,
  accountMasked: Type.String(),
  amountWon: WonText,
  paidWon: WonText,
  outstandingWon: WonText,
  overpaidWon: WonText,
  paidOn: Nullable(CivilDateText),
  dueOn: CivilDateText,
  dueBasis: Type.String(),
  ruleVersionId: Nullable(IdText),
  status: Type.String(),
  judgement: Type.String(),
  daysLate: Type.Integer(),
  delayInterestWon: WonText,
});

export const VerificationSummary = Type.Object({
  obligations: Type.Integer(),
  paidOnTime: Type.Integer(),
  paidLate: Type.Integer(),
  notYetDue: Type.Integer(),
  overdue: Type.Integer(),
  held: Type.Integer(),
  owedWon: WonText,
  paidWon: WonText,
  delayInterestWon: WonText,
  allPaidOnTime: Type.Boolean(),
});

export const Verification = Type.Object({
  claim: Claim,
  today: CivilDateText,
  summary: VerificationSummary,
  obligations: Type.Array(Obligation),
});

export const PreviousClaimCheck = Type.Object({
  claimId: IdText,
  previousClaim: Nullable(Claim),
  summary: Nullable(VerificationSummary),
});

export const TransfersResult = Type.Object({
  result: Type.Literal('recorded'),
  entries: Type.Array(Type.Object({ obligationId: IdText, entryId: IdText, amountWon: WonText, overpaidWon: WonText })),
});
