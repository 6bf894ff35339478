import { sql } from 'kysely';
import { seedObligations, withFreshDatabase } from './bench-world.ts';
await withFreshDatabase('pglite', undefined, async (handle) => {
  const db = handle.db;
  await seedObligations(db, 3);
  console.log((await sql`select e.id, e.kind, e.line_count, e.total_won, e.claim_id from journal_entries e order by id`.execute(db)).rows);
  console.log((await sql`select l.entry_id, l.side, l.amount_won, l.obligation_id, a.kind, a.purpose, a.payee_account_id from journal_lines l join ledger_accounts a on a.id = l.account_id order by l.id`.execute(db)).rows);
  console.log((await sql`select table_name from information_schema.tables where table_name like '%balance%'`.execute(db)).rows);
});
