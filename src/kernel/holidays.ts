import * as gazette from '@hyunbinseo/holidays-kr/all';
import { addDays, type CivilDate, isWeekend } from './civil-date.ts';

/**
 * Korean public holidays from the official gazette, as published by @hyunbinseo/holidays-kr. The package
 * covers the years the gazette has published; beyond them Hado knows only weekends and says so.
 */
const holidayNames = new Map<string, readonly string[]>();
for (const year of Object.values(gazette)) {
  for (const [date, names] of Object.entries(year)) holidayNames.set(date, names);
}
const coveredYears = new Set([...holidayNames.keys()].map((date) => Number(date.slice(0, 4))));

export const holidayYearFirst = Math.min(...coveredYears);
export const holidayYearLast = Math.max(...coveredYears);

export function holidaysKnownFor(date: CivilDate): boolean {
  return coveredYears.has(Number(date.slice(0, 4)));
}

const warnedYears = new Set<number>();
/** Receives one warning per uncovered year; the server routes it to its log. */
export let onUncoveredHolidayYear: (year: number) => void = (year) => {
  process.emitWarning(
    `Korean public holidays for ${year} are not published in @hyunbinseo/holidays-kr yet; ` +
      'business days that year count weekends only.',
    { code: 'HADO_HOLIDAYS_UNKNOWN' },
  );
};
export function setUncoveredHolidayYearHandler(handler: (year: number) => void): void {
  onUncoveredHolidayYear = handler;
}

export function koreanHolidayNames(date: CivilDate): readonly string[] {
  return holidayNames.get(date) ?? [];
}

export function isKoreanPublicHoliday(date: CivilDate): boolean {
  if (!holidaysKnownFor(date)) {
    const year = Number(date.slice(0, 4));
    if (!warnedYears.has(year)) {
      warnedYears.add(year);
      onUncoveredHolidayYear(year);
    }
    return false;
  }
  return holidayNames.has(date);
}

export function isBusinessDay(date: CivilDate): boolean {
  return !isWeekend(date) && !isKoreanPublicHoliday(date);
}

/** The date itself when it is a business day, else the next one (Civil Act §161 for a period's last day). */
export function onOrNextBusinessDay(date: CivilDate): CivilDate {
  let current = date;
  while (!isBusinessDay(current)) current = addDays(current, 1);
  return current;
}

/** Counts `days` business days forward from `date` (the start day itself not counted). */
export function addBusinessDays(date: CivilDate, days: number): CivilDate {
  let current = date;
  let remaining = days;
  while (remaining > 0) {
    current = addDays(current, 1);
    if (isBusinessDay(current)) remaining -= 1;
  }
  return current;
}
