import { createHash } from 'node:crypto';
import type { ReportOutcome, ReportState } from '../db/schema.ts';
import { addDays, type CivilDate } from '../kernel/civil-date.ts';

/**
 * A non-payment report (민원·신고) and its rules, pure: what Hado already knew when it came in, and which steps
 * it may take. The store writes what these decide.
 */

/**
 * Finding kinds that say a payment went wrong. A report is "flagged before" when a finding of one of these
 * kinds on the reporter's obligation (or on the contract for the reporter) was raised before the report came
 * in. Reminders (`upcoming`, `due_today`) and an overpayment are not problems the reporter could have.
 */
export const problemFindingKinds = [
  'overdue',
  'paid_late',
  'short_paid',
  'returned',
  'diverted',
  'unpaid_wage',
  'transfer_rejected',
] as const;

/** One of the reporter's obligations on the contract, unpaid or paid late, as the store found it. */
export type MatchedObligation = {
  readonly obligationId: bigint;
  readonly dueOn: CivilDate;
  readonly outstandingWon: bigint;
  readonly paidOn: CivilDate | null;
};

export type MatchedFinding = {
  readonly findingId: bigint;
  readonly obligationId: bigint | null;
  readonly kind: string;
  readonly raisedAt: Date;
};

export type WhatHadoSaw = {
  /** The first day an obligation of the reporter was overdue (the day after its due date), if one was. */
  readonly overdueSince: CivilDate | null;
  /** Hado had flagged the problem before the report: a problem finding raised earlier, or an obligation overdue. */
  readonly flaggedBefore: boolean;
};

/**
 * What Hado already saw at the moment of the report: an obligation still unpaid after its due date is overdue
 * from the next day (paid late ones were overdue too, until paid); a problem finding raised before the report
 * flags it, and so does an obligation that was already overdue on the day of the report.
 */
export function whatHadoSaw(
  obligations: readonly MatchedObligation[],
  findings: readonly MatchedFinding[],
  receivedAt: Date,
  receivedOn: CivilDate,
): WhatHadoSaw {
  let overdueSince: CivilDate | null = null;
  for (const obligation of obligations) {
    const firstLateDay = addDays(obligation.dueOn, 1);
    const lateAtReport =
      firstLateDay <= receivedOn && (obligation.paidOn === null || obligation.paidOn >= firstLateDay);
    if (lateAtReport && (overdueSince === null || firstLateDay < overdueSince)) overdueSince = firstLateDay;
  }
  const problemKinds: readonly string[] = problemFindingKinds;
  const findingBefore = findings.some(
    (finding) => problemKinds.includes(finding.kind) && finding.raisedAt.getTime() < receivedAt.getTime(),
  );
  return { overdueSince, flaggedBefore: findingBefore || overdueSince !== null };
}

export type ReportStep =
  | { readonly to: 'under_review'; readonly reason: string | null }
  | {
      readonly to: 'resolved';
      readonly outcome: ReportOutcome;
      readonly referredTo: string | null;
      readonly reason: string;
    };

export type StepDecision = 'apply' | 'exists' | 'already_resolved' | 'conflict';

/**
 * Whether a step may be taken from the report's state. Under review comes from received only (asking again is
 * `exists`); a report is resolved once, from received or under review: the same resolution again is `exists`,
 * a different one is refused.
 */
export function decideStep(
  report: { readonly state: ReportState; readonly outcome: ReportOutcome | null; readonly referredTo: string | null },
  lastReason: string | null,
  step: ReportStep,
): StepDecision {
  if (step.to === 'under_review') {
    if (report.state === 'received') return 'apply';
    if (report.state === 'under_review') return 'exists';
    return 'already_resolved';
  }
  if (report.state !== 'resolved') return 'apply';
  const same = report.outcome === step.outcome && report.referredTo === step.referredTo && lastReason === step.reason;
  return same ? 'exists' : 'conflict';
}

/** The hash of what a reporter said: the same report again is recognised, a different one is not. */
export function reportContentHash(content: Record<string, unknown>): string {
  const text = JSON.stringify(content, (_key, value) => (typeof value === 'bigint' ? String(value) : value));
  return createHash('sha256').update(text).digest('hex');
}

/** The reference a reporter sees and quotes: R-000042. */
export const reportReference = (id: bigint): string => `R-${String(id).padStart(6, '0')}`;
