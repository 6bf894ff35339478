// Specifies quiet hours and backoff: non-urgent messages wait until the quiet span ends (Seoul wall-clock time, a
// span may wrap midnight), urgent ones never wait; retry delays double up to their cap.
import { describe, expect, test } from 'vitest';
import { outboxRetryDelayMsMax } from '../kernel/limits.ts';
import { defaultQuietHours, parseQuietHours, sendableAt } from './quiet-hours.ts';
import { retryDelayMs } from './retry-delay.ts';

describe('quiet hours (21:00–08:00 Seoul)', () => {
  for (const row of [
    { now: '2026-03-10T11:59:00Z', seoul: '20:59', expected: '2026-03-10T11:59:00.000Z' },
    { now: '2026-03-10T12:00:00Z', seoul: '21:00', expected: '2026-03-10T23:00:00.000Z' },
    { now: '2026-03-10T15:00:00Z', seoul: '00:00', expected: '2026-03-10T23:00:00.000Z' },
    { now: '2026-03-10T22:59:00Z', seoul: '07:59', expected: '2026-03-10T23:00:00.000Z' },
    { now: '2026-03-10T23:00:00Z', seoul: '08:00', expected: '2026-03-10T23:00:00.000Z' },
  ]) {
    test(`a non-urgent message at ${row.seoul} goes at ${row.expected}`, () => {
      expect(sendableAt(new Date(row.now), false, defaultQuietHours).toISOString()).toBe(row.expected);
      expect(sendableAt(new Date(row.now), true, defaultQuietHours).toISOString()).toBe(
        new Date(row.now).toISOString(),
      );
    });
  }

  test('a span within one day, and none at all', () => {
    const lunch = parseQuietHours('12:00-13:00')!;
    expect(sendableAt(new Date('2026-03-10T03:30:00Z'), false, lunch).toISOString()).toBe('2026-03-10T04:00:00.000Z');
    expect(sendableAt(new Date('2026-03-10T13:30:00Z'), false, null).toISOString()).toBe('2026-03-10T13:30:00.000Z');
  });

  for (const text of ['21:00-08:00', 'off', '9:00-10:00', '21:00-21:00', '25:00-08:00', 'nonsense']) {
    test(`parses "${text}"`, () => {
      const parsed = parseQuietHours(text);
      if (text === '21:00-08:00') expect(parsed).toEqual(defaultQuietHours);
      else if (text === 'off') expect(parsed).toBeNull();
      else expect(parsed).toBeUndefined();
    });
  }
});

describe('retry delay', () => {
  test('doubles from the base and stops at the cap', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, 30_000))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(40, 30_000)).toBe(outboxRetryDelayMsMax);
  });
});
