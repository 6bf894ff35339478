// Specifies a loan's interest and position (DESIGN §8, issue 6): floor(Σ principal × rate × days ÷ 365) in won
// from the day after the advance through the day of repayment, interest paid before principal, returns undone.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { addDays, civilDate } from '../kernel/civil-date.ts';
import { loanPosition, simpleLoanInterestWon } from './loan-interest.ts';

const d = civilDate;
const terms = { principalWon: 100_000_000n, annualRatePpm: 60_000n, advancedOn: d('2026-03-02') };

describe('interest at 6 % a year on ₩100,000,000', () => {
  for (const row of [
    { asOf: '2026-03-02', interest: 0n, why: 'on the day of the advance' },
    // 100,000,000 × 0.06 × 1 / 365 = 16,438.35… → 16,438
    { asOf: '2026-03-03', interest: 16_438n, why: 'one day' },
    // × 30 = 493,150.68… → 493,150
    { asOf: '2026-04-01', interest: 493_150n, why: '30 days' },
    // × 365 = 6,000,000 exactly
    { asOf: '2027-03-02', interest: 6_000_000n, why: 'a year' },
  ]) {
    test(`${row.why}: ₩${row.interest}`, () => {
      const position = loanPosition(terms, [], d(row.asOf));
      expect(position.interestAccruedWon).toBe(row.interest);
      expect(position.dueWon).toBe(terms.principalWon + row.interest);
      expect(position.closedOn).toBeNull();
    });
  }
});

describe('repayments', () => {
  test('paying principal plus interest to the day closes the loan on that day, and nothing accrues after', () => {
    const on = d('2026-04-01');
    const due = 100_000_000n + 493_150n;
    const position = loanPosition(terms, [{ on, amountWon: due }], d('2026-06-01'));
    expect(position).toMatchObject({
      principalOutstandingWon: 0n,
      interestPaidWon: 493_150n,
      interestAccruedWon: 493_150n,
      repaidWon: due,
      excessWon: 0n,
      dueWon: 0n,
      closedOn: on,
    });
  });

  test('a partial repayment pays interest first, then principal; interest then runs on what is left', () => {
    // Day 30: 493,150 accrued; 10,493,150 pays it and 10,000,000 of principal.
    const position = loanPosition(terms, [{ on: d('2026-04-01'), amountWon: 10_493_150n }], d('2026-05-01'));
    expect(position.principalOutstandingWon).toBe(90_000_000n);
    expect(position.interestPaidWon).toBe(493_150n);
    // Σ = 100M × 30 days + 90M × 30 days at 6 %: floor((3.0e9 + 2.7e9) × 60,000 ÷ 365e6) = 936,986
    expect(position.interestAccruedWon).toBe(936_986n);
    expect(position.dueWon).toBe(90_000_000n + 936_986n - 493_150n);
    expect(position.closedOn).toBeNull();
  });

  test('a returned repayment opens the loan again, principal first', () => {
    const on = d('2026-04-01');
    const due = 100_493_150n;
    const position = loanPosition(
      terms,
      [
        { on, amountWon: due },
        { on: d('2026-04-03'), amountWon: -due },
      ],
      d('2026-04-03'),
    );
    expect(position.closedOn).toBeNull();
    expect(position.repaidWon).toBe(0n);
    expect(position.principalOutstandingWon).toBe(100_000_000n);
  });

  test('more than is owed is excess, kept apart', () => {
    const position = loanPosition(terms, [{ on: d('2026-03-02'), amountWon: 100_000_005n }], d('2026-03-02'));
    expect(position.excessWon).toBe(5n);
    expect(position.dueWon).toBe(0n);
  });

  test('over random repayments: repaid = principal repaid + interest paid + excess, due never negative', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10_000_000_000n }),
        fc.bigInt({ min: 0n, max: 200_000n }),
        fc.array(
          fc.record({ day: fc.integer({ min: 0, max: 400 }), amount: fc.bigInt({ min: 1n, max: 5_000_000_000n }) }),
          {
            maxLength: 6,
          },
        ),
        fc.integer({ min: 0, max: 800 }),
        (principalWon, annualRatePpm, payments, asOfDay) => {
          const loan = { principalWon, annualRatePpm, advancedOn: d('2026-01-01') };
          const repayments = payments.map((p) => ({ on: addDays(loan.advancedOn, p.day), amountWon: p.amount }));
          const position = loanPosition(loan, repayments, addDays(loan.advancedOn, asOfDay));
          expect(position.dueWon).toBeGreaterThanOrEqual(0n);
          expect(position.repaidWon).toBe(position.principalRepaidWon + position.interestPaidWon + position.excessWon);
          expect(position.interestAccruedWon).toBeLessThanOrEqual(
            simpleLoanInterestWon(principalWon, annualRatePpm, Math.max(0, asOfDay)),
          );
        },
      ),
    );
  });
});
