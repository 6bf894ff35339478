import { join } from 'node:path';
import { type Handle, openDatabase } from '../db/database.ts';
import { BadInputError } from '../kernel/bad-input.ts';
import type { Config } from './config.ts';
import { type DataDirLock, lockDataDir } from './data-dir-lock.ts';

/**
 * Opens the system of record the configuration names: PostgreSQL when DATABASE_URL is set, else the
 * embedded database in the data directory, locked for this process. DATABASE_READ_URL adds a read replica.
 */
export async function openStore(config: Config): Promise<Handle> {
  if (config.readDatabaseUrl && !config.databaseUrl) {
    throw new BadInputError('DATABASE_READ_URL names a read replica of DATABASE_URL, which is not set');
  }
  if (config.databaseUrl) {
    return openDatabase({
      engine: 'postgres',
      url: config.databaseUrl,
      ...(config.readDatabaseUrl ? { readUrl: config.readDatabaseUrl } : {}),
    });
  }
  const lock: DataDirLock = lockDataDir(config.dataDir);
  try {
    const handle = await openDatabase({ engine: 'pglite', dataDir: join(config.dataDir, 'pglite') });
    return {
      ...handle,
      async close() {
        try {
          await handle.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}
