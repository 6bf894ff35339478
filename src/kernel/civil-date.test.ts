// Specifies civil dates: strict parsing (no roll-over), day arithmetic, and Seoul's date of an instant.
import { describe, expect, test } from 'vitest';
import {
  addDays,
  civilDate,
  dayOfWeek,
  daysBetween,
  parseCivilDate,
  seoulDateOf,
  seoulMidnight,
} from './civil-date.ts';

describe('parseCivilDate', () => {
  for (const [text, valid] of [
    ['2026-02-28', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-02-30', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-1-1', false],
    ['20260101', false],
  ] as const) {
    test(`${text} is ${valid ? 'a date' : 'refused'}`, () => {
      expect(parseCivilDate(text) !== undefined).toBe(valid);
    });
  }
});

describe('arithmetic', () => {
  test('adding days crosses months and years', () => {
    expect(addDays(civilDate('2026-12-25'), 15)).toBe('2027-01-09');
    expect(addDays(civilDate('2028-02-28'), 1)).toBe('2028-02-29');
    expect(daysBetween(civilDate('2026-01-01'), civilDate('2026-12-31'))).toBe(364);
  });
  test('day of week', () => {
    expect(dayOfWeek(civilDate('2026-12-04'))).toBe(5); // a Friday
  });
});

describe('Seoul time', () => {
  test('an instant late in the UTC day is already the next day in Seoul', () => {
    expect(seoulDateOf(new Date('2026-03-10T15:30:00Z'))).toBe('2026-03-11');
    expect(seoulDateOf(new Date('2026-03-10T14:59:59Z'))).toBe('2026-03-10');
  });
  test('a Seoul midnight is 15:00 UTC the day before', () => {
    expect(seoulMidnight(civilDate('2026-03-11')).toISOString()).toBe('2026-03-10T15:00:00.000Z');
  });
});
