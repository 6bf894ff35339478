import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { demoPassword } from '../src/demo/demo-people.ts';
import { configFromEnv } from '../src/runtime/config.ts';
import { startServer } from '../src/runtime/start-server.ts';
import { type Benchmark, round } from './bench-context.ts';
import { withFreshDatabase } from './bench-world.ts';

/**
 * Authenticated obligation-status lookups (the official's `GET /api/v1/monitor/obligations?limit=1&after=…`,
 * a different obligation on each request: status, days late and delay interest computed per row) ÷ the same
 * server's ceiling, with autocannon (50 connections, 10 s; 3 s with --quick) in the same process, on PostgreSQL
 * with the demo world. The ceiling is the same server's route that touches no database: `/favicon.svg` of the
 * built web application (`/health` does a `select 1`). Without a web build it falls back to `/api/openapi.json`,
 * which serialises a large document on every request: a much lower ceiling, said so on stderr.
 */
export const apiBenchmark: Benchmark = {
  name: 'api',
  async run(context) {
    if (!context.postgresUrl) return {};
    process.env.HADO_BANK_KEY_SECRET ??= 'bench-bank-key-master-0123456789abcdef';
    const duration = context.quick ? 3 : 10;
    const dataDir = mkdtempSync(join(tmpdir(), 'hado-bench-api-'));
    try {
      return await withFreshDatabase('postgres', context.postgresUrl, async (handle, url) => {
        const server = await startServer({
          config: { ...configFromEnv({}), host: '127.0.0.1', port: 0, dataDir, databaseUrl: url, logLevel: 'silent' },
          demo: true,
          handle,
          writeServerFile: false,
          logRequests: false,
        });
        try {
          const login = await fetch(`${server.url}/api/v1/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ login: 'official', password: demoPassword }),
          });
          if (login.status !== 200) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
          const cookie = /hado_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0];
          if (!cookie) throw new Error('no session cookie');
          const ids = (await handle.db.selectFrom('obligations').select('id').orderBy('id').execute()).map(
            (row) => row.id,
          );
          if (ids.length === 0) throw new Error('the demo world has no obligations');
          // Each lookup asks for the obligation after another one (the first obligation: no `after`).
          let next = 0;
          const lookupPath = () => {
            next = (next + 1) % ids.length;
            const after = next === 0 ? '' : `&after=${ids[next - 1]}`;
            return `/api/v1/monitor/obligations?limit=1${after}`;
          };
          // Every lookup must answer 200 with the obligation: checked once before the load.
          const probe = await fetch(`${server.url}${lookupPath()}`, { headers: { cookie } });
          const probed = (await probe.json()) as { items?: unknown[] };
          if (probe.status !== 200 || probed.items?.length !== 1)
            throw new Error(`lookup probe failed: ${probe.status}`);

          const load = (path: string | (() => string), headers: Record<string, string> = {}) =>
            autocannon({
              url: server.url,
              connections: 50,
              duration,
              headers,
              requests: [
                {
                  method: 'GET',
                  setupRequest: (request) => ({ ...request, path: typeof path === 'string' ? path : path() }),
                },
              ],
            });
          const favicon = await fetch(`${server.url}/favicon.svg`);
          await favicon.arrayBuffer();
          const ceilingPath = favicon.status === 200 ? '/favicon.svg' : '/api/openapi.json';
          if (favicon.status !== 200)
            context.log('api: no web build (npm run build:web): ceiling is /api/openapi.json');
          // A short warm-up of each, then the measured runs.
          await autocannon({ url: `${server.url}${ceilingPath}`, connections: 10, duration: 1 });
          await autocannon({ url: `${server.url}${lookupPath()}`, connections: 10, duration: 1, headers: { cookie } });
          const ceiling = await load(ceilingPath);
          const lookups = await load(lookupPath, { cookie });
          for (const [name, result] of [
            ['ceiling', ceiling],
            ['lookups', lookups],
          ] as const) {
            if (result.non2xx > 0 || result.errors > 0)
              throw new Error(`${name}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
          }
          const rate = lookups.requests.total / duration;
          const ceilingRate = ceiling.requests.total / duration;
          context.log(
            `api: lookups ${rate.toFixed(0)} req/s (p50 ${lookups.latency.p50} ms, p99 ${lookups.latency.p99} ms); ` +
              `ceiling ${ceilingPath} ${ceilingRate.toFixed(0)} req/s (p99 ${ceiling.latency.p99} ms); ${ids.length} obligations`,
          );
          return {
            api_requests_per_s: round(rate, 0),
            api_ceiling_requests_per_s: round(ceilingRate, 0),
            api_ratio_to_ceiling: round(rate / ceilingRate),
            api_p99_ms: round(lookups.latency.p99, 1),
          };
        } finally {
          await server.close();
        }
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
