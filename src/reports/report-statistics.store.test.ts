// Specifies the impact statistics against figures computed by hand (in the comments), on both engines: counts by
// kind, channel, reporter and outcome; the change from the year before; reports per 100 contracts at agencies and
// contracts on Hado and not; days to resolution; and the share Hado had flagged first.
import { sql } from 'kysely';
import { beforeAll, expect, test } from 'vitest';
import type { Db } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { describeEachEngine } from '../db/test-engines.ts';
import { civilDate } from '../kernel/civil-date.ts';
import { readReportStatistics } from './report-statistics.store.ts';

const period = { from: civilDate('2025-01-01'), to: civilDate('2025-12-31') };

describeEachEngine('report statistics', ({ handle }) => {
  let agencyA: bigint;

  beforeAll(async () => {
    await migrate(handle());
    agencyA = await seed(handle().db);
  }, 60_000);

  test('all agencies, 2025 against 2024', async () => {
    const statistics = await readReportStatistics(handle().db, { buyerId: null }, period);
    expect(statistics.previousPeriod).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    const current = statistics.current;
    // 6 recorded + A's 12 + B's 36 counted outside.
    expect(current.total).toBe(54);
    expect(current.byKind).toEqual({ non_payment: 40, late_payment: 14 });
    expect(current.byChannel).toEqual({ hado: 3, phone: 2, letter: 1, visit: 0, email: 0, other: 0, imported: 48 });
    expect(current.byReporter).toEqual({ subcontractor: 2, supplier: 1, worker: 2, other: 1, unrecorded: 48 });
    expect(current.byOutcome).toEqual({ paid: 2, direct_payment: 1, referred: 1, open: 2, unrecorded: 48 });
    expect(current.perHundredContracts).toEqual({
      // A: 5 recorded + 12 counted = 17 reports; 25 contracts in Hado + at most 80 outside = 105 → 16.19… → 16.2
      agenciesOnHado: { reports: 17, contracts: 105, per100Contracts: '16.2' },
      // B: 1 + 36 = 37 reports on 40 contracts → 92.5
      agenciesNotOnHado: { reports: 37, contracts: 40, per100Contracts: '92.5' },
      // r1–r4 on 25 contracts in Hado → 16.0
      contractsOnHado: { reports: 4, contracts: 25, per100Contracts: '16.0' },
      // r5, r6 and 48 counted = 50 on 80 + 40 = 120 → 41.66… → 41.7
      contractsNotOnHado: { reports: 50, contracts: 120, per100Contracts: '41.7' },
    });
    // 3, 7, 10, 30 days: median (7 + 10) / 2 = 8.5, mean 50 / 4 = 12.5.
    expect(current.resolution).toEqual({ resolved: 4, open: 2, meanDays: '12.5', medianDays: '8.5' });
    expect(current.flaggedBefore).toEqual({ reportsOnHadoContracts: 4, flagged: 2, percent: 50 });

    const previous = statistics.previous;
    // p1 and p2, A's 36 and B's 48 counted outside.
    expect(previous.total).toBe(86);
    expect(previous.byKind).toEqual({ non_payment: 62, late_payment: 24 });
    expect(previous.perHundredContracts).toEqual({
      // 1 + 36 = 37 on 5 + 100 = 105 → 35.23… → 35.2
      agenciesOnHado: { reports: 37, contracts: 105, per100Contracts: '35.2' },
      agenciesNotOnHado: { reports: 49, contracts: 40, per100Contracts: '122.5' },
      // Five contracts are too few for a rate.
      contractsOnHado: { reports: 1, contracts: 5, per100Contracts: null },
      // 85 on 140 → 60.71… → 60.7
      contractsNotOnHado: { reports: 85, contracts: 140, per100Contracts: '60.7' },
    });
    expect(previous.resolution).toEqual({ resolved: 1, open: 1, meanDays: '4.0', medianDays: '4.0' });
    expect(previous.flaggedBefore).toEqual({ reportsOnHadoContracts: 1, flagged: 0, percent: 0 });

    // 86 → 54: −32 / 86 = −37.2 %; 62 → 40: −35.48 %; 24 → 14: −41.67 %.
    expect(statistics.change.total).toEqual({
      previous: 86,
      current: 54,
      difference: -32,
      percent: -37,
      percentOneDecimal: '-37.2',
      direction: 'decrease',
    });
    expect(statistics.change.non_payment).toMatchObject({ percent: -35, percentOneDecimal: '-35.5' });
    expect(statistics.change.late_payment).toMatchObject({ percent: -42, percentOneDecimal: '-41.7' });

    expect(statistics.monthly).toHaveLength(12);
    // February: r1 + A 1 + B 3 = 5; February 2024: A 3 + B 4 = 7. December: r6 + 1 + 3; a year earlier p2 + 3 + 4.
    expect(statistics.monthly[1]).toEqual({ month: '2025-02', reports: 5, previousYear: 7 });
    expect(statistics.monthly[11]).toEqual({ month: '2025-12', reports: 5, previousYear: 8 });
    expect(statistics.partialMonths).toEqual([]);
  });

  test('one agency', async () => {
    const statistics = await readReportStatistics(handle().db, { buyerId: agencyA }, period);
    // A: 17 this year; p1 + 36 = 37 the year before: −20 / 37 = −54.05 % → −54.
    expect(statistics.change.total).toMatchObject({ previous: 37, current: 17, difference: -20, percent: -54 });
    expect(statistics.current.perHundredContracts.agenciesNotOnHado).toEqual({
      reports: 0,
      contracts: 0,
      per100Contracts: null,
    });
  });

  test("a period cutting a month leaves that month's outside counts out, and says so", async () => {
    const statistics = await readReportStatistics(
      handle().db,
      { buyerId: null },
      { from: civilDate('2025-01-15'), to: civilDate('2025-03-31') },
    );
    expect(statistics.partialMonths).toEqual(['2025-01']);
    // February and March counted outside (A 1 + B 3 each) and r1, r2.
    expect(statistics.current.total).toBe(2 + 8);
  });
});

