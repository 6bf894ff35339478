import { join } from 'node:path';
import { type Handle, openDatabase } from '../db/database.ts';
import type { Config } from './config.ts';
import { type DataDirLock, lockDataDir } from './data-dir-lock.ts';

/**
 * Opens the system of record the configuration names: PostgreSQL when DATABASE_URL is set, else the
 * embedded database in the data directory, locked for this process.
 */
export async function openStore(config: Config): Promise<Handle> {
  if (config.databaseUrl) return openDatabase({ engine: 'postgres', url: config.databaseUrl });
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
