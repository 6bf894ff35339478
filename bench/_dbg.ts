import { sql } from 'kysely';
import { systemActor } from '../src/audit/audit-log.ts';
import { ingestStatementFile } from '../src/bank/ingest/index.ts';
import { benchClock, seedObligations, withFreshDatabase } from './bench-world.ts';
import { generatePayments } from './ingest.bench.ts';

await withFreshDatabase('pglite', undefined, async (handle) => {
  const db = handle.db;
  const seeded = await seedObligations(db, 300);
  await generatePayments('/tmp/dbg.xml', seeded);
  const clock = benchClock();
  const s = await ingestStatementFile(db, '/tmp/dbg.xml', {
    channel: 'cli',
    actor: systemActor,
    now: () => clock.now(),
  });
  console.log(s);
  const { rows } =
    await sql`select state, count(*)::int, min(end_to_end_id), min(counterparty_account), min(obligation_id::text) from bank_movements group by 1`.execute(
      db,
    );
  console.log(seeded.firstId, seeded.lastId, rows);
  console.log((await sql`select kind, count(*)::int from bank_exceptions group by 1`.execute(db)).rows);
  console.log((await sql`select kind, count(*)::int from findings group by 1`.execute(db)).rows);
});
