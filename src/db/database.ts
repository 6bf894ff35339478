import { mkdirSync } from 'node:fs';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { assert } from '../kernel/assert.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { preparingPool } from './prepared-statements.ts';
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
  /**
   * Where read-only screens that may lag a moment read (the officials' dashboard, public aggregates): a
   * PostgreSQL read replica when one is configured (DATABASE_READ_URL); `readerOf` falls back to `db`.
   */
  readonly reader?: Db;
  /** Runs a SQL script of several statements (migrations), without parameters. */
  execScript(sql: string): Promise<void>;
  /**
   * LISTEN on a notification channel: the handler gets each payload once the notifying transaction has
   * committed (never before, never for a rollback). PostgreSQL: a dedicated connection that reconnects;
   * PGlite: its one instance. Resolves to a function that stops listening.
   */
  listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>>;
  /** A consistent copy of the embedded database's files (gzip tar); PostgreSQL is backed up by pg_dump. */
  dumpEmbedded?(): Promise<Uint8Array>;
  close(): Promise<void>;
};

export type OpenOptions =
  | {
      readonly engine: 'postgres';
      readonly url: string;
      readonly poolSize?: number;
      /** A read replica (hot standby) of `url` for `Handle.reader`. */
      readonly readUrl?: string;
    }
  | {
      readonly engine: 'pglite';
      readonly dataDir?: string /* in memory when absent */;
      /** Start from a backup made by `dumpEmbedded` (restore). */
      readonly loadFrom?: Uint8Array;
    };

const int8 = 20;
const date = 1082;
const numeric = 1700;

/**
 * Opens PGlite (embedded, default) or PostgreSQL. Both are set up to return the same JS types, so the
 * domain never sees the difference: int8 → bigint, date → 'YYYY-MM-DD', numeric → decimal text.
 */
export async function openDatabase(options: OpenOptions): Promise<Handle> {
  if (options.engine === 'postgres') {
    const pool = openPool(options.url, options.poolSize);
    // Statements marked `prepared` (the hottest lookups) are prepared once per connection: prepared-statements.ts.
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
    const reader = options.readUrl
      ? new Kysely<Database>({ dialect: new PostgresDialect({ pool: openPool(options.readUrl, options.poolSize) }) })
      : undefined;
    const listeners = new Set<() => Promise<void>>();
    return {
      db,
      engine: 'postgres',
      ...(reader ? { reader } : {}),
      async listen(channel, handler) {
        const stop = await listenOnPostgres(options.url, channel, handler);
        listeners.add(stop);
        return async () => {
          listeners.delete(stop);
          await stop();
        };
      },
      async execScript(sql) {
        const client = await pool.connect();
        try {
          await client.query(sql);
        } finally {
          client.release();
        }
      },
      async close() {
        await Promise.all([...listeners].map((stop) => stop()));
        await Promise.all([db.destroy(), reader?.destroy()]);
      },
    };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadFrom ? { loadDataDir: new Blob([options.loadFrom]) } : {}),
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
    async listen(channel, handler) {
      assert(channelPattern.test(channel), `not a channel name: ${channel}`);
      // Through Kysely's queue like every statement: LISTEN must not land inside another holder's transaction.
      const stop = await db.connection().execute(() => pglite.listen(channel, handler));
      return async () => {
        if (!closed) await db.connection().execute(() => stop());
      };
    },
    async dumpEmbedded() {
      // Taken through the connection queue: no transaction is half-way while the files are copied.
      return db
        .connection()
        .execute(async () => new Uint8Array(await (await pglite.dumpDataDir('gzip')).arrayBuffer()));
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await pglite.close();
    },
  };
}

/** The database read-only, lag-tolerant screens read: the read replica when there is one, else the primary. */
export const readerOf = (handle: Handle): Db => handle.reader ?? handle.db;

/**
 * A pool whose connections return the same JS types as PGlite: int8 → bigint, date → 'YYYY-MM-DD', numeric →
 * decimal text.
 */
function openPool(url: string, poolSize: number | undefined): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize ?? 10,
    types: {
      getTypeParser: ((oid: number, format?: string) => {
        if (oid === int8) return (value: string) => BigInt(value);
        if (oid === date) return (value: string) => value;
        if (oid === numeric) return (value: string) => value;
        return pg.types.getTypeParser(oid, format as 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client whose server went away emits 'error' on the pool; without a listener that would end
  // the process. The next query gets a fresh connection (or a clean 503 while the database is down).
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  return pool;
}

const channelPattern = /^[a-z_][a-z0-9_]{0,62}$/;
const listenReconnectDelayMs = 1_000;

/**
 * A connection of its own that LISTENs on `channel` and, when the server goes away, reconnects and listens
 * again (notifications sent while it was away are lost: listeners treat them as hints and re-read state).
 */
async function listenOnPostgres(
  url: string,
  channel: string,
  handler: (payload: string) => void,
): Promise<() => Promise<void>> {
  assert(channelPattern.test(channel), `not a channel name: ${channel}`);
  let stopped = false;
  let current: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  const connect = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: url });
    client.on('notification', (message) => {
      if (message.channel === channel && message.payload !== undefined) handler(message.payload);
    });
    client.on('error', () => {});
    client.on('end', () => {
      if (current === client) current = undefined;
      if (!stopped) retry();
    });
    await client.connect();
    await client.query(`listen ${channel}`);
    current = client;
    if (stopped) await client.end();
  };
  const retry = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      connect().catch(retry);
    }, listenReconnectDelayMs);
  };
  try {
    await connect();
  } catch (error) {
    stopped = true;
    clearTimeout(timer);
    throw error;
  }
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await current?.end().catch(() => {});
  };
}
