/**
 * Financing against receivables (issue 6, DESIGN §2 step 7): a payee borrows against an approved, unpaid share
 * from a participating bank; the share is assigned to the lender, and when the division executes the lender is
 * repaid first (principal + interest per day at the loan's rate) and the rest goes to the payee.
 */
export { financeRoutes } from './finance.routes.ts';
export {
  type ApplyInput,
  type ApproveInput,
  applyForLoan,
  approveLoan,
  assignedStatuses,
  type DividedPayment,
  declineLoan,
  divideAssignedTransfers,
  type LenderTransfer,
  lenderRepayments,
  lenderTransfersFor,
  loanRatesOn,
  type PaymentToDivide,
  receivableFacts,
  recordDisbursement,
  settleLoans,
} from './finance.store.ts';
export { judgeApplication, maxAdvanceWon, type ReceivableFacts, receivableStatus } from './loan-eligibility.ts';
export {
  lenderEndToEndIdOf,
  lenderEndToEndLoanPattern,
  lenderEndToEndPattern,
  parseLenderEndToEndId,
} from './loan-end-to-end-id.ts';
export {
  type LoanPosition,
  type LoanRepayment,
  type LoanTerms,
  loanPosition,
  simpleLoanInterestWon,
} from './loan-interest.ts';
export { bankPortfolio, listLoans, loanStatement, loanVisible, visibleLoan } from './loan-views.ts';
export { type Division, divideAssignedPayment, divideAssignedPayments } from './loan-waterfall.ts';
export { noticeOverdueLoans } from './overdue-loans.ts';
