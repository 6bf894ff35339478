// Specifies backup and restore on both engines: a restored database holds the same rows and its audit
// chain verifies; a restore never overwrites a database that is there.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../db/database.ts';
import { rowCounts } from '../db/row-counts.ts';
import { openFreshDatabase } from '../db/test-engines.ts';
import { createTestApp } from '../http/test-app.ts';
import { BadInputError } from '../kernel/bad-input.ts';
import { backupFormatOf, backupPostgres, restoreEmbedded, restorePostgres, writeBackupFile } from './backup.ts';

const scratch = mkdtempSync(join(tmpdir(), 'hado-backup-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('embedded database', () => {
  test('backup, restore into an empty data directory, same rows and an intact audit chain', async () => {
    const source = await openDatabase({ engine: 'pglite', dataDir: join(scratch, 'source', 'pglite') });
    const hado = await createTestApp(source);
    await hado.close();
    const before = await rowCounts(source.db);
    const file = join(scratch, 'embedded.tar.gz');
    writeBackupFile(file, await source.dumpEmbedded!());
    await source.close();
    expect(backupFormatOf(new Uint8Array(readFileSync(file)))).toBe('embedded');

    const report = await restoreEmbedded(join(scratch, 'restored'), file, false);
    expect(report.auditRows).toBe(before['public.audit_log']);
    const restored = await openDatabase({ engine: 'pglite', dataDir: join(scratch, 'restored', 'pglite') });
    expect(await rowCounts(restored.db)).toEqual(before);
    await restored.close();

    await expect(restoreEmbedded(join(scratch, 'restored'), file, false)).rejects.toThrow(BadInputError);
  }, 120_000);
});

describe.skipIf(!process.env.DATABASE_URL)('PostgreSQL', () => {
  test('pg_dump, pg_restore into a new database, same rows and an intact audit chain', async () => {
    const source = await openFreshDatabase('postgres');
    const target = await openFreshDatabase('postgres');
    await target.handle.close();
    try {
      const hado = await createTestApp(source.handle);
      await hado.close();
      const before = await rowCounts(source.handle.db);
      const file = join(scratch, 'pg.dump');
      await backupPostgres(source.url!, file);
      expect(backupFormatOf(new Uint8Array(readFileSync(file)))).toBe('pg_dump');
      const report = await restorePostgres(target.url!, file);
      expect(report.auditRows).toBe(before['public.audit_log']);
      const restored = await openDatabase({ engine: 'postgres', url: target.url!, poolSize: 1 });
      expect(await rowCounts(restored.db)).toEqual(before);
      await restored.close();
      await expect(restorePostgres(target.url!, file)).rejects.toThrow('not empty');
    } finally {
      await source.handle.close();
      await source.drop();
      await target.drop();
    }
  }, 120_000);
});
