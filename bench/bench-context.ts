import pg from 'pg';

/** What every benchmark gets: the size of the run and where PostgreSQL is (if it is reachable). */
export type BenchContext = {
  /** Smaller runs (CI): the same keys, in under a minute in all. */
  readonly quick: boolean;
  /** A PostgreSQL server URL for keys without an engine suffix; undefined when none is reachable. */
  readonly postgresUrl: string | undefined;
  /** Progress lines go here (stderr), never to stdout, which carries the JSON. */
  log(line: string): void;
};

export type Benchmark = {
  readonly name: string;
  run(context: BenchContext): Promise<Record<string, number>>;
};

/** The PostgreSQL to measure on: DATABASE_URL, else the local server; undefined (with why) if unreachable. */
export async function findPostgres(log: (line: string) => void): Promise<string | undefined> {
  const url = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return url;
  } catch (error) {
    log(
      `PostgreSQL not reachable at ${url.replace(/\/\/[^@]*@/, '//')}: ${(error as Error).message}; keys measured on PostgreSQL are left out`,
    );
    return undefined;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Median of repeated measurements. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));
