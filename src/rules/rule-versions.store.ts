import type { Executor } from '../db/database.ts';
import { assert } from '../kernel/assert.ts';
import { civilDate } from '../kernel/civil-date.ts';
import { isRuleName, type RuleTable, type RuleVersion, ruleTable } from './rule-table.ts';

/** The rule table as the database holds it: the shipped versions plus every version an operator added. */
export async function loadRuleTable(db: Executor): Promise<RuleTable> {
  const rows = await db.selectFrom('rule_versions').selectAll().orderBy('rule').orderBy('effective_from').execute();
  return ruleTableOfRows(rows);
}

/** The rule table of `rule_versions` rows as read. */
export const ruleTableOfRows = (rows: readonly Parameters<typeof ruleVersionOf>[0][]): RuleTable =>
  ruleTable(rows.map(ruleVersionOf));

export function ruleVersionOf(row: {
  id: bigint;
  rule: string;
  effective_from: string;
  value: bigint;
  source: string;
}): RuleVersion {
  assert(isRuleName(row.rule), `unknown rule in rule_versions: ${row.rule}`);
  return {
    id: row.id,
    rule: row.rule,
    effectiveFrom: civilDate(row.effective_from),
    value: row.value,
    source: row.source,
  };
}
