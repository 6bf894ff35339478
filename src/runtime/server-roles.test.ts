// Specifies `hado serve --role`: an api process serves HTTP and runs no workers; a worker process against
// the same PostgreSQL picks up the work (here: the SMS the demo world queued); the embedded database
// admits only the all-in-one role.
import { sql } from 'kysely';
import { afterAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../db/database.ts';
import { openFreshDatabase } from '../db/test-engines.ts';
import { BadInputError } from '../kernel/bad-input.ts';
import { configFromEnv } from './config.ts';
import { type RunningServer, startServer } from './start-server.ts';

// Quiet hours would hold the demo's messages at night; this test is about who sends, not when.
process.env.HADO_SMS_QUIET_HOURS = 'off';

test('the embedded database refuses the api and worker roles', async () => {
  const config = { ...configFromEnv({}), databaseUrl: undefined, port: 0 };
  await expect(
    startServer({ config, demo: false, role: 'worker', logRequests: false, writeServerFile: false }),
  ).rejects.toThrow(BadInputError);
});

describe.skipIf(!process.env.DATABASE_URL)('api and worker processes on one PostgreSQL', () => {
  const running: RunningServer[] = [];
  let drop: () => Promise<void> = async () => {};
  afterAll(async () => {
    for (const server of running.reverse()) await server.close();
    await drop();
  });

  test('messages queued by the api process are sent once a worker process runs', async () => {
    const fresh = await openFreshDatabase('postgres');
    await fresh.handle.close();
    drop = fresh.drop;
    // A demo day of 60 real seconds: whatever the hour, messages held for quiet hours fall due within the test.
    const config = { ...configFromEnv({}), databaseUrl: fresh.url!, port: 0, logLevel: 'silent', demoDaySeconds: 60 };
    const api = await startServer({ config, demo: true, role: 'api', logRequests: false, writeServerFile: false });
    running.push(api);
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
    const observer = await openDatabase({ engine: 'postgres', url: fresh.url!, poolSize: 1 });
    try {
      const counts = async () =>
        (
          await sql<{
            state: string;
            n: bigint;
          }>`select state, count(*) as n from outbox_messages group by state`.execute(observer.db)
        ).rows;
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const before = await counts();
      expect(before.length).toBeGreaterThan(0);
      expect(before.every((row) => row.state === 'pending')).toBe(true);
      // Due on the demo's clock, which the api process saves every few seconds (the worker process follows it).
      const dueCount = async () =>
        Number(
          (
            await sql<{ n: bigint }>`
              select count(*) as n from outbox_messages
              where state = 'pending'
                and next_attempt_at <= coalesce(
                  (select (value->>'demoAt')::timestamptz from settings where key = 'demo_clock'), now())`.execute(
              observer.db,
            )
          ).rows[0]!.n,
        );

      const worker = await startServer({
        config,
        demo: false,
        role: 'worker',
        logRequests: false,
        writeServerFile: false,
      });
      running.push(worker);
      const deadline = Date.now() + 60_000;
      let pending = Number.POSITIVE_INFINITY;
      let sent = 0;
      while (Date.now() < deadline) {
        // Messages held for quiet hours wait by design; everything already due must be sent.
        pending = await dueCount();
        sent = Number(
          (
            await sql<{ n: bigint }>`select count(*) as n from outbox_messages where state <> 'pending'`.execute(
              observer.db,
            )
          ).rows[0]!.n,
        );
        if (pending === 0 && sent > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(sent).toBeGreaterThan(0);
      expect(pending).toBe(0);
    } finally {
      await observer.close();
    }
  }, 120_000);
});

describe('metrics', () => {
  test('/metrics is for admins and auditors, and shows requests, outbox lag, open findings and movements', async () => {
    const config = { ...configFromEnv({}), databaseUrl: undefined, port: 0, logLevel: 'silent' };
    const handle = await openDatabase({ engine: 'pglite' });
    const server = await startServer({ config, demo: true, handle, logRequests: false, writeServerFile: false });
    try {
      expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
      const login = await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'auditor', password: 'hado-demo-2026' }),
      });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const text = await (await fetch(`${server.url}/metrics`, { headers: { cookie } })).text();
      for (const name of [
        'hado_http_requests_total',
        'hado_outbox_lag_seconds',
        'hado_outbox_pending_messages',
        'hado_findings_open',
        'hado_bank_movements',
      ]) {
        expect(text).toContain(name);
      }
      expect(text).toMatch(/hado_findings_open \d+/);
    } finally {
      await server.close();
      await handle.close();
    }
  }, 120_000);
});
