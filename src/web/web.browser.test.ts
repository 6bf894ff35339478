// Specifies the web application's main journeys in a real browser (Debian's Chromium), per role, with
// accessibility checked by axe-core and a screenshot of every main screen in test-output/screenshots.
// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's Locator.innerText is the text a person sees, not the DOM property.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoPrime, demoSubcontractors, demoSuppliers, demoTier2, demoWorkers } from '../demo/demo-people.ts';
import {
  type BrowserWorld,
  browserAvailable,
  chromiumPath,
  documentLanguage,
  focusedElement,
  newVisitor,
  pageOverflowPx,
  phone,
  screenshot,
  seriousAccessibilityViolations,
  signIn,
  startBrowserWorld,
  submitSignIn,
} from './browser.test-helper.ts';

const demoContractTitle = '[데모] 지하철 9호선 4단계 연장 2공구 역사 마감공사';
/** Phone numbers as people write them, masked or not; and runs of digits as long as an account number. */
const phonePattern = /01[016789][-\s.]?[\d*]{3,4}[-\s.]?\d{4}/;
const maskedPhonePattern = /010-\*{4}-\d{4}/;
const unmaskedPhonePattern = /010-\d{4}-\d{4}/;
const accountNumberPattern = /\d{10,16}/;

/** Waits (generously) for a value the page will show; a wait, never a timing assertion. */
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });
const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();
/** The firm of every subcontract in the tree, in document order (a parent before its children). */
const subcontractFirms = (page: Page) =>
  page.locator('[data-testid=subcontract] > .tree-card .tree-firm').allInnerTexts();
const text = async (locator: Locator) => (await locator.innerText()).trim();

if (!browserAvailable) console.warn(`browser tests skipped: no Chromium at ${chromiumPath} (apt-get install chromium)`);

