import { type RawBuilder, sql } from 'kysely';
import { appendAudit } from '../audit/audit-log.ts';
import type { Db, Tx } from '../db/database.ts';
import { addDays, type CivilDate, civilDate } from '../kernel/civil-date.ts';
import type { Locale } from '../notifications/render.ts';
import type { NotificationSettings } from '../notifications/settings.ts';
import { enqueue, type OutboxMessageInput } from '../outbox/enqueue.ts';
import { loadRuleTable, type RuleTable } from '../rules/index.ts';
import { type FindingCounts, findingPolicy, type MonitoredKind, monitoredKinds, zeroCounts } from './finding-kinds.ts';
import { verdictsOf } from './interest.ts';
import { agendaBatch, claimAgenda, scheduleNextChecks } from './monitor-agenda.ts';
import { type MonitorEvent, messagesFor, type ObligationFacts, type Party } from './monitor-messages.ts';

/** How the monitor escalates and how far back it tells people of what they may not have heard yet. */
export type MonitorPolicy = {
  /** Days overdue after which the official is asked whether the buyer should pay directly (Framework Act §35). */
  readonly directPaymentAfterDays: number;
  /** Payments and announcements older than this are not told by SMS any more (a first sweep over old data). */
  readonly noticeLookbackDays: number;
};

export const defaultMonitorPolicy: MonitorPolicy = { directPaymentAfterDays: 10, noticeLookbackDays: 7 };

/** The policy from the environment (HADO_DIRECT_PAYMENT_AFTER_DAYS), defaults otherwise. */
export function monitorPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): MonitorPolicy {
  const days = Number(env.HADO_DIRECT_PAYMENT_AFTER_DAYS ?? defaultMonitorPolicy.directPaymentAfterDays);
  return {
    ...defaultMonitorPolicy,
    directPaymentAfterDays:
      Number.isInteger(days) && days >= 0 && days <= 365 ? days : defaultMonitorPolicy.directPaymentAfterDays,
  };
}

export type SweepOptions = {
  readonly now: Date;
  readonly today: CivilDate;
  /** Only this contract (a sweep caused by one contract's event); every contract when absent. */
  readonly contractId?: bigint;
  readonly settings: NotificationSettings;
  readonly policy?: MonitorPolicy;
};

export type SweepResult = {
  /** Findings raised by this sweep, by kind (returned and diverted: adopted from reconciliation). */
  readonly raised: FindingCounts;
  readonly resolved: number;
  readonly suggestions: number;
  readonly notices: number;
  readonly messages: number;
  /** Open findings after the sweep, by kind (over the sweep's scope). */
  readonly open: FindingCounts;
};

type Raised = {
  id: bigint;
  kind: string;
  obligation_id: bigint | null;
  contract_id: bigint | null;
  amount_won: bigint | null;
};

/**
 * One sweep of the monitor, in one transaction: set-based statements (one per kind of finding, not one per row)
 * resolve what no longer holds, raise what newly holds (each finding once, by its unique key), ask for direct
 * payment where an obligation has been overdue long enough, and note the announcements and payments to tell;
 * then the messages all of that causes go into the outbox in the same transaction. The rules are those of
 * `findingsOf` (classify-obligation.ts), written as SQL; tests hold the two to the same answers.
 *
 * A sweep examines only the obligations on the monitor's agenda for `today` (monitor-agenda.ts): those that
 * changed since the last sweep and those reaching a date on which their findings can change. Every other
 * obligation would raise and resolve nothing, so a daily sweep costs what changed that day, not the table.
 */
