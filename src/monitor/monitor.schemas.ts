import { Type } from '@sinclair/typebox';
import { CivilDateText, IdText, WonText } from '../http/schemas.ts';
import { pageSizeMax } from '../kernel/limits.ts';

/** The request and response shapes of the monitoring API. Amounts are decimal text of whole won. */
export const signedInRoles = [
  'admin',
  'official',
  'auditor',
  'prime',
  'subcontractor',
  'supplier',
  'bank',
  'worker',
] as const;

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((value) => Type.Literal(value)));

export const FindingKindText = Type.String({ pattern: '^[a-z_]{1,40}$' });
export const FindingState = literals(['open', 'acknowledged', 'resolved'] as const);

export const FindingsQuery = Type.Object(
  {
    kind: Type.Optional(FindingKindText),
    state: Type.Optional(FindingState),
    severity: Type.Optional(literals(['info', 'warning', 'critical'] as const)),
    contractId: Type.Optional(IdText),
    obligationId: Type.Optional(IdText),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: pageSizeMax })),
    after: Type.Optional(IdText),
  },
  { additionalProperties: false },
);

export const Finding = Type.Object({
  id: IdText,
  kind: Type.String(),
  severity: Type.String(),
  owner: Type.String(),
  state: Type.String(),
  contractId: Type.Union([IdText, Type.Null()]),
  obligationId: Type.Union([IdText, Type.Null()]),
  movementId: Type.Union([IdText, Type.Null()]),
  payeeKind: Type.Union([Type.String(), Type.Null()]),
  payeeId: Type.Union([IdText, Type.Null()]),
  amountWon: Type.Union([WonText, Type.Null()]),
  dueOn: Type.Union([CivilDateText, Type.Null()]),
  daysLate: Type.Union([Type.Integer(), Type.Null()]),
  raisedAt: Type.String(),
  acknowledgedBy: Type.Union([Type.String(), Type.Null()]),
  acknowledgedAt: Type.Union([Type.String(), Type.Null()]),
  resolvedBy: Type.Union([Type.String(), Type.Null()]),
  resolvedAt: Type.Union([Type.String(), Type.Null()]),
  resolution: Type.Union([Type.String(), Type.Null()]),
});

export const Reason = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 2_000 }) },
  { additionalProperties: false },
);

export const FindingTransition = Type.Object({
  fromState: Type.String(),
  toState: Type.String(),
  actor: Type.String(),
  reason: Type.String(),
  at: Type.String(),
});

export const obligationStatuses = [
  'not_yet_due',
  'upcoming',
  'due_today',
  'overdue',
  'paid_on_time',
  'paid_late',
] as const;

export const MonitoredObligationsQuery = Type.Object(
  {
    status: Type.Optional(literals(obligationStatuses)),
    kind: Type.Optional(literals(['own_share', 'subcontract', 'supply', 'labour', 'advance'] as const)),
    contractId: Type.Optional(IdText),
    dueFrom: Type.Optional(CivilDateText),
    dueTo: Type.Optional(CivilDateText),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: pageSizeMax })),
    after: Type.Optional(IdText),
  },
  { additionalProperties: false },
);

export const MonitoredObligation = Type.Object({
  id: IdText,
  contractId: IdText,
  claimId: IdText,
  kind: Type.String(),
  payeeKind: Type.String(),
  payeeId: IdText,
  payeeName: Type.Union([Type.String(), Type.Null()]),
  amountWon: WonText,
  paidWon: WonText,
  outstandingWon: WonText,
  dueOn: CivilDateText,
  paidOn: Type.Union([CivilDateText, Type.Null()]),
  status: Type.String(),
  daysLate: Type.Integer(),
  delayInterestWon: WonText,
});

export const InterestLine = Type.Object({
  obligationId: IdText,
  kind: Type.String(),
  payeeKind: Type.String(),
  payeeId: IdText,
  payeeName: Type.Union([Type.String(), Type.Null()]),
  amountWon: WonText,
  paidWon: WonText,
  outstandingWon: WonText,
  dueOn: CivilDateText,
  paidOn: Type.Union([CivilDateText, Type.Null()]),
  judgement: Type.String(),
  daysLate: Type.Integer(),
  bearsInterest: Type.Boolean(),
  delayInterestWon: WonText,
});

export const InterestStatement = Type.Object({
  asOf: CivilDateText,
  rule: Type.String(),
  rates: Type.Array(Type.Object({ effectiveFrom: CivilDateText, ratePpm: Type.String(), source: Type.String() })),
  lines: Type.Array(InterestLine),
  totalInterestWon: WonText,
});

export const Suggestion = Type.Object({
  id: IdText,
  contractId: IdText,
  obligationId: IdText,
  findingId: Type.Union([IdText, Type.Null()]),
  outstandingWon: WonText,
  daysOverdue: Type.Integer(),
  suggestedAt: Type.String(),
  state: Type.String(),
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
});

export const SuggestionsQuery = Type.Object(
  {
    state: Type.Optional(literals(['pending', 'taken', 'declined'] as const)),
    contractId: Type.Optional(IdText),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: pageSizeMax })),
    after: Type.Optional(IdText),
  },
  { additionalProperties: false },
);

export const Decision = Type.Object(
  { decision: literals(['take', 'decline'] as const), reason: Type.String({ minLength: 1, maxLength: 2_000 }) },
  { additionalProperties: false },
);

/** A direct payment as the API shows it (Framework Act §35). */
export const DirectPayment = Type.Object({
  id: Type.String(),
  obligationId: Type.String(),
  claimId: Type.String(),
  amountWon: Type.String(),
  /** The prime's claim is reduced by exactly what the buyer pays directly. */
  claimReducedByWon: Type.String(),
  endToEndId: Type.String(),
  messages: Type.Optional(Type.Integer()),
  state: Type.Optional(Type.String()),
  paidOn: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});

export const DecisionAnswer = Type.Object({ state: Type.String(), directPayment: Type.Optional(DirectPayment) });

export const Counts = Type.Object({
  upcoming: Type.Integer(),
  due_today: Type.Integer(),
  overdue: Type.Integer(),
  paid_late: Type.Integer(),
  short_paid: Type.Integer(),
  returned: Type.Integer(),
  diverted: Type.Integer(),
  unpaid_wage: Type.Integer(),
});
