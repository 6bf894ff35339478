import { assert } from '../kernel/assert.ts';
import { type CivilDate, civilDate } from '../kernel/civil-date.ts';

/**
 * The dated rule table (DESIGN §3). The law changes, so every rule is a series of versions, each in force from
 * its date until the next one; a payment is judged by the version in force on its date. Values are exact
 * integers: periods in calendar days, interest rates in millionths a year (155 000 = 15.5 %).
 */
export const ruleNames = [
  'subcontract_payment_days',
  'supply_payment_days',
  'advance_payment_days',
  'delivery_outer_limit_days',
  'labour_payment_days',
  'delay_interest_rate_ppm',
  'deadline_warning_days',
  // Financing (issue 6, migration 0009): the share of a receivable a bank advances, and a loan's annual rate.
  'loan_advance_rate_ppm',
  'loan_interest_rate_ppm',
] as const;
export type RuleName = (typeof ruleNames)[number];

export const isRuleName = (text: string): text is RuleName => (ruleNames as readonly string[]).includes(text);

export type RuleVersion = {
  /** The database row, when the version was loaded from `rule_versions`; obligations record it. */
  readonly id?: bigint;
  readonly rule: RuleName;
  readonly effectiveFrom: CivilDate;
  readonly value: bigint;
  /** The law or notice the value comes from, for the people who check it. */
  readonly source: string;
};

/** Every version of every rule, each rule's versions in date order. Immutable once built. */
export type RuleTable = { readonly versions: ReadonlyMap<RuleName, readonly RuleVersion[]> };

/** Interest rates are millionths a year: one million is 100 %. */
export const ratePpmPerUnit = 1_000_000n;
/** A statutory period longer than ten years is a typing mistake, not a rule. */
export const rulePeriodDaysMax = 3_650n;
/** No rate of interest Hado applies exceeds 100 % a year. */
export const ruleRatePpmMax = ratePpmPerUnit;

/** Whether a value is admissible for its rule: periods in whole days up to ten years, rates up to 100 %. */
export function ruleValueAdmissible(rule: RuleName, value: bigint): boolean {
  if (value < 0n) return false;
  return rule.endsWith('_ppm') ? value <= ruleRatePpmMax : value <= rulePeriodDaysMax;
}

export function ruleTable(versions: readonly RuleVersion[]): RuleTable {
  const byRule = new Map<RuleName, RuleVersion[]>();
  for (const version of versions) {
    assert(ruleValueAdmissible(version.rule, version.value), `rule ${version.rule} value out of range`);
    const list = byRule.get(version.rule) ?? [];
    list.push(version);
    byRule.set(version.rule, list);
  }
  for (const list of byRule.values()) {
    list.sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0));
    for (let index = 1; index < list.length; index += 1) {
      assert(list[index - 1]!.effectiveFrom !== list[index]!.effectiveFrom, 'one version per rule and date');
    }
  }
  return { versions: byRule };
}

/** The version of `rule` in force on `on`: the latest that took effect on or before it, if any did. */
export function ruleInForce(table: RuleTable, rule: RuleName, on: CivilDate): RuleVersion | undefined {
  const list = table.versions.get(rule) ?? [];
  let found: RuleVersion | undefined;
  for (const version of list) {
    if (version.effectiveFrom > on) break;
    found = version;
  }
  return found;
}

/** A rule's value in days, as a number for date arithmetic (bounded by `rulePeriodDaysMax`). */
export function periodDays(version: RuleVersion): number {
  assert(!version.rule.endsWith('_ppm') && version.value <= rulePeriodDaysMax);
  return Number(version.value);
}

/**
 * The rules as Hado ships them, the same rows migration 0004 seeds into `rule_versions` (a test checks they
 * agree). Hado's table starts on 2015-07-01, when the delay-interest notice in force today took effect; the
 * statutory periods were in force before that. An operator adds a version when the law changes.
 */
export const defaultRuleVersions: readonly RuleVersion[] = [
  {
    rule: 'subcontract_payment_days',
    effectiveFrom: civilDate('2015-07-01'),
    value: 15n,
    source: 'Framework Act on the Construction Industry §34(1); Fair Transactions in Subcontracting Act §13(3)',
  },
  {
    rule: 'supply_payment_days',
    effectiveFrom: civilDate('2015-07-01'),
    value: 15n,
    source: 'Fair Transactions in Subcontracting Act §13(3) (manufacturing and supply consignments)',
  },
  {
    rule: 'advance_payment_days',
    effectiveFrom: civilDate('2015-07-01'),
    value: 15n,
    source: 'Fair Transactions in Subcontracting Act §6(1)',
  },
  {
    rule: 'delivery_outer_limit_days',
    effectiveFrom: civilDate('2015-07-01'),
    value: 60n,
    source: 'Fair Transactions in Subcontracting Act §13(1)',
  },
  {
    rule: 'labour_payment_days',
    effectiveFrom: civilDate('2015-07-01'),
    value: 5n,
    source: 'General Conditions of Contract §43-3',
  },
  {
    rule: 'delay_interest_rate_ppm',
    effectiveFrom: civilDate('2015-07-01'),
    value: 155_000n,
    source: 'Fair Trade Commission notice on delay interest under Subcontracting Act §13(8), in force since 2015-07-01',
  },
  {
    rule: 'deadline_warning_days',
    effectiveFrom: civilDate('2015-07-01'),
    value: 3n,
    source: 'practice of the national subcontract payment system',
  },
  {
    rule: 'loan_advance_rate_ppm',
    effectiveFrom: civilDate('2015-07-01'),
    value: 800_000n,
    source: "Participating banks' receivable-financing terms under the Hado agreement (80 % of the receivable)",
  },
  {
    rule: 'loan_interest_rate_ppm',
    effectiveFrom: civilDate('2015-07-01'),
    value: 60_000n,
    source: "Participating banks' receivable-financing terms under the Hado agreement (6 % a year, simple, per day)",
  },
];

export const defaultRuleTable: RuleTable = ruleTable(defaultRuleVersions);
