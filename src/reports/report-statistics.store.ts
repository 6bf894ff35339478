import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { ReportChannel, ReporterKind, ReportKind, ReportOutcome } from '../db/schema.ts';
import type { CivilDate } from '../kernel/civil-date.ts';
import { partialMonthsOf, yearEarlier } from './report-figures.ts';
import { reportRateContractsMin } from './report-limits.ts';
import {
  assembleStatistics,
  type HadoContractsGroup,
  type ImportedGroup,
  type PeriodName,
  type RecordedGroup,
  type ReportStatistics,
} from './report-statistics.ts';

/**
 * Reads the aggregates behind the impact statistics in a handful of set-based statements (never a row per
 * report), for one agency or all, over a period and the same dates a year earlier.
 */
export type StatisticsScope = { readonly buyerId: bigint | null };
export type Period = { readonly from: CivilDate; readonly to: CivilDate };

export async function readReportStatistics(
  db: Executor,
  scope: StatisticsScope,
  period: Period,
  rateContractsMin = reportRateContractsMin,
): Promise<ReportStatistics & { period: Period; previousPeriod: Period }> {
  const previousPeriod = { from: yearEarlier(period.from), to: yearEarlier(period.to) };
  const buyer = scope.buyerId;
  // Each period is joined separately, so a period longer than a year (which overlaps its comparison) counts a
  // report in both.
  const periods = sql`(values ('current', ${period.from}::date, ${period.to}::date),
    ('previous', ${previousPeriod.from}::date, ${previousPeriod.to}::date)) as p(period, from_on, to_on)`;
  const inEither = (column: string) =>
    sql<boolean>`(${sql.ref(column)} between ${period.from}::date and ${period.to}::date
      or ${sql.ref(column)} between ${previousPeriod.from}::date and ${previousPeriod.to}::date)`;
  const buyerFilter = (column: string) =>
    buyer === null ? sql<boolean>`true` : sql<boolean>`${sql.ref(column)} = ${buyer}`;

  const recorded = await sql<{
    period: PeriodName;
    kind: ReportKind;
    channel: ReportChannel;
    reporter_kind: ReporterKind;
    outcome: ReportOutcome | 'open';
    uses_hado: boolean;
    on_hado_contract: boolean;
    flagged_before: boolean;
    reports: bigint;
  }>`
    select p.period, r.kind, r.channel, r.reporter_kind,
      coalesce(r.outcome, 'open') as outcome, b.uses_hado, (r.contract_id is not null) as on_hado_contract,
      r.flagged_before, count(*) as reports
    from reports r
      join buyers b on b.id = r.buyer_id
      join ${periods} on r.received_on between p.from_on and p.to_on
    where ${buyerFilter('r.buyer_id')}
    group by 1, 2, 3, 4, 5, 6, 7, 8`.execute(db);

  // Outside counts: whole months inside each period only; an agency's contracts are its largest monthly count.
  const imported = await sql<{
    period: PeriodName;
    uses_hado: boolean;
    non_payment: bigint;
    late_payment: bigint;
    contracts: bigint;
  }>`
    select period, uses_hado, sum(non_payment) as non_payment, sum(late_payment) as late_payment,
      sum(contracts) as contracts
    from (
      select p.period, b.uses_hado, c.buyer_id, sum(c.non_payment_reports) as non_payment,
        sum(c.late_payment_reports) as late_payment, max(c.contracts) as contracts
      from outside_report_counts c
        join buyers b on b.id = c.buyer_id
        join ${periods} on c.month >= p.from_on and (c.month + interval '1 month')::date - 1 <= p.to_on
      where ${buyerFilter('c.buyer_id')}
      group by 1, 2, 3
    ) per_agency
    group by period, uses_hado`.execute(db);

  const contracts = await sql<{ uses_hado: boolean; current: bigint; previous: bigint }>`
    select b.uses_hado,
      count(*) filter (where c.starts_on <= ${period.to}::date and c.ends_on >= ${period.from}::date) as current,
      count(*) filter (where c.starts_on <= ${previousPeriod.to}::date and c.ends_on >= ${previousPeriod.from}::date)
        as previous
    from contracts c join buyers b on b.id = c.buyer_id
    where ${buyerFilter('c.buyer_id')}
    group by b.uses_hado`.execute(db);

  // Days from receipt to resolution of the reports received in each period and resolved since: the sum, and the
  // one or two middle values (by rank) for the median.
  const durations = await sql<{
    period: PeriodName;
    resolved: bigint;
    sum_days: bigint;
    middle_sum: bigint;
    middle_count: bigint;
  }>`
    select period, count(*) as resolved, sum(days) as sum_days,
      sum(days) filter (where rank in ((n + 1) / 2, (n + 2) / 2)) as middle_sum,
      count(*) filter (where rank in ((n + 1) / 2, (n + 2) / 2)) as middle_count
    from (
      select p.period, (r.resolved_on - r.received_on) as days,
        row_number() over (partition by p.period order by r.resolved_on - r.received_on, r.id) as rank,
        count(*) over (partition by p.period) as n
      from reports r join ${periods} on r.received_on between p.from_on and p.to_on
      where r.state = 'resolved' and ${buyerFilter('r.buyer_id')}
    ) ranked
    group by period`.execute(db);

  const monthly = await sql<{ month: string; reports: bigint }>`
    select month, sum(reports) as reports from (
      select to_char(r.received_on, 'YYYY-MM') as month, count(*) as reports
      from reports r
      where ${inEither('r.received_on')} and ${buyerFilter('r.buyer_id')}
      group by 1
      union all
      select to_char(c.month, 'YYYY-MM'), sum(c.non_payment_reports + c.late_payment_reports)
      from outside_report_counts c
      where ${buyerFilter('c.buyer_id')}
        and ((c.month >= ${period.from}::date and (c.month + interval '1 month')::date - 1 <= ${period.to}::date)
          or (c.month >= ${previousPeriod.from}::date
            and (c.month + interval '1 month')::date - 1 <= ${previousPeriod.to}::date))
      group by 1
    ) counted
    group by month`.execute(db);

  const durationOf = (name: PeriodName) => {
    const row = durations.rows.find((candidate) => candidate.period === name);
    return {
      count: Number(row?.resolved ?? 0),
      sumDays: Number(row?.sum_days ?? 0),
      middleSumDays: Number(row?.middle_sum ?? 0),
      middleCount: Number(row?.middle_count ?? 0),
    };
  };
  const statistics = assembleStatistics({
    period,
    previousPeriod,
    recorded: recorded.rows.map(
      (row): RecordedGroup => ({
        period: row.period,
        kind: row.kind,
        channel: row.channel,
        reporterKind: row.reporter_kind,
        outcome: row.outcome,
        agencyUsesHado: row.uses_hado,
        onHadoContract: row.on_hado_contract,
        flaggedBefore: row.flagged_before,
        reports: Number(row.reports),
      }),
    ),
    imported: imported.rows.map(
      (row): ImportedGroup => ({
        period: row.period,
        agencyUsesHado: row.uses_hado,
        nonPaymentReports: Number(row.non_payment),
        latePaymentReports: Number(row.late_payment),
        contracts: Number(row.contracts),
      }),
    ),
    hadoContracts: contracts.rows.flatMap((row): HadoContractsGroup[] => [
      { period: 'current', agencyUsesHado: row.uses_hado, contracts: Number(row.current) },
      { period: 'previous', agencyUsesHado: row.uses_hado, contracts: Number(row.previous) },
    ]),
    durations: { current: durationOf('current'), previous: durationOf('previous') },
    monthly: monthly.rows.map((row) => ({ month: row.month, reports: Number(row.reports) })),
    partialMonths: partialMonthsOf(period.from, period.to).map((month) => month.slice(0, 7)),
    rateContractsMin,
  });
  return { ...statistics, period, previousPeriod };
}
