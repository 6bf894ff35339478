// Specifies the officials' report statistics screen in Chromium: the demo agency's 168 → 106 (a 37 % decrease)
// with its comparison per 100 contracts, the monthly chart and the export links, accessible (axe: no serious
// or critical violation) and fitting a 360 px phone.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type BrowserWorld,
  browserAvailable,
  newVisitor,
  pageOverflowPx,
  phone,
  screenshot,
  seriousAccessibilityViolations,
  signIn,
  startBrowserWorld,
} from '../web/browser.test-helper.ts';

describe.skipIf(!browserAvailable)('report statistics in Chromium', () => {
  let world: BrowserWorld;
  beforeAll(async () => {
    world = await startBrowserWorld();
  }, 180_000);
  afterAll(async () => {
    await world?.close();
  });

  test('an official sees the change from the year before, the comparison and the exports', async () => {
    const { page, context, problems } = await newVisitor(world);
    await signIn(page, 'official');
    await page.getByRole('link', { name: '신고 통계' }).click();
    await page.getByTestId('report-stats').waitFor();
    const text = await page.locator('body').innerText();
    expect(text).toContain('37% 감소');
    expect(text).toContain('전년 동기 168건');
    expect(text).toContain('100건당 17.7건');
    expect(await page.locator('svg.chart rect').count()).toBe(24);
    const csv = await page.getByRole('link', { name: 'CSV 내려받기' }).getAttribute('href');
    expect(csv).toBe('/api/v1/report-statistics/export?format=csv');
    await screenshot(page, '40-report-statistics');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  test('the screen fits a 360 px phone', async () => {
    const { page, context } = await newVisitor(world, phone);
    await signIn(page, 'official');
    await page.goto('/reports/statistics');
    await page.getByTestId('report-stats').waitFor();
    expect(await pageOverflowPx(page)).toBe(0);
    await screenshot(page, '41-report-statistics-360');
    await context.close();
  }, 60_000);
});
