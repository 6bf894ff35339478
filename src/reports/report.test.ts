// Specifies what Hado already knew when a report came in, and the steps a report may take.
import { describe, expect, test } from 'vitest';
import { type CivilDate, civilDate, seoulMidnight } from '../kernel/civil-date.ts';
import { decideStep, reportReference, whatHadoSaw } from './report.ts';

const at = (date: string) => new Date(seoulMidnight(civilDate(date)).getTime() + 10 * 3_600_000);
const obligation = (dueOn: string, paidOn: string | null = null) => ({
  obligationId: 1n,
  dueOn: dueOn as CivilDate,
  outstandingWon: paidOn ? 0n : 100n,
  paidOn: paidOn as CivilDate | null,
});

describe('what Hado saw', () => {
  for (const row of [
    {
      name: 'unpaid past its due date',
      obligations: [obligation('2026-03-10')],
      on: '2026-03-20',
      overdueSince: '2026-03-11',
      flagged: true,
    },
    {
      name: 'overdue from the day after the due date',
      obligations: [obligation('2026-03-10')],
      on: '2026-03-11',
      overdueSince: '2026-03-11',
      flagged: true,
    },
    {
      name: 'due today is not yet overdue',
      obligations: [obligation('2026-03-10')],
      on: '2026-03-10',
      overdueSince: null,
      flagged: false,
    },
    {
      name: 'the earliest of several',
      obligations: [obligation('2026-03-10'), obligation('2026-02-27')],
      on: '2026-03-20',
      overdueSince: '2026-02-28',
      flagged: true,
    },
    {
      name: 'paid late before the report still was overdue',
      obligations: [obligation('2026-03-10', '2026-03-15')],
      on: '2026-03-20',
      overdueSince: '2026-03-11',
      flagged: true,
    },
    {
      name: 'paid on time and nothing else',
      obligations: [obligation('2026-03-10', '2026-03-10')],
      on: '2026-03-20',
      overdueSince: null,
      flagged: false,
    },
    { name: 'nothing known', obligations: [], on: '2026-03-20', overdueSince: null, flagged: false },
  ]) {
    test(row.name, () => {
      expect(whatHadoSaw(row.obligations, [], at(row.on), civilDate(row.on))).toEqual({
        overdueSince: row.overdueSince,
        flaggedBefore: row.flagged,
      });
    });
  }
  test('a problem finding raised before the report flags it; a reminder or a later finding does not', () => {
    const finding = (kind: string, raised: string) => ({
      findingId: 1n,
      obligationId: null,
      kind,
      raisedAt: at(raised),
    });
    expect(
      whatHadoSaw([], [finding('diverted', '2026-03-01')], at('2026-03-20'), civilDate('2026-03-20')).flaggedBefore,
    ).toBe(true);
    expect(
      whatHadoSaw([], [finding('upcoming', '2026-03-01')], at('2026-03-20'), civilDate('2026-03-20')).flaggedBefore,
    ).toBe(false);
    expect(
      whatHadoSaw([], [finding('overdue', '2026-03-21')], at('2026-03-20'), civilDate('2026-03-20')).flaggedBefore,
    ).toBe(false);
  });
});

describe('steps', () => {
  const received = { state: 'received', outcome: null, referredTo: null } as const;
  const reviewing = { state: 'under_review', outcome: null, referredTo: null } as const;
  const resolved = { state: 'resolved', outcome: 'referred', referredTo: '공정거래위원회' } as const;
  const resolve = { to: 'resolved', outcome: 'referred', referredTo: '공정거래위원회', reason: 'why' } as const;
  for (const row of [
    { report: received, step: { to: 'under_review', reason: null } as const, expected: 'apply' },
    { report: reviewing, step: { to: 'under_review', reason: null } as const, expected: 'exists' },
    { report: resolved, step: { to: 'under_review', reason: null } as const, expected: 'already_resolved' },
    { report: received, step: resolve, expected: 'apply' },
    { report: reviewing, step: resolve, expected: 'apply' },
    { report: resolved, step: resolve, expected: 'exists' },
    { report: resolved, step: { ...resolve, outcome: 'paid', referredTo: null } as const, expected: 'conflict' },
  ]) {
    test(`${row.report.state} + ${row.step.to} → ${row.expected}`, () => {
      expect(decideStep(row.report, 'why', row.step)).toBe(row.expected);
    });
  }
  test('references', () => {
    expect(reportReference(42n)).toBe('R-000042');
  });
});
