// Specifies the arithmetic of the impact statistics: exact integer rounding of changes, rates, shares and
// durations, and the periods they compare (docs/REPORTS.md).
import { describe, expect, test } from 'vitest';
import { civilDate } from '../kernel/civil-date.ts';
import {
  changeOf,
  divideRounded,
  durationFigures,
  lastTwelveMonths,
  partialMonthsOf,
  percentOf,
  ratePer100,
  wholeMonthsIn,
  yearEarlier,
} from './report-figures.ts';

describe('change from the same period a year earlier', () => {
  for (const row of [
    { previous: 168, current: 106, difference: -62, percent: -37, oneDecimal: '-36.9', direction: 'decrease' },
    { previous: 150, current: 162, difference: 12, percent: 8, oneDecimal: '8.0', direction: 'increase' },
    { previous: 318, current: 268, difference: -50, percent: -16, oneDecimal: '-15.7', direction: 'decrease' },
    { previous: 8, current: 9, difference: 1, percent: 13, oneDecimal: '12.5', direction: 'increase' }, // 12.5 → 13
    { previous: 8, current: 7, difference: -1, percent: -13, oneDecimal: '-12.5', direction: 'decrease' }, // away from zero
    { previous: 200, current: 199, difference: -1, percent: -1, oneDecimal: '-0.5', direction: 'decrease' },
    { previous: 3, current: 3, difference: 0, percent: 0, oneDecimal: '0.0', direction: 'unchanged' },
    { previous: 40, current: 0, difference: -40, percent: -100, oneDecimal: '-100.0', direction: 'decrease' },
  ]) {
    test(`${row.previous} → ${row.current} is ${row.percent} % (${row.oneDecimal})`, () => {
      expect(changeOf(row.previous, row.current)).toEqual({
        previous: row.previous,
        current: row.current,
        difference: row.difference,
        percent: row.percent,
        percentOneDecimal: row.oneDecimal,
        direction: row.direction,
      });
    });
  }
  test('nothing the year before: no percentage, only the difference', () => {
    expect(changeOf(0, 5)).toEqual({
      previous: 0,
      current: 5,
      difference: 5,
      percent: null,
      percentOneDecimal: null,
      direction: 'increase',
    });
  });
  test('the seed brochure\'s "63 %" is 106 as a share of 168, not the decrease', () => {
    expect(percentOf(106, 168)).toBe(63);
    expect(changeOf(168, 106).percent).toBe(-37);
  });
});

describe('reports per 100 contracts', () => {
  for (const row of [
    { reports: 106, contracts: 600, expected: '17.7' }, // 17.666… → 17.7
    { reports: 162, contracts: 450, expected: '36.0' },
    { reports: 1, contracts: 40, expected: '2.5' },
    { reports: 1, contracts: 80, expected: '1.3' }, // 1.25 → 1.3 (halves up)
    { reports: 0, contracts: 25, expected: '0.0' },
  ]) {
    test(`${row.reports} reports on ${row.contracts} contracts → ${row.expected}`, () => {
      expect(ratePer100(row.reports, row.contracts, 20).per100Contracts).toBe(row.expected);
    });
  }
  test('below the contract minimum (or none) the rate is not shown, the counts are', () => {
    expect(ratePer100(6, 1, 20)).toEqual({ reports: 6, contracts: 1, per100Contracts: null });
    expect(ratePer100(0, 0, 0)).toEqual({ reports: 0, contracts: 0, per100Contracts: null });
  });
});

describe('durations', () => {
  test('odd count: the middle value; mean to one decimal', () => {
    // 2, 5, 9 days: median 5, mean 16/3 = 5.33 → 5.3
    expect(durationFigures({ count: 3, sumDays: 16, middleSumDays: 5, middleCount: 1 })).toEqual({
      meanDays: '5.3',
      medianDays: '5.0',
    });
  });
  test('even count: the mean of the two middle values', () => {
    // 2, 5, 8, 9 days: median (5 + 8) / 2 = 6.5, mean 24/4 = 6.0
    expect(durationFigures({ count: 4, sumDays: 24, middleSumDays: 13, middleCount: 2 })).toEqual({
      meanDays: '6.0',
      medianDays: '6.5',
    });
  });
  test('none resolved', () => {
    expect(durationFigures({ count: 0, sumDays: 0, middleSumDays: 0, middleCount: 0 })).toEqual({
      meanDays: null,
      medianDays: null,
    });
  });
});

describe('rounding and periods', () => {
  test('halves go away from zero, exactly', () => {
    expect(divideRounded(5n, 2n)).toBe(3n);
    expect(divideRounded(-5n, 2n)).toBe(-3n);
    expect(divideRounded(9_007_199_254_740_993n * 3n, 3n)).toBe(9_007_199_254_740_993n);
  });
  test('a year earlier keeps the dates; 29 February becomes the 28th', () => {
    expect(yearEarlier(civilDate('2026-03-31'))).toBe('2025-03-31');
    expect(yearEarlier(civilDate('2028-02-29'))).toBe('2027-02-28');
  });
  test('outside counts are monthly: whole months inside the period only', () => {
    expect(wholeMonthsIn(civilDate('2025-01-15'), civilDate('2025-04-30'))).toEqual([
      '2025-02-01',
      '2025-03-01',
      '2025-04-01',
    ]);
    expect(partialMonthsOf(civilDate('2025-01-15'), civilDate('2025-04-29'))).toEqual(['2025-01-01', '2025-04-01']);
    expect(partialMonthsOf(civilDate('2025-01-01'), civilDate('2025-12-31'))).toEqual([]);
  });
  test('the default period is the twelve whole months before this one', () => {
    expect(lastTwelveMonths(civilDate('2026-03-10'))).toEqual({ from: '2025-03-01', to: '2026-02-28' });
  });
});