export async function runSweep(db: Db, options: SweepOptions): Promise<SweepResult> {
  const policy = options.policy ?? defaultMonitorPolicy;
  const rules = await loadRuleTable(db);
  const warningDaysMax = Math.max(
    0,
    ...(rules.versions.get('deadline_warning_days') ?? []).map((v) => Number(v.value)),
  );
  const { now, today } = options;
  const scope = (alias: string): RawBuilder<unknown> =>
    options.contractId === undefined ? sql`` : sql`and ${sql.ref(`${alias}.contract_id`)} = ${options.contractId}`;

  return db.transaction().execute(async (tx) => {
    // With nothing on the agenda (most contract-scoped sweeps) only reconciliation's findings are looked at.
    const claimed = await claimAgenda(tx, today, options.contractId);
    const resolved = claimed > 0 ? await resolveStale(tx, options) : 0;

    const outstanding = sql`o.amount_won - least(o.paid_won, o.amount_won)`;
    // What holds of each examined obligation today, per kind of finding: [kind, condition, amount, days late].
    const conditions: readonly [MonitoredKind, RawBuilder<unknown>, RawBuilder<unknown>, RawBuilder<unknown>][] = [
      [
        'upcoming',
        sql`o.paid_on is null and o.due_on > ${today}::date and o.due_on <= ${today}::date + ${warningDaysMax}::int
          and o.due_on - (select r.value::int from rule_versions r where r.rule = 'deadline_warning_days'
            and r.effective_from <= o.due_on order by r.effective_from desc limit 1) <= ${today}::date`,
        outstanding,
        sql`null::integer`,
      ],
      ['due_today', sql`o.paid_on is null and o.due_on = ${today}::date`, outstanding, sql`0`],
      [
        'overdue',
        sql`o.paid_on is null and o.due_on < ${today}::date and o.kind <> 'labour'`,
        outstanding,
        sql`${today}::date - o.due_on`,
      ],
      [
        'unpaid_wage',
        sql`o.paid_on is null and o.due_on < ${today}::date and o.kind = 'labour'`,
        outstanding,
        sql`${today}::date - o.due_on`,
      ],
      [
        'short_paid',
        sql`o.paid_on is null and o.paid_won > 0 and o.due_on < ${today}::date`,
        outstanding,
        sql`${today}::date - o.due_on`,
      ],
      ['paid_late', sql`o.paid_on is not null and o.paid_on > o.due_on`, sql`o.amount_won`, sql`o.paid_on - o.due_on`],
    ];
    const rank = new Map<string, number>(conditions.map(([kind], index) => [kind, index]));
    // One statement raises every kind (each finding once, by its key), in the order of the list above.
    const raisedByRules =
      claimed === 0
        ? []
        : (
            await sql<Raised>`
        insert into findings (finding_key, kind, severity, owner, contract_id, obligation_id, payee_kind, payee_id,
          amount_won, due_on, days_late, detail, raised_at, updated_at)
        select h.kind || ':obligation:' || o.id, h.kind, p.severity, p.owner, o.contract_id, o.id, o.payee_kind,
          o.payee_id, h.amount_won, o.due_on, h.days_late, '{}'::jsonb, ${now}, ${now}
        from ${agendaBatch} b
        join obligations o on o.id = b.obligation_id
        cross join lateral (${sql.join(
          conditions.map(
            ([kind, where, amount, daysLate], index) =>
              sql`select ${kind}::text as kind, ${index}::int as rank, ${amount} as amount_won,
                ${daysLate} as days_late where ${where}`,
          ),
          sql` union all `,
        )}) h
        join (values ${sql.join(
          conditions.map(
            ([kind]) => sql`(${kind}::text, ${findingPolicy[kind].severity}::text, ${findingPolicy[kind].owner}::text)`,
          ),
        )}) as p (kind, severity, owner) on p.kind = h.kind
        where o.kind <> 'own_share'
        order by h.rank, o.id
        on conflict (finding_key) do nothing
        returning id, kind, obligation_id, contract_id, amount_won`.execute(tx)
          ).rows.sort(
            (a, b) =>
              rank.get(a.kind)! - rank.get(b.kind)! ||
              (a.obligation_id! < b.obligation_id! ? -1 : a.obligation_id! > b.obligation_id! ? 1 : 0),
          );
    const raised: Raised[] = [...raisedByRules, ...(await adoptBankFindings(tx, now, scope))];

    const { rows: suggestions } = await sql<{ id: bigint; obligation_id: bigint }>`
      insert into direct_payment_suggestions (contract_id, obligation_id, finding_id, outstanding_won, days_overdue,
        suggested_at)
      select o.contract_id, o.id,
        (select f.id from findings f where f.obligation_id = o.id and f.kind in ('overdue', 'unpaid_wage') limit 1),
        o.amount_won - o.paid_won, ${today}::date - o.due_on, ${now}
      from ${agendaBatch} b
      join obligations o on o.id = b.obligation_id
      where o.kind <> 'own_share' and o.paid_on is null and o.paid_won < o.amount_won
        and o.due_on <= ${today}::date - ${policy.directPaymentAfterDays}::int
      order by o.id
      on conflict (obligation_id) do nothing
      returning id, obligation_id`.execute(tx);

    const since = addDays(today, -policy.noticeLookbackDays);
    const { rows: notices } = await sql<{ obligation_id: bigint; notice: 'announced' | 'paid' }>`
      insert into obligation_notices (obligation_id, contract_id, notice, noticed_at)
      select o.id, o.contract_id, n.notice, ${now}
      from ${agendaBatch} b
      join obligations o on o.id = b.obligation_id
      join contracts k on k.id = o.contract_id
      cross join lateral (
        select 'announced' as notice
        where o.created_at >= ${new Date(now.getTime() - policy.noticeLookbackDays * 86_400_000)} and o.due_on >= ${today}::date
        union all
        select 'paid' where o.paid_on is not null and o.paid_on >= ${since}::date
      ) n
      where o.kind <> 'own_share' and not (o.payee_kind = 'firm' and o.payee_id = k.prime_firm_id)
      order by o.id, n.notice
      on conflict (obligation_id, notice) do nothing
      returning obligation_id, notice`.execute(tx);

    if (claimed > 0) await scheduleNextChecks(tx, today, policy);

    const messages = await tellPeople(tx, options, raised, suggestions, notices, rules);
    const enqueued = await enqueue(tx, messages, { now, quietHours: options.settings.quietHours });

    const raisedCounts = zeroCounts();
    for (const row of raised) if (row.kind in raisedCounts) raisedCounts[row.kind as MonitoredKind] += 1;
    if (raised.length + resolved + suggestions.length > 0) {
      // One audit record per sweep: what it raised and resolved (each finding keeps its own history).
      await appendAudit(
        tx,
        { label: 'monitor' },
        {
          action: 'monitor.sweep',
          entity: 'findings',
          contractId: options.contractId ?? null,
          after: {
            today,
            raised: raisedCounts,
            raisedIds: raised.length <= 1_000 ? raised.map((row) => String(row.id)) : undefined,
            resolved,
            suggestions: suggestions.map((row) => String(row.id)),
          },
        },
        now,
      );
    }
    return {
      raised: raisedCounts,
      resolved,
      suggestions: suggestions.length,
      notices: notices.length,
      messages: enqueued.length,
      open: await openCounts(tx, options.contractId),
    };
  });
}

