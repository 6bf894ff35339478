// Specifies the officials' live dashboard, a contract's money flow and the bank portal in a real browser (Debian's
// Chromium): the figures and chart tables equal the API's, charts are drawn, a finding is acknowledged, a signed
// bank report changes the figures live (no reload), a bank user settles an exception; axe on each screen, 360 px,
// Korean first with the English switch; screenshots in test-output/screenshots.
// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's Locator.innerText is the text a person sees, not the DOM property.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { signBankRequest } from '../bank/inbound/signature.ts';
import {
  type BrowserWorld,
  browserAvailable,
  chromiumPath,
  newVisitor,
  pageOverflowPx,
  phone,
  screenshot,
  screenshotDirectory,
  seriousAccessibilityViolations,
  signIn,
  startBrowserWorld,
} from './browser.test-helper.ts';

/** Waits (generously) for a value the page will show; a wait, never a timing assertion. */
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 200 });
const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();
const wonText = (amount: string) => `₩${amount.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;

type Figures = { paidInWon: string; paidOutWon: string; overdueWon: string; paidOnTimeWon: string };
type Dashboard = {
  totals: Figures;
  byPrime: { name: string; figures: Figures }[];
  paymentDays: { count: number; amountWon: string }[];
};

const camt054 = (
  reference: string,
  entry: { account: string; direction: 'DBIT' | 'CRDT'; amount: string; endToEndId?: string; bookedOn: string },
) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn>
  <GrpHdr><MsgId>${reference}</MsgId><CreDtTm>${entry.bookedOn}T10:00:00+09:00</CreDtTm></GrpHdr>
  <Ntfctn><Id>${reference}</Id><CreDtTm>${entry.bookedOn}T10:00:00+09:00</CreDtTm>
    <Acct><Id><Othr><Id>${entry.account}</Id></Othr></Id></Acct>
    <Ntry><Amt Ccy="KRW">${entry.amount}</Amt><CdtDbtInd>${entry.direction}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
      <BookgDt><Dt>${entry.bookedOn}</Dt></BookgDt><AcctSvcrRef>${reference}</AcctSvcrRef>
      <NtryDtls><TxDtls><Refs><AcctSvcrRef>${reference}</AcctSvcrRef>${
        entry.endToEndId ? `<EndToEndId>${entry.endToEndId}</EndToEndId>` : ''
      }</Refs><Amt Ccy="KRW">${entry.amount}</Amt><CdtDbtInd>${entry.direction}</CdtDbtInd></TxDtls></NtryDtls></Ntry>
  </Ntfctn></BkToCstmrDbtCdtNtfctn></Document>`;

if (!browserAvailable) console.warn(`browser tests skipped: no Chromium at ${chromiumPath} (apt-get install chromium)`);

