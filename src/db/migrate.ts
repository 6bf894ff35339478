import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { assert } from '../kernel/assert.ts';
import type { Handle } from './database.ts';

const migrationsDir = new URL('./migrations/', import.meta.url);
const fileNamePattern = /^(\d{4})-([a-z0-9-]+)\.sql$/;

export type Migration = {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
};

/** The numbered SQL files in src/db/migrations, in order. They are frozen: a change is a new file. */
export function loadMigrations(): Migration[] {
  const migrations = readdirSync(migrationsDir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      const match = fileNamePattern.exec(file);
      assert(match, `migration file name must be NNNN-name.sql: ${file}`);
      const text = readFileSync(new URL(file, migrationsDir), 'utf8');
      return {
        version: Number(match[1]),
        name: match[2]!,
        sql: text,
        checksum: createHash('sha256').update(text).digest('hex'),
      };
    });
  migrations.forEach((migration, index) => {
    assert(migration.version === index + 1, `migrations must be numbered 0001, 0002, … without gaps`);
  });
  return migrations;
}

export type MigrateResult = { readonly applied: readonly string[]; readonly current: number };

/**
 * Applies every migration not yet applied, each in its own transaction, under an advisory lock so that
 * several Hado processes starting at once on one PostgreSQL migrate once. An applied migration whose file
 * changed since is a refusal to start: migrations are frozen.
 */
export async function migrate(handle: Handle): Promise<MigrateResult> {
  const migrations = loadMigrations();
  await handle.execScript(`
    create table if not exists schema_migrations (
      version integer primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    );`);
  const applied: string[] = [];
  await handle.db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(7243001)`.execute(connection);
    try {
      const done = await connection.selectFrom('schema_migrations').select(['version', 'checksum']).execute();
      const doneByVersion = new Map(done.map((row) => [row.version, row.checksum]));
      for (const migration of migrations) {
        const checksum = doneByVersion.get(migration.version);
        if (checksum !== undefined) {
          if (checksum !== migration.checksum) {
            throw new Error(`migration ${migration.version}-${migration.name} changed after it was applied`);
          }
          continue;
        }
        await connection.transaction().execute(async (tx) => {
          await sql.raw(migration.sql).execute(tx);
          await tx
            .insertInto('schema_migrations')
            .values({ version: migration.version, name: migration.name, checksum: migration.checksum })
            .execute();
        });
        applied.push(`${String(migration.version).padStart(4, '0')}-${migration.name}`);
      }
    } finally {
      await sql`select pg_advisory_unlock(7243001)`.execute(connection);
    }
  });
  return { applied, current: migrations.length };
}