/** Open findings by kind, one statement (the figure `hado monitor run` prints). */
export async function openCounts(db: Tx | Db, contractId?: bigint): Promise<FindingCounts> {
  const { rows } = await sql<{ kind: string; n: bigint }>`
    select kind, count(*) as n from findings
    where state = 'open' and kind in (${sql.join(monitoredKinds.map((kind) => sql.lit(kind)))})
      ${contractId === undefined ? sql`` : sql`and contract_id = ${contractId}`}
    group by kind`.execute(db);
  const counts = zeroCounts();
  for (const row of rows) counts[row.kind as MonitoredKind] = Number(row.n);
  return counts;
}

/**
 * Resolves, in one statement, the findings whose facts no longer hold: a deadline finding once the day came or
 * went, any unpaid finding once the obligation is paid. Each change is kept in `finding_transitions`.
 */
async function resolveStale(tx: Tx, options: SweepOptions): Promise<number> {
  const { now, today } = options;
  const { rows } = await sql<{ id: bigint }>`
    with targets as (
      select f.id, f.contract_id, f.state as from_state,
        case when o.paid_on is not null then 'paid in full on ' || o.paid_on::text
             when f.kind = 'upcoming' then 'the due date came'
             else 'the due date passed' end as reason
      from ${agendaBatch} b
      join findings f on f.obligation_id = b.obligation_id
      join obligations o on o.id = f.obligation_id
      where f.state <> 'resolved' and f.kind in ('upcoming', 'due_today', 'overdue', 'unpaid_wage', 'short_paid')
        and (o.paid_on is not null
          or (f.kind = 'upcoming' and o.due_on <= ${today}::date)
          or (f.kind = 'due_today' and o.due_on < ${today}::date))
      order by f.id
      for update of f
    ), resolved as (
      update findings set state = 'resolved', resolved_by = 'monitor', resolved_at = ${now},
        resolution = targets.reason, updated_at = ${now}
      from targets where findings.id = targets.id
      returning findings.id
    )
    insert into finding_transitions (finding_id, contract_id, from_state, to_state, actor, reason, at)
    select t.id, t.contract_id, t.from_state, 'resolved', 'monitor', t.reason, ${now}
    from targets t join resolved r on r.id = t.id
    returning finding_id as id`.execute(tx);
  return rows.length;
}

/**
 * Findings reconciliation raised (diverted, returned, overpaid, rejected transfers) get their owner and payee the
 * first time the monitor sees them; that first sight is when people are told of them.
 */
