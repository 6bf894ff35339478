// Specifies the documents journeys in a real browser: an official downloads the contract list as CSV from
// the list screen, and anyone opening the verification URL printed in a real certificate's QR code sees it
// verified; a forged one is refused. axe-core on the verification page; screenshots in test-output.
// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's Locator.innerText is the text a person sees, not the DOM property.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readPdf } from '../documents/pdf-reader.test-helper.ts';
import {
  type BrowserWorld,
  browserAvailable,
  chromiumPath,
  newVisitor,
  pageOverflowPx,
  phone,
  screenshot,
  seriousAccessibilityViolations,
  signIn,
  startBrowserWorld,
} from './browser.test-helper.ts';

if (!browserAvailable) console.warn(`browser tests skipped: no Chromium at ${chromiumPath} (apt-get install chromium)`);

describe.skipIf(!browserAvailable)('documents in Chromium', () => {
  let world: BrowserWorld;
  beforeAll(async () => {
    world = await startBrowserWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  test('an official downloads the contract list as CSV from the list screen', async () => {
    const { context, page, problems } = await newVisitor(world);
    await signIn(page, 'official');
    await page.goto('/contracts');
    const link = page.getByRole('link', { name: 'CSV 내려받기' });
    await expect.poll(() => link.count(), { timeout: 15_000 }).toBe(1);
    await expect(page.getByRole('link', { name: 'XLSX 내려받기' }).count()).resolves.toBe(1);
    await screenshot(page, 'd01-contract-list-export');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^계약-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.toString('utf8').slice(1);
    expect(text.split('\r\n')[0]).toContain('계약번호');
    expect(text).toContain('SMC-2026-0142');
    expect(problems).toEqual([]);
    await context.close();
  });

  test("a certificate's verification URL opens a page saying it is genuine; a forged one is refused", async () => {
    const official = await newVisitor(world);
    await signIn(official.page, 'official');
    const claims = await (await official.page.request.get('/api/v1/claims?status=paid')).json();
    const response = await official.page.request.get(`/api/v1/claims/${claims.items[0].id}/certificate`);
    expect(response.status()).toBe(200);
    const url = [...new Set(readPdf(await response.body()).uris)][0]!;
    expect(url.startsWith(`${world.server.url}/verify/`)).toBe(true);
    await official.context.close();

    // Anyone, not signed in, on a phone: the QR code's URL as a phone opens it.
    const visitor = await newVisitor(world, phone);
    await visitor.page.goto(url);
    const result = visitor.page.getByTestId('verify-result');
    await expect.poll(() => result.getAttribute('data-result'), { timeout: 15_000 }).toBe('valid');
    expect(await result.innerText()).toContain('진본 확인서입니다');
    const body = await visitor.page.locator('main').innerText();
    expect(body).toContain('SMC-2026-0142');
    expect(body).toContain('모두 지급되었습니다');
    expect(body).toMatch(/근로자 \d+명/);
    expect(await pageOverflowPx(visitor.page)).toBe(0);
    expect(await seriousAccessibilityViolations(visitor.page)).toEqual([]);
    await screenshot(visitor.page, 'd02-verify-valid-360');

    await visitor.page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(visitor.page, 'd03-verify-valid');

    const forged = url.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'));
    await visitor.page.goto(forged);
    await expect.poll(() => result.getAttribute('data-result'), { timeout: 15_000 }).toBe('invalid');
    expect(await visitor.page.locator('main').innerText()).not.toContain('SMC-2026-0142');
    expect(await seriousAccessibilityViolations(visitor.page)).toEqual([]);
    await screenshot(visitor.page, 'd04-verify-invalid');
    expect(visitor.problems).toEqual([]);
    await visitor.context.close();
  });

  test("a paid claim's detail links its certificate PDF, and the demo banner shows the demo clock's date", async () => {
    const { context, page, problems } = await newVisitor(world);
    await signIn(page, 'official');
    const paid = await (await page.request.get('/api/v1/claims?status=paid')).json();
    expect(paid.items.length).toBeGreaterThan(0);
    await page.goto(`/claims/${paid.items[0].id}`);
    const link = page.getByTestId('certificate-link');
    await expect.poll(() => link.count(), { timeout: 15_000 }).toBe(1);
    expect(await link.innerText()).toContain('확인서 PDF');
    const pdf = await page.request.get((await link.getAttribute('href'))!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect(readPdf(await pdf.body()).uris.some((uri) => uri.startsWith(`${world.server.url}/verify/`))).toBe(true);

    const clock = await (await page.request.get('/api/v1/clock')).json();
    expect(clock.demo).toBe(true);
    const banner = page.getByTestId('demo-clock');
    await expect.poll(() => banner.count(), { timeout: 15_000 }).toBe(1);
    expect(await banner.getAttribute('aria-live')).toBe('off');
    const text = await banner.innerText();
    // The demo day may turn between the two reads: the year is the API's, the date in the Korean long form.
    expect(text).toMatch(new RegExp(`^데모 시계 ${clock.today.slice(0, 4)}년 \\d{1,2}월 \\d{1,2}일`));
    if (clock.daySeconds !== null) expect(text).toContain('하루 = ');
    await screenshot(page, 'd05-claim-detail-certificate');
    expect(problems).toEqual([]);
    await context.close();
  });

  test('the export links under the lists of each screen answer 200 for who sees that screen', async () => {
    const screens: [login: string, path: string, least: number][] = [
      ['official', '/findings', 3],
      ['official', '/reports', 1],
      ['bank-kb', '/bank', 3],
      ['sub-tile', '/payee', 1],
    ];
    for (const [login, path, least] of screens) {
      const { context, page, problems } = await newVisitor(world);
      await signIn(page, login);
      await page.goto(path);
      const links = page.locator('[data-testid="export-csv"], [data-testid="export-xlsx"]');
      await expect.poll(() => links.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(least * 2);
      const hrefs = await links.evaluateAll((found) => found.map((a) => a.getAttribute('href')!));
      expect(hrefs.length, `${login} ${path}`).toBeGreaterThanOrEqual(least * 2);
      for (const href of hrefs) {
        const answer = await page.request.get(href);
        expect(answer.status(), `${login} ${href}`).toBe(200);
      }
      if (path === '/findings') await screenshot(page, 'd06-findings-direct-payments');
      if (path === '/payee') {
        // A subcontractor's own reports (the "my reports" screen's list) export too.
        expect((await page.request.get('/api/v1/reports/export?format=csv&locale=ko')).status()).toBe(200);
        for (const report of await page.getByTestId('report-link').all()) {
          expect(await report.getAttribute('href')).toMatch(/^\/reports\/new\?contractId=\d+$/);
        }
        await screenshot(page, 'd07-payee-portal-links');
      }
      expect(problems).toEqual([]);
      await context.close();
    }
  });
});
