import { sql } from 'kysely';
import { addDays } from '../src/kernel/civil-date.ts';
import { runSweep } from '../src/monitor/index.ts';
import { notificationSettings } from '../src/notifications/settings.ts';
import { type BenchContext, type Benchmark, median, round } from './bench-context.ts';
import { benchClock, seedObligations, withFreshDatabase } from './bench-world.ts';

/** One obligation in this many is open; the rest is settled history (paid in full, on time, in 2025). */
const openEvery = 100;
/** Payments reconciliation records between two daily sweeps, per open obligation. */
const paymentsPerOpen = 0.02;

/**
 * A daily monitoring sweep over N obligations (1,000,000; 20,000 with --quick) ÷ a bare `select count(*)` over
 * the same obligations table (DESIGN §8), on PostgreSQL (the keys without a suffix) and on in-memory PGlite
 * (`_pglite`). The world is mostly settled history (one obligation in
 * 100 open, due dates spread over 120 days around today); the first sweep after seeding examines every
 * obligation (reported as `sweep_first_seconds`); then 2 % of the open obligations are paid (as reconciliation
 * records payments) and the next day's sweep — the one `hado monitor run` and the server run every day — is
 * timed: it raises the day's deadlines, resolves what the payments settled and tells everyone concerned.
 */
export const sweepBenchmark: Benchmark = {
  name: 'sweep',
  async run(context) {
    const onPglite = await sweepOn('pglite', context);
    const suffixed = Object.fromEntries(Object.entries(onPglite).map(([key, value]) => [`${key}_pglite`, value]));
    return context.postgresUrl ? { ...(await sweepOn('postgres', context)), ...suffixed } : suffixed;
  },
};

async function sweepOn(engine: 'postgres' | 'pglite', context: BenchContext): Promise<Record<string, number>> {
  const n = context.quick ? 20_000 : 1_000_000;
  return withFreshDatabase(engine, context.postgresUrl, async (handle) => {
    const db = handle.db;
    let started = performance.now();
    const seeded = await seedObligations(db, n, { openEvery, ledger: false });
    context.log(
      `sweep ${engine}: seeded ${seeded.count} obligations in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    // Everyone the sweep tells has a phone (as in production): the prime, the payee and an official.
    for (const firmId of [seeded.fixture.primeFirmId, seeded.fixture.subFirmId]) {
      await db.updateTable('firms').set({ phone_e164: '+821090000001' }).where('id', '=', firmId).execute();
    }
    await db
      .insertInto('users')
      .values({
        login: 'bench-official',
        password_hash: 'unused',
        role: 'official',
        display_name: '주무관',
        buyer_id: seeded.fixture.buyerId,
        phone_e164: '+821090000009',
      })
      .execute();
    const countOnce = async () => {
      const began = performance.now();
      await sql`select count(*) from obligations`.execute(db);
      return (performance.now() - began) / 1000;
    };
    const clock = benchClock();
    const settings = notificationSettings();
    started = performance.now();
    const first = await runSweep(db, { now: clock.now(), today: clock.today(), settings });
    const firstSeconds = (performance.now() - started) / 1000;
    const raisedFirst = Object.values(first.raised).reduce((sum, value) => sum + value, 0);

    // The day's payments, then the next day's sweep.
    const payments = Math.round((seeded.count / openEvery) * paymentsPerOpen);
    const tomorrow = addDays(clock.today(), 1);
    await sql`
        update obligations set paid_won = amount_won, paid_on = ${tomorrow}::date
        where id in (select id from obligations where paid_on is null order by id desc limit ${payments})`.execute(db);
    await sql`vacuum analyze obligations`.execute(db);
    await sql`analyze monitor_agenda`.execute(db);
    await countOnce();
    const countBefore = await countOnce();
    const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from monitor_agenda where check_on <= ${tomorrow}::date`.execute(db);
    const examined = rows[0]!.n;
    clock.set(new Date(clock.now().getTime() + 86_400_000));
    started = performance.now();
    const daily = await runSweep(db, { now: clock.now(), today: clock.today(), settings });
    const sweepSeconds = (performance.now() - started) / 1000;
    const countAfter = median([countBefore, await countOnce(), await countOnce()]);
    const raised = Object.values(daily.raised).reduce((sum, value) => sum + value, 0);
    context.log(
      `sweep ${engine}: first ${firstSeconds.toFixed(2)} s over ${seeded.count} obligations (${raisedFirst} findings); ` +
        `daily ${(sweepSeconds * 1000).toFixed(1)} ms examining ${examined} after ${payments} payments ` +
        `(${raised} raised, ${daily.resolved} resolved, ${daily.messages} messages); ` +
        `count(*) ${(countAfter * 1000).toFixed(1)} ms`,
    );
    return {
      sweep_seconds: round(sweepSeconds, 4),
      sweep_first_seconds: round(firstSeconds, 3),
      sweep_examined: examined,
      sweep_count_seconds: round(countAfter, 4),
      sweep_ratio_to_count: round(sweepSeconds / countAfter),
    };
  });
}
