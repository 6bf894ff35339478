// Specifies that the rule table migration 0004 seeds is the one the code ships (defaultRuleVersions), on both
// engines, and that a version added later is part of the table loaded from then on.
import { expect, test } from 'vitest';
import { describeEachEngine } from '../db/test-engines.ts';
import { civilDate } from '../kernel/civil-date.ts';
import { defaultRuleTable, defaultRuleVersions, ruleInForce } from './rule-table.ts';
import { loadRuleTable } from './rule-versions.store.ts';

describeEachEngine('rule versions', ({ handle }) => {
  test('the seeded table is the shipped one', async () => {
    const table = await loadRuleTable(handle().db);
    const strip = (versions: readonly { rule: string; effectiveFrom: string; value: bigint; source: string }[]) =>
      versions.map(({ rule, effectiveFrom, value, source }) => ({ rule, effectiveFrom, value, source }));
    expect(strip([...table.versions.values()].flat()).sort((a, b) => a.rule.localeCompare(b.rule))).toEqual(
      strip(defaultRuleVersions).sort((a, b) => a.rule.localeCompare(b.rule)),
    );
    expect([...table.versions.values()].flat().every((version) => typeof version.id === 'bigint')).toBe(true);
    expect(table.versions.size).toBe(defaultRuleTable.versions.size);
  });

  test('a version added later takes over from its date', async () => {
    const db = handle().db;
    await db
      .insertInto('rule_versions')
      .values({
        rule: 'labour_payment_days',
        effective_from: '2027-01-01',
        value: 3n,
        source: 'test',
        recorded_by: 'test',
      })
      .execute();
    const table = await loadRuleTable(db);
    expect(ruleInForce(table, 'labour_payment_days', civilDate('2026-12-31'))?.value).toBe(5n);
    expect(ruleInForce(table, 'labour_payment_days', civilDate('2027-01-01'))?.value).toBe(3n);
  });
});
