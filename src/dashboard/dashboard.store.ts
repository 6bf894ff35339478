import { type RawBuilder, sql } from 'kysely';
import type { Caller } from '../auth/caller.ts';
import type { Executor } from '../db/database.ts';
import { assert } from '../kernel/assert.ts';
import { type CivilDate, civilDate } from '../kernel/civil-date.ts';
import { classifyObligation } from '../monitor/index.ts';
import { loadRuleTable, periodDays, ruleInForce } from '../rules/index.ts';
import {
  dashboardContractsMax,
  dashboardMonthsMax,
  moneyFlowObligationsMax,
  recentBankMessagesMax,
} from './dashboard-limits.ts';
import { monthsEndingWith, type PaymentDayBucket, paymentDayBuckets } from './dashboard-periods.ts';

/**
 * The dashboard's reads: set-based aggregates over obligations, the ledger, findings and bank messages, scoped to
 * the caller in SQL. Money stays bigint won from the database to the JSON text.
 */

/** Contracts a caller may see on the dashboard, as a condition on a contract id column. */
export function contractVisible(caller: Caller, contractColumn: string): RawBuilder<boolean> {
  const contract = sql.ref(contractColumn);
  switch (caller.role) {
    case 'admin':
    case 'auditor':
      return sql<boolean>`true`;
    case 'official':
      return sql<boolean>`exists (select 1 from contracts sc where sc.id = ${contract} and sc.buyer_id = ${caller.buyerId})`;
    case 'bank':
      return sql<boolean>`exists (select 1 from dedicated_accounts sd join banks sb on sb.code = sd.bank_code
        where sd.contract_id = ${contract} and sb.id = ${caller.bankId})`;
    default:
      return sql<boolean>`false`;
  }
}

export type Figures = {
  paidInWon: bigint;
  dividedWon: bigint;
  paidOutWon: bigint;
  paidOnTimeWon: bigint;
  paidOnTimeCount: number;
  paidLateWon: bigint;
  paidLateCount: number;
  overdueWon: bigint;
  overdueCount: number;
  obligationCount: number;
};

type FigureRow = {
  level: number;
  buyer_id: bigint | null;
  prime_firm_id: bigint | null;
  contract_id: bigint | null;
  name: string | null;
  name_en: string | null;
  contract_number: string | null;
  title: string | null;
  contracts: number;
  paid_in: bigint;
  divided: bigint;
  paid_out: bigint;
  on_time_won: bigint;
  on_time_count: number;
  late_won: bigint;
  late_count: number;
  overdue_won: bigint;
  overdue_count: number;
  obligation_count: number;
};

const figuresOf = (row: FigureRow): Figures => ({
  paidInWon: row.paid_in,
  dividedWon: row.divided,
  paidOutWon: row.paid_out,
  paidOnTimeWon: row.on_time_won,
  paidOnTimeCount: row.on_time_count,
  paidLateWon: row.late_won,
  paidLateCount: row.late_count,
  overdueWon: row.overdue_won,
  overdueCount: row.overdue_count,
  obligationCount: row.obligation_count,
});

/** `grouping(buyer_id, prime_firm_id, contract_id)` of each grouping set below. */
const levelContract = 0;
const levelBuyer = 3;
const levelPrime = 5;
const levelTotal = 7;

export type DashboardFigures = {
  asOf: CivilDate;
  totals: Figures;
  byBuyer: { buyerId: bigint; name: string; nameEn: string | null; figures: Figures }[];
  byPrime: { firmId: bigint; name: string; nameEn: string | null; figures: Figures }[];
  byContract: {
    contractId: bigint;
    contractNumber: string;
    title: string;
    buyerId: bigint;
    primeFirmId: bigint;
    figures: Figures;
  }[];
  contractCount: number;
  paymentDays: (PaymentDayBucket & { count: number; amountWon: bigint })[];
  onTimeByMonth: { month: string; dueCount: number; onTimeCount: number; lateCount: number; overdueCount: number }[];
  findings: { kind: string; open: number; acknowledged: number }[];
  pendingSuggestions: number;
};