async function adoptBankFindings(tx: Tx, now: Date, scope: (alias: string) => RawBuilder<unknown>): Promise<Raised[]> {
  const { rows } = await sql<Raised>`
    update findings f
    set owner = case f.kind when 'returned' then 'prime' when 'overpaid' then 'prime' else 'official' end,
      payee_kind = (select o.payee_kind from obligations o where o.id = f.obligation_id),
      payee_id = (select o.payee_id from obligations o where o.id = f.obligation_id),
      due_on = (select o.due_on from obligations o where o.id = f.obligation_id),
      updated_at = ${now}
    where f.owner is null ${scope('f')}
    returning f.id, f.kind, f.obligation_id, f.contract_id, f.amount_won`.execute(tx);
  return rows;
}

/** The messages for everything a sweep raised or noted, with the facts they need read in two queries. */
async function tellPeople(
  tx: Tx,
  options: SweepOptions,
  raised: readonly Raised[],
  suggestions: readonly { id: bigint; obligation_id: bigint }[],
  notices: readonly { obligation_id: bigint; notice: 'announced' | 'paid' }[],
  rules: RuleTable,
): Promise<OutboxMessageInput[]> {
  const obligationIds = [
    ...new Set([
      ...raised.flatMap((row) => (row.obligation_id === null ? [] : [row.obligation_id])),
      ...suggestions.map((row) => row.obligation_id),
      ...notices.map((row) => row.obligation_id),
    ]),
  ];
  const contractIds = [...new Set(raised.flatMap((row) => (row.contract_id === null ? [] : [row.contract_id])))];
  const facts = await obligationFacts(tx, obligationIds);
  const contracts = new Map<bigint, { number: string; buyerId: bigint }>();
  if (contractIds.length > 0) {
    const rows = await tx
      .selectFrom('contracts')
      .select(['id', 'contract_number', 'buyer_id'])
      .where('id', 'in', contractIds)
      .execute();
    for (const row of rows) contracts.set(row.id, { number: row.contract_number, buyerId: row.buyer_id });
  }
  for (const fact of facts.values())
    contracts.set(fact.contractId, { number: fact.contractNumber, buyerId: fact.buyerId });
  const officials = await officialsOf(tx, [...new Set([...contracts.values()].map((c) => c.buyerId))]);
  const officialsFor = (contractId: bigint | null) =>
    contractId === null ? [] : (officials.get(contracts.get(contractId)?.buyerId ?? -1n) ?? []);

  // Interest for the payments found late, to tell the payee what it may claim.
  const paidLate = raised.filter((row) => row.kind === 'paid_late' && row.obligation_id !== null);
  const lateRows = paidLate.flatMap((row) => {
    const fact = facts.get(row.obligation_id!);
    return fact ? [fact] : [];
  });
  const verdicts = await verdictsOf(
    tx,
    lateRows.map((fact) => ({
      id: fact.obligationId,
      kind: fact.kind,
      dueBasis: fact.dueBasis,
      amountWon: fact.amountWon,
      dueOn: fact.dueOn,
      status: fact.status,
    })),
    options.today,
    rules,
  );
  const lookbackStart = addDays(options.today, -(options.policy ?? defaultMonitorPolicy).noticeLookbackDays);

  const messages: OutboxMessageInput[] = [];
  const add = (event: MonitorEvent, contractId: bigint | null) =>
    messages.push(...messagesFor(event, officialsFor(contractId), options.settings));
  for (const row of raised) {
    if (!(row.kind in findingPolicy)) continue;
    const fact = row.obligation_id === null ? undefined : facts.get(row.obligation_id);
    const contract = row.contract_id === null ? undefined : contracts.get(row.contract_id);
    if (row.kind === 'paid_late' && (!fact?.paidOn || fact.paidOn < lookbackStart)) continue;
    const verdict = row.obligation_id === null ? undefined : verdicts.get(row.obligation_id);
    const interestWon =
      row.kind === 'paid_late' && fact && verdict && ['subcontract', 'supply', 'advance'].includes(fact.kind)
        ? verdict.delayInterestWon
        : undefined;
    add(
      {
        event: 'finding',
        kind: row.kind as MonitoredKind,
        findingId: row.id,
        contractId: row.contract_id,
        contractNumber: contract?.number ?? null,
        buyerId: contract?.buyerId ?? null,
        amountWon: row.amount_won,
        facts: fact,
        today: options.today,
        ...(interestWon !== undefined ? { interestWon } : {}),
      },
      row.contract_id,
    );
  }
  for (const row of suggestions) {
    const fact = facts.get(row.obligation_id);
    if (fact) add({ event: 'suggestion', suggestionId: row.id, facts: fact, today: options.today }, fact.contractId);
  }
  for (const row of notices) {
    const fact = facts.get(row.obligation_id);
    if (fact) add({ event: 'notice', notice: row.notice, facts: fact }, fact.contractId);
  }
  return messages;
}

