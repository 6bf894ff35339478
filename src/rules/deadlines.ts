import { addDays, type CivilDate, minDate } from '../kernel/civil-date.ts';
import { onOrNextBusinessDay } from '../kernel/holidays.ts';
import { periodDays, type RuleName, type RuleTable, type RuleVersion, ruleInForce } from './rule-table.ts';

/**
 * Deadlines (DESIGN §3, §8): statutory periods are calendar days counted from the day of the event; when the
 * last day falls on a Saturday, Sunday or Korean public holiday it moves to the next business day (Civil Act
 * §161). Each period is governed by the rule version in force on the day it starts.
 */
export function statutoryDeadline(start: CivilDate, days: number): CivilDate {
  return onOrNextBusinessDay(addDays(start, days));
}

/** Why an obligation is due when it is; the rule that decided it is recorded beside it. */
export type DueBasis = 'after_buyer_payment' | 'delivery_outer_limit' | 'after_labour_claim' | 'on_payment';

/** What a due date depends on, per kind of division line. */
export type DueDateInput =
  /** A subcontract or supply share: 15 days after the buyer pays the prime, and never later than 60 days from delivery. */
  | {
      readonly kind: 'subcontract' | 'supply';
      readonly buyerPaidOn: CivilDate;
      readonly deliveredOn: CivilDate;
    }
  /** Wages: the buyer pays the labour account within 5 days of the monthly labour claim's submission. */
  | { readonly kind: 'labour'; readonly labourClaimSubmittedOn: CivilDate }
  /** An advance share to a subcontractor: 15 days after the prime received the advance; to the prime itself: at once. */
  | { readonly kind: 'advance'; readonly buyerPaidOn: CivilDate; readonly toSubcontractor: boolean }
  /** The prime's own share is its own money: due the day the buyer pays. */
  | { readonly kind: 'own_share'; readonly buyerPaidOn: CivilDate };

export type DueDate =
  | {
      readonly result: 'due';
      readonly dueOn: CivilDate;
      readonly basis: DueBasis;
      /** The rule version that decided the date; none for `on_payment`. */
      readonly rule: RuleVersion | undefined;
    }
  | { readonly result: 'no_rule_in_force'; readonly rule: RuleName; readonly on: CivilDate };

/** The due date of an obligation, from the rule table. Pure. */
export function dueDateOf(input: DueDateInput, table: RuleTable): DueDate {
  switch (input.kind) {
    case 'own_share':
      return { result: 'due', dueOn: input.buyerPaidOn, basis: 'on_payment', rule: undefined };
    case 'advance': {
      if (!input.toSubcontractor)
        return { result: 'due', dueOn: input.buyerPaidOn, basis: 'on_payment', rule: undefined };
      const rule = ruleInForce(table, 'advance_payment_days', input.buyerPaidOn);
      if (!rule) return { result: 'no_rule_in_force', rule: 'advance_payment_days', on: input.buyerPaidOn };
      return {
        result: 'due',
        dueOn: statutoryDeadline(input.buyerPaidOn, periodDays(rule)),
        basis: 'after_buyer_payment',
        rule,
      };
    }
    case 'labour': {
      const rule = ruleInForce(table, 'labour_payment_days', input.labourClaimSubmittedOn);
      if (!rule) return { result: 'no_rule_in_force', rule: 'labour_payment_days', on: input.labourClaimSubmittedOn };
      return {
        result: 'due',
        dueOn: statutoryDeadline(input.labourClaimSubmittedOn, periodDays(rule)),
        basis: 'after_labour_claim',
        rule,
      };
    }
    case 'subcontract':
    case 'supply': {
      const paymentRuleName = input.kind === 'subcontract' ? 'subcontract_payment_days' : 'supply_payment_days';
      const paymentRule = ruleInForce(table, paymentRuleName, input.buyerPaidOn);
      if (!paymentRule) return { result: 'no_rule_in_force', rule: paymentRuleName, on: input.buyerPaidOn };
      const outerRule = ruleInForce(table, 'delivery_outer_limit_days', input.deliveredOn);
      if (!outerRule) return { result: 'no_rule_in_force', rule: 'delivery_outer_limit_days', on: input.deliveredOn };
      const afterPayment = addDays(input.buyerPaidOn, periodDays(paymentRule));
      const outerLimit = addDays(input.deliveredOn, periodDays(outerRule));
      // Moving a last day to the next business day keeps order, so the earlier bound stays the binding one.
      const binding = minDate(afterPayment, outerLimit);
      const byOuterLimit = outerLimit < afterPayment;
      return {
        result: 'due',
        dueOn: onOrNextBusinessDay(binding),
        basis: byOuterLimit ? 'delivery_outer_limit' : 'after_buyer_payment',
        rule: byOuterLimit ? outerRule : paymentRule,
      };
    }
  }
}

/** The day a warning goes out before a deadline (the warning period in force on the due date). */
export function warningOn(dueOn: CivilDate, table: RuleTable): CivilDate | undefined {
  const rule = ruleInForce(table, 'deadline_warning_days', dueOn);
  return rule ? addDays(dueOn, -periodDays(rule)) : undefined;
}