/**
 * Every figure of the officials' dashboard on `today`: paid in (the buyer's payments as the ledger holds them),
 * divided (obligations recognised), paid out, paid on time and late (obligations paid in full, by their due date),
 * overdue (outstanding after the due date), by buyer, prime and contract and in total, in one grouping-sets
 * statement; then the days from the buyer's payment to each payee, the on-time rate by month of the due date,
 * the open findings by kind and the pending direct-payment suggestions.
 */
export async function dashboardFigures(db: Executor, caller: Caller, today: CivilDate): Promise<DashboardFigures> {
  const { rows } = await sql<FigureRow>`
    with scoped as (
      select c.id, c.buyer_id, c.prime_firm_id from contracts c where ${contractVisible(caller, 'c.id')}
    ), paid_in as (
      select a.contract_id, sum(case when l.side = 'credit' then l.amount_won else -l.amount_won end) as won
      from journal_lines l join ledger_accounts a on a.id = l.account_id
      where a.kind = 'buyer_funding' and a.contract_id in (select id from scoped)
      group by a.contract_id
    ), owed as (
      select o.contract_id,
        sum(o.amount_won) as divided,
        sum(o.paid_won) as paid_out,
        sum(o.amount_won) filter (where o.paid_on <= o.due_on) as on_time_won,
        count(*) filter (where o.paid_on <= o.due_on) as on_time_count,
        sum(o.amount_won) filter (where o.paid_on > o.due_on) as late_won,
        count(*) filter (where o.paid_on > o.due_on) as late_count,
        sum(o.amount_won - o.paid_won) filter (where o.paid_on is null and o.due_on < ${today}::date) as overdue_won,
        count(*) filter (where o.paid_on is null and o.due_on < ${today}::date) as overdue_count,
        count(*) as obligation_count
      from obligations o where o.contract_id in (select id from scoped)
      group by o.contract_id
    ), per_contract as (
      select s.id as contract_id, s.buyer_id, s.prime_firm_id,
        coalesce(p.won, 0) as paid_in, coalesce(w.divided, 0) as divided, coalesce(w.paid_out, 0) as paid_out,
        coalesce(w.on_time_won, 0) as on_time_won, coalesce(w.on_time_count, 0) as on_time_count,
        coalesce(w.late_won, 0) as late_won, coalesce(w.late_count, 0) as late_count,
        coalesce(w.overdue_won, 0) as overdue_won, coalesce(w.overdue_count, 0) as overdue_count,
        coalesce(w.obligation_count, 0) as obligation_count
      from scoped s left join paid_in p on p.contract_id = s.id left join owed w on w.contract_id = s.id
    ), grouped as (
      select grouping(buyer_id, prime_firm_id, contract_id)::int as level, buyer_id, prime_firm_id, contract_id,
        count(*)::int as contracts,
        sum(paid_in)::bigint as paid_in, sum(divided)::bigint as divided, sum(paid_out)::bigint as paid_out,
        sum(on_time_won)::bigint as on_time_won, sum(on_time_count)::int as on_time_count,
        sum(late_won)::bigint as late_won, sum(late_count)::int as late_count,
        sum(overdue_won)::bigint as overdue_won, sum(overdue_count)::int as overdue_count,
        sum(obligation_count)::int as obligation_count
      from per_contract
      group by grouping sets ((buyer_id), (prime_firm_id), (buyer_id, prime_firm_id, contract_id), ())
    )
    select g.level, g.buyer_id, g.prime_firm_id, g.contract_id,
      coalesce(b.name, f.name) as name, coalesce(b.name_en, f.name_en) as name_en,
      c.contract_number, c.title, g.contracts,
      coalesce(g.paid_in, 0)::bigint as paid_in, coalesce(g.divided, 0)::bigint as divided,
      coalesce(g.paid_out, 0)::bigint as paid_out, coalesce(g.on_time_won, 0)::bigint as on_time_won,
      coalesce(g.on_time_count, 0)::int as on_time_count, coalesce(g.late_won, 0)::bigint as late_won,
      coalesce(g.late_count, 0)::int as late_count, coalesce(g.overdue_won, 0)::bigint as overdue_won,
      coalesce(g.overdue_count, 0)::int as overdue_count, coalesce(g.obligation_count, 0)::int as obligation_count
    from grouped g
    left join buyers b on g.level = ${levelBuyer} and b.id = g.buyer_id
    left join firms f on g.level = ${levelPrime} and f.id = g.prime_firm_id
    left join contracts c on g.level = ${levelContract} and c.id = g.contract_id
    order by g.level desc, g.overdue_won desc, coalesce(b.name, f.name, c.contract_number), g.contract_id`.execute(db);

  const total = rows.find((row) => row.level === levelTotal);
  const empty: Figures = {
    paidInWon: 0n,
    dividedWon: 0n,
    paidOutWon: 0n,
    paidOnTimeWon: 0n,
    paidOnTimeCount: 0,
    paidLateWon: 0n,
    paidLateCount: 0,
    overdueWon: 0n,
    overdueCount: 0,
    obligationCount: 0,
  };
  // With no contract in scope the empty grouping set still gives its row: a total over nothing.
  const contractCount = total?.contracts ?? 0;
  const contracts = rows.filter((row) => row.level === levelContract);
  assert(contracts.length === contractCount);

  const [paymentDays, onTimeByMonth, findings, pendingSuggestions] = await Promise.all([
    paymentDayDistribution(db, caller),
    onTimeMonths(db, caller, today),
    openFindingKinds(db, caller),
    pendingSuggestionCount(db, caller),
  ]);
  return {
    asOf: today,
    totals: contractCount > 0 && total ? figuresOf(total) : empty,
    byBuyer: rows
      .filter((row) => row.level === levelBuyer)
      .map((row) => ({ buyerId: row.buyer_id!, name: row.name ?? '', nameEn: row.name_en, figures: figuresOf(row) })),
    byPrime: rows
      .filter((row) => row.level === levelPrime)
      .map((row) => ({
        firmId: row.prime_firm_id!,
        name: row.name ?? '',
        nameEn: row.name_en,
        figures: figuresOf(row),
      })),
    byContract: contracts.slice(0, dashboardContractsMax).map((row) => ({
      contractId: row.contract_id!,
      contractNumber: row.contract_number ?? '',
      title: row.title ?? '',
      buyerId: row.buyer_id!,
      primeFirmId: row.prime_firm_id!,
      figures: figuresOf(row),
    })),
    contractCount,
    paymentDays,
    onTimeByMonth,
    findings,
    pendingSuggestions,
  };
}

