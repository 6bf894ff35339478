import type { PostgresPool, PostgresPoolClient } from 'kysely';
import { type RawBuilder, sql } from 'kysely';
import type pg from 'pg';

/**
 * Prepared statements for the hottest lookups (a request's session, the monitor's obligation lookup). A statement
 * whose text starts with `preparedMarker` is parsed and planned once per PostgreSQL connection and then only
 * executed with new parameters: PostgreSQL keeps the plan (it switches to a generic plan only when that is not
 * estimated dearer than planning each time). On a loaded two-core machine, planning was most of a lookup's cost
 * in PostgreSQL (1.2–1.7 ms of 2.1 ms for the obligation lookup; 0.7 ms prepared).
 *
 * Opt-in and for explicit column lists only: a prepared `select *` would fail with "cached plan must not change
 * result type" once a migration adds a column. PGlite ignores the marker (it is an SQL comment).
 */
export const preparedMarker = '/* prepared */';

/** Put first in a `sql` template to have the statement prepared on PostgreSQL (see above). */
export const prepared: RawBuilder<unknown> = sql.raw(`${preparedMarker} `);

/**
 * Distinct prepared statement texts a process names (each connection prepares those it runs). The hot
 * statements are a handful of texts (one per combination of a lookup's filters); past the limit a text runs
 * unprepared, so a bug that varies the text cannot fill PostgreSQL's memory.
 */
export const preparedStatementsMax = 256;

const names = new Map<string, string>();

/** The statement name for `text` (the same text always gets the same name), or undefined past the limit. */
function nameOf(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < preparedStatementsMax) {
    name = `hado_${names.size + 1}`;
    names.set(text, name);
  }
  return name;
}

/** The pool Kysely uses, with statements that start with `preparedMarker` sent as named (prepared) statements. */
export function preparingPool(pool: pg.Pool): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      return {
        // biome-ignore lint/suspicious/noExplicitAny: the pg client's query overloads, passed through as they are.
        query: ((text: any, parameters?: readonly unknown[]) => {
          if (typeof text === 'string' && text.startsWith(preparedMarker)) {
            const name = nameOf(text);
            if (name) return client.query({ name, text, values: parameters as unknown[] });
          }
          return parameters === undefined ? client.query(text) : client.query(text, parameters as unknown[]);
        }) as PostgresPoolClient['query'],
        release: (destroy?: boolean) => client.release(destroy),
      };
    },
    end: () => pool.end(),
  };
}
