// Specifies authorisation for every route the server has, by every role: a role a route does not declare
// is refused (401 without a session, 403 with one) before anything runs, and a declared role gets past
// the door. The list comes from the server itself, so a new route is covered the moment it exists (and a
// route without a declaration stops the server at start).
import { beforeAll, expect, test } from 'vitest';
import { type Role, userRoles } from '../auth/caller.ts';
import { describeEachEngine } from '../db/test-engines.ts';
import { createTestApp, type TestApp, type TestClient } from './test-app.ts';

/** One demo login per role; the worker and the public have no login. */
const loginOf: Partial<Record<Role, string>> = {
  admin: 'admin',
  official: 'official',
  prime: 'prime',
  subcontractor: 'sub-tile',
  supplier: 'supplier-cement',
  bank: 'bank-kb',
  auditor: 'auditor',
};

/** Routes that end the caller's own session are checked in their own tests, not in this sweep. */
const sessionEnding = new Set(['POST /api/v1/auth/logout', 'POST /api/v1/worker/logout']);

describeEachEngine('route × role', ({ handle }) => {
  let hado: TestApp;
  const clients = new Map<Role, TestClient>();
  beforeAll(async () => {
    hado = await createTestApp(handle());
    clients.set('public', hado.anonymous());
    for (const role of userRoles) clients.set(role, await hado.as(loginOf[role]!));
    if (hado.asWorker) clients.set('worker', await hado.asWorker());
  }, 120_000);

  test('the server declares roles on its routes', () => {
    expect(hado.app.declaredRoutes.length).toBeGreaterThan(15);
    for (const route of hado.app.declaredRoutes)
      expect(route.roles.length, `${route.method} ${route.url}`).toBeGreaterThan(0);
  });

  test('every route refuses every role it does not declare, and lets in every role it does', async () => {
    const problems: string[] = [];
    for (const route of hado.app.declaredRoutes) {
      const key = `${route.method} ${route.url}`;
      if (sessionEnding.has(key)) continue;
      const url = route.url.replace(/:[A-Za-z]+/g, '1');
      if (route.authentication === 'bank_signature') {
        // The bank channel takes no sessions at all: every caller without a bank's signature is refused.
        for (const [role, client] of clients) {
          const response = await client.request(route.method, url, {});
          if (response.statusCode !== 401)
            problems.push(`${key} as ${role}: unsigned request got ${response.statusCode}`);
        }
        continue;
      }
      for (const [role, client] of clients) {
        const allowed = route.roles.includes(role);
        const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
        const response = await withTimeout(client.request(route.method, url, body));
        if (response === 'still_running') {
          // A stream (server-sent events) that opened has let the caller in.
          if (!allowed) problems.push(`${key} as ${role}: a refused role got a stream`);
          continue;
        }
        const code = response.statusCode === 204 ? undefined : safeJson(response.body)?.error?.code;
        if (!allowed) {
          const expected = role === 'public' ? [401, 'unauthenticated'] : [403, 'forbidden'];
          if (response.statusCode !== expected[0] || code !== expected[1]) {
            problems.push(`${key} as ${role}: expected ${expected.join(' ')}, got ${response.statusCode} ${code}`);
          }
        } else if (code === 'unauthenticated' || code === 'forbidden') {
          problems.push(`${key} as ${role}: declared but refused with ${response.statusCode} ${code}`);
        } else if (response.statusCode >= 500) {
          problems.push(`${key} as ${role}: ${response.statusCode} ${response.body.slice(0, 200)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  }, 300_000);
});

function safeJson(text: string): { error?: { code?: string } } | undefined {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function withTimeout<T>(promise: Promise<T>): Promise<T | 'still_running'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'still_running'>((resolve) => {
    timer = setTimeout(() => resolve('still_running'), 5_000);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