describe.skipIf(!browserAvailable)('dashboard, money flow and bank portal in Chromium', () => {
  let world: BrowserWorld;
  let bankKey: { keyId: string; secret: string };

  /** A bank's signed report, posted to the bank channel as a bank would (KB, code 004, holds the demo accounts). */
  const postBankReport = async (xml: string) => {
    const response = await world.server.app.inject({
      method: 'POST',
      url: '/api/v1/bank/messages',
      headers: { 'content-type': 'application/xml', ...signBankRequest(bankKey, xml, new Date()) },
      payload: xml,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { matched: number; exceptions: number };
  };

  beforeAll(async () => {
    world = await startBrowserWorld();
    const issued = await world.server.app.inject({
      method: 'POST',
      url: '/api/v1/admin/bank-keys',
      headers: { authorization: `Bearer ${world.server.context.adminToken}` },
      payload: { bankCode: '004' },
    });
    expect(issued.statusCode, issued.body).toBe(201);
    bankKey = issued.json();
  });

  afterAll(async () => {
    await world?.close();
  });

  test('official: totals and chart tables equal the API, charts drawn, a finding acknowledged, live update', async () => {
    const { page, context, problems } = await newVisitor(world);
    await signIn(page, 'official');
    await page.getByRole('link', { name: '현황판' }).click();
    await eventually(() => heading(page)).toBe('대금 지급 현황판');
    await page.getByTestId('dashboard-totals').waitFor();
    await page.locator('.live-state[data-live="live"]').waitFor();
    for (const chart of ['chart-days', 'chart-on-time', 'chart-overdue'])
      await page.locator(`[data-testid=${chart}] svg`).first().waitFor();

    // The tiles and the chart tables say what the API says (read together until the demo bank is between steps).
    const readBoth = async () => {
      const api = (await (await page.request.get('/api/v1/dashboard')).json()) as Dashboard;
      const shown = {
        paidIn: await page.locator('[data-figure=paidIn] .stat-value').getAttribute('data-amount'),
        paidOut: await page.locator('[data-figure=paidOut] .stat-value').getAttribute('data-amount'),
        overdue: await page.locator('[data-figure=overdue] .stat-value').getAttribute('data-amount'),
        days: await page.locator('[data-testid=chart-days-table] tbody td:nth-child(2)').allInnerTexts(),
        dayAmounts: await page.locator('[data-testid=chart-days-table] tbody td:nth-child(3)').allInnerTexts(),
        overdueByPrime: await page.locator('[data-testid=chart-overdue-table] tbody td').allInnerTexts(),
      };
      const expected = {
        paidIn: api.totals.paidInWon,
        paidOut: api.totals.paidOutWon,
        overdue: api.totals.overdueWon,
        days: api.paymentDays.map((bucket) => String(bucket.count)),
        dayAmounts: api.paymentDays.map((bucket) => wonText(bucket.amountWon)),
        overdueByPrime: api.byPrime.map((prime) => wonText(prime.figures.overdueWon)),
      };
      return JSON.stringify(shown) === JSON.stringify(expected) ? 'equal' : JSON.stringify({ shown, expected });
    };
    await eventually(readBoth).toBe('equal');
    expect(
      BigInt((await page.locator('[data-figure=paidIn] .stat-value').getAttribute('data-amount'))!),
    ).toBeGreaterThan(0n);
    await screenshot(page, '20-dashboard-official');
    await page.locator('.chart-grid').screenshot({ path: `${screenshotDirectory}/20b-dashboard-charts.png` });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // Acknowledge the first open finding, with a reason.
    const card = page.locator('[data-testid=finding][data-state=open]').first();
    const findingId = (await card.getAttribute('data-finding-id'))!;
    await card.getByRole('button', { name: '처리하기' }).click();
    await card.getByLabel('사유').fill('현장 확인 중');
    await card.getByRole('button', { name: '확인', exact: true }).click();
    await page.getByText('건을 확인했습니다').waitFor();
    const transitions = (await (await page.request.get(`/api/v1/findings/${findingId}/transitions`)).json()) as {
      items: { toState: string; reason: string; actor: string }[];
    };
    expect(transitions.items.at(-1)).toMatchObject({ toState: 'acknowledged', reason: '현장 확인 중' });
    await page.locator(`[data-finding-id="${findingId}"][data-state=acknowledged]`).waitFor();
    await screenshot(page, '21-dashboard-acknowledged');

    // A bank reports that an overdue share left the dedicated account: the figure moves without a reload.
    await page.evaluate('window.__sameDocument = true');
    const overdue = (
      (await (await page.request.get('/api/v1/monitor/obligations?status=overdue&limit=200')).json()) as {
        items: { id: string; contractId: string; kind: string; outstandingWon: string }[];
      }
    ).items.find((row) => row.kind === 'subcontract' || row.kind === 'supply')!;
    expect(overdue).toBeDefined();
    const accounts = (
      (await (await page.request.get(`/api/v1/contracts/${overdue.contractId}/dedicated-accounts`)).json()) as {
        items: { purpose: string; accountNumber: string }[];
      }
    ).items;
    const progress = accounts.find((account) => account.purpose === 'progress')!;
    const before = (await (await page.request.get('/api/v1/dashboard')).json()) as Dashboard;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date());
    const ingested = await postBankReport(
      camt054(`DASH-LIVE-${overdue.id}`, {
        account: progress.accountNumber,
        direction: 'DBIT',
        amount: overdue.outstandingWon,
        endToEndId: `HADO-O${overdue.id}`,
        bookedOn: today,
      }),
    );
    expect(ingested.matched).toBe(1);
    const paidOutNow = async () =>
      BigInt((await page.locator('[data-figure=paidOut] .stat-value').getAttribute('data-amount')) ?? '0');
    await eventually(
      async () => (await paidOutNow()) >= BigInt(before.totals.paidOutWon) + BigInt(overdue.outstandingWon),
    ).toBe(true);
    expect(await page.evaluate('window.__sameDocument === true')).toBe(true);
    await eventually(readBoth).toBe('equal');
    await screenshot(page, '22-dashboard-live-update');

    // English, then back.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await eventually(() => heading(page)).toBe('Payment dashboard');
    await page.getByText('Paid in by the buyer').first().waitFor();
    await screenshot(page, '23-dashboard-english');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  test("official: a contract's money flow from the contract page; tables carry the diagram's figures", async () => {
    const { page, context, problems } = await newVisitor(world);
    await signIn(page, 'official');
    await page.goto('/contracts');
    await page
      .getByRole('link', { name: /지하철 9호선/ })
      .first()
      .click();
    await page.getByRole('link', { name: '대금 흐름 보기' }).click();
    await eventually(() => heading(page)).toMatch(/^대금 흐름: /);
    await page.locator('[data-testid=flow-sankey] svg').first().waitFor();
    const contractId = new URL(page.url()).pathname.split('/')[2]!;
    const flow = (await (await page.request.get(`/api/v1/contracts/${contractId}/money-flow`)).json()) as {
      paidInWon: string;
      accounts: { paidInWon: string }[];
      links: unknown[];
      obligations: unknown[];
    };
    await eventually(
      async () => (await page.locator('[data-testid=flow-links] tbody tr').count()) === flow.links.length,
    ).toBe(true);
    expect(await page.locator('[data-testid=flow-accounts] tfoot').innerText()).toContain(wonText(flow.paidInWon));
    expect(await page.locator('[data-testid=flow-obligations] tbody tr').count()).toBe(flow.obligations.length);
    expect(await page.getByTestId('flow-sankey').getAttribute('aria-describedby')).toBe(
      'flow-accounts-table flow-links-table',
    );
    // Workers are never named in the flow: wages show as one labour node.
    expect(await page.locator('[data-testid=flow-links]').innerText()).toContain('근로자 노무비 (합계)');
    await screenshot(page, '24-money-flow');
    await page.getByTestId('flow-sankey').screenshot({ path: `${screenshotDirectory}/24b-money-flow-diagram.png` });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('bank user: sees an unmatched report in the exception queue and dismisses it with a reason', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date());
    const report = await postBankReport(
      camt054('DASH-UNKNOWN-1', { account: '99988877766655', direction: 'CRDT', amount: '123000', bookedOn: today }),
    );
    expect(report.exceptions).toBe(1);
    const { page, context, problems } = await newVisitor(world);
    await signIn(page, 'bank-kb');
    await page.getByRole('link', { name: '은행 업무' }).click();
    await eventually(() => heading(page)).toBe('은행 업무');
    const card = page.locator('[data-testid=exception]', { hasText: '99988877766655' });
    await card.waitFor();
    expect(await card.innerText()).toContain('₩123,000');
    await page.getByTestId('bank-messages').getByText('DASH-UNKNOWN-1').waitFor();
    await page.getByTestId('loans-placeholder').waitFor();
    await screenshot(page, '25-bank-portal');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const exceptionId = (await card.getAttribute('data-exception-id'))!;
    // A dismissal without a reason is caught by the form; with one, the API settles it.
    await card.getByRole('button', { name: '처리' }).click();
    await card.getByText('제외 사유를 입력하세요.').waitFor();
    await card.getByRole('textbox', { name: '사유' }).fill('당행 오류 전문, 재발송 예정');
    await card.getByRole('button', { name: '처리' }).click();
    await page.getByText('거래를 예외에서 제외했습니다.').waitFor();
    await eventually(() => page.locator(`[data-exception-id="${exceptionId}"]`).count()).toBe(0);
    const resolved = (await (await page.request.get('/api/v1/bank/exceptions?state=resolved&limit=200')).json()) as {
      items: { id: string; decision: string; note: string }[];
    };
    expect(resolved.items.find((item) => item.id === exceptionId)).toMatchObject({
      decision: 'dismissed',
      note: '당행 오류 전문, 재발송 예정',
    });
    await screenshot(page, '26-bank-portal-resolved');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('dashboard, money flow and bank portal fit a 360 px phone', async () => {
    const { page, context, problems } = await newVisitor(world, phone);
    await signIn(page, 'official');
    await page.goto('/dashboard');
    await page.getByTestId('dashboard-totals').waitFor();
    await page.locator('[data-testid=chart-days] svg').first().waitFor();
    expect(await pageOverflowPx(page)).toBeLessThanOrEqual(0);
    await screenshot(page, '27-dashboard-360');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.goto('/findings');
    await page
      .getByTestId('findings')
      .waitFor({ timeout: 30_000 })
      .catch(async (error: unknown) => {
        throw new Error(`${String(error)}\n${await page.locator('body').innerText()}`);
      });
    expect(await pageOverflowPx(page)).toBeLessThanOrEqual(0);
    await screenshot(page, '28-findings-360');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const contracts = (await (await page.request.get('/api/v1/contracts')).json()) as { items: { id: string }[] };
    await page.goto(`/contracts/${contracts.items[0]!.id}/money-flow`);
    await page.locator('[data-testid=flow-sankey] svg').first().waitFor();
    expect(await pageOverflowPx(page)).toBeLessThanOrEqual(0);
    await screenshot(page, '29-money-flow-360');

    await page.goto('/bank');
    await eventually(() => heading(page)).toBe('은행 업무');
    await page.getByTestId('bank-messages').waitFor();
    expect(await pageOverflowPx(page)).toBeLessThanOrEqual(0);
    await screenshot(page, '30-bank-portal-360');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
