import { type RawBuilder, sql } from 'kysely';
import { judgeObligation, type ObligationVerdict } from '../claims/index.ts';
import type { Executor } from '../db/database.ts';
import { type CivilDate, civilDate } from '../kernel/civil-date.ts';
import type { RuleTable } from '../rules/index.ts';

/** An obligation as interest needs it. */
export type InterestObligation = {
  readonly id: bigint;
  readonly kind: string;
  readonly dueBasis: string;
  readonly amountWon: bigint;
  readonly dueOn: string;
  readonly status: 'held' | 'open';
};

/**
 * Whether a late payment of this obligation bears delay interest: a subcontract or supply share (Subcontracting
 * Act §13(8)), or an advance passed on to a subcontractor (§6(2)). Wages and the prime's own share do not.
 */
export function bearsInterest(o: { kind: string; dueBasis: string }): boolean {
  return o.kind === 'subcontract' || o.kind === 'supply' || (o.kind === 'advance' && o.dueBasis !== 'on_payment');
}

/** What the payee received for one obligation on one day (returns netted): what interest is judged from. */
export type DailyPayment = { readonly on: CivilDate; readonly amountWon: bigint };

/**
 * The ledger's payments of the obligation whose id is `obligationId` (a column reference of the enclosing
 * query), as one JSON array of `[day, amount]` text pairs by day, or null when nothing was paid: money received
 * by the payee for it (`payee_received` accounts), returns netted. For a lookup to read its rows and their
 * payments in one statement (`lateral`); `dailyPaymentsOf` reads the array.
 */
export const paymentsByDayJson = (obligationId: RawBuilder<unknown>): RawBuilder<unknown> => sql`(
  select json_agg(json_build_array(d.on, d.amount::text) order by d.on)
  from (
    select e.effective_on::text as on,
      sum(case when l.side = 'debit' then l.amount_won else -l.amount_won end) as amount
    from journal_lines l
    join ledger_accounts a on a.id = l.account_id and a.kind = 'payee_received'
    join journal_entries e on e.id = l.entry_id
    where l.obligation_id = ${obligationId}
    group by e.effective_on
  ) d)`;

/** The payments `paymentsByDayJson` gave (both engines hand JSON over parsed). */
export function dailyPaymentsOf(json: unknown): DailyPayment[] {
  if (json === null || json === undefined) return [];
  const pairs = (typeof json === 'string' ? JSON.parse(json) : json) as [string, string][];
  return pairs.map(([on, amount]) => ({ on: civilDate(on), amountWon: BigInt(amount) }));
}

/**
 * Each obligation's verdict on `today` — paid on time or late, overdue, days late and delay interest — from its
 * payments in the ledger (money received by the payee for it, returns netted, by day), judged by the claims
 * module's `judgeObligation`: floor(Σ outstanding × rate in force that day ÷ 365), one floor over the whole period
 * (DESIGN §8). Interest is zero for obligations that bear none. One query for the payments of all of them.
 */
export async function verdictsOf(
  db: Executor,
  obligations: readonly InterestObligation[],
  today: CivilDate,
  rules: RuleTable,
): Promise<Map<bigint, ObligationVerdict>> {
  if (obligations.length === 0) return new Map();
  const { rows } = await sql<{ obligation_id: bigint; on: string; amount: bigint }>`
    select l.obligation_id, e.effective_on as on,
      sum(case when l.side = 'debit' then l.amount_won else -l.amount_won end)::bigint as amount
    from journal_lines l
    join ledger_accounts a on a.id = l.account_id and a.kind = 'payee_received'
    join journal_entries e on e.id = l.entry_id
    where l.obligation_id = any(${obligations.map((o) => o.id)}::bigint[])
    group by l.obligation_id, e.effective_on`.execute(db);
  const payments = new Map<bigint, DailyPayment[]>();
  for (const row of rows) {
    const list = payments.get(row.obligation_id) ?? [];
    list.push({ on: civilDate(row.on), amountWon: row.amount });
    payments.set(row.obligation_id, list);
  }
  return verdictsFrom(obligations, payments, today, rules);
}

/** `verdictsOf` once the payments are read: each obligation judged from its payments by day (none if absent). */
export function verdictsFrom(
  obligations: readonly InterestObligation[],
  payments: ReadonlyMap<bigint, readonly DailyPayment[]>,
  today: CivilDate,
  rules: RuleTable,
): Map<bigint, ObligationVerdict> {
  const verdicts = new Map<bigint, ObligationVerdict>();
  for (const o of obligations) {
    const verdict = judgeObligation(
      { amountWon: o.amountWon, dueOn: civilDate(o.dueOn), status: o.status, movements: payments.get(o.id) ?? [] },
      today,
      rules,
    );
    verdicts.set(
      o.id,
      bearsInterest(o) ? verdict : { ...verdict, delayInterestWon: 0n as ObligationVerdict['delayInterestWon'] },
    );
  }
  return verdicts;
}
