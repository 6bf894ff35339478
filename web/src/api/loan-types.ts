/**
 * The financing API's shapes as the loan screens read them (src/finance/finance.schemas.ts, docs/FINANCING.md).
 * Ids and amounts are decimal text of whole won; dates are civil dates (`YYYY-MM-DD`).
 */
export type LoanStatus = 'applied' | 'declined' | 'advanced' | 'repaid' | 'at_risk';
export type ReceivableStatus = 'approved' | 'payable' | 'overdue' | 'paid' | 'disputed';

export const loanStatuses: readonly LoanStatus[] = ['applied', 'advanced', 'at_risk', 'repaid', 'declined'];
export const receivableStatuses: readonly ReceivableStatus[] = ['approved', 'payable', 'overdue', 'paid', 'disputed'];

export type Receivable = {
  claimLineId: string;
  claimId: string;
  contractId: string;
  contractNumber: string;
  claimSequence: number;
  kind: 'subcontract' | 'supply';
  amountWon: string;
  paidWon: string;
  outstandingWon: string;
  obligationId: string | null;
  dueOn: string | null;
  status: ReceivableStatus;
  assignedWon: string;
  loanId: string | null;
  loanStatus: LoanStatus | null;
  maxAdvanceWon: string;
  eligible: boolean;
  ineligibleReason: string | null;
};

export type LendingBank = { id: string; code: string; name: string };

export type Loan = {
  id: string;
  contractId: string;
  contractNumber: string;
  claimId: string;
  claimLineId: string;
  obligationId: string | null;
  borrowerFirmId: string;
  borrowerName: string;
  bankId: string;
  bankCode: string;
  bankName: string;
  receivableWon: string;
  principalWon: string;
  advanceRatePpm: string;
  annualRatePpm: string;
  status: LoanStatus;
  appliedOn: string;
  decidedOn: string | null;
  declineReason: string | null;
  advancedOn: string | null;
  lenderAccountMasked: string | null;
  repaidWon: string;
  interestPaidWon: string;
  principalOutstandingWon: string;
  interestAccruedWon: string;
  dueWon: string;
  daysOutstanding: number;
  closedOn: string | null;
  atRiskReason: 'returned' | 'diverted' | null;
  dueOn: string | null;
  receivableStatus: ReceivableStatus;
};

export type LoanEventKind = 'applied' | 'declined' | 'advanced' | 'repayment' | 'returned' | 'repaid' | 'at_risk';

export type LoanEvent = {
  on: string | null;
  kind: LoanEventKind;
  amountWon: string | null;
  principalWon: string | null;
  interestWon: string | null;
  entryId: string | null;
  note: string | null;
};

export type LoanStatement = { loan: Loan; events: LoanEvent[] };

export type LoanResult = { result: 'applied' | 'exists' | 'advanced' | 'declined'; loan: Loan };

/** A portfolio bucket as the API sends it (src/finance/loan-views.ts). */
export type PortfolioBucket = { count: number; principalWon: string; repaidWon: string };

export type Portfolio = {
  totals: {
    open: PortfolioBucket;
    repaid: PortfolioBucket;
    atRisk: PortfolioBucket;
    applied: PortfolioBucket;
    declined: PortfolioBucket;
  };
  items: Loan[];
};

/** Parts per million → a percentage for reading (`800000` → `80`, `60000` → `6`, `62500` → `6.25`), exact. */
export function ppmAsPercent(ppm: string): string {
  const value = BigInt(ppm);
  const whole = value / 10_000n;
  const rest = value % 10_000n;
  if (rest === 0n) return whole.toString();
  return `${whole}.${rest.toString().padStart(4, '0').replace(/0+$/, '')}`;
}

/** Interest for one day on what is outstanding, in whole won (floor), as the loan accrues it (docs/FINANCING.md). */
export function dailyInterestWon(loan: Pick<Loan, 'principalOutstandingWon' | 'annualRatePpm'>): string {
  return ((BigInt(loan.principalOutstandingWon) * BigInt(loan.annualRatePpm)) / (365n * 1_000_000n)).toString();
}
