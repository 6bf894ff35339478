import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { type Handle, openDatabase } from './database.ts';
import { migrate } from './migrate.ts';

/**
 * The one loop over both engines for database tests: every suite runs on a fresh in-memory PGlite, and on
 * a fresh PostgreSQL database too when DATABASE_URL is set. No mocks: the real SQL runs on both.
 */
export type EngineContext = { readonly handle: () => Handle };

export const testEngines = (): ('pglite' | 'postgres')[] =>
  process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export function describeEachEngine(name: string, body: (context: EngineContext) => void): void {
  for (const engine of testEngines()) {
    describe(`${name} [${engine}]`, () => {
      let handle: Handle | undefined;
      let dropDatabase: (() => Promise<void>) | undefined;
      beforeAll(async () => {
        const opened = await openFreshDatabase(engine);
        handle = opened.handle;
        dropDatabase = opened.drop;
        await migrate(handle);
      });
      afterAll(async () => {
        await handle?.close();
        await dropDatabase?.();
      });
      body({
        handle: () => {
          if (!handle) throw new Error('the database is opened in beforeAll');
          return handle;
        },
      });
    });
  }
}

/** A new empty database: in-memory PGlite, or a uniquely named database on the PostgreSQL server. */
export async function openFreshDatabase(
  engine: 'pglite' | 'postgres',
): Promise<{ handle: Handle; url?: string; drop: () => Promise<void> }> {
  if (engine === 'pglite') {
    return { handle: await openDatabase({ engine: 'pglite' }), drop: async () => {} };
  }
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) throw new Error('DATABASE_URL is not set');
  const name = `hado_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ engine: 'postgres', url: url.toString(), poolSize: 4 });
  return {
    handle,
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
