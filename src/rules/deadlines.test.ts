// Specifies due dates from the dated rule table: calendar-day periods whose last day moves past weekends and
// Korean public holidays (Chuseok 2026 among them), the 60-day outer bound from delivery, the labour-cost
// period from the claim's submission, and the version in force on the day a period starts across a rule change.
import { describe, expect, test } from 'vitest';
import { type CivilDate, civilDate } from '../kernel/civil-date.ts';
import { type DueDateInput, dueDateOf, statutoryDeadline, warningOn } from './deadlines.ts';
import { defaultRuleTable, defaultRuleVersions, ruleInForce, ruleTable } from './rule-table.ts';

const d = civilDate;

describe('statutoryDeadline', () => {
  for (const row of [
    { start: '2026-03-02', days: 15, expected: '2026-03-17', why: 'a Tuesday stays' },
    { start: '2026-03-06', days: 15, expected: '2026-03-23', why: 'Saturday the 21st moves to Monday' },
    {
      start: '2026-09-09',
      days: 15,
      expected: '2026-09-28',
      why: 'Chuseok eve (24th) through the weekend moves to the 28th',
    },
    { start: '2026-09-10', days: 15, expected: '2026-09-28', why: 'Chuseok (25th) moves to the 28th' },
    {
      start: '2026-09-18',
      days: 15,
      expected: '2026-10-06',
      why: 'Saturday the 3rd (개천절) and its substitute Monday move to Tuesday',
    },
    {
      start: '2026-09-24',
      days: 15,
      expected: '2026-10-12',
      why: 'Hangul Day (Friday the 9th) and the weekend move to Monday',
    },
    {
      start: '2026-05-20',
      days: 5,
      expected: '2026-05-26',
      why: 'the substitute holiday for Buddha’s birthday (25th) moves to the 26th',
    },
  ]) {
    test(`${row.start} + ${row.days} days → ${row.expected}: ${row.why}`, () => {
      expect(statutoryDeadline(d(row.start), row.days)).toBe(row.expected);
    });
  }
});

describe('dueDateOf with the shipped rules', () => {
  const rows: { name: string; input: DueDateInput; dueOn: string; basis: string; rule?: string }[] = [
    {
      name: 'subcontract: 15 days after the buyer pays',
      input: { kind: 'subcontract', buyerPaidOn: d('2026-03-02'), deliveredOn: d('2026-02-27') },
      dueOn: '2026-03-17',
      basis: 'after_buyer_payment',
      rule: 'subcontract_payment_days',
    },
    {
      name: 'subcontract: bounded by 60 days from delivery',
      input: { kind: 'subcontract', buyerPaidOn: d('2026-03-02'), deliveredOn: d('2026-01-10') },
      dueOn: '2026-03-11',
      basis: 'delivery_outer_limit',
      rule: 'delivery_outer_limit_days',
    },
    {
      name: 'subcontract: the 15th day is Chuseok, so the 28th',
      input: { kind: 'subcontract', buyerPaidOn: d('2026-09-10'), deliveredOn: d('2026-08-31') },
      dueOn: '2026-09-28',
      basis: 'after_buyer_payment',
      rule: 'subcontract_payment_days',
    },
    {
      name: 'subcontract: the outer limit falls on Chuseok and still binds',
      input: { kind: 'subcontract', buyerPaidOn: d('2026-09-20'), deliveredOn: d('2026-07-27') },
      dueOn: '2026-09-28',
      basis: 'delivery_outer_limit',
      rule: 'delivery_outer_limit_days',
    },
    {
      name: 'supply: 15 days after the buyer pays',
      input: { kind: 'supply', buyerPaidOn: d('2026-04-01'), deliveredOn: d('2026-03-31') },
      dueOn: '2026-04-16',
      basis: 'after_buyer_payment',
      rule: 'supply_payment_days',
    },
    {
      name: 'labour: 5 days after the labour claim, past Chuseok',
      input: { kind: 'labour', labourClaimSubmittedOn: d('2026-09-21') },
      dueOn: '2026-09-28',
      basis: 'after_labour_claim',
      rule: 'labour_payment_days',
    },
    {
      name: 'advance to a subcontractor: 15 days',
      input: { kind: 'advance', buyerPaidOn: d('2026-03-02'), toSubcontractor: true },
      dueOn: '2026-03-17',
      basis: 'after_buyer_payment',
      rule: 'advance_payment_days',
    },
    {
      name: 'advance to the prime: on payment',
      input: { kind: 'advance', buyerPaidOn: d('2026-03-02'), toSubcontractor: false },
      dueOn: '2026-03-02',
      basis: 'on_payment',
    },
    {
      name: 'own share: on payment',
      input: { kind: 'own_share', buyerPaidOn: d('2026-03-02') },
      dueOn: '2026-03-02',
      basis: 'on_payment',
    },
  ];
  for (const row of rows) {
    test(row.name, () => {
      const due = dueDateOf(row.input, defaultRuleTable);
      expect(due.result).toBe('due');
      if (due.result !== 'due') return;
      expect(due.dueOn).toBe(row.dueOn);
      expect(due.basis).toBe(row.basis);
      expect(due.rule?.rule).toBe(row.rule);
    });
  }

  test('a date before the table starts has no rule in force', () => {
    expect(dueDateOf({ kind: 'labour', labourClaimSubmittedOn: d('2015-06-30') }, defaultRuleTable)).toEqual({
      result: 'no_rule_in_force',
      rule: 'labour_payment_days',
      on: '2015-06-30',
    });
  });
});

describe('a rule change: subcontract payment shortened to 10 days from 2026-10-01', () => {
  const changed = ruleTable([
    ...defaultRuleVersions,
    { rule: 'subcontract_payment_days', effectiveFrom: d('2026-10-01'), value: 10n, source: 'test amendment' },
  ]);
  for (const row of [
    { paidOn: '2026-09-30', dueOn: '2026-10-15', days: 15n },
    { paidOn: '2026-10-01', dueOn: '2026-10-12', days: 10n, why: '10-11 is a Sunday' },
    { paidOn: '2026-10-02', dueOn: '2026-10-12', days: 10n },
  ]) {
    test(`paid ${row.paidOn} → due ${row.dueOn} (${row.days} days)`, () => {
      const due = dueDateOf({ kind: 'subcontract', buyerPaidOn: d(row.paidOn), deliveredOn: d(row.paidOn) }, changed);
      expect(due).toMatchObject({ result: 'due', dueOn: row.dueOn, basis: 'after_buyer_payment' });
      if (due.result === 'due') expect(due.rule?.value).toBe(row.days);
    });
  }

  test('the version in force is the latest one not after the date', () => {
    expect(ruleInForce(changed, 'subcontract_payment_days', d('2026-09-30'))?.value).toBe(15n);
    expect(ruleInForce(changed, 'subcontract_payment_days', d('2026-10-01'))?.value).toBe(10n);
    expect(ruleInForce(changed, 'subcontract_payment_days', d('2015-06-30'))).toBeUndefined();
  });
});

test('the warning goes out three days before the deadline', () => {
  const dueOn: CivilDate = d('2026-09-28');
  expect(warningOn(dueOn, defaultRuleTable)).toBe('2026-09-25');
});
