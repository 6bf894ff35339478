import { mkdirSync } from 'node:fs';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';

export type Engine = 'pglite' | 'postgres';
export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the database or a transaction on it: store functions take this so callers choose the scope. */
export type Executor = Kysely<Database>;

/** An open database: the Kysely handle, which engine it is, and a way to run a multi-statement script. */
export type Handle = {
  readonly db: Db;
  readonly engine: Engine;
  /** Runs a SQL script of several statements (migrations), without parameters. */
  execScript(sql: string): Promise<void>;
  close(): Promise<void>;
};

export type OpenOptions =
  | { readonly engine: 'postgres'; readonly url: string; readonly poolSize?: number }
  | { readonly engine: 'pglite'; readonly dataDir?: string /* in memory when absent */ };

const int8 = 20;
const date = 1082;
const numeric = 1700;

/**
 * Opens PGlite (embedded, default) or PostgreSQL. Both are set up to return the same JS types, so the
 * domain never sees the difference: int8 → bigint, date → 'YYYY-MM-DD', numeric → decimal text.
 */
export async function openDatabase(options: OpenOptions): Promise<Handle> {
  if (options.engine === 'postgres') {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      types: {
        getTypeParser: ((oid: number, format?: string) => {
          if (oid === int8) return (value: string) => BigInt(value);
          if (oid === date) return (value: string) => value;
          if (oid === numeric) return (value: string) => value;
          return pg.types.getTypeParser(oid, format as 'text');
        }) as typeof pg.types.getTypeParser,
      },
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      engine: 'postgres',
      async execScript(sql) {
        const client = await pool.connect();
        try {
          await client.query(sql);
        } finally {
          client.release();
        }
      },
      close: () => db.destroy(),
    };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    parsers: {
      [pgliteTypes.INT8]: (value: string) => BigInt(value),
      [pgliteTypes.DATE]: (value: string) => value,
      [pgliteTypes.NUMERIC]: (value: string) => value,
    },
    serializers: {
      [pgliteTypes.INT8]: (value: unknown) => String(value),
    },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  let closed = false;
  return {
    db,
    engine: 'pglite',
    async execScript(sql) {
      // Through Kysely's connection queue, so a script never interleaves with another holder's transaction.
      await db.connection().execute(async () => {
        await pglite.exec(sql);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await pglite.close();
    },
  };
}
