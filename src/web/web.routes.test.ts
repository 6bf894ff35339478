// Specifies how `hado serve` serves the web application: built files at `/`, the SPA's deep links, long
// caching for hashed bundles only, the API's own 404s untouched, and a clear page when nothing is built.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Handle, openDatabase } from '../db/database.ts';
import { routeModules } from '../http/route-modules.ts';
import { type App, buildServer } from '../http/server.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { isServerPath, webRoutes, webRoutesFor } from './web.routes.ts';

const indexHtml = '<!doctype html><html lang="ko"><title>fixture</title><div id="root"></div></html>';
const bundle = 'console.log("fixture bundle");';

describe('web routes', () => {
  let base: TestApp;
  let built: App;
  let notBuilt: App;
  let dist: string;
  let handle: Handle;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'hado-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), indexHtml);
    writeFileSync(join(dist, 'assets', 'index-AbC123.js'), bundle);
    writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    handle = await openDatabase({ engine: 'pglite' });
    base = await createTestApp(handle, { demo: false });
    built = await buildServer(base.context, [webRoutesFor(dist)]);
    notBuilt = await buildServer(base.context, [webRoutesFor(join(dist, 'missing'))]);
  });

  afterAll(async () => {
    await built?.close();
    await notBuilt?.close();
    await base?.close();
    await handle?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  for (const url of ['/', '/contracts', '/contracts/1', '/contracts/1/workers/new', '/public', '/worker?x=1']) {
    test(`GET ${url} → index.html, revalidated every time`, async () => {
      const response = await built.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      expect(response.body).toBe(indexHtml);
    });
  }

  test('hashed bundles are cached for a year', async () => {
    const response = await built.inject({ method: 'GET', url: '/assets/index-AbC123.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.body).toBe(bundle);
  });

  test('a top-level file is served as itself', async () => {
    const response = await built.inject({ method: 'GET', url: '/favicon.svg' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  for (const url of ['/assets/missing.js', '/missing.png', '/api', '/api/v1/nope', '/api/v2/x', '/metrics/x']) {
    test(`GET ${url} → the API's JSON 404, never index.html`, async () => {
      const response = await built.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ error: { code: 'not_found' } });
    });
  }

  test('the server’s own routes are not shadowed', async () => {
    const health = await built.inject({ method: 'GET', url: '/health' });
    expect(health.headers['content-type']).toMatch(/json/);
    expect(health.json()).toHaveProperty('status');
    const openapi = await built.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(openapi.json()).toHaveProperty('openapi');
  });

  test('only GET is answered with the application', async () => {
    const response = await built.inject({ method: 'POST', url: '/contracts', payload: {} });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  test('a path that climbs out of dist gets the application, not a file', async () => {
    for (const url of ['/..%2f..%2fetc%2fpasswd', '/assets/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/etc/passwd']) {
      const response = await built.inject({ method: 'GET', url });
      expect(response.body).not.toContain('root:');
      expect(response.body).not.toContain('"dependencies"');
    }
  });

  test('without a build, pages say how to build one and the API still answers', async () => {
    const page = await notBuilt.inject({ method: 'GET', url: '/contracts/1' });
    expect(page.statusCode).toBe(503);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('npm run build:web');
    const api = await notBuilt.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  test('the web routes come last, after every API module', () => {
    expect(routeModules.at(-1)).toBe(webRoutes);
  });

  for (const [path, server] of [
    ['/api', true],
    ['/api/v1/contracts', true],
    ['/health', true],
    ['/metrics', true],
    ['/apiary', false],
    ['/healthy', false],
    ['/contracts', false],
  ] as const) {
    test(`${path} is ${server ? '' : 'not '}a server path`, () => expect(isServerPath(path)).toBe(server));
  }
});