/** How many days after the buyer's payment each obligation paid in full was paid, counted into buckets. */
async function paymentDayDistribution(db: Executor, caller: Caller) {
  const bucketOf = sql.join(
    paymentDayBuckets.map((bucket, index) =>
      bucket.toDays === null
        ? sql`else ${sql.lit(index)}`
        : sql`when d <= ${sql.lit(bucket.toDays)} then ${sql.lit(index)}`,
    ),
    sql` `,
  );
  const { rows } = await sql<{ bucket: number; count: number; amount: bigint }>`
    select (case ${bucketOf} end)::int as bucket, count(*)::int as count, sum(amount)::bigint as amount
    from (
      select (o.paid_on - cl.paid_on) as d, o.amount_won as amount
      from obligations o join claims cl on cl.id = o.claim_id
      where o.paid_on is not null and cl.paid_on is not null and ${contractVisible(caller, 'o.contract_id')}
    ) paid
    group by 1`.execute(db);
  const byBucket = new Map(rows.map((row) => [row.bucket, row]));
  return paymentDayBuckets.map((bucket, index) => ({
    ...bucket,
    count: byBucket.get(index)?.count ?? 0,
    amountWon: byBucket.get(index)?.amount ?? 0n,
  }));
}

/** Per month of the due date, over the last months up to today: obligations due, paid on time, late, overdue. */
async function onTimeMonths(db: Executor, caller: Caller, today: CivilDate) {
  const months = monthsEndingWith(today, dashboardMonthsMax);
  const from = civilDate(`${months[0]}-01`);
  const { rows } = await sql<{
    month: string;
    due_count: number;
    on_time: number;
    late: number;
    overdue: number;
  }>`
    select to_char(o.due_on, 'YYYY-MM') as month, count(*)::int as due_count,
      (count(*) filter (where o.paid_on <= o.due_on))::int as on_time,
      (count(*) filter (where o.paid_on > o.due_on))::int as late,
      (count(*) filter (where o.paid_on is null and o.due_on < ${today}::date))::int as overdue
    from obligations o
    where o.due_on >= ${from}::date and o.due_on <= ${today}::date and ${contractVisible(caller, 'o.contract_id')}
    group by 1`.execute(db);
  const byMonth = new Map(rows.map((row) => [row.month, row]));
  return months.map((month) => {
    const row = byMonth.get(month);
    return {
      month,
      dueCount: row?.due_count ?? 0,
      onTimeCount: row?.on_time ?? 0,
      lateCount: row?.late ?? 0,
      overdueCount: row?.overdue ?? 0,
    };
  });
}

