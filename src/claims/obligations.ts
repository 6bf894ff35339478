import type { ClaimLineKind, Purpose } from '../db/schema.ts';
import { assert } from '../kernel/assert.ts';
import { type CivilDate, daysBetween } from '../kernel/civil-date.ts';
import { type Won, won } from '../kernel/money.ts';
import type { EntryDraft, OverpaymentDraft, PostingLine } from '../ledger/index.ts';
import {
  type DueBasis,
  dueDateOf,
  type RuleName,
  type RuleTable,
  type RuleVersion,
  ratedDaysPpm,
  ratePpmPerUnit,
} from '../rules/index.ts';
import { sourcePurposeOf } from './claim.ts';

/**
 * Obligations (DESIGN §2 step 3): when the buyer pays an approved claim, each line of its division becomes an
 * obligation to its payee, due on the date the rule table gives. Pure: the store writes what these return.
 */
export type PaidLine = {
  readonly lineId: bigint;
  readonly kind: ClaimLineKind;
  readonly subcontractId: bigint | null;
  readonly payeeKind: 'firm' | 'worker';
  readonly payeeId: bigint;
  readonly payeeAccountId: bigint;
  readonly amountWon: bigint;
  readonly deliveredOn: CivilDate | null;
};

export type NewObligation = {
  readonly claimLineId: bigint;
  readonly kind: ClaimLineKind;
  readonly payeeKind: 'firm' | 'worker';
  readonly payeeId: bigint;
  readonly payeeAccountId: bigint;
  readonly sourcePurpose: Purpose;
  readonly amountWon: bigint;
  readonly dueOn: CivilDate;
  readonly dueBasis: DueBasis;
  readonly rule: RuleVersion | undefined;
};

export type ObligationsResult =
  | { readonly result: 'obligations'; readonly obligations: readonly NewObligation[] }
  | { readonly result: 'no_rule_in_force'; readonly rule: RuleName; readonly on: CivilDate };

/**
 * The obligations a buyer's payment on `buyerPaidOn` creates. Subcontract and supply shares are due 15 days
 * after the payment and never later than 60 days from delivery; wages 5 days after the labour claim was
 * submitted (`labourClaimSubmittedOn`, the submission the official approved); an advance to a subcontractor 15
 * days after the payment; the prime's own share and own advance on the day of payment.
 */
export function obligationsOf(
  lines: readonly PaidLine[],
  dates: { readonly buyerPaidOn: CivilDate; readonly labourClaimSubmittedOn: CivilDate },
  table: RuleTable,
): ObligationsResult {
  const obligations: NewObligation[] = [];
  for (const line of lines) {
    const due = dueDateOf(
      line.kind === 'labour'
        ? { kind: 'labour', labourClaimSubmittedOn: dates.labourClaimSubmittedOn }
        : line.kind === 'subcontract' || line.kind === 'supply'
          ? { kind: line.kind, buyerPaidOn: dates.buyerPaidOn, deliveredOn: line.deliveredOn ?? dates.buyerPaidOn }
          : line.kind === 'advance'
            ? { kind: 'advance', buyerPaidOn: dates.buyerPaidOn, toSubcontractor: line.subcontractId !== null }
            : { kind: 'own_share', buyerPaidOn: dates.buyerPaidOn },
      table,
    );
    if (due.result !== 'due') return due;
    obligations.push({
      claimLineId: line.lineId,
      kind: line.kind,
      payeeKind: line.payeeKind,
      payeeId: line.payeeId,
      payeeAccountId: line.payeeAccountId,
      sourcePurpose: sourcePurposeOf(line.kind),
      amountWon: line.amountWon,
      dueOn: due.dueOn,
      dueBasis: due.basis,
      rule: due.rule,
    });
  }
  return { result: 'obligations', obligations };
}

/**
 * The two entries of a buyer's payment: the money arriving in the dedicated accounts (cash), and the division
 * becoming payable to each payee (memo), one line per obligation so each can be traced.
 */
