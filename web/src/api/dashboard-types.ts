/**
 * Shapes of the officials' dashboard, money-flow and bank-portal APIs (src/dashboard, src/monitor, src/bank).
 * Amounts are decimal text of whole won.
 */
export type Figures = {
  paidInWon: string;
  dividedWon: string;
  paidOutWon: string;
  paidOnTimeWon: string;
  paidOnTimeCount: number;
  paidLateWon: string;
  paidLateCount: number;
  overdueWon: string;
  overdueCount: number;
  obligationCount: number;
};

export type DashboardData = {
  asOf: string;
  totals: Figures;
  byBuyer: { buyerId: string; name: string; nameEn: string | null; figures: Figures }[];
  byPrime: { firmId: string; name: string; nameEn: string | null; figures: Figures }[];
  byContract: {
    contractId: string;
    contractNumber: string;
    title: string;
    buyerId: string;
    primeFirmId: string;
    figures: Figures;
  }[];
  contractCount: number;
  paymentDays: { fromDays: number; toDays: number | null; count: number; amountWon: string }[];
  onTimeByMonth: { month: string; dueCount: number; onTimeCount: number; lateCount: number; overdueCount: number }[];
  findings: { kind: string; open: number; acknowledged: number }[];
  pendingSuggestions: number;
};

export type FlowGroup = 'prime' | 'subcontract' | 'supply' | 'labour' | 'advance';

export type MoneyFlowData = {
  asOf: string;
  contractId: string;
  contractNumber: string;
  title: string;
  buyerName: string;
  buyerNameEn: string | null;
  paidInWon: string;
  accounts: { purpose: string; paidInWon: string; balanceWon: string }[];
  payees: { key: string; group: FlowGroup; tier: number | null; name: string | null; nameEn: string | null }[];
  links: { purpose: string; payeeKey: string; dividedWon: string; paidWon: string }[];
  obligations: {
    id: string;
    claimId: string;
    claimSequence: number;
    kind: string;
    purpose: string;
    payeeKey: string;
    payeeName: string | null;
    tier: number | null;
    amountWon: string;
    paidWon: string;
    buyerPaidOn: string | null;
    dueOn: string;
    paidOn: string | null;
    status: string;
    daysLate: number;
  }[];
  truncated: boolean;
};

export type FindingItem = {
  id: string;
  kind: string;
  severity: string;
  owner: string;
  state: string;
  contractId: string | null;
  obligationId: string | null;
  payeeKind: string | null;
  payeeId: string | null;
  amountWon: string | null;
  dueOn: string | null;
  daysLate: number | null;
  raisedAt: string;
  resolution: string | null;
};

export type SuggestionItem = {
  id: string;
  contractId: string;
  obligationId: string;
  outstandingWon: string;
  daysOverdue: number;
  suggestedAt: string;
  state: string;
};

export type BankExceptionItem = {
  id: string;
  kind: string;
  state: string;
  contractId: string | null;
  raisedAt: string;
  movement: {
    id: string;
    account: string;
    direction: string;
    currency: string;
    amount: string | null;
    bookedOn: string | null;
    status: string;
    endToEndId: string | null;
    counterpartyName: string | null;
    counterpartyAccount: string | null;
    remittance: string | null;
  };
  decision: string | null;
  note: string | null;
};

export type BankMovementItem = {
  id: string;
  contractId: string | null;
  account: string;
  direction: string;
  currency: string;
  amount: string | null;
  bookedOn: string | null;
  state: string;
  counterpartyName: string | null;
  endToEndId: string | null;
};

export type BankMessageItem = {
  id: string;
  bankName: string | null;
  channel: string;
  name: string | null;
  format: string | null;
  messageId: string | null;
  state: string;
  refusal: string | null;
  receivedAt: string;
  movementCount: number;
  exceptionCount: number;
};
