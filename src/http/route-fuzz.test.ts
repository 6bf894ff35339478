// Specifies that no input breaks a route: for every route, bodies shaped like its schema but filled with
// hostile values (wrong types, huge and odd strings, negative, fractional and float amounts, deep
// nesting, unknown fields) never produce a 500, and every refusal leaves every table as it was.
import fc from 'fast-check';
import { beforeAll, expect, test } from 'vitest';
import type { Role } from '../auth/caller.ts';
import { rowCounts } from '../db/row-counts.ts';
import { describeEachEngine } from '../db/test-engines.ts';
import { createTestApp, type TestApp, type TestClient } from './test-app.ts';

const loginOf: Partial<Record<Role, string>> = {
  admin: 'admin',
  official: 'official',
  prime: 'prime',
  subcontractor: 'sub-tile',
  supplier: 'supplier-cement',
  bank: 'bank-kb',
  auditor: 'auditor',
};
/** Routes outside this sweep: ending the session under test. */
const skipped = new Set(['POST /api/v1/auth/logout']);

const hostileScalar = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '-1',
    '0',
    '1.5',
    '1e9',
    'NaN',
    '99999999999999999999999',
    '2026-02-30',
    '010-0000-0000',
    '<script>',
    "'; drop table firms; --",
    '\u0000',
    '한글',
  ),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ minLength: 300, maxLength: 2_000 }),
);
const hostileValue = fc.oneof(
  hostileScalar,
  fc.array(hostileScalar, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), hostileScalar, { maxKeys: 3 }),
);

function propertiesOf(schema: unknown): string[] {
  const properties = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return properties ? Object.keys(properties) : [];
}

describeEachEngine('hostile input on every route', ({ handle }) => {
  let hado: TestApp;
  beforeAll(async () => {
    hado = await createTestApp(handle());
  }, 120_000);

  test('no 500s, and nothing written on refusal', async () => {
    const clients = new Map<Role, TestClient>();
    const clientFor = async (role: Role) => {
      if (!clients.has(role)) clients.set(role, role === 'public' ? hado.anonymous() : await hado.as(loginOf[role]!));
      return clients.get(role)!;
    };
    const failures: string[] = [];
    for (const route of hado.app.declaredRoutes) {
      const key = `${route.method} ${route.url}`;
      if (skipped.has(key)) continue;
      const role = (route.roles.find((r) => r !== 'worker' && (r === 'public' || loginOf[r])) ?? 'public') as Role;
      const client = await clientFor(role);
      const fields = propertiesOf(route.body);
      const bodies = fc.oneof(
        fc.record(Object.fromEntries(fields.map((field) => [field, hostileValue])), { requiredKeys: [] }),
        fc.dictionary(fc.string({ maxLength: 10 }), hostileValue, { maxKeys: 4 }),
        hostileValue,
      );
      const ids = fc.oneof(
        fc.constantFrom('1', '2', '0', '-1', '99999999999999999999', 'abc', '1;select'),
        fc.string({ maxLength: 12 }),
      );
      await fc.assert(
        fc.asyncProperty(bodies, ids, async (body, id) => {
          const url = route.url.replace(/:[A-Za-z]+/g, encodeURIComponent(id) || 'x');
          const before = route.method === 'GET' ? undefined : await rowCounts(handle().db);
          const response = await client.request(route.method, url, route.method === 'GET' ? undefined : body);
          if (response.statusCode >= 500)
            failures.push(
              `${key} ${url} ${JSON.stringify(body).slice(0, 200)} → ${response.statusCode} ${response.body.slice(0, 200)}`,
            );
          if (before && response.statusCode >= 400) {
            const after = await rowCounts(handle().db);
            if (JSON.stringify(after) !== JSON.stringify(before))
              failures.push(`${key} wrote on a ${response.statusCode} refusal`);
          }
        }),
        { numRuns: 6, seed: 20261204 },
      );
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