async function openFindingKinds(db: Executor, caller: Caller) {
  const { rows } = await sql<{ kind: string; open: number; acknowledged: number }>`
    select f.kind, (count(*) filter (where f.state = 'open'))::int as open,
      (count(*) filter (where f.state = 'acknowledged'))::int as acknowledged
    from findings f
    where f.state <> 'resolved' and ${findingVisible(caller)}
    group by f.kind order by f.kind`.execute(db);
  return rows;
}

/** Findings without a contract (an unknown account) are the administrators' and auditors' only. */
function findingVisible(caller: Caller): RawBuilder<boolean> {
  if (caller.role === 'admin' || caller.role === 'auditor') return sql<boolean>`true`;
  return sql<boolean>`(f.contract_id is not null and ${contractVisible(caller, 'f.contract_id')})`;
}

async function pendingSuggestionCount(db: Executor, caller: Caller): Promise<number> {
  const { rows } = await sql<{ count: number }>`
    select count(*)::int as count from direct_payment_suggestions s
    where s.state = 'pending' and ${contractVisible(caller, 's.contract_id')}`.execute(db);
  return rows[0]?.count ?? 0;
}

export type FlowGroup = 'prime' | 'subcontract' | 'supply' | 'labour' | 'advance';

export type MoneyFlow = {
  asOf: CivilDate;
  contractId: bigint;
  contractNumber: string;
  title: string;
  buyerName: string;
  buyerNameEn: string | null;
  paidInWon: bigint;
  accounts: { purpose: string; paidInWon: bigint; balanceWon: bigint }[];
  payees: { key: string; group: FlowGroup; tier: number | null; name: string | null; nameEn: string | null }[];
  links: { purpose: string; payeeKey: string; dividedWon: bigint; paidWon: bigint }[];
  obligations: {
    id: bigint;
    claimId: bigint;
    claimSequence: number;
    kind: string;
    purpose: string;
    payeeKey: string;
    payeeName: string | null;
    tier: number | null;
    amountWon: bigint;
    paidWon: bigint;
    buyerPaidOn: string | null;
    dueOn: string;
    paidOn: string | null;
    status: string;
    daysLate: number;
  }[];
  truncated: boolean;
};

/**
 * Where a payee's share sits in the money flow: the prime's own share, each subcontractor (with its tier), each
 * supplier, an advance's payee, and every worker together as labour (no worker is named in the diagram).
 */
const payeeKeySql = sql<string>`case o.kind when 'own_share' then 'prime' when 'labour' then 'labour'
  else o.kind || ':' || o.payee_kind || ':' || o.payee_id::text end`;

/**
 * One contract's money flow: what the buyer paid into each dedicated account (by purpose) and what each holds now,
 * what each account owes and has paid to each payee, and every obligation with its dates and status on `today`.
 * `undefined` when the contract does not exist or the caller may not see it.
 */
