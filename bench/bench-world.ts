import { sql } from 'kysely';
import { type ClaimsFixture, createClaimsFixture } from '../src/claims/claims.test-fixture.ts';
import { approveClaim, type ClaimDraft, recordBuyerPayment, submitClaim } from '../src/claims/index.ts';
import type { Db, Handle } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { openFreshDatabase } from '../src/db/test-engines.ts';
import { civilDate } from '../src/kernel/civil-date.ts';
import { ManualClock } from '../src/kernel/clock.ts';
import { won } from '../src/kernel/money.ts';

/** The clock every seeded world runs on: claims paid by the buyer on 10 March 2026. */
export const benchClock = () => new ManualClock(new Date('2026-03-10T01:00:00Z'));

/**
 * A fresh, migrated database for one benchmark (a uniquely named PostgreSQL database, or an in-memory PGlite),
 * dropped afterwards whatever happens.
 */
export async function withFreshDatabase<T>(
  engine: 'postgres' | 'pglite',
  postgresUrl: string | undefined,
  body: (handle: Handle, url: string | undefined) => Promise<T>,
): Promise<T> {
  if (engine === 'postgres') {
    if (!postgresUrl) throw new Error('no PostgreSQL');
    process.env.DATABASE_URL = postgresUrl;
  }
  const opened = await openFreshDatabase(engine);
  try {
    await migrate(opened.handle);
    return await body(opened.handle, opened.url);
  } finally {
    await opened.handle.close().catch(() => {});
    await opened.drop();
  }
}

export type SeededObligations = {
  readonly fixture: ClaimsFixture;
  readonly claimId: bigint;
  /** The seeded obligations' ids run from `firstId` to `lastId` (contiguous), `count` of them. */
  readonly firstId: bigint;
  readonly lastId: bigint;
  readonly count: number;
  /** The contract's dedicated progress account: where the transfers paying the obligations are debited. */
  readonly progressAccount: string;
  /** The payee's account and holder name, as the bank reports them on each transfer. */
  readonly payeeAccount: string;
  readonly payeeName: string;
  /** Every seeded obligation's amount is this plus (its id mod 997) × 10 won. */
  readonly amountBase: number;
};

export const amountOf = (seeded: SeededObligations, id: bigint) =>
  seeded.amountBase + Number((id - seeded.firstId + 1n) % 997n) * 10;

/** Obligations recognised per journal entry (an entry holds at most 10,002 lines). */
const recognisedPerEntry = 10_000;

/**
 * The ledger as the domain would have left it for the cloned obligations, set-based: the buyer's payment of their
 * total into the dedicated progress account, and entries of 10,000 obligations each recognising what is payable
 * to the payee (division control debited, the payee's payable account credited per obligation).
 */
async function recogniseInLedger(
  db: Db,
  contractId: bigint,
  claimId: bigint,
  payeeAccountId: bigint,
  firstId: bigint,
  lastId: bigint,
): Promise<void> {
  const account = async (kind: string, extra: 'progress' | 'payee' | null) => {
    const { rows } = await sql<{ id: string }>`
      select id::text from ledger_accounts where contract_id = ${contractId} and kind = ${kind}
        ${extra === 'progress' ? sql`and purpose = 'progress'` : sql``}
        ${extra === 'payee' ? sql`and payee_account_id = ${payeeAccountId}` : sql``}`.execute(db);
    if (rows.length !== 1) throw new Error(`ledger account ${kind}: ${rows.length} found`);
    return rows[0]!.id;
  };
  const dedicated = await account('dedicated', 'progress');
  const funding = await account('buyer_funding', null);
  const division = await account('division_control', null);
  const payable = await account('payable', 'payee');
  await db.transaction().execute(async (tx) => {
    await sql`
      with total as (select sum(amount_won)::bigint as won from obligations where id between ${firstId} and ${lastId}),
      entry as (
        insert into journal_entries (contract_id, kind, effective_on, line_count, total_won, claim_id, memo, posted_by, posted_at)
        select ${contractId}::bigint, 'buyer_payment', date '2026-03-10', 2, won, ${claimId}, 'bench seed', 'bench', now() from total
        returning id, total_won)
      insert into journal_lines (entry_id, contract_id, account_id, side, amount_won)
      select id, ${contractId}::bigint, ${dedicated}::bigint, 'debit', total_won from entry
      union all select id, ${contractId}::bigint, ${funding}::bigint, 'credit', total_won from entry`.execute(tx);
    await sql`
      with chunks as (
        select (id - ${firstId}) / ${recognisedPerEntry} as chunk, count(*)::int as n, sum(amount_won)::bigint as won
        from obligations where id between ${firstId} and ${lastId} group by 1),
      entries as (
        insert into journal_entries (contract_id, kind, effective_on, line_count, total_won, claim_id, memo, posted_by, posted_at)
        select ${contractId}::bigint, 'obligations_recognised', date '2026-03-10', n + 1, won, ${claimId}, 'bench seed ' || chunk,
          'bench', now()
        from chunks order by chunk
        returning id, total_won, memo)
      insert into journal_lines (entry_id, contract_id, account_id, side, amount_won, obligation_id)
      select e.id, ${contractId}::bigint, ${division}::bigint, 'debit', e.total_won, null from entries e
      union all
      select e.id, ${contractId}::bigint, ${payable}::bigint, 'credit', o.amount_won, o.id
      from obligations o join entries e on e.memo = 'bench seed ' || ((o.id - ${firstId}) / ${recognisedPerEntry})
      where o.id between ${firstId} and ${lastId}`.execute(tx);
  });
}

