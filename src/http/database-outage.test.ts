// Specifies what a request sees when PostgreSQL goes away mid-service: a clean 503 with its code, never a
// crash or a 500, and normal answers again as soon as the database is back. (PostgreSQL only: the
// embedded database lives inside the process and cannot go away on its own.)
import { createServer, type Server, Socket } from 'node:net';
import { afterAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../db/database.ts';
import { openFreshDatabase } from '../db/test-engines.ts';
import { createTestApp, type TestApp } from './test-app.ts';

/** A TCP relay between Hado and PostgreSQL that the test can cut and restore, as a network failure would. */
function relay(target: URL) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const listen = (port: number) =>
    new Promise<number>((resolve) => {
      server = createServer((client) => {
        const upstream = new Socket();
        sockets.add(client).add(upstream);
        upstream.connect(Number(target.port || 5432), target.hostname);
        client.pipe(upstream).pipe(client);
        const drop = () => {
          client.destroy();
          upstream.destroy();
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
      });
      server.listen(port, '127.0.0.1', () => resolve((server!.address() as { port: number }).port));
    });
  return {
    listen,
    async cut() {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      await new Promise((resolve) => server?.close(resolve));
    },
  };
}

describe.skipIf(!process.env.DATABASE_URL)('database outage [postgres]', () => {
  let hado: TestApp;
  let drop: () => Promise<void> = async () => {};
  let link: ReturnType<typeof relay>;
  let port = 0;
  afterAll(async () => {
    await hado?.close();
    await link?.cut();
    await drop();
  });

  test('503 while PostgreSQL is unreachable, and recovery when it returns', async () => {
    const fresh = await openFreshDatabase('postgres');
    await fresh.handle.close();
    drop = fresh.drop;
    const target = new URL(fresh.url!);
    link = relay(target);
    port = await link.listen(0);
    const viaRelay = new URL(target);
    viaRelay.host = `127.0.0.1:${port}`;
    hado = await createTestApp(await openDatabase({ engine: 'postgres', url: viaRelay.toString(), poolSize: 2 }));
    const official = await hado.as('official');
    expect((await official.get('/api/v1/contracts')).statusCode).toBe(200);

    await link.cut();
    const during = await official.get('/api/v1/contracts');
    expect(during.statusCode).toBe(503);
    expect(during.json().error.code).toBe('database_unavailable');
    expect((await hado.anonymous().get('/health')).statusCode).toBe(503);

    await link.listen(port);
    const after = await official.get('/api/v1/contracts');
    expect(after.statusCode).toBe(200);
    expect(after.json().items).toHaveLength(1);
  }, 120_000);
});
