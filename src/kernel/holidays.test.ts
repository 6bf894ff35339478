// Specifies Korean business days: weekends and gazette holidays, and an explicit warning past the data.
import { describe, expect, test } from 'vitest';
import { civilDate } from './civil-date.ts';
import {
  addBusinessDays,
  holidayYearLast,
  isBusinessDay,
  isKoreanPublicHoliday,
  koreanHolidayNames,
  onOrNextBusinessDay,
  setUncoveredHolidayYearHandler,
} from './holidays.ts';

describe('Korean public holidays', () => {
  for (const row of [
    { date: '2026-09-25', holiday: true, note: 'Chuseok 2026' },
    { date: '2026-10-09', holiday: true, note: 'Hangul Day' },
    { date: '2026-03-02', holiday: true, note: 'substitute holiday for Independence Movement Day' },
    { date: '2026-12-04', holiday: false, note: 'an ordinary Friday' },
  ]) {
    test(`${row.date} (${row.note})`, () => {
      expect(isKoreanPublicHoliday(civilDate(row.date))).toBe(row.holiday);
    });
  }

  test('holiday names come from the gazette', () => {
    expect(koreanHolidayNames(civilDate('2026-09-25'))).toContain('추석');
  });
});

describe('business days (Civil Act §161)', () => {
  for (const row of [
    { date: '2026-12-05', expected: '2026-12-07', note: 'Saturday → Monday' },
    { date: '2026-09-24', expected: '2026-09-28', note: 'Chuseok Thursday → the Monday after' },
    { date: '2026-12-04', expected: '2026-12-04', note: 'a business day stays' },
  ]) {
    test(`${row.date} → ${row.expected} (${row.note})`, () => {
      expect(onOrNextBusinessDay(civilDate(row.date))).toBe(row.expected);
    });
  }

  test('counting business days skips weekends and holidays', () => {
    expect(addBusinessDays(civilDate('2026-09-23'), 2)).toBe('2026-09-29');
    expect(isBusinessDay(civilDate('2026-09-29'))).toBe(true);
  });

  test('a year beyond the published data warns once and counts weekends only', () => {
    const warned: number[] = [];
    setUncoveredHolidayYearHandler((year) => warned.push(year));
    const year = holidayYearLast + 1;
    const firstOfJanuary = civilDate(`${year}-01-01`);
    expect(isKoreanPublicHoliday(firstOfJanuary)).toBe(false);
    expect(isKoreanPublicHoliday(civilDate(`${year}-01-02`))).toBe(false);
    expect(warned).toEqual([year]);
  });
});
