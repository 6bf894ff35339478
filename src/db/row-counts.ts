import { sql } from 'kysely';
import type { Executor } from './database.ts';

const tableLists = new WeakMap<object, string[][]>();

/**
 * Row counts of every table Hado owns, in one statement, for tests that prove a refused request wrote
 * nothing. Sessions are left out: signing in writes one by design.
 */
export async function rowCounts(db: Executor): Promise<Record<string, number>> {
  let tables = tableLists.get(db);
  if (!tables) {
    const { rows } = await sql<{ schema: string; name: string }>`
      select table_schema as schema, table_name as name from information_schema.tables
      where table_schema in ('public', 'sandbox_bank') and table_type = 'BASE TABLE' and table_name <> 'sessions'
      order by 1, 2`.execute(db);
    tables = rows.map((row) => [row.schema, row.name]);
    tableLists.set(db, tables);
  }
  const union = sql.join(
    tables.map(
      ([schema, name]) =>
        sql`select ${`${schema}.${name}`}::text as name, count(*) as n from ${sql.id(schema!, name!)}`,
    ),
    sql` union all `,
  );
  const { rows } = await sql<{ name: string; n: bigint }>`${union}`.execute(db);
  return Object.fromEntries(rows.map((row) => [row.name, Number(row.n)]));
}
