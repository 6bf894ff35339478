import { assert } from '../kernel/assert.ts';
import { addDays, type CivilDate, daysBetween, maxDate, minDate } from '../kernel/civil-date.ts';
import type { Won } from '../kernel/money.ts';
import { type RuleTable, ratePpmPerUnit } from './rule-table.ts';

/** A simple annual interest rate in force from a date, in millionths a year (155 000 = 15.5 %). */
export type DatedRate = { readonly effectiveFrom: CivilDate; readonly ratePpm: bigint };

const daysPerYear = 365n;

export type InterestResult =
  | { readonly result: 'computed'; readonly interestWon: Won; readonly days: number }
  | { readonly result: 'no_rate_in_force'; readonly on: CivilDate };

/**
 * Simple interest in won (DESIGN §8): floor(amount × annual rate × days ÷ 365), counting the days after `from`
 * through `through`, each day at the rate in force on that day. The sum of every day's amount × rate is exact in
 * integers and floored once, so splitting a period at a rate change loses nothing. Pure.
 */
export function simpleInterestWon(
  amount: Won,
  from: CivilDate,
  through: CivilDate,
  rates: readonly DatedRate[],
): InterestResult {
  const days = daysBetween(from, through);
  if (days <= 0) return { result: 'computed', interestWon: 0n as Won, days: 0 };
  const rated = ratedDaysPpm(from, through, rates);
  if (rated === undefined) return { result: 'no_rate_in_force', on: addDays(from, 1) };
  return { result: 'computed', interestWon: ((amount * rated) / (daysPerYear * ratePpmPerUnit)) as Won, days };
}

/**
 * Σ over the days after `from` through `through` of the rate in force that day (ppm-days), exact; undefined
 * when a day has no rate in force. Interest on an amount is floor(amount × this ÷ (365 × 10⁶)).
 */
export function ratedDaysPpm(from: CivilDate, through: CivilDate, rates: readonly DatedRate[]): bigint | undefined {
  if (through <= from) return 0n;
  const sorted = [...rates].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
  const firstDay = addDays(from, 1);
  if (sorted.length === 0 || sorted[0]!.effectiveFrom > firstDay) return undefined;
  let rated = 0n;
  for (const [index, rate] of sorted.entries()) {
    assert(rate.ratePpm >= 0n, 'a rate is never negative');
    const next = sorted[index + 1];
    // This rate covers the days from its start (or the first day counted) to the day before the next rate.
    const segmentFirst = maxDate(rate.effectiveFrom, firstDay);
    const segmentLast = minDate(next ? addDays(next.effectiveFrom, -1) : through, through);
    if (segmentLast < segmentFirst) continue;
    rated += rate.ratePpm * BigInt(daysBetween(segmentFirst, segmentLast) + 1);
  }
  return rated;
}

/**
 * Delay interest on a late payment (Subcontracting Act §13(8)): from the day after `dueOn` through `paidOn`
 * (or today, while unpaid), at the rates of the table's `delay_interest_rate_ppm` versions.
 */
export function delayInterestWon(amount: Won, dueOn: CivilDate, paidOn: CivilDate, table: RuleTable): InterestResult {
  const rates = (table.versions.get('delay_interest_rate_ppm') ?? []).map((version) => ({
    effectiveFrom: version.effectiveFrom,
    ratePpm: version.value,
  }));
  return simpleInterestWon(amount, dueOn, paidOn, rates);
}
