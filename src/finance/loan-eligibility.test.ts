// Specifies what a payee may borrow against (issue 6 §1–2): an approved, unpaid or overdue share of its own,
// not disputed nor assigned already, up to the advance rate of what is still owed.
import { describe, expect, test } from 'vitest';
import { civilDate } from '../kernel/civil-date.ts';
import { judgeApplication, maxAdvanceWon, type ReceivableFacts, receivableStatus } from './loan-eligibility.ts';

const today = civilDate('2026-05-10');
const base: ReceivableFacts = {
  claimStatus: 'approved',
  currentVersion: true,
  lineStatus: 'claimed',
  lineKind: 'subcontract',
  payeeKind: 'firm',
  payeeId: 7n,
  amountWon: 100_000_000n,
  paidWon: 0n,
  dueOn: null,
  disputed: false,
};

describe('receivableStatus', () => {
  for (const row of [
    { facts: {}, status: 'approved' },
    { facts: { claimStatus: 'paid', dueOn: civilDate('2026-05-10') }, status: 'payable' },
    { facts: { claimStatus: 'paid', dueOn: civilDate('2026-05-09') }, status: 'overdue' },
    { facts: { claimStatus: 'paid', dueOn: civilDate('2026-05-09'), paidWon: 100_000_000n }, status: 'paid' },
    { facts: { claimStatus: 'paid', dueOn: civilDate('2026-05-20'), disputed: true }, status: 'disputed' },
    { facts: { lineStatus: 'rejected' }, status: 'disputed' },
    { facts: { claimStatus: 'submitted' }, status: 'not_receivable' },
    { facts: { lineKind: 'labour', payeeKind: 'worker' }, status: 'not_receivable' },
    { facts: { lineKind: 'own_share' }, status: 'not_receivable' },
    { facts: { currentVersion: false }, status: 'not_receivable' },
  ] as const) {
    test(`${JSON.stringify(row.facts, (_k, v) => (typeof v === 'bigint' ? String(v) : v))} → ${row.status}`, () => {
      expect(receivableStatus({ ...base, ...row.facts }, today)).toBe(row.status);
    });
  }
});

describe('judgeApplication at an 80 % advance rate', () => {
  const rate = 800_000n;
  for (const row of [
    { facts: {}, amount: 80_000_000n, assigned: false, firmId: 7n, result: 'eligible' },
    { facts: {}, amount: 80_000_001n, assigned: false, firmId: 7n, result: 'amount_exceeds_advance_limit' },
    {
      facts: { claimStatus: 'paid', dueOn: civilDate('2026-05-01'), paidWon: 50_000_000n },
      amount: 40_000_000n,
      assigned: false,
      firmId: 7n,
      result: 'eligible',
    },
    {
      facts: { claimStatus: 'paid', dueOn: civilDate('2026-05-01'), paidWon: 50_000_000n },
      amount: 40_000_001n,
      assigned: false,
      firmId: 7n,
      result: 'amount_exceeds_advance_limit',
    },
    { facts: {}, amount: 1n, assigned: true, firmId: 7n, result: 'receivable_already_assigned' },
    { facts: {}, amount: 1n, assigned: false, firmId: 8n, result: 'not_receivable_payee' },
    {
      facts: { paidWon: 100_000_000n, claimStatus: 'paid', dueOn: today },
      amount: 1n,
      assigned: false,
      firmId: 7n,
      result: 'receivable_paid',
    },
    {
      facts: { disputed: true, claimStatus: 'paid', dueOn: today },
      amount: 1n,
      assigned: false,
      firmId: 7n,
      result: 'receivable_disputed',
    },
    { facts: { claimStatus: 'submitted' }, amount: 1n, assigned: false, firmId: 7n, result: 'receivable_not_approved' },
  ] as const) {
    test(`${row.result} (${row.amount})`, () => {
      expect(
        judgeApplication(
          { ...base, ...row.facts },
          { firmId: row.firmId, amountWon: row.amount, assigned: row.assigned },
          rate,
          today,
        ),
      ).toBe(row.result);
    });
  }

  test('the limit floors: 80 % of ₩33 is ₩26', () => {
    expect(maxAdvanceWon({ ...base, amountWon: 33n }, rate)).toBe(26n);
  });
});