type FactsRow = ObligationFacts & { dueBasis: string; status: 'held' | 'open' };

async function obligationFacts(tx: Tx, ids: readonly bigint[]): Promise<Map<bigint, FactsRow>> {
  const facts = new Map<bigint, FactsRow>();
  if (ids.length === 0) return facts;
  const { rows } = await sql<{
    id: bigint;
    contract_id: bigint;
    contract_number: string;
    buyer_id: bigint;
    kind: string;
    amount_won: bigint;
    paid_won: bigint;
    due_on: string;
    paid_on: string | null;
    due_basis: string;
    status: 'held' | 'open';
    prime_id: bigint;
    prime_name: string;
    prime_name_en: string | null;
    prime_phone: string | null;
    prime_locale: string;
    payee_kind: 'firm' | 'worker';
    payee_id: bigint;
    payee_name: string | null;
    payee_name_en: string | null;
    payee_phone: string | null;
    payee_locale: string | null;
  }>`
    select o.id, o.contract_id, k.contract_number, k.buyer_id, o.kind, o.amount_won, o.paid_won, o.due_on, o.paid_on,
      o.due_basis, o.status, pf.id as prime_id, pf.name as prime_name, pf.name_en as prime_name_en,
      pf.phone_e164 as prime_phone, pf.locale as prime_locale, o.payee_kind, o.payee_id,
      coalesce(f.name, w.name) as payee_name, f.name_en as payee_name_en,
      coalesce(f.phone_e164, case when w.erased_at is null then w.phone_e164 end) as payee_phone,
      coalesce(f.locale, w.locale) as payee_locale
    from obligations o
    join contracts k on k.id = o.contract_id
    join firms pf on pf.id = k.prime_firm_id
    left join firms f on o.payee_kind = 'firm' and f.id = o.payee_id
    left join workers w on o.payee_kind = 'worker' and w.id = o.payee_id
    where o.id = any(${ids}::bigint[])`.execute(tx);
  const locale = (text: string | null): Locale => (text === 'en' ? 'en' : 'ko');
  for (const row of rows) {
    facts.set(row.id, {
      obligationId: row.id,
      contractId: row.contract_id,
      contractNumber: row.contract_number,
      buyerId: row.buyer_id,
      kind: row.kind,
      amountWon: row.amount_won,
      paidWon: row.paid_won,
      dueOn: civilDate(row.due_on),
      paidOn: row.paid_on === null ? null : civilDate(row.paid_on),
      dueBasis: row.due_basis,
      status: row.status,
      prime: {
        kind: 'firm',
        id: row.prime_id,
        name: row.prime_name,
        nameEn: row.prime_name_en,
        phone: row.prime_phone,
        locale: locale(row.prime_locale),
      },
      payee: {
        kind: row.payee_kind,
        id: row.payee_id,
        name: row.payee_name,
        nameEn: row.payee_name_en,
        phone: row.payee_phone,
        locale: locale(row.payee_locale),
      },
    });
  }
  return facts;
}

async function officialsOf(tx: Tx, buyerIds: readonly bigint[]): Promise<Map<bigint, Party[]>> {
  const officials = new Map<bigint, Party[]>();
  if (buyerIds.length === 0) return officials;
  const rows = await tx
    .selectFrom('users')
    .select(['id', 'buyer_id', 'display_name', 'phone_e164', 'locale'])
    .where('role', '=', 'official')
    .where('buyer_id', 'in', buyerIds)
    .where('disabled_at', 'is', null)
    .where('phone_e164', 'is not', null)
    .execute();
  for (const row of rows) {
    const list = officials.get(row.buyer_id!) ?? [];
    list.push({
      kind: 'user',
      id: row.id,
      name: row.display_name,
      nameEn: row.display_name,
      phone: row.phone_e164,
      locale: row.locale === 'en' ? 'en' : 'ko',
    });
    officials.set(row.buyer_id!, list);
  }
  return officials;
}
