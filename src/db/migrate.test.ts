// Specifies that the migrations run from empty on both engines, are idempotent, and give both engines the
// same JS types for bigint, date and numeric values.
import { sql } from 'kysely';
import { expect, test } from 'vitest';
import { loadMigrations, migrate } from './migrate.ts';
import { describeEachEngine } from './test-engines.ts';

describeEachEngine('migrations', ({ handle }) => {
  test('every migration is applied once and a second run applies nothing', async () => {
    const rows = await handle().db.selectFrom('schema_migrations').select('version').orderBy('version').execute();
    expect(rows.map((row) => row.version)).toEqual(loadMigrations().map((migration) => migration.version));
    const again = await migrate(handle());
    expect(again.applied).toEqual([]);
  });

  test('int8 comes back as bigint, date as YYYY-MM-DD text, numeric as decimal text', async () => {
    const { rows } = await sql<{ small: bigint; big: bigint; day: string; exact: string }>`
      select 1::int8 as small, 9007199254740993::int8 as big, '2026-02-28'::date as day, 0.1::numeric as exact`.execute(
      handle().db,
    );
    expect(rows[0]).toEqual({ small: 1n, big: 9007199254740993n, day: '2026-02-28', exact: '0.1' });
  });

  test('a negative amount is refused by the database itself', async () => {
    const db = handle().db;
    const buyer = await db
      .insertInto('buyers')
      .values({ agency_code: 'T-NEG', name: '시험기관' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const firm = await db
      .insertInto('firms')
      .values({ business_number: '1208147521', name: '시험건설' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(
      db
        .insertInto('contracts')
        .values({
          buyer_id: buyer.id,
          prime_firm_id: firm.id,
          contract_number: 'NEG-1',
          title: 't',
          site: 's',
          amount_won: -1n,
          starts_on: '2026-01-01',
          ends_on: '2026-12-31',
        })
        .execute(),
    ).rejects.toThrow(/check/i);
  });
});
