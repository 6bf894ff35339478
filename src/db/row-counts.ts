import { sql } from 'kysely';
import type { Executor } from './database.ts';

/**
 * Row counts of every table Hado owns, for tests that prove a refused request wrote nothing. Sessions are
 * left out: signing in writes one by design.
 */
export async function rowCounts(db: Executor): Promise<Record<string, number>> {
  const { rows: tables } = await sql<{ schema: string; name: string }>`
    select table_schema as schema, table_name as name from information_schema.tables
    where table_schema in ('public', 'sandbox_bank') and table_type = 'BASE TABLE' and table_name <> 'sessions'
    order by 1, 2`.execute(db);
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await sql<{ n: bigint }>`select count(*) as n from ${sql.id(table.schema, table.name)}`.execute(
      db,
    );
    counts[`${table.schema}.${table.name}`] = Number(rows[0]!.n);
  }
  return counts;
}