export function buyerPaymentEntries(
  claim: { readonly contractId: bigint; readonly claimId: bigint; readonly paidOn: CivilDate; readonly memo: string },
  obligations: readonly {
    readonly id: bigint;
    readonly payeeAccountId: bigint;
    readonly sourcePurpose: Purpose;
    readonly amountWon: bigint;
  }[],
): EntryDraft[] {
  assert(obligations.length > 0, 'a paid claim has obligations');
  const byPurpose = new Map<Purpose, bigint>();
  let total = 0n;
  for (const obligation of obligations) {
    byPurpose.set(obligation.sourcePurpose, (byPurpose.get(obligation.sourcePurpose) ?? 0n) + obligation.amountWon);
    total += obligation.amountWon;
  }
  const cash: PostingLine[] = [
    ...[...byPurpose].map(([purpose, amountWon]) => ({
      account: { kind: 'dedicated' as const, purpose },
      side: 'debit' as const,
      amountWon,
    })),
    { account: { kind: 'buyer_funding' }, side: 'credit', amountWon: total },
  ];
  const memo: PostingLine[] = [
    { account: { kind: 'division_control' }, side: 'debit', amountWon: total },
    ...obligations.map((obligation) => ({
      account: { kind: 'payable' as const, payeeAccountId: obligation.payeeAccountId },
      side: 'credit' as const,
      amountWon: obligation.amountWon,
      obligationId: obligation.id,
    })),
  ];
  const common = { contractId: claim.contractId, claimId: claim.claimId, effectiveOn: claim.paidOn };
  return [
    { ...common, kind: 'buyer_payment', memo: claim.memo, lines: cash },
    { ...common, kind: 'obligations_recognised', memo: claim.memo, lines: memo },
  ];
}

/** One obligation's payment as a bank executed it (or reported it). */
export type ObligationPayment = {
  readonly obligation: {
    readonly id: bigint;
    readonly contractId: bigint;
    readonly claimId: bigint;
    readonly payeeAccountId: bigint;
    readonly sourcePurpose: Purpose;
    readonly amountWon: bigint;
    readonly paidWon: bigint;
  };
  readonly amountWon: bigint;
  readonly paidOn: CivilDate;
  /**
   * The account the money reached when it is not the obligation's payee's: the lender's, for the lender's part of
   * an assigned obligation (financing, issue 6). The obligation is settled the same either way.
   */
  readonly toPayeeAccountId?: bigint;
};

/**
 * The entry of a transfer out of a dedicated account to a payee: the money leaves (cash) and the obligation is
 * settled (memo). Anything beyond what the obligation still owed is an overpayment, recorded with the entry.
 * `alreadyPaidWon` counts earlier payments of the same obligation in the same batch.
 */
export function transferEntry(payment: ObligationPayment, alreadyPaidWon = 0n): EntryDraft {
  const { obligation, amountWon } = payment;
  assert(amountWon > 0n, 'a transfer moves a positive amount');
  const paidBefore = obligation.paidWon + alreadyPaidWon;
  // Once paid in full, every further won is excess; before that, only what goes beyond the amount.
  const excess = paidBefore >= obligation.amountWon ? amountWon : paidBefore + amountWon - obligation.amountWon;
  const overpayments: OverpaymentDraft[] =
    excess > 0n ? [{ obligationId: obligation.id, payeeAccountId: obligation.payeeAccountId, amountWon: excess }] : [];
  const tagged = (line: Omit<PostingLine, 'obligationId'>): PostingLine => ({ ...line, obligationId: obligation.id });
  return {
    contractId: obligation.contractId,
    claimId: obligation.claimId,
    kind: 'transfer_out',
    effectiveOn: payment.paidOn,
    memo: `obligation ${obligation.id}`,
    lines: [
      tagged({
        account: { kind: 'payee_received', payeeAccountId: payment.toPayeeAccountId ?? obligation.payeeAccountId },
        side: 'debit',
        amountWon,
      }),
      tagged({ account: { kind: 'dedicated', purpose: obligation.sourcePurpose }, side: 'credit', amountWon }),
      tagged({ account: { kind: 'payable', payeeAccountId: obligation.payeeAccountId }, side: 'debit', amountWon }),
      tagged({ account: { kind: 'division_control' }, side: 'credit', amountWon }),
    ],
    overpayments,
  };
}

