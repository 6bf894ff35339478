import { sql } from 'kysely';
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
  const verdicts = new Map<bigint, ObligationVerdict>();
  if (obligations.length === 0) return verdicts;
  const { rows } = await sql<{ obligation_id: bigint; on: string; amount: bigint }>`
    select l.obligation_id, e.effective_on as on,
      sum(case when l.side = 'debit' then l.amount_won else -l.amount_won end)::bigint as amount
    from journal_lines l
    join ledger_accounts a on a.id = l.account_id and a.kind = 'payee_received'
    join journal_entries e on e.id = l.entry_id
    where l.obligation_id = any(${obligations.map((o) => o.id)}::bigint[])
    group by l.obligation_id, e.effective_on`.execute(db);
  const movements = new Map<bigint, { on: CivilDate; amountWon: bigint }[]>();
  for (const row of rows) {
    const list = movements.get(row.obligation_id) ?? [];
    list.push({ on: civilDate(row.on), amountWon: row.amount });
    movements.set(row.obligation_id, list);
  }
  for (const o of obligations) {
    const verdict = judgeObligation(
      { amountWon: o.amountWon, dueOn: civilDate(o.dueOn), status: o.status, movements: movements.get(o.id) ?? [] },
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
