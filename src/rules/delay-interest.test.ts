// Specifies delay interest (DESIGN §8): floor(amount × rate × days ÷ 365) in won, days from the day after the
// due date through the day of payment, each day at the rate in force that day, exact in integers.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { addDays, civilDate, fromEpochDay } from '../kernel/civil-date.ts';
import { type Won, won } from '../kernel/money.ts';
import { delayInterestWon, simpleInterestWon } from './delay-interest.ts';
import { defaultRuleTable } from './rule-table.ts';

const d = civilDate;

describe('delayInterestWon at 15.5 % a year', () => {
  for (const row of [
    { amount: 100_000_000n, dueOn: '2026-03-17', paidOn: '2026-03-17', interest: 0n, days: 0, why: 'paid on the day' },
    { amount: 100_000_000n, dueOn: '2026-03-17', paidOn: '2026-03-16', interest: 0n, days: 0, why: 'paid early' },
    // 100,000,000 × 0.155 × 1 / 365 = 42,465.75… → 42,465
    { amount: 100_000_000n, dueOn: '2026-03-17', paidOn: '2026-03-18', interest: 42_465n, days: 1, why: 'one day' },
    // × 30 = 1,273,972.6… → 1,273,972
    { amount: 100_000_000n, dueOn: '2026-03-17', paidOn: '2026-04-16', interest: 1_273_972n, days: 30, why: '30 days' },
    // 2028 is a leap year: still ÷ 365; 366 days → 15,542,465.7… → 15,542,465
    {
      amount: 100_000_000n,
      dueOn: '2028-01-01',
      paidOn: '2029-01-01',
      interest: 15_542_465n,
      days: 366,
      why: 'a leap year',
    },
    { amount: 1n, dueOn: '2026-03-17', paidOn: '2026-04-16', interest: 0n, days: 30, why: 'floors to zero' },
  ]) {
    test(`${row.amount} due ${row.dueOn} paid ${row.paidOn} → ${row.interest} (${row.why})`, () => {
      expect(delayInterestWon(won(row.amount), d(row.dueOn), d(row.paidOn), defaultRuleTable)).toEqual({
        result: 'computed',
        interestWon: row.interest,
        days: row.days,
      });
    });
  }
});

describe('each day at the rate in force that day', () => {
  const rates = [
    { effectiveFrom: d('2015-01-01'), ratePpm: 200_000n },
    { effectiveFrom: d('2015-07-01'), ratePpm: 155_000n },
  ];
  test('a period across the change counts its days at each rate and floors once', () => {
    // Due 2015-06-20: 10 days at 20 % (06-21 … 06-30), 10 days at 15.5 % (07-01 … 07-10).
    // 36,500,000 × (0.20 × 10 + 0.155 × 10) / 365 = 355,000 exactly.
    expect(simpleInterestWon(won(36_500_000n), d('2015-06-20'), d('2015-07-10'), rates)).toEqual({
      result: 'computed',
      interestWon: 355_000n,
      days: 20,
    });
  });
  test('a day before any rate has no rate in force', () => {
    expect(simpleInterestWon(won(1_000n), d('2014-12-30'), d('2015-01-05'), rates)).toEqual({
      result: 'no_rate_in_force',
      on: '2014-12-31',
    });
  });
  test('splitting a period at any day never gains more than one won per part (floors only)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.integer({ min: 16_617, max: 20_000 }),
        fc.integer({ min: 1, max: 800 }),
        fc.integer({ min: 0, max: 800 }),
        (amount, startDay, length, cut) => {
          const from = fromEpochDay(startDay);
          const through = addDays(from, length);
          const middle = addDays(from, Math.min(cut, length));
          const whole = simpleInterestWon(amount as Won, from, through, rates);
          const first = simpleInterestWon(amount as Won, from, middle, rates);
          const second = simpleInterestWon(amount as Won, middle, through, rates);
          if (whole.result !== 'computed' || first.result !== 'computed' || second.result !== 'computed') return false;
          const parts = first.interestWon + second.interestWon;
          return parts <= whole.interestWon && whole.interestWon - parts <= 1n;
        },
      ),
    );
  });
});
