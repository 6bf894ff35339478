import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { buildWeb } from '../../web/build.ts';
import { openDatabase } from '../db/database.ts';
import { demoPassword } from '../demo/demo-people.ts';
import type { Clock } from '../kernel/clock.ts';
import { configFromEnv } from '../runtime/config.ts';
import { type RunningServer, startServer } from '../runtime/start-server.ts';

/**
 * What the browser tests share: a Hado server started in-process on an in-memory PGlite with the demo
 * world, Debian's Chromium driven by playwright-core (never a downloaded browser), screenshots under
 * test-output/screenshots, and axe-core checks.
 */
export const chromiumPath = process.env.HADO_CHROMIUM ?? '/usr/bin/chromium';
export const screenshotDirectory = join(process.cwd(), 'test-output', 'screenshots');

/** Chromium is there, or the run is CI (where its absence must fail the tests, not skip them). */
export const browserAvailable = existsSync(chromiumPath) || process.env.CI === 'true';

export type BrowserWorld = {
  readonly server: RunningServer;
  readonly browser: Browser;
  close(): Promise<void>;
};

/** `clock`: a real-time clock instead of the demo's fast one, for journeys that prove two-factor codes. */
export async function startBrowserWorld(options: { clock?: Clock } = {}): Promise<BrowserWorld> {
  // Always the current sources: a build left over from an older checkout would test the wrong screens.
  await buildWeb({ ifStale: true });
  mkdirSync(screenshotDirectory, { recursive: true });
  const dataDirectory = mkdtempSync(join(tmpdir(), 'hado-web-'));
  const handle = await openDatabase({ engine: 'pglite' });
  const server = await startServer({
    config: { ...configFromEnv({}), host: '127.0.0.1', port: 0, dataDir: dataDirectory, logLevel: 'silent' },
    demo: true,
    ...(options.clock ? { clock: options.clock } : {}),
    handle,
    writeServerFile: false,
    logRequests: false,
  });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
      await handle.close();
      rmSync(dataDirectory, { recursive: true, force: true });
    },
  };
}

export type Viewport = { width: number; height: number };
export const desktop: Viewport = { width: 1280, height: 900 };
export const phone: Viewport = { width: 360, height: 740 };

/**
 * A fresh browser context (its own cookies and storage: a new person at a new browser), with every page
 * error and failed request collected so a test can assert there were none.
 */
export async function newVisitor(world: BrowserWorld, viewport: Viewport = desktop, locale = 'ko-KR') {
  const context: BrowserContext = await world.browser.newContext({ viewport, locale, baseURL: world.server.url });
  // Generous waits for slow machines; a step that never happens still fails well inside the test timeout.
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text()))
      problems.push(`console: ${message.text()}`);
  });
  page.on('requestfailed', (request) => {
    if (request.failure()?.errorText !== 'net::ERR_ABORTED')
      problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
  });
  return { context, page, problems };
}

/** Fills in and submits the sign-in form, without waiting for the outcome. */
export async function submitSignIn(page: Page, login: string, password: string) {
  await page.goto('/sign-in');
  await page.getByLabel('아이디').fill(login);
  await page.getByLabel('비밀번호').fill(password);
  await page.getByRole('button', { name: '로그인', exact: true }).click();
}

/** Signs in as a demo user and waits until the application has left the sign-in page. */
export async function signIn(page: Page, login: string) {
  await submitSignIn(page, login, demoPassword);
  await page.waitForURL((url) => url.pathname !== '/sign-in');
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: join(screenshotDirectory, `${name}.png`), fullPage: true });
}

/** axe-core against WCAG 2.1 A/AA (KWCAG 2.2 follows it): the serious and critical violations, described. */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join(', ')}`,
    );
}

/** The lang attribute of the document: what screen readers pronounce the page in. */
export async function documentLanguage(page: Page): Promise<string> {
  return page.evaluate<string>('document.documentElement.lang');
}

/** What has keyboard focus: its text, or its class when it has none. */
export async function focusedElement(page: Page): Promise<{ text: string; className: string }> {
  return page.evaluate<{ text: string; className: string }>(
    '({ text: (document.activeElement?.textContent ?? "").trim(), className: document.activeElement?.className ?? "" })',
  );
}

/** The page is no wider than the viewport: nothing forces sideways scrolling of the whole page. */
export async function pageOverflowPx(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
}

// biome-ignore lint/suspicious/noExplicitAny: API answers are read loosely and checked field by field.
export type Json = any;

/** Waits (generously) for a value the page will show; a wait, never a timing assertion. */
export const eventually = <T>(read: () => Promise<T>, timeout = 15_000) =>
  expect.poll(read, { timeout, interval: 100 });

/** A signed-in API session from the test itself (cookie and CSRF token), as a script or another device would. */
export async function apiSession(world: BrowserWorld, login: string) {
  const response = await fetch(`${world.server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password: demoPassword }),
  });
  expect(response.status).toBe(200);
  const cookie = /hado_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')![0];
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const call = async (method: string, path: string, body?: unknown) => {
    const answer = await fetch(`${world.server.url}${path}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrfToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: answer.status, json: (answer.status === 204 ? null : await answer.json()) as Json };
  };
  return { get: (path: string) => call('GET', path), post: (path: string, body: unknown) => call('POST', path, body) };
}
