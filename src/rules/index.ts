/**
 * Rules: the dated rule table, deadlines and delay interest (DESIGN §3, §8). Pure functions of data and a
 * date; the table itself lives in `rule_versions` and is loaded by `loadRuleTable`.
 */
export {
  type DueBasis,
  type DueDate,
  type DueDateInput,
  dueDateOf,
  statutoryDeadline,
  warningOn,
} from './deadlines.ts';
export {
  type DatedRate,
  delayInterestWon,
  type InterestResult,
  ratedDaysPpm,
  simpleInterestWon,
} from './delay-interest.ts';
export {
  defaultRuleTable,
  defaultRuleVersions,
  isRuleName,
  periodDays,
  type RuleName,
  type RuleTable,
  type RuleVersion,
  ratePpmPerUnit,
  ruleInForce,
  ruleNames,
  ruleTable,
  ruleValueAdmissible,
} from './rule-table.ts';
export {
  RuleTableCache,
  ruleTableCacheOf,
  ruleTableStamp,
  type StampedRuleTable,
} from './rule-table-cache.ts';
export { loadRuleTable, ruleTableOfRows, ruleVersionOf } from './rule-versions.store.ts';
