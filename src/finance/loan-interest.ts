import { assert } from '../kernel/assert.ts';
import { type CivilDate, daysBetween, maxDate } from '../kernel/civil-date.ts';

/**
 * Interest on a loan against a receivable (DESIGN §8: "loans accrue the same way at their own rate"): simple
 * interest per day on the principal outstanding that day, from the day after the advance through the day of
 * repayment, floor(Σ principal × annual rate × days ÷ 365) in whole won, exact in integers. A repayment pays
 * the interest accrued first, then principal. Pure: a function of the loan, its repayments and a day.
 */

/** Millionths a year: one million is 100 %. */
export const loanRatePpmPerUnit = 1_000_000n;
const daysPerYear = 365n;

export type LoanTerms = {
  readonly principalWon: bigint;
  /** The loan's own simple annual rate in millionths (60 000 = 6 %), fixed when it was applied for. */
  readonly annualRatePpm: bigint;
  /** The day the advance was disbursed: interest runs from the day after. */
  readonly advancedOn: CivilDate;
};

/**
 * Money the lender received for the loan on a day: positive for a repayment, negative when a repayment was
 * returned (its ledger entry reversed).
 */
export type LoanRepayment = { readonly on: CivilDate; readonly amountWon: bigint };

export type LoanPosition = {
  readonly principalOutstandingWon: bigint;
  /** Interest accrued from the advance through `asOf` (floored once over the whole sum). */
  readonly interestAccruedWon: bigint;
  readonly interestPaidWon: bigint;
  readonly principalRepaidWon: bigint;
  /** Everything the lender received, net of returns. */
  readonly repaidWon: bigint;
  /** What the lender received beyond principal and interest (zero unless a bank paid it too much). */
  readonly excessWon: bigint;
  /** What would close the loan on `asOf`: principal outstanding plus interest accrued and not paid. */
  readonly dueWon: bigint;
  /** The day the loan was fully repaid, when it was. */
  readonly closedOn: CivilDate | null;
};

export function assertTerms(terms: LoanTerms): void {
  assert(terms.principalWon > 0n, 'a loan advances a positive principal');
  assert(terms.annualRatePpm >= 0n && terms.annualRatePpm <= loanRatePpmPerUnit, 'a loan rate is 0 … 100 %');
}

/**
 * The loan's position on `asOf`, after the repayments dated on or before it (in date order; on one day in the
 * order given). A day's interest is on the principal outstanding at the start of that day, so a repayment on
 * day D pays interest through D.
 */
export function loanPosition(terms: LoanTerms, repayments: readonly LoanRepayment[], asOf: CivilDate): LoanPosition {
  assertTerms(terms);
  const rate = terms.annualRatePpm;
  let principal = terms.principalWon;
  let interestPaid = 0n;
  let excess = 0n;
  let ratedSum = 0n; // Σ principal × rate × days, exact.
  let cursor = terms.advancedOn;
  let closedOn: CivilDate | null = null;
  const accrue = (through: CivilDate) => {
    if (through > cursor) {
      ratedSum += principal * rate * BigInt(daysBetween(cursor, through));
      cursor = through;
    }
  };
  const accrued = () => ratedSum / (daysPerYear * loanRatePpmPerUnit);
  const ordered = repayments
    .map((repayment, index) => ({ repayment, index }))
    .filter(({ repayment }) => repayment.on <= asOf)
    .sort((a, b) => (a.repayment.on < b.repayment.on ? -1 : a.repayment.on > b.repayment.on ? 1 : a.index - b.index));
  for (const { repayment } of ordered) {
    accrue(maxDate(repayment.on, terms.advancedOn));
    let amount = repayment.amountWon;
    if (amount > 0n) {
      const toInterest = minBig(amount, accrued() - interestPaid);
      interestPaid += toInterest;
      amount -= toInterest;
      const toPrincipal = minBig(amount, principal);
      principal -= toPrincipal;
      excess += amount - toPrincipal;
      if (principal === 0n && accrued() === interestPaid) closedOn ??= repayment.on;
    } else if (amount < 0n) {
      // A returned repayment undoes what it paid, last paid first: any excess, then principal, then interest.
      let back = -amount;
      const fromExcess = minBig(back, excess);
      excess -= fromExcess;
      back -= fromExcess;
      const fromPrincipal = minBig(back, terms.principalWon - principal);
      principal += fromPrincipal;
      back -= fromPrincipal;
      const fromInterest = minBig(back, interestPaid);
      interestPaid -= fromInterest;
      back -= fromInterest;
      assert(back === 0n, 'a return never undoes more than was repaid');
      if (principal > 0n || accrued() > interestPaid) closedOn = null;
    }
  }
  // A closed loan accrues nothing more; an open one accrues through asOf.
  if (closedOn === null) accrue(asOf);
  const interestAccrued = accrued();
  assert(interestAccrued >= interestPaid);
  return {
    principalOutstandingWon: principal,
    interestAccruedWon: interestAccrued,
    interestPaidWon: interestPaid,
    principalRepaidWon: terms.principalWon - principal,
    repaidWon: terms.principalWon - principal + interestPaid + excess,
    excessWon: excess,
    dueWon: principal + interestAccrued - interestPaid,
    closedOn,
  };
}

/** Interest on a principal held for whole days, as a borrower would compute it by hand. */
export function simpleLoanInterestWon(principalWon: bigint, annualRatePpm: bigint, days: number): bigint {
  assert(Number.isInteger(days) && days >= 0);
  return (principalWon * annualRatePpm * BigInt(days)) / (daysPerYear * loanRatePpmPerUnit);
}

const minBig = (a: bigint, b: bigint) => (a < b ? a : b);