export async function contractMoneyFlow(
  db: Executor,
  caller: Caller,
  contractId: bigint,
  today: CivilDate,
): Promise<MoneyFlow | undefined> {
  const contract = await db
    .selectFrom('contracts as c')
    .innerJoin('buyers as b', 'b.id', 'c.buyer_id')
    .select(['c.id', 'c.contract_number', 'c.title', 'b.name as buyer_name', 'b.name_en as buyer_name_en'])
    .where('c.id', '=', contractId)
    .where(contractVisible(caller, 'c.id'))
    .executeTakeFirst();
  if (!contract) return undefined;

  const { rows: accountRows } = await sql<{ purpose: string; paid_in: bigint; balance: bigint }>`
    select p.purpose,
      coalesce(sum(case when l.side = 'debit' then l.amount_won else -l.amount_won end)
        filter (where e.kind = 'buyer_payment' or r.kind = 'buyer_payment'), 0)::bigint as paid_in,
      coalesce(sum(case when l.side = 'debit' then l.amount_won else -l.amount_won end), 0)::bigint as balance
    from (
      select purpose from dedicated_accounts where contract_id = ${contractId}
      union select purpose from ledger_accounts where contract_id = ${contractId} and kind = 'dedicated'
    ) p
    left join ledger_accounts a on a.contract_id = ${contractId} and a.kind = 'dedicated' and a.purpose = p.purpose
    left join journal_lines l on l.account_id = a.id
    left join journal_entries e on e.id = l.entry_id
    left join journal_entries r on r.id = e.reverses_entry_id
    group by p.purpose
    order by case p.purpose when 'progress' then 0 when 'labour' then 1 when 'advance' then 2 else 3 end`.execute(db);

  const { rows: linkRows } = await sql<{
    purpose: string;
    payee_key: string;
    kind: string;
    tier: number | null;
    name: string | null;
    name_en: string | null;
    divided: bigint;
    paid: bigint;
  }>`
    select o.source_purpose as purpose, ${payeeKeySql} as payee_key,
      case when o.kind = 'own_share' then 'prime' else o.kind end as kind,
      min(s.tier) as tier, min(f.name) as name, min(f.name_en) as name_en,
      sum(o.amount_won)::bigint as divided, sum(o.paid_won)::bigint as paid
    from obligations o
    join claim_lines ln on ln.id = o.claim_line_id
    left join subcontracts s on s.id = ln.subcontract_id and o.kind in ('subcontract', 'advance')
    left join firms f on o.payee_kind = 'firm' and o.kind <> 'labour' and f.id = o.payee_id
    where o.contract_id = ${contractId}
    group by 1, 2, 3
    order by 1, min(s.tier) nulls first, 2`.execute(db);

  const obligationRows = await db
    .selectFrom('obligations as o')
    .innerJoin('claims as cl', 'cl.id', 'o.claim_id')
    .innerJoin('claim_lines as ln', 'ln.id', 'o.claim_line_id')
    .leftJoin('subcontracts as s', 's.id', 'ln.subcontract_id')
    .leftJoin('firms as f', (join) => join.onRef('f.id', '=', 'o.payee_id').on('o.payee_kind', '=', 'firm'))
    .select([
      'o.id',
      'o.claim_id',
      'cl.sequence',
      'o.kind',
      'o.source_purpose',
      'o.amount_won',
      'o.paid_won',
      'cl.paid_on as buyer_paid_on',
      'o.due_on',
      'o.paid_on',
      'f.name as firm_name',
      's.tier',
      payeeKeySql.as('payee_key'),
    ])
    .where('o.contract_id', '=', contractId)
    .orderBy('o.id')
    .limit(moneyFlowObligationsMax + 1)
    .execute();

  const rules = await loadRuleTable(db);
  const warningRule = ruleInForce(rules, 'deadline_warning_days', today);
  const warningDays = warningRule ? periodDays(warningRule) : 0;
  const payees = new Map<string, MoneyFlow['payees'][number]>();
  for (const row of linkRows) {
    if (!payees.has(row.payee_key)) {
      payees.set(row.payee_key, {
        key: row.payee_key,
        group: row.kind as FlowGroup,
        tier: row.tier,
        name: row.kind === 'labour' ? null : row.name,
        nameEn: row.kind === 'labour' ? null : row.name_en,
      });
    }
  }
  const paidInWon = accountRows.reduce((sum, row) => sum + row.paid_in, 0n);
  return {
    asOf: today,
    contractId: contract.id,
    contractNumber: contract.contract_number,
    title: contract.title,
    buyerName: contract.buyer_name,
    buyerNameEn: contract.buyer_name_en,
    paidInWon,
    accounts: accountRows.map((row) => ({ purpose: row.purpose, paidInWon: row.paid_in, balanceWon: row.balance })),
    payees: [...payees.values()],
    links: linkRows.map((row) => ({
      purpose: row.purpose,
      payeeKey: row.payee_key,
      dividedWon: row.divided,
      paidWon: row.paid,
    })),
    obligations: obligationRows.slice(0, moneyFlowObligationsMax).map((row) => {
      const status = classifyObligation(
        {
          kind: row.kind,
          amountWon: row.amount_won,
          paidWon: row.paid_won,
          paidOn: row.paid_on === null ? null : civilDate(row.paid_on),
          dueOn: civilDate(row.due_on),
        },
        today,
        warningDays,
      );
      return {
        id: row.id,
        claimId: row.claim_id,
        claimSequence: row.sequence,
        kind: row.kind,
        purpose: row.source_purpose,
        payeeKey: row.payee_key,
        // Workers are never named in the money flow: their wages show as labour.
        payeeName: row.kind === 'labour' ? null : row.firm_name,
        tier: row.kind === 'subcontract' || row.kind === 'advance' ? row.tier : null,
        amountWon: row.amount_won,
        paidWon: row.paid_won,
        buyerPaidOn: row.buyer_paid_on,
        dueOn: row.due_on,
        paidOn: row.paid_on,
        status: status.status,
        daysLate: 'daysLate' in status ? status.daysLate : 0,
      };
    }),
    truncated: obligationRows.length > moneyFlowObligationsMax,
  };
}