/** Two agencies: A on Hado (30 contracts registered, some counted outside), B not on Hado (counted outside only). */
async function seed(db: Db): Promise<bigint> {
  const { rows: buyers } = await sql<{ id: bigint }>`
    insert into buyers (agency_code, name, uses_hado) values ('A', 'Agency A', true), ('B', 'Agency B', false)
    returning id`.execute(db);
  const [a, b] = [buyers[0]!.id, buyers[1]!.id];
  const { rows: firms } = await sql<{ id: bigint }>`
    insert into firms (business_number, name) values ('1000000001', 'Prime'), ('1000000002', 'Sub') returning id`.execute(
    db,
  );
  const [prime, sub] = [firms[0]!.id, firms[1]!.id];
  // 25 contracts under way through 2025, and 5 that ended in June 2024.
  await sql`
    insert into contracts (buyer_id, prime_firm_id, contract_number, title, site, amount_won, starts_on, ends_on)
    select ${a}::bigint, ${prime}, 'C-' || n, 'Contract ' || n, 'Site ' || n, 1000000,
      case when n <= 25 then date '2025-01-01' else date '2024-01-01' end,
      case when n <= 25 then date '2026-12-31' else date '2024-06-30' end
    from generate_series(1, 30) as n`.execute(db);
  const { rows: contracts } = await sql<{ id: bigint; contract_number: string }>`
    select id, contract_number from contracts order by id`.execute(db);
  const contract = (n: number) => contracts[n - 1]!.id;

  // Outside counts: A's contracts outside Hado (80 then 75 in 2025, 100 in 2024), B's all (40).
  await sql`
    insert into outside_report_counts (buyer_id, month, contracts, non_payment_reports, late_payment_reports, imported_by, imported_at)
    select ${a}::bigint, make_date(2025, m, 1), case when m <= 6 then 80 else 75 end, 1, 0, 'test', now() from generate_series(1, 12) m
    union all select ${a}::bigint, make_date(2024, m, 1), 100, 2, 1, 'test', now() from generate_series(1, 12) m
    union all select ${b}::bigint, make_date(2025, m, 1), 40, 2, 1, 'test', now() from generate_series(1, 12) m
    union all select ${b}::bigint, make_date(2024, m, 1), 40, 3, 1, 'test', now() from generate_series(1, 12) m
    union all select ${a}::bigint, date '2026-01-01', 999, 50, 0, 'test', now()`.execute(db);

  const reports: {
    buyer: bigint;
    contract: bigint | null;
    channel: string;
    kind: string;
    reporter: string;
    received: string;
    resolved?: string;
    outcome?: string;
    state: string;
    flagged: boolean;
  }[] = [
    {
      buyer: a,
      contract: contract(1),
      channel: 'hado',
      kind: 'non_payment',
      reporter: 'subcontractor',
      received: '2025-02-10',
      resolved: '2025-02-20',
      outcome: 'paid',
      state: 'resolved',
      flagged: true,
    },
    {
      buyer: a,
      contract: contract(2),
      channel: 'hado',
      kind: 'late_payment',
      reporter: 'supplier',
      received: '2025-03-01',
      resolved: '2025-03-04',
      outcome: 'direct_payment',
      state: 'resolved',
      flagged: false,
    },
    {
      buyer: a,
      contract: contract(3),
      channel: 'hado',
      kind: 'non_payment',
      reporter: 'worker',
      received: '2025-05-05',
      resolved: '2025-06-04',
      outcome: 'referred',
      state: 'resolved',
      flagged: true,
    },
    {
      buyer: a,
      contract: contract(1),
      channel: 'phone',
      kind: 'non_payment',
      reporter: 'worker',
      received: '2025-07-01',
      resolved: '2025-07-08',
      outcome: 'paid',
      state: 'resolved',
      flagged: false,
    },
    {
      buyer: a,
      contract: null,
      channel: 'letter',
      kind: 'non_payment',
      reporter: 'other',
      received: '2025-08-15',
      state: 'received',
      flagged: false,
    },
    {
      buyer: b,
      contract: null,
      channel: 'phone',
      kind: 'late_payment',
      reporter: 'subcontractor',
      received: '2025-12-31',
      state: 'under_review',
      flagged: false,
    },
    {
      buyer: a,
      contract: contract(26),
      channel: 'hado',
      kind: 'non_payment',
      reporter: 'subcontractor',
      received: '2024-03-01',
      resolved: '2024-03-05',
      outcome: 'paid',
      state: 'resolved',
      flagged: false,
    },
    {
      buyer: b,
      contract: null,
      channel: 'phone',
      kind: 'non_payment',
      reporter: 'other',
      received: '2024-12-31',
      state: 'received',
      flagged: false,
    },
    // Just outside both periods.
    {
      buyer: a,
      contract: contract(1),
      channel: 'hado',
      kind: 'non_payment',
      reporter: 'subcontractor',
      received: '2026-01-01',
      state: 'received',
      flagged: true,
    },
    {
      buyer: b,
      contract: null,
      channel: 'phone',
      kind: 'non_payment',
      reporter: 'other',
      received: '2023-12-31',
      state: 'received',
      flagged: false,
    },
  ];
  for (const report of reports) {
    await db
      .insertInto('reports')
      .values({
        buyer_id: report.buyer,
        contract_id: report.contract,
        contract_reference: report.contract === null ? 'outside' : null,
        channel: report.channel as 'hado',
        kind: report.kind as 'non_payment',
        reporter_kind: report.reporter as 'other',
        reporter_firm_id: report.channel === 'hado' ? sub : null,
        state: report.state as 'received',
        outcome: (report.outcome ?? null) as 'paid' | null,
        referred_to: report.outcome === 'referred' ? 'Fair Trade Commission' : null,
        received_at: new Date(`${report.received}T01:00:00Z`),
        received_on: report.received,
        resolved_at: report.resolved ? new Date(`${report.resolved}T01:00:00Z`) : null,
        resolved_on: report.resolved ?? null,
        flagged_before: report.flagged,
        content_hash: '0'.repeat(64),
        recorded_by: 'test',
        created_at: new Date(),
        updated_at: new Date(),
      })
      .execute();
  }
  return a;
}