// ---- Verification ----------------------------------------------------------------------------------------

export type ObligationJudgement = 'paid_on_time' | 'paid_late' | 'not_yet_due' | 'overdue' | 'held';

export type ObligationVerdict = {
  readonly judgement: ObligationJudgement;
  readonly paidWon: bigint;
  readonly outstandingWon: bigint;
  readonly overpaidWon: bigint;
  /** Days from the due date to full payment (or to today while unpaid); zero when on time. */
  readonly daysLate: number;
  /** Delay interest on each day's outstanding amount at the rate in force that day (DESIGN §8). */
  readonly delayInterestWon: Won;
};

/**
 * Judges one obligation on `today`: paid on time, paid late, not yet due, overdue — or held, when the older flow
 * waits for the prime's approval and the due date has not passed. Interest accrues on the amount outstanding
 * each day after the due date through the day it is paid (a payment on a day still counts that day). Pure.
 */
export function judgeObligation(
  obligation: {
    readonly amountWon: bigint;
    readonly dueOn: CivilDate;
    readonly status: 'held' | 'open';
    /**
     * False for what is due `on_payment` (the prime's own share, its own advance): no statutory period runs, so
     * it is never late and earns no interest.
     */
    readonly statutory?: boolean;
    /** Net movements to the payee for this obligation, by day (returns negative). */
    readonly movements: readonly { readonly on: CivilDate; readonly amountWon: bigint }[];
  },
  today: CivilDate,
  table: RuleTable,
): ObligationVerdict {
  const movements = [...obligation.movements].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  let paid = 0n;
  let paidOn: CivilDate | undefined;
  for (const movement of movements) {
    paid += movement.amountWon;
    paidOn = paid >= obligation.amountWon ? (paidOn ?? movement.on) : undefined;
  }
  const outstanding = paid >= obligation.amountWon ? 0n : obligation.amountWon - paid;
  const overpaid = paid > obligation.amountWon ? paid - obligation.amountWon : 0n;
  const end = paidOn ?? today;
  const rates = (table.versions.get('delay_interest_rate_ppm') ?? []).map((version) => ({
    effectiveFrom: version.effectiveFrom,
    ratePpm: version.value,
  }));
  // Outstanding amount by segment: it changes the day after each movement.
  let ratedWonPpmDays = 0n;
  let balance = obligation.amountWon;
  let segmentStart = obligation.dueOn; // exclusive
  const accrue = (through: CivilDate) => {
    if (through <= segmentStart) return;
    const owed = balance > 0n ? balance : 0n;
    const rated = ratedDaysPpm(segmentStart, through, rates);
    if (owed > 0n && rated !== undefined) ratedWonPpmDays += owed * rated;
    segmentStart = through;
  };
  for (const movement of movements) {
    if (movement.on > end) break;
    accrue(movement.on);
    balance -= movement.amountWon;
  }
  accrue(end);
  const interest = won(ratedWonPpmDays / (365n * ratePpmPerUnit));
  const statutory = obligation.statutory ?? true;
  const daysLate = statutory && end > obligation.dueOn ? daysBetween(obligation.dueOn, end) : 0;
  const judgement: ObligationJudgement = !statutory
    ? outstanding === 0n
      ? 'paid_on_time'
      : obligation.status === 'held'
        ? 'held'
        : 'not_yet_due'
    : outstanding === 0n
      ? daysLate > 0 && paidOn !== undefined && paidOn > obligation.dueOn
        ? 'paid_late'
        : 'paid_on_time'
      : today > obligation.dueOn
        ? 'overdue'
        : obligation.status === 'held'
          ? 'held'
          : 'not_yet_due';
  return {
    judgement,
    paidWon: paid,
    outstandingWon: outstanding,
    overpaidWon: overpaid,
    daysLate: judgement === 'paid_on_time' || judgement === 'not_yet_due' || judgement === 'held' ? 0 : daysLate,
    delayInterestWon: judgement === 'paid_on_time' || !statutory ? won(0n) : interest,
  };
}
