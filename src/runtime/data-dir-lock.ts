import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { BadInputError } from '../kernel/bad-input.ts';

/**
 * The embedded database admits one process at a time. Whoever opens it holds `hado.lock` (with its pid);
 * a second process is told who holds it instead of corrupting the files. A lock left by a dead process is
 * taken over.
 */
export type DataDirLock = { release(): void };

export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'hado.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return {
        release() {
          if (readPid(path) === process.pid) rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readPid(path);
      if (holder !== undefined && holder !== process.pid && isAlive(holder)) {
        throw new BadInputError(
          `the embedded database in ${dataDir} is in use by process ${holder}; stop it, or run this command while 'hado serve' is up so it goes through the server`,
          'data_dir_locked',
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new BadInputError(`could not lock ${dataDir}`, 'data_dir_locked');
}

function readPid(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
