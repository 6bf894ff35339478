import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from './data-dir-lock.ts';

/**
 * `$HADO_DATA_DIR/server.json` tells CLI commands that a server is running on this data directory and how
 * to reach its admin API. It holds a bearer token, so only its owner may read it.
 */
export type ServerFile = { readonly url: string; readonly pid: number; readonly token: string };

export const serverFilePath = (dataDir: string) => join(dataDir, 'server.json');

export function writeServerFile(dataDir: string, file: ServerFile): void {
  mkdirSync(dataDir, { recursive: true });
  const path = serverFilePath(dataDir);
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}

export function removeServerFile(dataDir: string, pid = process.pid): void {
  const current = readServerFile(dataDir);
  if (current && current.pid === pid) rmSync(serverFilePath(dataDir), { force: true });
}

export function readServerFile(dataDir: string): ServerFile | undefined {
  try {
    const parsed = JSON.parse(readFileSync(serverFilePath(dataDir), 'utf8')) as Partial<ServerFile>;
    if (typeof parsed.url !== 'string' || typeof parsed.pid !== 'number' || typeof parsed.token !== 'string')
      return undefined;
    return { url: parsed.url, pid: parsed.pid, token: parsed.token };
  } catch {
    return undefined;
  }
}

/** The running server on this data directory, if its process is alive and it answers /health. */
export async function findRunningServer(dataDir: string): Promise<ServerFile | undefined> {
  const file = readServerFile(dataDir);
  if (!file || !isAlive(file.pid)) return undefined;
  try {
    const response = await fetch(new URL('/health', file.url), { signal: AbortSignal.timeout(5_000) });
    return response.ok ? file : undefined;
  } catch {
    return undefined;
  }
}
