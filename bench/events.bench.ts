import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signBankRequest } from '../src/bank/inbound/signature.ts';
import { createClaimsFixture } from '../src/claims/claims.test-fixture.ts';
import { configFromEnv } from '../src/runtime/config.ts';
import { startServer } from '../src/runtime/start-server.ts';
import { type BenchContext, type Benchmark, round } from './bench-context.ts';
import { withFreshDatabase } from './bench-world.ts';

const streamCount = 100;
const password = 'bench-events-password-1';

type Stream = { readonly arrivals: number[]; close(): void; response: IncomingMessage };

/** Opens `/api/v1/events` and notes when each `movements` event arrives. */
function openStream(baseUrl: string, cookie: string, ready: () => void): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const arrivals: number[] = [];
    const req = httpRequest(`${baseUrl}/api/v1/events`, { headers: { cookie, accept: 'text/event-stream' } }, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const at = performance.now();
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const event = /^event: (.+)$/m.exec(buffer.slice(0, end))?.[1];
          buffer = buffer.slice(end + 2);
          if (event === 'ready') ready();
          if (event === 'movements') arrivals.push(at);
        }
      });
      res.on('error', () => {});
      if (res.statusCode !== 200) reject(new Error(`stream refused: ${res.statusCode}`));
      else resolve({ arrivals, close: () => req.destroy(), response: res });
    });
    req.on('error', reject);
    req.end();
  });
}

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

/**
 * A bank message accepted through the signed inbound channel (`POST /api/v1/bank/messages`, a camt.054 credit
 * to a contract's progress account) → the `movements` event received on each of 100 open server-sent-event
 * streams of the contract's official, on PostgreSQL (LISTEN/NOTIFY; keys without a suffix) and on in-memory
 * PGlite (`_pglite`); p99 over every stream and message (20 messages, 10 with
 * --quick, one after another, after one uncounted warm-up message). Timed from just before the POST is sent, so the acceptance itself is included.
 */
export const eventsBenchmark: Benchmark = {
  name: 'events',
  async run(context) {
    const onPglite = await eventsOn('pglite', context);
    const suffixed = Object.fromEntries(Object.entries(onPglite).map(([key, value]) => [`${key}_pglite`, value]));
    return context.postgresUrl ? { ...(await eventsOn('postgres', context)), ...suffixed } : suffixed;
  },
};

async function eventsOn(engine: 'postgres' | 'pglite', context: BenchContext): Promise<Record<string, number>> {
  process.env.HADO_BANK_KEY_SECRET ??= 'bench-bank-key-master-0123456789abcdef';
  const messages = context.quick ? 10 : 20;
  const dataDir = mkdtempSync(join(tmpdir(), 'hado-bench-events-'));
  try {
    return await withFreshDatabase(engine, context.postgresUrl, async (handle, url) => {
      const server = await startServer({
        config: {
          ...configFromEnv({}),
          host: '127.0.0.1',
          port: 0,
          dataDir,
          databaseUrl: url,
          logLevel: 'silent',
          totpEnforced: false,
        },
        demo: false,
        handle,
        writeServerFile: false,
        logRequests: false,
      });
      const streams: Stream[] = [];
      try {
        const admin = { authorization: `Bearer ${server.context.adminToken}`, 'content-type': 'application/json' };
        const fixture = await createClaimsFixture(handle.db);
        const login = `bench-official-${fixture.contractId}`;
        const created = await fetch(`${server.url}/api/v1/admin/users`, {
          method: 'POST',
          headers: admin,
          body: JSON.stringify({
            login,
            role: 'official',
            buyerId: String(fixture.buyerId),
            password,
            displayName: login,
          }),
        });
        if (created.status !== 201) throw new Error(`user: ${created.status} ${await created.text()}`);
        const signedIn = await fetch(`${server.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ login, password }),
        });
        const cookie = /hado_session=[^;]+/.exec(signedIn.headers.get('set-cookie') ?? '')?.[0];
        if (!cookie) throw new Error(`sign-in failed: ${signedIn.status}`);
        const keyAnswer = await fetch(`${server.url}/api/v1/admin/bank-keys`, {
          method: 'POST',
          headers: admin,
          body: JSON.stringify({ bankCode: '004' }),
        });
        const key = (await keyAnswer.json()) as { keyId: string; secret: string };
        const account = await handle.db
          .selectFrom('dedicated_accounts')
          .select('account_number')
          .where('contract_id', '=', fixture.contractId)
          .where('purpose', '=', 'progress')
          .executeTakeFirstOrThrow();

        let readyCount = 0;
        for (let i = 0; i < streamCount; i += 1) {
          streams.push(
            await openStream(server.url, cookie, () => {
              readyCount += 1;
            }),
          );
        }
        await waitFor(() => readyCount === streamCount, 'every stream to be ready');

        const latencies: number[] = [];
        // Message 0 warms the path up (first compilation of the ingest code) and is not counted.
        for (let m = 0; m <= messages; m += 1) {
          const reference = `BENCH-EV-${fixture.contractId}-${m}`;
          const body = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn>
  <GrpHdr><MsgId>${reference}</MsgId><CreDtTm>2026-03-10T10:00:00+09:00</CreDtTm></GrpHdr>
  <Ntfctn><Id>${reference}</Id><CreDtTm>2026-03-10T10:00:00+09:00</CreDtTm>
    <Acct><Id><Othr><Id>${account.account_number}</Id></Othr></Id></Acct>
    <Ntry><Amt Ccy="KRW">${5000 + m}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
      <BookgDt><Dt>2026-03-10</Dt></BookgDt><AcctSvcrRef>${reference}</AcctSvcrRef></Ntry>
  </Ntfctn></BkToCstmrDbtCdtNtfctn></Document>`;
          const sent = performance.now();
          const posted = await fetch(`${server.url}/api/v1/bank/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/xml', ...signBankRequest(key, body, new Date()) },
            body,
          });
          if (posted.status !== 201) throw new Error(`bank message: ${posted.status} ${await posted.text()}`);
          await waitFor(() => streams.every((s) => s.arrivals.length > m), `message ${m} on every stream`);
          if (m > 0) for (const stream of streams) latencies.push(stream.arrivals[m]! - sent);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const p99 = percentile(latencies, 99);
        context.log(
          `events ${engine}: ${messages} bank messages × ${streamCount} streams: p50 ${percentile(latencies, 50).toFixed(1)} ms, ` +
            `p99 ${p99.toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms (from the POST being sent)`,
        );
        return { event_p50_ms: round(percentile(latencies, 50), 1), event_p99_ms: round(p99, 1) };
      } finally {
        for (const stream of streams) stream.close();
        await server.close();
      }
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
