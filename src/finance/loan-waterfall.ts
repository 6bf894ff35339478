import { assert } from '../kernel/assert.ts';
import type { CivilDate } from '../kernel/civil-date.ts';
import { type LoanRepayment, type LoanTerms, loanPosition } from './loan-interest.ts';

/**
 * The waterfall of an assigned receivable (DESIGN §2 step 7): a payment of the obligation pays the lender
 * first — principal plus the interest accrued to the day of payment — and the rest goes to the payee. A
 * partial payment repays the loan in part. Pure.
 */
export type Division = { readonly lenderWon: bigint; readonly payeeWon: bigint };

/** Divides `paymentWon` between a lender still owed `lenderDueWon` and the payee. */
export function divideAssignedPayment(paymentWon: bigint, lenderDueWon: bigint): Division {
  assert(paymentWon >= 0n, 'a payment is never negative');
  const lenderWon = lenderDueWon <= 0n ? 0n : paymentWon < lenderDueWon ? paymentWon : lenderDueWon;
  const division = { lenderWon, payeeWon: paymentWon - lenderWon };
  assert(division.lenderWon + division.payeeWon === paymentWon, 'a division neither creates nor loses money');
  return division;
}

/**
 * Divides several payments of one assigned obligation in order: each pays the lender what it is owed on that
 * payment's day, given the repayments before it (earlier ones and those divided here).
 */
export function divideAssignedPayments(
  terms: LoanTerms,
  earlier: readonly LoanRepayment[],
  payments: readonly { readonly amountWon: bigint; readonly paidOn: CivilDate }[],
): Division[] {
  const repayments = [...earlier];
  return payments.map((payment) => {
    const due = loanPosition(terms, repayments, payment.paidOn).dueWon;
    const division = divideAssignedPayment(payment.amountWon, due);
    if (division.lenderWon > 0n) repayments.push({ on: payment.paidOn, amountWon: division.lenderWon });
    return division;
  });
}
