import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { ledgerCheckViolationsMax } from '../kernel/limits.ts';

/** Every invariant `hado ledger check` verifies, each by a set-based query over the whole ledger. */
export const ledgerViolationCodes = [
  /** An entry's lines do not balance, do not sum to its total, or are not the lines it declared. */
  'entry_unbalanced',
  /** Within one entry, the cash or the memo layer does not balance: money appeared or vanished. */
  'entry_layer_unbalanced',
  /** A line names an entry or account that does not exist, or of another contract. */
  'line_orphaned',
  /** A dedicated account's running balance went below zero at some entry. */
  'dedicated_below_zero',
  /** A payee was paid beyond its obligations without an overpayment finding. */
  'payee_overpaid_without_finding',
  /** An obligation's recorded paid amount differs from what the ledger shows it received. */
  'obligation_paid_mismatch',
  /** A reversal does not mirror the entry it reverses. */
  'reversal_not_mirrored',
  /** A paid claim's obligations do not add up to its total. */
  'claim_obligations_mismatch',
  /** An account's stored running balance (what the insert check reads) is not the sum of its lines. */
  'account_balance_mismatch',
] as const;
export type LedgerViolationCode = (typeof ledgerViolationCodes)[number];

export type LedgerViolation = {
  readonly code: LedgerViolationCode;
  /** How many rows break the invariant. */
  readonly count: number;
  /** The first few, as short descriptions naming their ids. */
  readonly examples: readonly string[];
};

export type LedgerCheck = {
  readonly result: 'clean' | 'violations';
  readonly totals: {
    readonly entries: number;
    readonly lines: number;
    readonly debitWon: bigint;
    readonly creditWon: bigint;
  };
  readonly violations: readonly LedgerViolation[];
};

type Finding = { total: bigint; example: string };

