import type { CivilDate } from '../kernel/civil-date.ts';
import { daysBetween } from '../kernel/civil-date.ts';
import type { MonitoredKind } from './finding-kinds.ts';

/** What the monitor knows of an obligation: what is owed, what arrived, and by when. */
export type MonitoredObligation = {
  readonly kind: 'own_share' | 'subcontract' | 'supply' | 'labour' | 'advance';
  readonly amountWon: bigint;
  readonly paidWon: bigint;
  /** The day it was paid in full, if it was. */
  readonly paidOn: CivilDate | null;
  readonly dueOn: CivilDate;
};

export type ObligationStatus =
  | { readonly status: 'not_yet_due'; readonly daysLeft: number }
  | { readonly status: 'upcoming'; readonly daysLeft: number }
  | { readonly status: 'due_today' }
  | { readonly status: 'overdue'; readonly daysLate: number; readonly outstandingWon: bigint }
  | { readonly status: 'paid_on_time' }
  | { readonly status: 'paid_late'; readonly daysLate: number };

/**
 * Where an obligation stands on `today`: paid (on time or late, by how many days), or not yet: not yet due,
 * within the warning period (`warningDays` before the due date, from the rule table), due today, or overdue.
 * Calendar days in Seoul; the due date already moved off weekends and holidays when it was set. Pure.
 */
export function classifyObligation(o: MonitoredObligation, today: CivilDate, warningDays: number): ObligationStatus {
  if (o.paidOn !== null) {
    const daysLate = daysBetween(o.dueOn, o.paidOn);
    return daysLate > 0 ? { status: 'paid_late', daysLate } : { status: 'paid_on_time' };
  }
  const daysLeft = daysBetween(today, o.dueOn);
  if (daysLeft < 0) return { status: 'overdue', daysLate: -daysLeft, outstandingWon: o.amountWon - o.paidWon };
  if (daysLeft === 0) return { status: 'due_today' };
  return daysLeft <= warningDays ? { status: 'upcoming', daysLeft } : { status: 'not_yet_due', daysLeft };
}

/**
 * The findings an obligation gives rise to on `today` (the sweep raises the same, set-based, in SQL). The prime's
 * own share is its own money and raises none; an overdue wage is `unpaid_wage` rather than `overdue`; a partial
 * payment left short after the due date is also `short_paid`. Pure.
 */
export function findingsOf(o: MonitoredObligation, today: CivilDate, warningDays: number): MonitoredKind[] {
  if (o.kind === 'own_share') return [];
  const status = classifyObligation(o, today, warningDays);
  switch (status.status) {
    case 'not_yet_due':
    case 'paid_on_time':
      return [];
    case 'upcoming':
    case 'due_today':
    case 'paid_late':
      return [status.status];
    case 'overdue': {
      const late: MonitoredKind = o.kind === 'labour' ? 'unpaid_wage' : 'overdue';
      return o.paidWon > 0n ? [late, 'short_paid'] : [late];
    }
  }
}

/** Kinds of obligation on which a late payment bears delay interest (Subcontracting Act §13(8), §6(2)). */
export const interestBearingKinds = ['subcontract', 'supply', 'advance'] as const;
