// Specifies the prime's onboarding screens in a real browser: a worker roster with a bad row is checked and
// its row error shown, the fixed roster imported and its workers seen on the contract page; a supplier is
// registered through the supply-contract form. Accessibility is checked by axe, with screenshots.
// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's Locator.innerText is the text a person sees, not the DOM property.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { withCheckDigit } from '../demo/demo-world.ts';
import {
  type BrowserWorld,
  browserAvailable,
  newVisitor,
  screenshot,
  seriousAccessibilityViolations,
  signIn,
  startBrowserWorld,
} from './browser.test-helper.ts';

const header = '이름,휴대전화,은행코드,계좌번호,예금주,직종,일당,시작일,고용업체';
const rosterFile = (...rows: string[]) => ({
  name: 'roster.csv',
  mimeType: 'text/csv',
  buffer: Buffer.from(`${header}\r\n${rows.join('\r\n')}\r\n`, 'utf8'),
});
const goodRows = [
  '명단일,010-7300-0001,004,730000000001,명단일,타일공,"180,000",2026-03-02,',
  '명단이,010-7300-0002,004,730000000002,명단이,보통인부,150000,2026-03-02,',
];

describe.skipIf(!browserAvailable)('prime onboarding in Chromium', () => {
  let world: BrowserWorld;
  beforeAll(async () => {
    world = await startBrowserWorld();
  }, 180_000);
  afterAll(async () => {
    await world?.close();
  });

  test('the prime checks a roster, sees the bad row, fixes it, imports it and registers a supplier', async () => {
    const { page, context, problems } = await newVisitor(world);
    await signIn(page, 'prime');
    const contracts = (await (await page.request.get('/api/v1/contracts')).json()) as { items: { id: string }[] };
    const contractId = contracts.items[0]!.id;
    await page.goto(`/contracts/${contractId}`);
    await page.getByRole('link', { name: '근로자 명단 가져오기' }).click();
    await page.waitForURL(`**/contracts/${contractId}/workers/import`);
    expect(await page.getByTestId('roster-template').getAttribute('href')).toContain(encodeURIComponent(header));

    // A roster with one bad phone number: the check lists it by row and column, and import stays off.
    await page
      .getByLabel('명단 파일')
      .setInputFiles(rosterFile(goodRows[0]!, '명단이,010-73,004,730000000002,명단이,보통인부,150000,2026-03-02,'));
    await page.getByRole('button', { name: '검사', exact: true }).click();
    const errors = page.getByTestId('roster-errors');
    await errors.waitFor();
    const cells = await errors.locator('tbody tr').first().locator('td').allInnerTexts();
    expect(cells).toEqual(['3', '휴대전화', '휴대전화 번호가 올바르지 않습니다']);
    expect(await errors.locator('tbody tr').count()).toBe(1);
    expect(await page.getByRole('button', { name: '가져오기', exact: true }).isDisabled()).toBe(true);
    await screenshot(page, 'roster-01-errors');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    const workersBefore = (await (await page.request.get(`/api/v1/contracts/${contractId}/workers?limit=200`)).json())
      .items.length as number;

    // The fixed file checks clean, then imports; the contract page lists the new workers.
    await page.getByLabel('명단 파일').setInputFiles(rosterFile(...goodRows));
    await page.getByRole('button', { name: '검사', exact: true }).click();
    await expect.poll(() => page.getByText('2개 행 모두 올바릅니다').count(), { timeout: 15_000 }).toBe(1);
    await screenshot(page, 'roster-02-valid');
    await page.getByRole('button', { name: '가져오기', exact: true }).click();
    await page.waitForURL((url) => url.pathname === `/contracts/${contractId}`);
    const workers = page.getByTestId('workers');
    await workers.waitFor();
    const workersText = await workers.innerText();
    expect(workersText).toContain('명단일');
    expect(workersText).toContain('명단이');
    const workersAfter = (await (await page.request.get(`/api/v1/contracts/${contractId}/workers?limit=200`)).json())
      .items.length as number;
    expect(workersAfter).toBe(workersBefore + 2);

    // The supply-contract form registers a supplier with its own-name account.
    await page.getByRole('link', { name: '공급 계약 등록' }).click();
    await page.waitForURL(`**/contracts/${contractId}/supply-contracts/new`);
    await page.getByLabel('공급 계약 번호').fill('SMC-0142-M9');
    await page.getByLabel('종류').selectOption('equipment');
    await page.getByLabel('공급 품목').fill('고소작업대 임대');
    await page.getByLabel('계약 금액').fill('12,000,000');
    await page.getByLabel('사업자등록번호').fill(withCheckDigit('701810009'));
    await page.getByLabel('상호').fill('명단장비(주)');
    await page.getByLabel('은행').selectOption('004');
    await page.getByLabel('계좌번호').fill('730000000099');
    await page.getByLabel('예금주').fill('명단장비(주)');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'roster-03-supply-form');
    await page.getByRole('button', { name: '공급 계약 등록' }).click();
    await page.waitForURL((url) => url.pathname === `/contracts/${contractId}`);
    await expect
      .poll(async () => page.locator('#supply').innerText(), { timeout: 15_000 })
      .toContain('고소작업대 임대');
    await screenshot(page, 'roster-04-contract');
    const supply = (await (await page.request.get(`/api/v1/contracts/${contractId}/supply-contracts?limit=200`)).json())
      .items as { reference: string; kind: string; amountWon: string }[];
    expect(supply.find((item) => item.reference === 'SMC-0142-M9')).toMatchObject({
      kind: 'equipment',
      amountWon: '12000000',
    });
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);
});
