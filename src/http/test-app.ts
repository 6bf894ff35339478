import type { LightMyRequestResponse } from 'fastify';
import { sandboxAccountHolderCheck } from '../bank/sandbox/account-holder-check.ts';
import type { Handle } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { demoPassword } from '../demo/demo-people.ts';
import { loadDemoWorld } from '../demo/demo-world.ts';
import { type Clock, systemClock } from '../kernel/clock.ts';
import { createMetrics } from '../ops/metrics.ts';
import { ensureBankDirectory } from '../runtime/bootstrap.ts';
import type { AppContext } from './app-context.ts';
import { routeModules } from './route-modules.ts';
import { type App, buildServer } from './server.ts';

/**
 * An in-process Hado for tests: the real server and routes on a test database (no listening socket),
 * optionally with the demo world, and signed-in clients per demo login. No mocks: requests go through
 * the same hooks, schemas and SQL as in production.
 */
export type TestApp = {
  readonly app: App;
  readonly context: AppContext;
  readonly adminToken: string;
  /** Signs in as a demo login (password: the demo password) and returns a client with its cookie. */
  as(login: string, password?: string): Promise<TestClient>;
  /** A signed-in worker (phone and one-time code), once worker sign-in exists. */
  asWorker?: () => Promise<TestClient>;
  /** A client with no session at all. */
  anonymous(): TestClient;
  /** The server's own admin (bearer token), as the demo loader and the CLI use it. */
  admin(): TestClient;
  close(): Promise<void>;
};

export type TestClient = {
  request(
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
};

export async function createTestApp(
  handle: Handle,
  options: { demo?: boolean; clock?: Clock; realClock?: Clock; totpEnforced?: boolean } = {},
): Promise<TestApp> {
  await migrate(handle);
  await ensureBankDirectory(handle.db);
  const adminToken = `test-admin-${crypto.randomUUID()}`;
  const context: AppContext = {
    handle,
    clock: options.clock ?? systemClock,
    ...(options.realClock ? { realClock: options.realClock } : {}),
    adminToken,
    ready: false,
    demo: options.demo ?? true,
    accountHolderCheck: sandboxAccountHolderCheck(handle.db),
    metrics: createMetrics(),
    totpEnforced: options.totpEnforced ?? false,
  };
  const app = await buildServer(context, routeModules);
  await app.ready();
  if (options.demo ?? true) await loadDemoWorld(app, context);
  context.ready = true;

  const client = (headers: Record<string, string>): TestClient => {
    const request = (method: string, url: string, body?: unknown, extra: Record<string, string> = {}) =>
      app.inject({
        method: method as 'GET',
        url,
        headers: { ...headers, ...extra },
        ...(body === undefined ? {} : { payload: body as object }),
      });
    return { request, get: (url) => request('GET', url), post: (url, body) => request('POST', url, body ?? {}) };
  };

  // One session per login for the whole suite: signing in is rate-limited, as it should be.
  const sessions = new Map<string, TestClient>();
  return {
    app,
    context,
    adminToken,
    async as(login, password = demoPassword) {
      const cached = sessions.get(login);
      if (cached && password === demoPassword) return cached;
      const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login, password } });
      if (response.statusCode !== 200)
        throw new Error(`login ${login} failed: ${response.statusCode} ${response.body}`);
      const cookie = response.cookies.find((c) => c.name === 'hado_session');
      if (!cookie) throw new Error('no session cookie');
      const signedIn = client({ cookie: `hado_session=${cookie.value}`, 'x-csrf-token': response.json().csrfToken });
      if (password === demoPassword) sessions.set(login, signedIn);
      return signedIn;
    },
    async asWorker() {
      // The first registered worker with a phone proves it by the one-time code the outbox holds for it.
      const cached = sessions.get('worker');
      if (cached) return cached;
      const worker = await handle.db
        .selectFrom('workers')
        .select(['id', 'phone_e164'])
        .where('phone_e164', 'is not', null)
        .orderBy('id')
        .executeTakeFirst();
      if (!worker?.phone_e164) throw new Error('no worker with a phone to sign in as');
      const asked = await app.inject({
        method: 'POST',
        url: '/api/v1/worker/otp',
        payload: { phone: worker.phone_e164 },
      });
      if (asked.statusCode !== 202) throw new Error(`worker code request failed: ${asked.statusCode} ${asked.body}`);
      const message = await handle.db
        .selectFrom('outbox_messages')
        .select('body')
        .where('phone_e164', '=', worker.phone_e164)
        .where('kind', '=', 'worker_otp')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      const code = /\d{6}/.exec(message.body)?.[0];
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/worker/session',
        payload: { phone: worker.phone_e164, code },
      });
      if (response.statusCode !== 200)
        throw new Error(`worker sign-in failed: ${response.statusCode} ${response.body}`);
      const cookie = response.cookies.find((c) => c.name === 'hado_worker');
      if (!cookie) throw new Error('no worker session cookie');
      const signedIn = client({ cookie: `hado_worker=${cookie.value}`, 'x-csrf-token': response.json().csrfToken });
      sessions.set('worker', signedIn);
      return signedIn;
    },
    anonymous: () => client({}),
    admin: () => client({ authorization: `Bearer ${adminToken}` }),
    close: () => app.close(),
  };
}
