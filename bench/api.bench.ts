import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { demoPassword } from '../src/demo/demo-people.ts';
import { configFromEnv } from '../src/runtime/config.ts';
import { startServer } from '../src/runtime/start-server.ts';
import { type Benchmark, round } from './bench-context.ts';
import { withFreshDatabase } from './bench-world.ts';

/**
 * Authenticated obligation-status lookups (the official's `GET /api/v1/monitor/obligations?limit=1&after=…`,
 * a different obligation on each request: status, days late and delay interest computed per row) ÷ the same
 * server's ceiling, on PostgreSQL with the demo world.
 *
 * What runs where: the server is started in this process's main thread with `role: 'api'` (HTTP only, as an API
 * process of a scaled-out deployment: no drop folder, sandbox bank, monitor sweeps or outbox worker; those belong
 * to `--role worker` processes), opens PostgreSQL as `hado serve` does (its own pool of 10 connections) and loads
 * the demo world before it reports ready. The load generator, autocannon with 50 connections, runs in a worker
 * thread of its own (`load-worker.js`), so it never takes the server's event loop; it still shares the machine's
 * cores with the server and PostgreSQL. Ceiling and lookups alternate in rounds (5 × 2 s of each; 3 × 1 s with
 * --quick) so that both see the same machine while other work on it comes and goes; each figure is over all its
 * rounds. The ceiling is the same server's route that touches no database: `/favicon.svg` of the built web
 * application (`/health` does a `select 1`). Without a web build it falls back to `/api/openapi.json`, which
 * serialises a large document on every request: a much lower ceiling, said so on stderr.
 */
export const apiBenchmark: Benchmark = {
  name: 'api',
  async run(context) {
    if (!context.postgresUrl) return {};
    process.env.HADO_BANK_KEY_SECRET ??= 'bench-bank-key-master-0123456789abcdef';
    const duration = context.quick ? 3 : 10;
    const connections = 50;
    const rounds = context.quick ? 3 : 5;
    const dataDir = mkdtempSync(join(tmpdir(), 'hado-bench-api-'));
    try {
      return await withFreshDatabase('postgres', context.postgresUrl, async (handle, url) => {
        const server = await startServer({
          config: { ...configFromEnv({}), host: '127.0.0.1', port: 0, dataDir, databaseUrl: url, logLevel: 'silent' },
          demo: true,
          role: 'api',
          // Its own connection pool, as `hado serve --role api` opens it (the benchmark's handle has a test pool).
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
          const lookupPaths = ids.map((_, index) =>
            index === 0
              ? '/api/v1/monitor/obligations?limit=1'
              : `/api/v1/monitor/obligations?limit=1&after=${ids[index - 1]}`,
          );
          // Every lookup must answer 200 with the obligation: checked once before the load.
          const probe = await fetch(`${server.url}${lookupPaths[1 % lookupPaths.length]}`, { headers: { cookie } });
          const probed = (await probe.json()) as { items?: unknown[] };
          if (probe.status !== 200 || probed.items?.length !== 1)
            throw new Error(`lookup probe failed: ${probe.status}`);

          const favicon = await fetch(`${server.url}/favicon.svg`);
          await favicon.arrayBuffer();
          const ceilingPath = favicon.status === 200 ? '/favicon.svg' : '/api/openapi.json';
          if (favicon.status !== 200)
            context.log('api: no web build (npm run build:web): ceiling is /api/openapi.json');
          const targets = [
            { name: 'ceiling', paths: [ceilingPath] },
            { name: 'lookups', paths: lookupPaths, headers: { cookie } },
          ];
          // A short warm-up of each, then the measured rounds: ceiling and lookups alternate, `duration` seconds
          // of each in all, so both see the same machine when other work on it comes and goes.
          await loadInWorker({ url: server.url, connections: 10, rounds: 1, seconds: 1, targets });
          const measured = await loadInWorker({
            url: server.url,
            connections,
            rounds,
            seconds: duration / rounds,
            targets,
          });
          const ceiling = measured.ceiling!;
          const lookups = measured.lookups!;
          for (const [name, result] of [
            ['ceiling', ceiling],
            ['lookups', lookups],
          ] as const) {
            if (result.non2xx > 0 || result.errors > 0)
              throw new Error(`${name}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
          }
          const rate = lookups.total / lookups.seconds;
          const ceilingRate = ceiling.total / ceiling.seconds;
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

type LoadResult = {
  readonly total: number;
  readonly seconds: number;
  readonly latency: { readonly p50: number; readonly p99: number; readonly average: number };
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
};

/** Autocannon in a worker thread of its own (`load-worker.js`), away from the server's event loop. */
function loadInWorker(options: {
  url: string;
  connections: number;
  rounds: number;
  seconds: number;
  targets: readonly { name: string; paths: readonly string[]; headers?: Record<string, string> }[];
}): Promise<Record<string, LoadResult>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.js', import.meta.url), { workerData: options });
    let result: Record<string, LoadResult> | undefined;
    worker.once('message', (message: Record<string, LoadResult>) => {
      result = message;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`load generator exited with ${code} and no result`));
    });
  });
}
