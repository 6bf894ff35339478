import { assert } from '../kernel/assert.ts';
import type { CivilDate } from '../kernel/civil-date.ts';

/**
 * The periods the dashboard's charts count in. Pure.
 */

/** A range of days from the buyer's payment to a payee's; `toDays` null is open-ended. */
export type PaymentDayBucket = { readonly fromDays: number; readonly toDays: number | null };

/**
 * Days from the buyer's payment to the payee's, in the ranges the law speaks in: 5 days (wages), 15 days
 * (subcontract and supply shares), 30 and 60 days (the outer limit from delivery). A payment before the buyer's
 * (possible when the prime advances money) counts in the first range.
 */
export const paymentDayBuckets: readonly PaymentDayBucket[] = [
  { fromDays: 0, toDays: 5 },
  { fromDays: 6, toDays: 10 },
  { fromDays: 11, toDays: 15 },
  { fromDays: 16, toDays: 30 },
  { fromDays: 31, toDays: 60 },
  { fromDays: 61, toDays: null },
];

/** The `count` months (`YYYY-MM`) that end with the month of `today`, oldest first. */
export function monthsEndingWith(today: CivilDate, count: number): string[] {
  assert(Number.isInteger(count) && count >= 1 && count <= 120);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const months: string[] = [];
  for (let back = count - 1; back >= 0; back -= 1) {
    const index = year * 12 + (month - 1) - back;
    months.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  return months;
}