describe.skipIf(!browserAvailable)('web application in Chromium', () => {
  let world: BrowserWorld;

  beforeAll(async () => {
    world = await startBrowserWorld();
  });

  afterAll(async () => {
    await world?.close();
  });

  test('public page: aggregates only, no personal data, accessible', async () => {
    const { page, context, problems } = await newVisitor(world);
    await page.goto('/public');
    await eventually(() => heading(page)).toBe('공공 건설공사 대금 공개 통계');
    const stats = page.getByTestId('public-stats');
    await stats.waitFor();
    const text = await page.locator('body').innerText();
    expect(text).toContain('₩18,400,000,000');
    expect(text).toContain('184억 원');
    expect(text).toContain('20명');
    expect(text).not.toMatch(phonePattern);
    expect(text).not.toMatch(accountNumberPattern);
    for (const person of demoWorkers) expect(text).not.toContain(person.name);
    for (const firm of [demoPrime, ...demoSubcontractors, demoTier2, ...demoSuppliers]) {
      expect(text).not.toContain(firm.accountNumber);
      expect(text).not.toContain(firm.representative);
    }
    expect(await documentLanguage(page)).toBe('ko');
    await screenshot(page, '01-public');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('public, worker and sign-in pages fit a 360 px phone', async () => {
    const { page, context, problems } = await newVisitor(world, phone);
    await page.goto('/public');
    await page.getByTestId('public-stats').waitFor();
    expect(await pageOverflowPx(page)).toBeLessThanOrEqual(0);
    expect(await page.locator('body').innerText()).not.toMatch(phonePattern);
    await screenshot(page, '02-public-360');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.goto('/worker');
    await eventually(() => heading(page)).toBe('근로자 임금 확인');
    // The phone sign-in (src/web/claims.browser.test.ts walks it to the wages).
    await page.getByLabel('휴대전화 번호').waitFor();
    expect(await pageOverflowPx(page)).toBeLessThanOrEqual(0);
    await screenshot(page, '03-worker-360');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.goto('/sign-in');
    await page.getByLabel('아이디').waitFor();
    expect(await pageOverflowPx(page)).toBeLessThanOrEqual(0);
    await screenshot(page, '03-sign-in-360');
    expect(problems).toEqual([]);
    await context.close();
  });

  test('sign-in: keyboard reaches the skip link first; a wrong password shows the refusal', async () => {
    const { page, context, problems } = await newVisitor(world);
    await page.goto('/contracts');
    await page.waitForURL(/\/sign-in\?next=%2Fcontracts$/);
    await page.keyboard.press('Tab');
    expect((await focusedElement(page)).text).toBe('본문 바로가기');
    await screenshot(page, '04-sign-in');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await submitSignIn(page, 'official', 'not-the-password');
    await eventually(() => page.getByRole('alert').innerText()).toContain('아이디 또는 비밀번호가 틀립니다');
    expect(await page.getByLabel('아이디').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, '05-sign-in-error');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(problems.filter((problem) => !problem.includes('401'))).toEqual([]);
    await context.close();
  });

  test('official: sees the demo contract, its accounts, tiers and masked workers; switches language', async () => {
    const { page, context, problems } = await newVisitor(world);
    await signIn(page, 'official');
    await page.waitForURL(/\/contracts$/);
    await eventually(() => page.getByTestId('who').innerText()).toContain('발주기관 담당자');
    await eventually(() => page.getByTestId('who').innerText()).toContain('[데모] 서울특별시 도시기반시설본부');
    await page.getByRole('link', { name: demoContractTitle }).waitFor();
    await screenshot(page, '06-official-contracts');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('link', { name: demoContractTitle }).click();
    await eventually(() => heading(page)).toBe(demoContractTitle);
    await page.getByRole('heading', { name: '전용계좌' }).waitFor();
    await page.getByText('9012000201422').waitFor();
    await eventually(() => subcontractFirms(page)).toEqual([
      '(주)동방타일',
      '미래석재',
      '세진인테리어(주)',
      '(주)한빛전기',
    ]);
    // The tier-2 subcontract sits inside its tier-1 parent's entry.
    const tile = page
      .getByTestId('subcontract')
      .filter({ has: page.locator(':scope > .tree-card .tree-firm', { hasText: '(주)동방타일' }) });
    expect(await tile.locator('[data-testid=subcontract] .tree-firm').allInnerTexts()).toEqual(['미래석재']);
    const workers = page.getByTestId('workers');
    expect(await workers.locator('tbody tr').count()).toBe(demoWorkers.length);
    const workerText = await workers.innerText();
    expect(workerText).toMatch(maskedPhonePattern);
    expect(workerText).not.toMatch(unmaskedPhonePattern);
    await screenshot(page, '07-official-contract');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Switch to English' }).click();
    expect(await documentLanguage(page)).toBe('en');
    await page.getByRole('heading', { name: 'Dedicated accounts' }).waitFor();
    expect(await page.getByTestId('who').innerText()).toContain('Buyer official');
    await page.getByText('₩18.4 billion').first().waitFor();
    await screenshot(page, '08-official-contract-en');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '한국어로 보기' }).click();
    expect(await documentLanguage(page)).toBe('ko');
    expect(problems).toEqual([]);
    await context.close();
  });

  test('prime: registers a worker, with field errors from the form and from the API', async () => {
    const { page, context, problems } = await newVisitor(world);
    await signIn(page, 'prime');
    await page.getByRole('link', { name: demoContractTitle }).click();
    await page.getByRole('link', { name: '근로자 등록' }).first().click();
    await eventually(() => heading(page)).toBe('근로자 등록');

    let workerPosts = 0;
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/workers')) workerPosts += 1;
    });
    await page.getByLabel('이름', { exact: true }).fill('홍길동');
    await page.getByLabel('휴대전화 번호').fill('010-123');
    await page.getByLabel('직종').fill('형틀목공');
    await page.getByLabel('일당').fill('250,000');
    await page.getByLabel('은행').selectOption('004');
    await page.getByLabel('계좌번호').fill('123456789012');
    expect(await page.getByLabel('예금주').inputValue()).toBe('홍길동');
    await page.getByRole('button', { name: '근로자 등록' }).click();

    // The form's own check: the same rule as the API, before anything is sent.
    const phoneField = page.getByLabel('휴대전화 번호');
    await eventually(() => phoneField.getAttribute('aria-invalid')).toBe('true');
    await eventually(() => text(page.locator('#field-phone-error'))).toBe(
      '휴대전화 번호가 올바르지 않습니다 (예: 010-1234-5678).',
    );
    await eventually(async () => (await focusedElement(page)).className).toContain('error-summary');
    expect(workerPosts).toBe(0);
    await screenshot(page, '09-prime-worker-form-error');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // A refusal only the API can give (this number belongs to another worker) lands on the same field.
    await phoneField.fill('010-2100-4400');
    await page.getByRole('button', { name: '근로자 등록' }).click();
    await eventually(() => text(page.locator('#field-phone-error'))).toBe('이미 다른 내용으로 등록되어 있습니다.');
    await eventually(() => phoneField.getAttribute('aria-invalid')).toBe('true');
    expect(workerPosts).toBe(1);

    await phoneField.fill('010-5555-0101');
    await page.getByRole('button', { name: '근로자 등록' }).click();
    await page.waitForURL(/\/contracts\/1#workers$/);
    await page.getByRole('status').filter({ hasText: '홍길동 님을 등록했습니다.' }).waitFor();
    const row = page.getByTestId('workers').locator('tbody tr', { hasText: '홍길동' });
    await eventually(() => row.count()).toBe(1);
    expect(await row.innerText()).toContain('010-****-0101');
    expect(await row.innerText()).toContain('₩250,000');
    await screenshot(page, '10-prime-contract-worker-registered');
    expect(problems.filter((problem) => !problem.includes('409'))).toEqual([]);
    await context.close();
  });

  test('prime: registers a subcontract, checked against the check digit and what remains', async () => {
    const { page, context, problems } = await newVisitor(world);
    await signIn(page, 'prime');
    await page.goto('/contracts/1/subcontracts/new');
    await eventually(() => heading(page)).toBe('하도급 계약 등록');
    // ₩18,400,000,000 less the three tier-1 subcontracts (₩7,930,000,000).
    await page.getByText('더 등록할 수 있는 금액: ₩10,470,000,000').waitFor();

    await page.getByLabel('하도급 계약번호').fill('SMC-0142-S4');
    await page.getByLabel('공사 내용').fill('승강장 안전문 마감');
    await page.getByLabel('하도급 금액').fill('10,470,000,001');
    await page.getByLabel('시작일').fill('2026-06-01');
    await page.getByLabel('종료일').fill('2027-05-31');
    await page.getByLabel('사업자등록번호').fill('123-45-67890');
    await page.getByLabel('상호').fill('(주)새한안전');
    await page.getByRole('button', { name: '하도급 계약 등록' }).click();
    await eventually(() => text(page.locator('#field-firm-businessNumber-error'))).toContain(
      '사업자등록번호가 올바르지 않습니다',
    );
    expect(await text(page.locator('#field-amountWon-error'))).toBe('하도급 금액 합계가 상위 계약 금액을 넘습니다.');
    await screenshot(page, '11-prime-subcontract-form-error');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByLabel('사업자등록번호').fill('123-45-67891');
    await page.getByLabel('하도급 금액').fill('420000000');
    await page.getByText('4억 2,000만 원').waitFor();
    await page.getByRole('button', { name: '하도급 계약 등록' }).click();
    await page.waitForURL(/\/contracts\/1#subcontracts$/);
    await eventually(() => subcontractFirms(page)).toContain('(주)새한안전');
    expect(problems).toEqual([]);
    await context.close();
  });

  test('subcontractor: sees its own subcontract and its tier-2, never a sibling', async () => {
    const { page, context, problems } = await newVisitor(world);
    await signIn(page, 'sub-tile');
    await eventually(() => heading(page)).toBe('내 계약');
    await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '내 계약' }).waitFor();
    await page.getByRole('link', { name: demoContractTitle }).click();
    await eventually(() => heading(page)).toBe(demoContractTitle);
    await eventually(() => subcontractFirms(page)).toEqual(['(주)동방타일', '미래석재']);
    await page.getByText('우리 회사', { exact: true }).first().waitFor();
    const text = await page.locator('main').innerText();
    expect(text).not.toContain('세진인테리어(주)');
    expect(text).not.toContain('(주)한빛전기');
    // Dedicated accounts are for the buyer, the prime and the bank.
    expect(await page.getByRole('heading', { name: '전용계좌' }).count()).toBe(0);
    await screenshot(page, '12-subcontractor-contract');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('subcontractor on a phone: the contract page fits 360 px', async () => {
    const { page, context, problems } = await newVisitor(world, phone);
    await signIn(page, 'sub-tile');
    await page.getByRole('link', { name: demoContractTitle }).click();
    await page.getByTestId('subcontract').first().waitFor();
    expect(await pageOverflowPx(page)).toBeLessThanOrEqual(0);
    await screenshot(page, '13-subcontractor-contract-360');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
