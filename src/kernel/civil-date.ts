import { Temporal } from 'temporal-polyfill';
import { assert } from './assert.ts';

/**
 * A civil date (`YYYY-MM-DD`) in Korea: a deadline, a booking date, a claim period end. It is never an
 * instant; an instant becomes a civil date only through `seoulDateOf`.
 */
export type CivilDate = string & { readonly __brand: 'CivilDate' };

export const seoulTimeZone = 'Asia/Seoul';

const civilDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD`; an impossible date (2026-02-30) is refused, never rolled over. */
export function parseCivilDate(text: string): CivilDate | undefined {
  const match = civilDatePattern.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return undefined;
  if (day > daysInMonth(year, month)) return undefined;
  return text as CivilDate;
}

export function civilDate(text: string): CivilDate {
  const parsed = parseCivilDate(text);
  assert(parsed, `not a civil date: ${text}`);
  return parsed;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const dayMs = 86_400_000;

/** Days since 1970-01-01 for a civil date (integer arithmetic over UTC midnights, no time zones involved). */
export function epochDay(date: CivilDate): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day) / dayMs;
}

export function fromEpochDay(days: number): CivilDate {
  return new Date(days * dayMs).toISOString().slice(0, 10) as CivilDate;
}

export function addDays(date: CivilDate, days: number): CivilDate {
  return fromEpochDay(epochDay(date) + days);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: CivilDate, to: CivilDate): number {
  return epochDay(to) - epochDay(from);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: CivilDate): number {
  return new Date(epochDay(date) * dayMs).getUTCDay();
}

export function isWeekend(date: CivilDate): boolean {
  const day = dayOfWeek(date);
  return day === 0 || day === 6;
}

/** The civil date in Seoul at an instant. */
export function seoulDateOf(instant: Date): CivilDate {
  const zoned = Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(seoulTimeZone);
  return zoned.toPlainDate().toString() as CivilDate;
}

/** The instant a civil date starts in Seoul. */
export function seoulMidnight(date: CivilDate): Date {
  const zoned = Temporal.PlainDate.from(date).toZonedDateTime({ timeZone: seoulTimeZone });
  return new Date(zoned.epochMilliseconds);
}

export function minDate(a: CivilDate, b: CivilDate): CivilDate {
  return a <= b ? a : b;
}

export function maxDate(a: CivilDate, b: CivilDate): CivilDate {
  return a >= b ? a : b;
}
