// Specifies the waterfall of an assigned receivable (issue 6 §3): the lender is paid first, never more than
// principal plus interest to the day of payment; the payee gets the rest, never less than the payment minus it.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { addDays, civilDate } from '../kernel/civil-date.ts';
import { loanPosition } from './loan-interest.ts';
import { divideAssignedPayment, divideAssignedPayments } from './loan-waterfall.ts';

const d = civilDate;

describe('divideAssignedPayment', () => {
  for (const row of [
    { payment: 240_000_000n, due: 150_000_000n, lender: 150_000_000n, payee: 90_000_000n, why: 'full payment' },
    { payment: 100_000_000n, due: 150_000_000n, lender: 100_000_000n, payee: 0n, why: 'partial payment' },
    { payment: 150_000_000n, due: 150_000_000n, lender: 150_000_000n, payee: 0n, why: 'exactly what is due' },
    { payment: 5_000n, due: 0n, lender: 0n, payee: 5_000n, why: 'loan already repaid' },
  ]) {
    test(`${row.why}: lender ${row.lender}, payee ${row.payee}`, () => {
      expect(divideAssignedPayment(row.payment, row.due)).toEqual({ lenderWon: row.lender, payeeWon: row.payee });
    });
  }
});

test('two payments of one obligation: the second pays what the first left, with interest to its own day', () => {
  const terms = { principalWon: 100_000_000n, annualRatePpm: 60_000n, advancedOn: d('2026-03-02') };
  const [first, second] = divideAssignedPayments(
    terms,
    [],
    [
      { amountWon: 60_000_000n, paidOn: d('2026-04-01') },
      { amountWon: 180_000_000n, paidOn: d('2026-05-01') },
    ],
  );
  // Day 30: interest 493,150 first, then 59,506,850 of principal.
  expect(first).toEqual({ lenderWon: 60_000_000n, payeeWon: 0n });
  // 40,493,150 of principal left. Interest is floored once over the whole sum (DESIGN §8):
  // floor((100,000,000 × 30 + 40,493,150 × 30) × 0.06 ÷ 365) = 692,842, of which 493,150 was paid.
  expect(second!.lenderWon).toBe(40_493_150n + 692_842n - 493_150n);
  expect(second!.lenderWon + second!.payeeWon).toBe(180_000_000n);
});

test('over random loans and payments: lender ≤ principal + interest, payee ≥ payment − repayment', () => {
  fc.assert(
    fc.property(
      fc.bigInt({ min: 1n, max: 1_000_000_000n }),
      fc.bigInt({ min: 0n, max: 300_000n }),
      fc.array(
        fc.record({ day: fc.integer({ min: 0, max: 365 }), amount: fc.bigInt({ min: 1n, max: 800_000_000n }) }),
        {
          minLength: 1,
          maxLength: 5,
        },
      ),
      (principalWon, annualRatePpm, raw) => {
        const terms = { principalWon, annualRatePpm, advancedOn: d('2026-01-01') };
        const payments = raw
          .map((p) => ({ amountWon: p.amount, paidOn: addDays(terms.advancedOn, p.day) }))
          .sort((a, b) => (a.paidOn < b.paidOn ? -1 : a.paidOn > b.paidOn ? 1 : 0));
        const divisions = divideAssignedPayments(terms, [], payments);
        const last = payments.at(-1)!.paidOn;
        const repayments = divisions.map((division, index) => ({
          on: payments[index]!.paidOn,
          amountWon: division.lenderWon,
        }));
        const position = loanPosition(terms, repayments, last);
        const lenderTotal = divisions.reduce((sum, division) => sum + division.lenderWon, 0n);
        // Never more than principal plus the interest accrued to the last payment, and no excess.
        expect(lenderTotal).toBeLessThanOrEqual(principalWon + position.interestAccruedWon);
        expect(position.excessWon).toBe(0n);
        for (const [index, division] of divisions.entries()) {
          expect(division.lenderWon + division.payeeWon).toBe(payments[index]!.amountWon);
          expect(division.payeeWon).toBeGreaterThanOrEqual(0n);
        }
        // Enough money closes the loan exactly.
        const paid = payments.reduce((sum, p) => sum + p.amountWon, 0n);
        if (position.dueWon > 0n) expect(lenderTotal).toBe(paid);
      },
    ),
  );
});