export type RecentBankMessage = {
  id: bigint;
  bankName: string | null;
  channel: string;
  name: string | null;
  format: string | null;
  messageId: string | null;
  state: string;
  refusal: string | null;
  receivedAt: Date;
  movementCount: number;
  exceptionCount: number;
};

/**
 * The latest bank messages a caller may see, newest first, with how many movements each carried and how many of
 * them wait in the exception queue: a bank sees what it sent; an official what touched its buyer's contracts.
 */
export async function recentBankMessages(db: Executor, caller: Caller): Promise<RecentBankMessage[]> {
  const visible =
    caller.role === 'admin' || caller.role === 'auditor'
      ? sql<boolean>`true`
      : caller.role === 'bank'
        ? sql<boolean>`m.bank_id = ${caller.bankId}`
        : sql<boolean>`exists (select 1 from bank_movements v where v.message_id = m.id and v.contract_id is not null
            and ${contractVisible(caller, 'v.contract_id')})`;
  const { rows } = await sql<{
    id: bigint;
    bank_name: string | null;
    channel: string;
    name: string | null;
    format: string | null;
    message_id: string | null;
    state: string;
    refusal: string | null;
    received_at: Date;
    movements: number;
    exceptions: number;
  }>`
    select m.id, b.name as bank_name, m.channel, m.name, m.format, m.message_id, m.state, m.refusal, m.received_at,
      (select count(*) from bank_movements v where v.message_id = m.id)::int as movements,
      (select count(*) from bank_exceptions x join bank_movements v on v.id = x.movement_id
        where v.message_id = m.id and x.state = 'open')::int as exceptions
    from bank_messages m left join banks b on b.id = m.bank_id
    where ${visible}
    order by m.received_at desc, m.id desc
    limit ${recentBankMessagesMax}`.execute(db);
  return rows.map((row) => ({
    id: row.id,
    bankName: row.bank_name,
    channel: row.channel,
    name: row.name,
    format: row.format,
    messageId: row.message_id,
    state: row.state,
    refusal: row.refusal,
    receivedAt: row.received_at,
    movementCount: row.movements,
    exceptionCount: row.exceptions,
  }));
}
