import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { BankCode, CivilDateText, IdText, Name, WonText } from '../http/schemas.ts';
import { loanDeclineReasonLengthMax, pageSizeMax, textLengthMax } from '../kernel/limits.ts';

/** The shapes of the financing API (docs/FINANCING.md): requests validated at the boundary, answers exact. */

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Literals = <T extends readonly string[]>(values: T) => Type.Union(values.map((value) => Type.Literal(value)));

export const loanStatuses = ['applied', 'declined', 'advanced', 'repaid', 'at_risk'] as const;
const LoanStatusText = Literals(loanStatuses);
const ReceivableStatusText = Literals(['approved', 'payable', 'overdue', 'paid', 'disputed'] as const);

export const Receivable = Type.Object({
  claimLineId: IdText,
  claimId: IdText,
  contractId: IdText,
  contractNumber: Type.String(),
  claimSequence: Type.Integer(),
  kind: Literals(['subcontract', 'supply'] as const),
  amountWon: WonText,
  paidWon: WonText,
  outstandingWon: WonText,
  obligationId: Nullable(IdText),
  dueOn: Nullable(CivilDateText),
  status: ReceivableStatusText,
  assignedWon: WonText,
  loanId: Nullable(IdText),
  loanStatus: Nullable(LoanStatusText),
  maxAdvanceWon: WonText,
  eligible: Type.Boolean(),
  ineligibleReason: Nullable(Type.String()),
});

export const Loan = Type.Object({
  id: IdText,
  contractId: IdText,
  contractNumber: Type.String(),
  claimId: IdText,
  claimLineId: IdText,
  obligationId: Nullable(IdText),
  borrowerFirmId: IdText,
  borrowerName: Type.String(),
  bankId: IdText,
  bankCode: Type.String(),
  bankName: Type.String(),
  receivableWon: WonText,
  principalWon: WonText,
  advanceRatePpm: WonText,
  annualRatePpm: WonText,
  status: LoanStatusText,
  appliedOn: CivilDateText,
  decidedOn: Nullable(CivilDateText),
  declineReason: Nullable(Type.String()),
  advancedOn: Nullable(CivilDateText),
  lenderAccountMasked: Nullable(Type.String()),
  repaidWon: WonText,
  interestPaidWon: WonText,
  principalOutstandingWon: WonText,
  interestAccruedWon: WonText,
  dueWon: WonText,
  daysOutstanding: Type.Integer({ minimum: 0 }),
  closedOn: Nullable(CivilDateText),
  atRiskReason: Nullable(Literals(['returned', 'diverted'] as const)),
  dueOn: Nullable(CivilDateText),
  receivableStatus: ReceivableStatusText,
});

export const LoanEvent = Type.Object({
  on: Nullable(CivilDateText),
  kind: Literals(['applied', 'declined', 'advanced', 'repayment', 'returned', 'repaid', 'at_risk'] as const),
  amountWon: Nullable(Type.String({ pattern: '^-?(0|[1-9][0-9]{0,17})$' })),
  principalWon: Nullable(Type.String({ pattern: '^-?(0|[1-9][0-9]{0,17})$' })),
  interestWon: Nullable(Type.String({ pattern: '^-?(0|[1-9][0-9]{0,17})$' })),
  entryId: Nullable(IdText),
  note: Nullable(Type.String()),
});

export const LoanStatement = Type.Object({ loan: Loan, events: Type.Array(LoanEvent) });

export const LoanResult = Type.Object({
  result: Literals(['applied', 'exists', 'advanced', 'declined'] as const),
  loan: Loan,
});

export const ApplyBody = Type.Object(
  { claimLineId: IdText, bankCode: BankCode, amountWon: WonText },
  { additionalProperties: false },
);
export type ApplyBody = Static<typeof ApplyBody>;

export const ApproveBody = Type.Object(
  {
    repaymentAccountNumber: Type.String({ pattern: '^[0-9]{10,16}$' }),
    repaymentHolderName: Name,
    note: Type.Optional(Type.String({ maxLength: textLengthMax })),
  },
  { additionalProperties: false },
);
export type ApproveBody = Static<typeof ApproveBody>;

export const DeclineBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: loanDeclineReasonLengthMax }) },
  { additionalProperties: false },
);

export const LoansQuery = Type.Object(
  {
    status: Type.Optional(LoanStatusText),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: pageSizeMax })),
    after: Type.Optional(IdText),
  },
  { additionalProperties: false },
);

const Bucket = Type.Object({ count: Type.Integer({ minimum: 0 }), principalWon: WonText, repaidWon: WonText });

export const Portfolio = Type.Object({
  totals: Type.Object({ open: Bucket, repaid: Bucket, atRisk: Bucket, applied: Bucket, declined: Bucket }),
  items: Type.Array(Loan),
});

export const LendingBank = Type.Object({ id: IdText, code: Type.String(), name: Type.String() });