export type SeedOptions = {
  /**
   * One obligation in this many is open (due dates spread over 120 days around the clock's today); the others
   * were paid in full on their due dates in 2025: settled history, as most of a national table is. 1 (the
   * default) leaves every obligation open.
   */
  readonly openEvery?: number;
  /** Recognise the obligations in the ledger (default true); the sweep reads no ledger and skips it. */
  readonly ledger?: boolean;
};

/**
 * `count` obligations on one real contract: the claims fixture (buyer, firms, accounts, subcontract) and one
 * claim submitted, approved and paid by the buyer through the domain, then that claim's subcontract line and
 * its obligation cloned set-based (`generate_series`) into the real tables, every foreign key valid. Due dates
 * spread over the months around the clock's today, so a sweep meets upcoming, due, and overdue obligations.
 */
export async function seedObligations(db: Db, count: number, options: SeedOptions = {}): Promise<SeededObligations> {
  const openEvery = options.openEvery ?? 1;
  const clock = benchClock();
  const fixture = await createClaimsFixture(db);
  const draft: ClaimDraft = {
    periodStart: civilDate('2026-02-01'),
    periodEnd: civilDate('2026-02-28'),
    totalWon: won(3_000_000n),
    lines: [
      { kind: 'own_share', payeeAccountId: fixture.primeAccountId, amountWon: won(1_000_000n) },
      { kind: 'subcontract', subcontractId: fixture.subcontractId, amountWon: won(2_000_000n) },
    ],
  };
  const claimId = (await submitClaim(db, fixture.prime, clock, fixture.contractId, draft)).claimId;
  await approveClaim(db, fixture.official, clock, claimId, undefined);
  await recordBuyerPayment(db, fixture.official, clock, claimId, {
    paidOn: civilDate('2026-03-10'),
    amountWon: draft.totalWon,
  });
  const template = await db
    .selectFrom('obligations')
    .selectAll()
    .where('claim_id', '=', claimId)
    .where('kind', '=', 'subcontract')
    .executeTakeFirstOrThrow();
  const amountBase = 170_000;
  const { rows: bounds } = await sql<{ first_line: string; last_line: string }>`
    with lines as (
      insert into claim_lines (contract_id, claim_id, claim_version, line_no, kind, subcontract_id, supply_contract_id,
        worker_engagement_id, worker_id, employer_firm_id, payee_kind, payee_id, payee_account_id, days_worked,
        daily_wage_won, amount_won, delivered_on, status)
      select l.contract_id, l.claim_id, l.claim_version, 1000 + n, l.kind, l.subcontract_id, l.supply_contract_id,
        l.worker_engagement_id, l.worker_id, l.employer_firm_id, l.payee_kind, l.payee_id, l.payee_account_id,
        l.days_worked, l.daily_wage_won, ${amountBase} + (n % 997) * 10, l.delivered_on, l.status
      from claim_lines l, generate_series(1, ${count}::int) as n
      where l.id = ${template.claim_line_id}
      returning id)
    select min(id)::text as first_line, max(id)::text as last_line from lines`.execute(db);
  const { first_line, last_line } = bounds[0]!;
  await sql`
    insert into obligations (contract_id, claim_id, claim_line_id, kind, payee_kind, payee_id, payee_account_id,
      source_purpose, amount_won, paid_won, paid_on, due_on, due_basis, rule_version_id, status)
    select o.contract_id, o.claim_id, l.id, o.kind, o.payee_kind, o.payee_id, o.payee_account_id, o.source_purpose,
      l.amount_won, case when s.open then 0 else l.amount_won end, case when s.open then null else s.due_on end,
      s.due_on, o.due_basis, o.rule_version_id, o.status
    from claim_lines l
    cross join obligations o
    cross join lateral (select (l.id - ${first_line}::bigint) % ${openEvery}::int = 0 as open) k
    cross join lateral (
      select k.open as open, case when k.open
        then date '2026-01-15' + ((l.id - ${first_line}::bigint) / ${openEvery}::int % 120)::int
        else date '2025-01-01' + ((l.id - ${first_line}::bigint) % 360)::int end as due_on) s
    where o.id = ${template.id} and l.id between ${first_line}::bigint and ${last_line}::bigint
    order by l.id`.execute(db);
  const { rows: ids } = await sql<{ first_id: string; last_id: string; n: string }>`
    select min(id)::text as first_id, max(id)::text as last_id, count(*)::text as n from obligations
    where claim_line_id between ${first_line}::bigint and ${last_line}::bigint`.execute(db);
  const progress = await db
    .selectFrom('dedicated_accounts')
    .select('account_number')
    .where('contract_id', '=', fixture.contractId)
    .where('purpose', '=', template.source_purpose as never)
    .executeTakeFirstOrThrow();
  const firstId = BigInt(ids[0]!.first_id);
  const lastId = BigInt(ids[0]!.last_id);
  // The identity handed the ids out in claim-line order: each obligation's amount follows from its id.
  const { rows: off } = await sql<{ n: string }>`
    select count(*)::text as n from obligations
    where id between ${firstId} and ${lastId} and amount_won <> ${amountBase} + ((id - ${firstId} + 1) % 997) * 10`.execute(
    db,
  );
  if (off[0]!.n !== '0') throw new Error('seeded obligation amounts do not follow their ids');
  if (options.ledger ?? true)
    await recogniseInLedger(db, fixture.contractId, claimId, template.payee_account_id, firstId, lastId);
  const payee = await db
    .selectFrom('payee_accounts')
    .select(['account_number', 'holder_name'])
    .where('id', '=', template.payee_account_id)
    .executeTakeFirstOrThrow();
  await sql`analyze`.execute(db);
  return {
    fixture,
    claimId,
    firstId,
    lastId,
    count: Number(ids[0]!.n),
    progressAccount: progress.account_number,
    payeeAccount: payee.account_number,
    payeeName: payee.holder_name,
    amountBase,
  };
}
