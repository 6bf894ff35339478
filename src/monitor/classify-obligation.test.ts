// Specifies the monitor's pure rules: where an obligation stands on a day (upcoming within the warning period, due
// today, overdue, paid on time or late with its days) and which findings it raises.
import { describe, expect, test } from 'vitest';
import { civilDate } from '../kernel/civil-date.ts';
import { classifyObligation, findingsOf, type MonitoredObligation } from './classify-obligation.ts';

const owed = (overrides: Partial<MonitoredObligation> = {}): MonitoredObligation => ({
  kind: 'subcontract',
  amountWon: 1_000_000n,
  paidWon: 0n,
  paidOn: null,
  dueOn: civilDate('2026-03-10'),
  ...overrides,
});

describe('classifyObligation', () => {
  for (const row of [
    { today: '2026-03-01', paidOn: null, expected: { status: 'not_yet_due', daysLeft: 9 } },
    { today: '2026-03-06', paidOn: null, expected: { status: 'not_yet_due', daysLeft: 4 } },
    { today: '2026-03-07', paidOn: null, expected: { status: 'upcoming', daysLeft: 3 } },
    { today: '2026-03-09', paidOn: null, expected: { status: 'upcoming', daysLeft: 1 } },
    { today: '2026-03-10', paidOn: null, expected: { status: 'due_today' } },
    { today: '2026-03-11', paidOn: null, expected: { status: 'overdue', daysLate: 1, outstandingWon: 1_000_000n } },
    { today: '2026-04-10', paidOn: null, expected: { status: 'overdue', daysLate: 31, outstandingWon: 1_000_000n } },
    { today: '2026-04-10', paidOn: '2026-03-10', expected: { status: 'paid_on_time' } },
    { today: '2026-04-10', paidOn: '2026-03-02', expected: { status: 'paid_on_time' } },
    { today: '2026-04-10', paidOn: '2026-03-25', expected: { status: 'paid_late', daysLate: 15 } },
  ]) {
    test(`due 2026-03-10, today ${row.today}, paid ${row.paidOn ?? 'not yet'} → ${row.expected.status}`, () => {
      const o = owed(row.paidOn ? { paidOn: civilDate(row.paidOn), paidWon: 1_000_000n } : {});
      expect(classifyObligation(o, civilDate(row.today), 3)).toEqual(row.expected);
    });
  }
});

describe('findingsOf', () => {
  for (const row of [
    { name: "the prime's own share raises nothing", o: owed({ kind: 'own_share' }), today: '2026-04-01', expected: [] },
    { name: 'an overdue share', o: owed(), today: '2026-03-11', expected: ['overdue'] },
    {
      name: 'overdue wages are unpaid wages',
      o: owed({ kind: 'labour' }),
      today: '2026-03-11',
      expected: ['unpaid_wage'],
    },
    {
      name: 'a partial payment past the due date',
      o: owed({ paidWon: 400_000n }),
      today: '2026-03-11',
      expected: ['overdue', 'short_paid'],
    },
    {
      name: 'a partial payment before the due date',
      o: owed({ paidWon: 400_000n }),
      today: '2026-03-09',
      expected: ['upcoming'],
    },
    {
      name: 'paid late',
      o: owed({ paidWon: 1_000_000n, paidOn: civilDate('2026-03-12') }),
      today: '2026-03-20',
      expected: ['paid_late'],
    },
    {
      name: 'paid on time',
      o: owed({ paidWon: 1_000_000n, paidOn: civilDate('2026-03-10') }),
      today: '2026-03-20',
      expected: [],
    },
    { name: 'due today', o: owed({ kind: 'supply' }), today: '2026-03-10', expected: ['due_today'] },
  ]) {
    test(`${row.name} → ${row.expected.join(', ') || 'nothing'}`, () => {
      expect(findingsOf(row.o, civilDate(row.today), 3)).toEqual(row.expected);
    });
  }
});
