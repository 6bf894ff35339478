import { sql } from 'kysely';
import { runSweep } from '../src/monitor/index.ts';
import { notificationSettings } from '../src/notifications/settings.ts';
import { type Benchmark, median, round } from './bench-context.ts';
import { benchClock, seedObligations, withFreshDatabase } from './bench-world.ts';

/**
 * A full monitoring sweep over N obligations (1,000,000; 100,000 with --quick) ÷ a bare `select count(*)` over
 * the same obligations table (DESIGN §8), on PostgreSQL. The sweep is the one `hado monitor run` performs, on the
 * clock's today, over every contract; it is the first sweep, so it raises every finding that holds.
 */
export const sweepBenchmark: Benchmark = {
  name: 'sweep',
  async run(context) {
    if (!context.postgresUrl) return {};
    const n = context.quick ? 100_000 : 1_000_000;
    return withFreshDatabase('postgres', context.postgresUrl, async (handle) => {
      const db = handle.db;
      let started = performance.now();
      const seeded = await seedObligations(db, n);
      context.log(
        `sweep: seeded ${seeded.count} obligations in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      const countOnce = async () => {
        const began = performance.now();
        await sql`select count(*) from obligations`.execute(db);
        return (performance.now() - began) / 1000;
      };
      await countOnce();
      const countBefore = await countOnce();
      const clock = benchClock();
      started = performance.now();
      const result = await runSweep(db, { now: clock.now(), today: clock.today(), settings: notificationSettings() });
      const sweepSeconds = (performance.now() - started) / 1000;
      const countAfter = median([countBefore, await countOnce(), await countOnce()]);
      const raised = Object.values(result.raised).reduce((sum, value) => sum + value, 0);
      context.log(
        `sweep: ${sweepSeconds.toFixed(2)} s over ${seeded.count} obligations (${raised} findings raised, ` +
          `${result.messages} messages); count(*) ${(countAfter * 1000).toFixed(1)} ms`,
      );
      return {
        sweep_seconds: round(sweepSeconds, 3),
        sweep_count_seconds: round(countAfter, 4),
        sweep_ratio_to_count: round(sweepSeconds / countAfter),
      };
    });
  },
};