const queries: Record<LedgerViolationCode, RawBuilder<Finding>> = {
  entry_unbalanced: sql<Finding>`
    with totals as (
      select entry_id, count(*) as lines,
             coalesce(sum(amount_won) filter (where side = 'debit'), 0) as debits,
             coalesce(sum(amount_won) filter (where side = 'credit'), 0) as credits
      from journal_lines group by entry_id)
    select count(*) over () as total,
      'entry ' || coalesce(e.id, t.entry_id) || ': declared ' || coalesce(e.line_count::text, '-') || ' lines / '
        || coalesce(e.total_won::text, '-') || ' won, found ' || coalesce(t.lines, 0) || ' lines, debits '
        || coalesce(t.debits, 0) || ', credits ' || coalesce(t.credits, 0) as example
    from journal_entries e full join totals t on t.entry_id = e.id
    where e.id is null or t.entry_id is null or t.lines <> e.line_count
       or t.debits <> e.total_won or t.credits <> e.total_won
    order by coalesce(e.id, t.entry_id)`,
  entry_layer_unbalanced: sql<Finding>`
    select count(*) over () as total,
      'entry ' || l.entry_id || ': ' || (case when a.kind in ('division_control', 'payable', 'buyer_direct', 'prime_deduction') then 'memo' else 'cash' end)
        || ' layer off by ' || sum(case when l.side = 'debit' then l.amount_won else -l.amount_won end) as example
    from journal_lines l join ledger_accounts a on a.id = l.account_id
    group by l.entry_id, (case when a.kind in ('division_control', 'payable', 'buyer_direct', 'prime_deduction') then 'memo' else 'cash' end)
    having sum(case when l.side = 'debit' then l.amount_won else -l.amount_won end) <> 0
    order by l.entry_id`,
  line_orphaned: sql<Finding>`
    select count(*) over () as total,
      'line ' || l.id || ' of entry ' || l.entry_id || ' (contract ' || l.contract_id || ')' as example
    from journal_lines l
    left join journal_entries e on e.id = l.entry_id
    left join ledger_accounts a on a.id = l.account_id
    where e.id is null or a.id is null or e.contract_id <> l.contract_id or a.contract_id <> l.contract_id
    order by l.id`,
  dedicated_below_zero: sql<Finding>`
    with deltas as (
      select l.account_id, l.entry_id, sum(case when l.side = 'debit' then l.amount_won else -l.amount_won end) as delta
      from journal_lines l join ledger_accounts a on a.id = l.account_id and a.kind = 'dedicated'
      group by l.account_id, l.entry_id),
    running as (
      select account_id, entry_id, sum(delta) over (partition by account_id order by entry_id) as balance from deltas)
    select count(*) over () as total,
      'dedicated account ' || account_id || ' at ' || balance || ' won after entry ' || entry_id as example
    from running where balance < 0 order by account_id, entry_id`,
  payee_overpaid_without_finding: sql<Finding>`
    with payables as (
      select a.id, a.payee_account_id,
        coalesce((select sum(case when l.side = 'credit' then l.amount_won else -l.amount_won end)
                  from journal_lines l where l.account_id = a.id), 0) as owed,
        coalesce((select sum(f.amount_won) from overpayment_findings f where f.account_id = a.id), 0) as found
      from ledger_accounts a where a.kind = 'payable'),
    obligation_excess as (
      select o.id, o.paid_won - o.amount_won
               - coalesce((select sum(f.amount_won) from overpayment_findings f where f.obligation_id = o.id), 0) as excess
      from obligations o where o.paid_won > o.amount_won)
    select count(*) over () as total, example from (
      select 'payable account ' || id || ' (payee account ' || payee_account_id || ') paid ' || (-(owed + found))
               || ' won beyond its obligations' as example, 0 as part, id from payables where owed + found < 0
      union all
      select 'obligation ' || id || ' paid ' || excess || ' won beyond its amount without a finding', 1, id
      from obligation_excess where excess > 0) violations
    order by part, id`,
  obligation_paid_mismatch: sql<Finding>`
    with received as (
      select l.obligation_id, sum(case when l.side = 'debit' then l.amount_won else -l.amount_won end) as paid
      from journal_lines l join ledger_accounts a on a.id = l.account_id and a.kind = 'payee_received'
      where l.obligation_id is not null group by l.obligation_id)
    select count(*) over () as total,
      'obligation ' || coalesce(o.id, r.obligation_id) || ': records ' || coalesce(o.paid_won::text, '-')
        || ' won paid, the ledger shows ' || coalesce(r.paid, 0) as example
    from obligations o full join received r on r.obligation_id = o.id
    where o.id is null or o.paid_won <> coalesce(r.paid, 0)
    order by coalesce(o.id, r.obligation_id)`,
  reversal_not_mirrored: sql<Finding>`
    select count(*) over () as total, 'reversal ' || e.id || ' of entry ' || e.reverses_entry_id as example
    from journal_entries e
    where e.kind = 'reversal' and exists (
      (select account_id, case when side = 'debit' then 'credit' else 'debit' end, amount_won, obligation_id
       from journal_lines where entry_id = e.reverses_entry_id
       except all
       select account_id, side, amount_won, obligation_id from journal_lines where entry_id = e.id)
      union all
      (select account_id, side, amount_won, obligation_id from journal_lines where entry_id = e.id
       except all
       select account_id, case when side = 'debit' then 'credit' else 'debit' end, amount_won, obligation_id
       from journal_lines where entry_id = e.reverses_entry_id))
    order by e.id`,
  claim_obligations_mismatch: sql<Finding>`
    select count(*) over () as total,
      'claim ' || c.id || ': total ' || c.total_won || ' won, obligations ' || coalesce(sum(o.amount_won), 0) as example
    from claims c left join obligations o on o.claim_id = c.id
    where c.status in ('awaiting_release', 'paid')
    group by c.id, c.total_won
    having coalesce(sum(o.amount_won), 0) <> c.total_won
    order by c.id`,
  account_balance_mismatch: sql<Finding>`
    with sums as (
      select account_id,
             coalesce(sum(amount_won) filter (where side = 'debit'), 0) as debits,
             coalesce(sum(amount_won) filter (where side = 'credit'), 0) as credits
      from journal_lines group by account_id)
    select count(*) over () as total,
      'account ' || coalesce(b.account_id, s.account_id) || ': stores debits ' || coalesce(b.debit_won::text, '-')
        || ' / credits ' || coalesce(b.credit_won::text, '-') || ' won, its lines sum to debits '
        || coalesce(s.debits, 0) || ' / credits ' || coalesce(s.credits, 0) as example
    from ledger_balances b full join sums s on s.account_id = b.account_id
    where coalesce(b.debit_won, 0) <> coalesce(s.debits, 0) or coalesce(b.credit_won, 0) <> coalesce(s.credits, 0)
    order by coalesce(b.account_id, s.account_id)`,
};

/**
 * Verifies every ledger invariant over the whole database: each entry balances (overall and per layer) and has
 * its declared lines; lines belong to their entry's contract; no dedicated account was ever below zero; no
 * payee was paid beyond its obligations without a finding; obligations' paid amounts agree with the ledger;
 * reversals mirror what they reverse; paid claims' obligations add up; every account's stored running balance
 * is the sum of its lines. Read-only.
 */
export async function checkLedger(db: Executor): Promise<LedgerCheck> {
  const violations: LedgerViolation[] = [];
  for (const code of ledgerViolationCodes) {
    const { rows } =
      await sql<Finding>`select * from (${queries[code]}) found limit ${ledgerCheckViolationsMax}`.execute(db);
    if (rows.length === 0) continue;
    violations.push({ code, count: Number(rows[0]!.total), examples: rows.map((row) => row.example) });
  }
  const { rows } = await sql<{ entries: bigint; lines: bigint; debits: bigint; credits: bigint }>`
    select (select count(*) from journal_entries) as entries, count(*) as lines,
      coalesce(sum(amount_won) filter (where side = 'debit'), 0)::bigint as debits,
      coalesce(sum(amount_won) filter (where side = 'credit'), 0)::bigint as credits
    from journal_lines`.execute(db);
  const totals = rows[0]!;
  return {
    result: violations.length === 0 ? 'clean' : 'violations',
    totals: {
      entries: Number(totals.entries),
      lines: Number(totals.lines),
      debitWon: totals.debits,
      creditWon: totals.credits,
    },
    violations,
  };
}
