// Specifies the report screens and two-factor enrolment in a real browser (Debian's Chromium): a subcontractor
// reports a late payment and sees what Hado already knew; the official takes it under review and resolves it and
// the reporter sees each step; a worker reports on a 360 px phone after the SMS code; a contract the reporter has
// no part in is refused with the API's words; an official enrols two-factor sign-in with a code computed from the
// secret on the screen. axe-core on each screen; screenshots in test-output/screenshots.
// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's Locator.innerText is the text a person sees, not the DOM property.
import * as OTPAuth from 'otpauth';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addDays, type CivilDate } from '../kernel/civil-date.ts';
import { formatPhoneNational } from '../kernel/identifiers.ts';
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

/** Waits (generously) for a value the page will show; a wait, never a timing assertion. */
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });
const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();

if (!browserAvailable) console.warn(`browser tests skipped: no Chromium at ${chromiumPath} (apt-get install chromium)`);

describe.skipIf(!browserAvailable)('report screens and two-factor enrolment in Chromium', () => {
  let world: BrowserWorld;
  let today: CivilDate;
  /** The report the subcontractor files, followed through the official's steps. */
  let reference = '';

  beforeAll(async () => {
    world = await startBrowserWorld();
    today = world.server.context.clock.today();
    // The monitor's first sweep raises the demo's findings; a report links the ones raised before it.
    const deadline = Date.now() + 90_000;
    for (;;) {
      const found = await world.server.context.handle.db
        .selectFrom('findings')
        .select((eb) => eb.fn.countAll<bigint>().as('n'))
        .where('kind', '=', 'paid_late')
        .executeTakeFirstOrThrow();
      if (BigInt(found.n) > 0n) break;
      if (Date.now() > deadline) {
        const kinds = await world.server.context.handle.db
          .selectFrom('findings')
          .select(['kind', (eb) => eb.fn.countAll<bigint>().as('n')])
          .groupBy('kind')
          .execute();
        throw new Error(
          `the demo monitor raised no paid_late finding: ${JSON.stringify(kinds, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }, 300_000);

  afterAll(async () => {
    await world?.close();
  });

  test('a subcontractor reports a late payment and sees that Hado already saw it, with the finding', async () => {
    const { page, context, problems } = await newVisitor(world);
    await signIn(page, 'sub-tile');
    await page.goto('/reports/new');
    await eventually(() => heading(page)).toBe('대금 미지급 신고');
    const form = page.getByTestId('report-form');
    await form.waitFor();
    // The subcontractor's one contract is chosen already.
    expect(await page.getByLabel('계약', { exact: true }).inputValue()).not.toBe('');
    await page.getByLabel('지연 지급').check();
    await page.getByLabel('받을 금액').fill('12,000,000');
    await page.getByLabel('미지급 시작일').fill(addDays(today, -70));
    await page
      .getByLabel('내용', { exact: false })
      .first()
      .fill('2차 기성 타일공사 대금이 60일을 넘겨 지급되었습니다.');
    await screenshot(page, 'r01-report-form');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '신고하기' }).click();

    const receipt = page.getByTestId('report-receipt');
    await receipt.waitFor();
    reference = (await receipt.getByRole('heading', { level: 2 }).first().innerText()).trim();
    expect(reference).toMatch(/^R-\d{6}$/);
    expect(await receipt.getByTestId('report-state').innerText()).toBe('접수');
    expect(await page.getByTestId('report-hado-saw').innerText()).toMatch(
      /^Hado도 이 대금을 \d{4}-\d{2}-\d{2}부터 연체로 보고 있습니다\.$/,
    );
    const matches = await page.getByTestId('report-match').allInnerTexts();
    expect(matches.some((text) => /지급 의무 #\d+/.test(text))).toBe(true);
    expect(matches.some((text) => /점검 결과 #\d+: 지연 지급/.test(text))).toBe(true);
    await screenshot(page, 'r02-report-receipt');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('link', { name: '내 신고 목록' }).first().click();
    await eventually(() => heading(page)).toBe('내 신고');
    const mine = page.getByTestId('my-report').filter({ hasText: reference });
    expect(await mine.getByTestId('report-state').innerText()).toBe('접수');
    expect(problems).toEqual([]);
    await context.close();
  });

  test('the official takes the report under review and resolves it; the reporter sees each step', async () => {
    expect(reference).not.toBe('');
    const { page, context, problems } = await newVisitor(world);
    await signIn(page, 'official');
    await page.getByRole('link', { name: '신고 접수함' }).click();
    await eventually(() => heading(page)).toBe('신고 접수함');
    await page.getByLabel('상태').selectOption('received');
    await page.waitForURL(/state=received/);
    const row = page.getByTestId('queue-row').filter({ hasText: reference });
    await row.waitFor();
    // The prime never sees reports, but the official sees who reported, with the phone masked.
    expect(await row.innerText()).toContain('하도급사');
    await screenshot(page, 'r03-report-queue');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await row.getByRole('link', { name: reference }).click();
    await eventually(() => heading(page)).toBe(reference);
    expect(await page.getByTestId('report-hado-saw').innerText()).toContain('연체로 보고 있습니다');
    await page.getByRole('button', { name: '검토 시작' }).click();
    await eventually(() => page.getByTestId('report-state').innerText()).toBe('검토 중');

    // Resolving needs a reason: the form says so before sending.
    await page.getByLabel('처리 완료', { exact: true }).check();
    await page.getByRole('button', { name: '처리 완료로 기록' }).click();
    await eventually(() => page.getByRole('alert').first().innerText()).toContain('사유');
    await page.getByLabel('처리 결과').selectOption('paid');
    await page.getByLabel('사유', { exact: false }).last().fill('원도급사가 지연이자와 함께 지급함을 확인');
    await page.getByRole('button', { name: '처리 완료로 기록' }).click();
    await eventually(() => page.getByTestId('report-state').innerText()).toBe('처리 완료 · 지급됨');
    const history = await page.getByTestId('report-transitions').innerText();
    expect(history).toContain('검토 중');
    expect(history).toContain('원도급사가 지연이자와 함께 지급함을 확인');
    await screenshot(page, 'r04-report-detail-resolved');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();

    const reporter = await newVisitor(world);
    await signIn(reporter.page, 'sub-tile');
    await reporter.page.goto('/reports/mine');
    const mine = reporter.page.getByTestId('my-report').filter({ hasText: reference });
    await eventually(() => mine.getByTestId('report-state').innerText()).toBe('처리 완료 · 지급됨');
    expect(await mine.locator('.report-step-done strong').allInnerTexts()).toEqual(['접수', '검토 중', '처리 완료']);
    expect(await mine.locator('.report-step-done').last().innerText()).toContain('지급됨');
    await screenshot(reporter.page, 'r05-my-reports');
    expect(await seriousAccessibilityViolations(reporter.page)).toEqual([]);
    expect(reporter.problems).toEqual([]);
    await reporter.context.close();
  });

  test('a worker reports on a 360 px phone after the SMS code', async () => {
    const db = world.server.context.handle.db;
    const worker = await db
      .selectFrom('workers')
      .innerJoin('worker_engagements', 'worker_engagements.worker_id', 'workers.id')
      .select(['workers.phone_e164'])
      .where('workers.phone_e164', 'is not', null)
      .where('workers.name', '=', '안철민')
      .executeTakeFirstOrThrow();
    const phoneNumber = worker.phone_e164!;
    let code = '';
    const { page, context, problems } = await newVisitor(world, phone);
    await page.goto('/reports/new');
    await eventually(() => heading(page)).toBe('대금 미지급 신고');
    await page.getByLabel('휴대전화 번호').fill(formatPhoneNational(phoneNumber));
    // The demo sends SMS through the console transport, which prints each message on this process's stdout; the
    // outbox keeps no sign-in code once sent. Read what it prints, as a person reads the phone.
    const printed: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      printed.push(String(chunk));
      return write(chunk, ...rest);
    }) as typeof process.stdout.write;
    try {
      await page.getByRole('button', { name: '인증번호 받기' }).click();
      await page.getByLabel('인증번호').waitFor();
      const request = await db
        .selectFrom('worker_otp_requests')
        .select('id')
        .where('phone_e164', '=', phoneNumber)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      await eventually(async () => {
        const line = printed
          .join('')
          .split('\n')
          .find((text) => text.includes(`(otp:${request.id},`));
        code = line ? (/\b\d{6}\b/.exec(line.slice(line.indexOf(')')))?.[0] ?? '') : '';
        return code;
      }).toMatch(/^\d{6}$/);
    } finally {
      process.stdout.write = write;
    }
    expect(await pageOverflowPx(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'r06-worker-code-360');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByLabel('인증번호').fill(code);
    await page.getByRole('button', { name: '확인' }).click();

    const form = page.getByTestId('report-form');
    await form.waitFor();
    const contract = page.getByLabel('계약', { exact: true });
    if ((await contract.inputValue()) === '') await contract.selectOption({ index: 1 });
    // Without a wage on record the worker names the site; the API finds the one contract it means.
    if ((await contract.inputValue()) === 'site') await page.getByLabel('현장명 또는 계약번호').fill('9호선');
    await page.getByLabel('미지급', { exact: true }).check();
    await page.getByLabel('받을 금액').fill('1530000');
    await page.getByLabel('미지급 시작일').fill(addDays(today, -12));
    expect(await pageOverflowPx(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'r07-worker-report-360');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '신고하기' }).click();
    const receipt = page.getByTestId('report-receipt');
    await receipt.waitFor();
    expect(await receipt.getByTestId('report-state').innerText()).toBe('접수');
    expect(await receipt.innerText()).toContain('신고가 접수되었습니다');
    expect(await pageOverflowPx(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'r08-worker-receipt-360');
    expect(problems.filter((problem) => !problem.includes('401'))).toEqual([]);
    await context.close();
  });

  test('a report about a contract the reporter has no part in is refused, with the reason on the field', async () => {
    const { page, context, problems } = await newVisitor(world);
    await signIn(page, 'supplier-equipment');
    await page.goto('/reports/new?contractId=999999');
    await page.getByTestId('report-form').waitFor();
    expect(await page.getByLabel('계약', { exact: true }).inputValue()).toBe('999999');
    await page.getByLabel('받을 금액').fill('5000000');
    await page.getByLabel('미지급 시작일').fill(addDays(today, -30));
    await page.getByRole('button', { name: '신고하기' }).click();
    await eventually(() => page.getByRole('alert').first().innerText()).toContain('이 계약의 당사자가 아닙니다');
    expect(await page.getByLabel('계약', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('report-receipt').count()).toBe(0);
    await screenshot(page, 'r09-report-refused');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(problems.filter((problem) => !problem.includes('403'))).toEqual([]);
    await context.close();
  });

  test('an official enrols two-factor sign-in with a code computed from the secret on the screen', async () => {
    const { page, context, problems } = await newVisitor(world);
    await signIn(page, 'official');
    await page.getByTestId('account-security').click();
    await eventually(() => heading(page)).toBe('2단계 인증');
    await page.getByRole('button', { name: '등록 시작' }).click();
    const secretText = await page.getByTestId('totp-secret').innerText();
    const secret = secretText.replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await page.getByTestId('totp-qr').getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    await screenshot(page, 'r10-totp-enrol');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // A wrong code is refused on the field; the right one (as an authenticator app computes it) confirms.
    await page.getByLabel('인증 코드').fill('000000');
    await page.getByRole('button', { name: '확인' }).click();
    await eventually(() => page.getByRole('alert').first().innerText()).toContain('인증 코드가 틀립니다');
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 });
    await page.getByLabel('인증 코드').fill(totp.generate({ timestamp: Date.now() }));
    await page.getByRole('button', { name: '확인' }).click();
    await eventually(() => page.getByRole('status').filter({ hasText: '2단계 인증을 등록했습니다' }).count()).toBe(1);
    await screenshot(page, 'r11-totp-confirmed');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const user = await world.server.context.handle.db
      .selectFrom('users')
      .select('totp_confirmed_at')
      .where('login', '=', 'official')
      .executeTakeFirstOrThrow();
    expect(user.totp_confirmed_at).not.toBeNull();
    expect(problems.filter((problem) => !problem.includes('401'))).toEqual([]);
    await context.close();
  });
});
