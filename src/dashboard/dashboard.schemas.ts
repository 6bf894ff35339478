import { Type } from '@sinclair/typebox';
import { CivilDateText, IdText, WonText } from '../http/schemas.ts';

/** The response shapes of the officials' dashboard API. Amounts are decimal text of whole won; ids are text. */
export const dashboardRoles = ['official', 'admin', 'auditor'] as const;

/** What was paid in, divided, paid out on time or late, and what is overdue: the same figures at every level. */
export const Figures = Type.Object({
  paidInWon: WonText,
  dividedWon: WonText,
  paidOutWon: WonText,
  paidOnTimeWon: WonText,
  paidOnTimeCount: Type.Integer(),
  paidLateWon: WonText,
  paidLateCount: Type.Integer(),
  overdueWon: WonText,
  overdueCount: Type.Integer(),
  obligationCount: Type.Integer(),
});

export const BuyerFigures = Type.Object({
  buyerId: IdText,
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  figures: Figures,
});

export const PrimeFigures = Type.Object({
  firmId: IdText,
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  figures: Figures,
});

export const ContractFigures = Type.Object({
  contractId: IdText,
  contractNumber: Type.String(),
  title: Type.String(),
  buyerId: IdText,
  primeFirmId: IdText,
  figures: Figures,
});

export const DayBucket = Type.Object({
  fromDays: Type.Integer(),
  toDays: Type.Union([Type.Integer(), Type.Null()]),
  count: Type.Integer(),
  amountWon: WonText,
});

export const MonthOnTime = Type.Object({
  month: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' }),
  dueCount: Type.Integer(),
  onTimeCount: Type.Integer(),
  lateCount: Type.Integer(),
  overdueCount: Type.Integer(),
});

export const FindingKindCount = Type.Object({
  kind: Type.String(),
  open: Type.Integer(),
  acknowledged: Type.Integer(),
});

export const Dashboard = Type.Object({
  asOf: CivilDateText,
  totals: Figures,
  byBuyer: Type.Array(BuyerFigures),
  byPrime: Type.Array(PrimeFigures),
  byContract: Type.Array(ContractFigures),
  contractCount: Type.Integer(),
  paymentDays: Type.Array(DayBucket),
  onTimeByMonth: Type.Array(MonthOnTime),
  findings: Type.Array(FindingKindCount),
  pendingSuggestions: Type.Integer(),
});

export const FlowAccount = Type.Object({
  purpose: Type.String(),
  paidInWon: WonText,
  balanceWon: Type.String({ pattern: '^-?(0|[1-9][0-9]{0,17})$' }),
});

export const FlowPayee = Type.Object({
  key: Type.String(),
  group: Type.Union([
    Type.Literal('prime'),
    Type.Literal('subcontract'),
    Type.Literal('supply'),
    Type.Literal('labour'),
    Type.Literal('advance'),
  ]),
  tier: Type.Union([Type.Integer(), Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()]),
  nameEn: Type.Union([Type.String(), Type.Null()]),
});

export const FlowLink = Type.Object({
  purpose: Type.String(),
  payeeKey: Type.String(),
  dividedWon: WonText,
  paidWon: WonText,
});

export const FlowObligation = Type.Object({
  id: IdText,
  claimId: IdText,
  claimSequence: Type.Integer(),
  kind: Type.String(),
  purpose: Type.String(),
  payeeKey: Type.String(),
  payeeName: Type.Union([Type.String(), Type.Null()]),
  tier: Type.Union([Type.Integer(), Type.Null()]),
  amountWon: WonText,
  paidWon: WonText,
  buyerPaidOn: Type.Union([CivilDateText, Type.Null()]),
  dueOn: CivilDateText,
  paidOn: Type.Union([CivilDateText, Type.Null()]),
  status: Type.String(),
  daysLate: Type.Integer(),
});

export const MoneyFlow = Type.Object({
  asOf: CivilDateText,
  contractId: IdText,
  contractNumber: Type.String(),
  title: Type.String(),
  buyerName: Type.String(),
  buyerNameEn: Type.Union([Type.String(), Type.Null()]),
  paidInWon: WonText,
  accounts: Type.Array(FlowAccount),
  payees: Type.Array(FlowPayee),
  links: Type.Array(FlowLink),
  obligations: Type.Array(FlowObligation),
  truncated: Type.Boolean(),
});

export const BankMessageRow = Type.Object({
  id: IdText,
  bankName: Type.Union([Type.String(), Type.Null()]),
  channel: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  format: Type.Union([Type.String(), Type.Null()]),
  messageId: Type.Union([Type.String(), Type.Null()]),
  state: Type.String(),
  refusal: Type.Union([Type.String(), Type.Null()]),
  receivedAt: Type.String(),
  movementCount: Type.Integer(),
  exceptionCount: Type.Integer(),
});
