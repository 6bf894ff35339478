import { assert } from '../kernel/assert.ts';
import type { CivilDate } from '../kernel/civil-date.ts';
import { loanRatePpmPerUnit } from './loan-interest.ts';

/**
 * What a payee may borrow against (issue 6 §1–2). A receivable is a line of an approved division, of a
 * subcontractor or a supplier, that is not yet paid in full: before the buyer pays it is `approved`; after, its
 * obligation is `payable` until the due date and `overdue` after it. A rejected line, or an obligation whose
 * money was returned or diverted, is `disputed`. Pure: facts in, a named result out.
 */
export type ReceivableFacts = {
  readonly claimStatus: 'submitted' | 'rejected' | 'approved' | 'awaiting_release' | 'paid';
  /** The line belongs to the claim's current version (an earlier version's lines are history). */
  readonly currentVersion: boolean;
  readonly lineStatus: 'claimed' | 'rejected';
  readonly lineKind: 'own_share' | 'subcontract' | 'supply' | 'labour' | 'advance';
  readonly payeeKind: 'firm' | 'worker';
  readonly payeeId: bigint;
  readonly amountWon: bigint;
  /** What the line's obligation has received (zero before the buyer pays). */
  readonly paidWon: bigint;
  /** The obligation's due date, once the buyer has paid. */
  readonly dueOn: CivilDate | null;
  /** An open `returned` or `diverted` finding on the line's obligation. */
  readonly disputed: boolean;
};

export type ReceivableStatus = 'approved' | 'payable' | 'overdue' | 'paid' | 'disputed' | 'not_receivable';

export const financedLineKinds: ReadonlySet<ReceivableFacts['lineKind']> = new Set(['subcontract', 'supply']);

export function receivableStatus(facts: ReceivableFacts, today: CivilDate): ReceivableStatus {
  if (!facts.currentVersion || facts.payeeKind !== 'firm' || !financedLineKinds.has(facts.lineKind)) {
    return 'not_receivable';
  }
  if (facts.lineStatus === 'rejected') return 'disputed';
  if (facts.claimStatus === 'submitted' || facts.claimStatus === 'rejected') return 'not_receivable';
  if (facts.paidWon >= facts.amountWon) return 'paid';
  if (facts.disputed) return 'disputed';
  if (facts.dueOn === null) return 'approved';
  return today > facts.dueOn ? 'overdue' : 'payable';
}

/** The most a bank advances against what is still owed: floor(outstanding × advance rate). */
export function maxAdvanceWon(facts: ReceivableFacts, advanceRatePpm: bigint): bigint {
  assert(advanceRatePpm >= 0n && advanceRatePpm <= loanRatePpmPerUnit, 'an advance rate is 0 … 100 %');
  const outstanding = facts.amountWon - facts.paidWon;
  return outstanding <= 0n ? 0n : (outstanding * advanceRatePpm) / loanRatePpmPerUnit;
}

export type EligibilityResult =
  | 'eligible'
  | 'not_receivable_payee'
  | 'receivable_not_approved'
  | 'receivable_paid'
  | 'receivable_disputed'
  | 'receivable_already_assigned'
  | 'amount_exceeds_advance_limit';

/**
 * Judges an application (or, at approval, the application again): the caller's firm is the line's payee, the
 * line is a receivable that is neither paid nor disputed, no other live loan holds it, and the amount is within
 * the advance limit.
 */
export function judgeApplication(
  facts: ReceivableFacts,
  request: { readonly firmId: bigint; readonly amountWon: bigint; readonly assigned: boolean },
  advanceRatePpm: bigint,
  today: CivilDate,
): EligibilityResult {
  assert(request.amountWon > 0n, 'an application asks for a positive amount');
  if (facts.payeeKind !== 'firm' || facts.payeeId !== request.firmId) return 'not_receivable_payee';
  const status = receivableStatus(facts, today);
  if (status === 'not_receivable') return 'receivable_not_approved';
  if (status === 'paid') return 'receivable_paid';
  if (status === 'disputed') return 'receivable_disputed';
  if (request.assigned) return 'receivable_already_assigned';
  if (request.amountWon > maxAdvanceWon(facts, advanceRatePpm)) return 'amount_exceeds_advance_limit';
  return 'eligible';
}
