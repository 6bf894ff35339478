import { Temporal } from 'temporal-polyfill';
import { assert } from '../kernel/assert.ts';
import { addDays, type CivilDate } from '../kernel/civil-date.ts';

/**
 * The arithmetic of the impact statistics, pure and exact: every figure is computed on integers (bigint) and
 * rounded once, by the rule written next to it (docs/REPORTS.md). No float ever touches a published number.
 */

/** n ÷ d rounded half away from zero to an integer; d > 0. */
export function divideRounded(n: bigint, d: bigint): bigint {
  assert(d > 0n, 'a divisor is positive');
  const magnitude = n < 0n ? -n : n;
  const rounded = (2n * magnitude + d) / (2n * d);
  return n < 0n ? -rounded : rounded;
}

/** Tenths as text with one decimal: -369 → "-36.9", 5 → "0.5". */
export function tenthsText(tenths: bigint): string {
  const negative = tenths < 0n;
  const magnitude = negative ? -tenths : tenths;
  return `${negative ? '-' : ''}${magnitude / 10n}.${magnitude % 10n}`;
}

export type Change = {
  readonly previous: number;
  readonly current: number;
  readonly difference: number;
  /** Whole percent, half away from zero; null when the previous period had none. */
  readonly percent: number | null;
  /** The same to one decimal ("-36.9"). */
  readonly percentOneDecimal: string | null;
  readonly direction: 'increase' | 'decrease' | 'unchanged';
};

/**
 * The change from `previous` to `current` as a share of `previous`: 168 → 106 is −62 ÷ 168 = −36.90…% → −37 %
 * (a 37 % decrease; 106 is 63 % *of* 168, which is not a decrease of 63 %).
 */
export function changeOf(previous: number, current: number): Change {
  assert(Number.isSafeInteger(previous) && previous >= 0 && Number.isSafeInteger(current) && current >= 0);
  const difference = current - previous;
  const direction = difference > 0 ? 'increase' : difference < 0 ? 'decrease' : 'unchanged';
  if (previous === 0) return { previous, current, difference, percent: null, percentOneDecimal: null, direction };
  const d = BigInt(difference);
  const p = BigInt(previous);
  return {
    previous,
    current,
    difference,
    percent: Number(divideRounded(d * 100n, p)),
    percentOneDecimal: tenthsText(divideRounded(d * 1000n, p)),
    direction,
  };
}

export type Rate = {
  readonly reports: number;
  readonly contracts: number;
  /** Reports per 100 contracts to one decimal (half up); null below `contractsMin` contracts. */
  readonly per100Contracts: string | null;
};

export function ratePer100(reports: number, contracts: number, contractsMin: number): Rate {
  assert(Number.isSafeInteger(reports) && reports >= 0 && Number.isSafeInteger(contracts) && contracts >= 0);
  const per100Contracts =
    contracts === 0 || contracts < contractsMin
      ? null
      : tenthsText(divideRounded(BigInt(reports) * 1000n, BigInt(contracts)));
  return { reports, contracts, per100Contracts };
}

/** A share as a whole percent, half up; null when there is nothing to share. */
export function percentOf(part: number, whole: number): number | null {
  assert(part >= 0 && part <= whole);
  return whole === 0 ? null : Number(divideRounded(BigInt(part) * 100n, BigInt(whole)));
}

export type Durations = {
  readonly count: number;
  readonly sumDays: number;
  /** The middle value's sum and how many values it is (1 for an odd count, 2 for an even one). */
  readonly middleSumDays: number;
  readonly middleCount: number;
};

/** Mean days to one decimal (half up) and the median exactly (a half when the count is even). */
export function durationFigures(durations: Durations): { meanDays: string | null; medianDays: string | null } {
  if (durations.count === 0) return { meanDays: null, medianDays: null };
  assert(durations.middleCount === (durations.count % 2 === 1 ? 1 : 2), 'the median takes one or two middle values');
  return {
    meanDays: tenthsText(divideRounded(BigInt(durations.sumDays) * 10n, BigInt(durations.count))),
    medianDays: tenthsText((BigInt(durations.middleSumDays) * 10n) / BigInt(durations.middleCount)),
  };
}

/** The same dates a year earlier (29 February becomes the 28th). */
export function yearEarlier(date: CivilDate): CivilDate {
  return Temporal.PlainDate.from(date).subtract({ years: 1 }).toString() as CivilDate;
}

/** `YYYY-MM-01` of every month that lies wholly inside [from, to]: outside counts are monthly. */
export function wholeMonthsIn(from: CivilDate, to: CivilDate): CivilDate[] {
  const months: CivilDate[] = [];
  let month = Temporal.PlainDate.from(from).with({ day: 1 });
  if (month.toString() !== from) month = month.add({ months: 1 });
  for (;;) {
    const end = month.add({ months: 1 }).subtract({ days: 1 });
    if (Temporal.PlainDate.compare(end, Temporal.PlainDate.from(to)) > 0) return months;
    months.push(month.toString() as CivilDate);
    month = month.add({ months: 1 });
  }
}

/** `YYYY-MM-01` of every month the period touches only in part (at most the first and the last). */
export function partialMonthsOf(from: CivilDate, to: CivilDate): CivilDate[] {
  const whole = new Set(wholeMonthsIn(from, to));
  const touched = new Set<CivilDate>();
  let month = Temporal.PlainDate.from(from).with({ day: 1 });
  const last = Temporal.PlainDate.from(to).with({ day: 1 });
  while (Temporal.PlainDate.compare(month, last) <= 0) {
    touched.add(month.toString() as CivilDate);
    month = month.add({ months: 1 });
  }
  return [...touched].filter((m) => !whole.has(m));
}

/** The default period: the last twelve whole months before today's month. */
export function lastTwelveMonths(today: CivilDate): { from: CivilDate; to: CivilDate } {
  const thisMonth = Temporal.PlainDate.from(today).with({ day: 1 });
  return {
    from: thisMonth.subtract({ months: 12 }).toString() as CivilDate,
    to: addDays(thisMonth.toString() as CivilDate, -1),
  };
}
