import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { seoulDateOf } from '../../kernel/civil-date.ts';
import type { Clock } from '../../kernel/clock.ts';
import { dropFolderFilesPerPassMax, statementFileBytesMax } from '../../kernel/limits.ts';
import { type IngestSummary, ingestStatementFile } from '../ingest/ingest-statement.ts';
import { StatementError } from '../readers/index.ts';

/**
 * The drop folder: a bank (or an operator) puts files into `$HADO_DATA_DIR/inbox/<bank code>/`; each pass
 * moves a file to `.processing/` (so a half-written file is never read twice by two passes), ingests it for
 * that bank, and moves it to `processed/<date>/` or, refused, to `rejected/<date>/` with a `.reason` beside it.
 * A crash leaves the file in `.processing/`, and the next pass ingests it again (the duplicate rule makes
 * that harmless). Files whose name starts with a dot or ends in `.part` are still being written and wait.
 */
export type DropFolderPass = { readonly file: string; readonly bankCode: string; readonly summary: IngestSummary }[];

export async function runDropFolderPass(input: {
  readonly db: Db;
  readonly inbox: string;
  readonly clock: Clock;
  readonly log?: (entry: { file: string; bankCode: string; result: string; refusal?: string | null }) => void;
  /**
   * `postgres` when other worker processes may watch the same folder: each file is then ingested under a
   * PostgreSQL advisory lock on its name, so two workers never ingest one file (PGlite admits one process).
   */
  readonly engine?: 'postgres' | 'pglite';
}): Promise<DropFolderPass> {
  const done: { file: string; bankCode: string; summary: IngestSummary }[] = [];
  const folders = await readdir(input.inbox, { withFileTypes: true }).catch(() => []);
  for (const folder of folders) {
    if (!folder.isDirectory() || !/^\d{3}$/.test(folder.name)) continue;
    const bank = await input.db.selectFrom('banks').select('id').where('code', '=', folder.name).executeTakeFirst();
    if (!bank) continue;
    const base = join(input.inbox, folder.name);
    const processing = join(base, '.processing');
    await mkdir(processing, { recursive: true });
    // Left over from a crash first, then new arrivals, oldest name first.
    const leftover = (await readdir(processing)).map((name) => ({ name, from: processing }));
    const arrivals = (await readdir(base, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && !entry.name.startsWith('.') && !entry.name.endsWith('.part'))
      .map((entry) => ({ name: entry.name, from: base }));
    for (const { name, from } of [...leftover, ...arrivals].slice(0, dropFolderFilesPerPassMax)) {
      const path = join(processing, name);
      // Another worker may have taken the file since the folder was listed: it is then its to ingest.
      if (from !== processing && !(await moved(join(from, name), path))) continue;
      const held = await whileHeld(input, `${folder.name}/${name}`, async () => {
        if (!(await exists(path))) return; // Ingested and moved on by another worker meanwhile.
        const day = seoulDateOf(input.clock.now());
        let summary: IngestSummary | null = null;
        let refusal: string | null = null;
        try {
          if ((await stat(path)).size > statementFileBytesMax) {
            refusal = `file larger than the limit of ${statementFileBytesMax} bytes`;
          } else {
            summary = await ingestStatementFile(input.db, path, {
              channel: 'drop_folder',
              bankId: bank.id,
              actor: { label: `drop-folder:${folder.name}` },
              now: () => input.clock.now(),
              name,
              fileBytesMax: statementFileBytesMax,
            });
            refusal = summary.refusal;
          }
        } catch (error) {
          if (!(error instanceof StatementError)) throw error;
          refusal = error.message;
        }
        const target = join(base, refusal === null ? 'processed' : 'rejected', day);
        await mkdir(target, { recursive: true });
        await rename(path, join(target, name));
        if (refusal !== null) await writeFile(join(target, `${name}.reason`), `${refusal}\n`);
        input.log?.({ file: name, bankCode: folder.name, result: summary?.result ?? 'refused', refusal });
        if (summary) done.push({ file: name, bankCode: folder.name, summary });
      });
      if (!held) continue; // Another worker is ingesting it.
    }
  }
  return done;
}

/** Renames a file; false when it is gone (another worker renamed it first). */
async function moved(from: string, to: string): Promise<boolean> {
  try {
    await rename(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
}

/**
 * Runs `body` holding the drop folder's lock on `key` and returns true, or returns false at once when another
 * process holds it. On PostgreSQL the lock is a session advisory lock on a connection held for the duration (the
 * ingest uses the pool's other connections); a crashed worker's lock ends with its connection.
 */
async function whileHeld(
  input: { readonly db: Db; readonly engine?: 'postgres' | 'pglite' },
  key: string,
  body: () => Promise<void>,
): Promise<boolean> {
  if (input.engine !== 'postgres') {
    await body();
    return true;
  }
  return input.db.connection().execute(async (connection) => {
    const { rows } = await sql<{ held: boolean }>`
      select pg_try_advisory_lock(${dropFolderLockClass}, hashtext(${key})) as held`.execute(connection);
    if (!rows[0]?.held) return false;
    try {
      await body();
      return true;
    } finally {
      await sql`select pg_advisory_unlock(${dropFolderLockClass}, hashtext(${key}))`.execute(connection);
    }
  });
}

/** The first key of the drop folder's advisory locks (migrations use 7243001, the audit chain 7243002). */
const dropFolderLockClass = 7243003;

/** Runs a pass every `intervalMs` until stopped; passes never overlap. */
export function watchDropFolder(
  input: Parameters<typeof runDropFolderPass>[0] & {
    readonly intervalMs: number;
    readonly onError: (error: unknown) => void;
  },
) {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    running ??= runDropFolderPass(input)
      .catch(input.onError)
      .finally(() => {
        running = undefined;
      });
  }, input.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
