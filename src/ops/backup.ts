import { spawn } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { verifyAuditChain } from '../audit/audit-log.ts';
import { openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { BadInputError } from '../kernel/bad-input.ts';

/**
 * Backups: PostgreSQL's own `pg_dump` custom format (restored with `pg_restore`), and for the embedded
 * database a consistent gzip tar of its files taken inside the process that holds it. A restore is
 * checked before it is reported: migrations current and the audit chain intact.
 */
export type BackupFormat = 'pg_dump' | 'embedded';

export function backupFormatOf(bytes: Uint8Array): BackupFormat | undefined {
  if (bytes.length >= 5 && Buffer.from(bytes.subarray(0, 5)).toString('latin1') === 'PGDMP') return 'pg_dump';
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return 'embedded';
  return undefined;
}

export async function backupPostgres(url: string, outPath: string): Promise<void> {
  await run('pg_dump', ['--format=custom', '--no-owner', '--file', outPath, '--dbname', url]);
}

export type RestoreReport = { readonly auditRows: number; readonly migration: number };

/** Restores a pg_dump into an empty PostgreSQL database (refusing one that already holds Hado's tables). */
export async function restorePostgres(url: string, file: string): Promise<RestoreReport> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ present: string | null }>(
      `select to_regclass('public.schema_migrations')::text as present`,
    );
    if (rows[0]?.present) throw new BadInputError('the target database is not empty; restore into a new database');
  } finally {
    await client.end();
  }
  await run('pg_restore', ['--no-owner', '--exit-on-error', '--dbname', url, file]);
  return verifyRestored(await openDatabase({ engine: 'postgres', url, poolSize: 2 }));
}

/** Restores an embedded backup into the data directory; an existing database is moved aside only with force. */
export async function restoreEmbedded(
  dataDir: string,
  file: string,
  force: boolean,
): Promise<RestoreReport & { movedAside?: string }> {
  const bytes = new Uint8Array(readFileSync(file));
  if (backupFormatOf(bytes) !== 'embedded') throw new BadInputError(`${file} is not an embedded-database backup`);
  const target = join(dataDir, 'pglite');
  let movedAside: string | undefined;
  if (existsSync(target)) {
    if (!force)
      throw new BadInputError(`${target} already holds a database; pass --force to move it aside and restore`);
    movedAside = `${target}.before-restore-${Date.now()}`;
    renameSync(target, movedAside);
  }
  const report = await verifyRestored(await openDatabase({ engine: 'pglite', dataDir: target, loadFrom: bytes }));
  return movedAside ? { ...report, movedAside } : report;
}

async function verifyRestored(handle: Awaited<ReturnType<typeof openDatabase>>): Promise<RestoreReport> {
  try {
    const migrated = await migrate(handle);
    const audit = await verifyAuditChain(handle.db);
    if (audit.kind !== 'intact')
      throw new BadInputError(`the restored audit chain is broken at row ${audit.firstBrokenId}`);
    return { auditRows: audit.rows, migration: migrated.current };
  } finally {
    await handle.close();
  }
}

export function writeBackupFile(path: string, bytes: Uint8Array): void {
  writeFileSync(path, bytes, { mode: 0o600 });
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', (error) => reject(new Error(`${command} could not start: ${error.message}`)));
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} failed (${code}): ${stderr.trim().split('\n')[0]}`)),
    );
  });
}
