import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { RuleTable } from './rule-table.ts';
import { ruleTableOfRows } from './rule-versions.store.ts';

/**
 * A stamp of the rule table's content, as a scalar subquery: it changes whenever a version is added, edited or
 * removed, by whatever path (the rules API of any process, a migration, an operator's SQL). Selected in the same
 * statement as the rows a lookup judges, it says whether the table cached in the process is the one the database
 * held at that statement's snapshot.
 */
export const ruleTableStamp: RawBuilder<string> = sql<string>`(
  select md5(coalesce(string_agg(
    r.id::text || ':' || r.rule || ':' || r.effective_from::text || ':' || r.value::text || ':' || r.source,
    chr(10) order by r.id), ''))
  from rule_versions r)`;

/** A rule table and the stamp of the content it was built from. */
export type StampedRuleTable = { readonly table: RuleTable; readonly stamp: string };

/**
 * The rule table of one database, kept in the process so that a lookup does not read it on every request. It is
 * never trusted blindly: the lookup selects `ruleTableStamp` with its rows and hands it to `confirm`; a stamp that
 * differs from the cached table's (a version added since, in this process or any other) drops the table, and the
 * lookup runs again on a freshly loaded one. So a rule change committed before a lookup's statement is always
 * applied by that lookup, whichever process made the change; nothing waits on a notification that may be lost.
 */
export class RuleTableCache {
  #current: Promise<StampedRuleTable> | undefined;
  /** What `#current` resolved to, once it has. */
  #loaded: StampedRuleTable | undefined;

  constructor(private readonly db: Executor) {}

  /** The cached table, loaded with its stamp in one statement the first time and after a stale stamp. */
  current(): Promise<StampedRuleTable> {
    if (!this.#current) {
      const loading = loadStampedRuleTable(this.db);
      this.#current = loading;
      loading.then(
        (loaded) => {
          if (this.#current === loading) this.#loaded = loaded;
        },
        () => {
          // A failed load (the database away) is not kept: the next lookup tries again.
          if (this.#current === loading) this.#current = undefined;
        },
      );
    }
    return this.#current;
  }

  /**
   * Whether `stamp`, read from the database, is the stamp of `used` (the table a lookup judged with). If it is
   * not, the table is dropped (unless a newer one replaced it already) and the lookup must run again.
   */
  confirm(used: StampedRuleTable, stamp: string): boolean {
    if (stamp === used.stamp) return true;
    if (this.#loaded === used) {
      this.#current = undefined;
      this.#loaded = undefined;
    }
    return false;
  }
}

async function loadStampedRuleTable(db: Executor): Promise<StampedRuleTable> {
  // One row at least (the stamp), with every version beside it: the table and its stamp from one snapshot.
  const { rows } = await sql<{
    stamp: string;
    id: bigint | null;
    rule: string;
    effective_from: string;
    value: bigint;
    source: string;
  }>`
    select s.stamp, v.id, v.rule, v.effective_from, v.value, v.source
    from (select ${ruleTableStamp} as stamp) s
    left join rule_versions v on true
    order by v.rule, v.effective_from`.execute(db);
  return {
    table: ruleTableOfRows(rows.filter((row): row is typeof row & { id: bigint } => row.id !== null)),
    stamp: rows[0]!.stamp,
  };
}

const caches = new WeakMap<Executor, RuleTableCache>();

/** The one rule-table cache of a database handle's executor. */
export function ruleTableCacheOf(db: Executor): RuleTableCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new RuleTableCache(db);
    caches.set(db, cache);
  }
  return cache;
}
