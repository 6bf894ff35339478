import type { Handle } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import type { Config } from '../runtime/config.ts';
import { openStore } from '../runtime/open-store.ts';
import { findRunningServer, type ServerFile } from '../runtime/server-file.ts';

/**
 * A CLI command that needs the database goes through a running `hado serve` on the same data directory
 * when there is one (the embedded database admits one process), and opens the database itself otherwise.
 */
export type DatabaseAccess =
  | {
      readonly kind: 'server';
      readonly server: ServerFile;
      call: <T>(method: string, path: string, body?: unknown) => Promise<T>;
    }
  | { readonly kind: 'direct'; readonly handle: Handle };

export async function withDatabase<T>(config: Config, work: (access: DatabaseAccess) => Promise<T>): Promise<T> {
  const server = config.databaseUrl ? undefined : await findRunningServer(config.dataDir);
  if (server) {
    return work({
      kind: 'server',
      server,
      async call<R>(method: string, path: string, body?: unknown): Promise<R> {
        const response = await fetch(new URL(path, server.url), {
          method,
          headers: {
            authorization: `Bearer ${server.token}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await response.text();
        if (!response.ok) throw new Error(`server answered ${response.status}: ${text.slice(0, 500)}`);
        return (text ? JSON.parse(text) : undefined) as R;
      },
    });
  }
  const handle = await openStore(config);
  try {
    await migrate(handle);
    return await work({ kind: 'direct', handle });
  } finally {
    await handle.close();
  }
}
