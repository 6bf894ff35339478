// Specifies the financing API in-process on the demo world, on both engines: the demo has a loan in every state;
// a payee sees its receivables (with what is assigned) and applies; bank-kb sees the application with the
// receivable's status, approves it (the advance in the ledger) or declines; statements and the portfolio; every
// list is scoped in SQL (a firm sees its own loans, a bank those addressed to it); bad input is a named refusal.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeEachEngine } from '../db/test-engines.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { checkLedger } from '../ledger/index.ts';

type Json = Record<string, unknown> & { [key: string]: never };
// biome-ignore lint/suspicious/noExplicitAny: API answers are read loosely in tests; the schemas validated them.
type Any = any;

describeEachEngine('finance routes', ({ handle }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(handle(), { demo: true });
  });
  afterAll(() => t.close());

  test('the demo world has a loan in every state, and its ledger is clean', async () => {
    const admin = t.admin();
    const loans: Any[] = (await admin.get('/api/v1/finance/loans?limit=200')).json().items;
    const statuses = new Set(loans.map((loan) => loan.status));
    for (const status of ['applied', 'advanced', 'repaid', 'at_risk']) expect(statuses).toContain(status);
    const repaid = loans.find((loan) => loan.status === 'repaid');
    expect(BigInt(repaid.repaidWon)).toBe(BigInt(repaid.principalWon) + BigInt(repaid.interestPaidWon));
    expect(BigInt(repaid.interestPaidWon)).toBeGreaterThan(0n);
    expect(loans.find((loan) => loan.status === 'at_risk').atRiskReason).toBe('returned');
    expect((await checkLedger(handle().db)).result).toBe('clean');
  });

  test('a payee sees its receivables and what is assigned; it applies; bank-kb approves after seeing it', async () => {
    const tile = await t.as('sub-tile');
    const receivables: Any[] = (await tile.get('/api/v1/finance/receivables')).json().items;
    expect(receivables.length).toBeGreaterThan(0);
    const open = receivables.find((item) => item.eligible);
    expect(open).toBeDefined();
    expect(BigInt(open.maxAdvanceWon)).toBe((BigInt(open.outstandingWon) * 800_000n) / 1_000_000n);

    const tooMuch = await tile.post('/api/v1/finance/loans', {
      claimLineId: open.claimLineId,
      bankCode: '004',
      amountWon: String(BigInt(open.maxAdvanceWon) + 1n),
    });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json().error).toMatchObject({ code: 'amount_exceeds_advance_limit', field: 'amountWon' });

    const body = { claimLineId: open.claimLineId, bankCode: '004', amountWon: '50000000' };
    const applied = await tile.post('/api/v1/finance/loans', body);
    expect(applied.statusCode).toBe(201);
    const loan = applied.json().loan;
    expect(loan).toMatchObject({ status: 'applied', bankCode: '004', principalWon: '50000000' });
    expect((await tile.post('/api/v1/finance/loans', body)).json()).toMatchObject({ result: 'exists' });
    const twice = await tile.post('/api/v1/finance/loans', { ...body, amountWon: '40000000' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('receivable_already_assigned');

    const after: Any[] = (await tile.get('/api/v1/finance/receivables')).json().items;
    expect(after.find((item) => item.claimLineId === open.claimLineId)).toMatchObject({
      loanId: loan.id,
      loanStatus: 'applied',
      eligible: false,
      ineligibleReason: 'receivable_already_assigned',
    });

    // Another firm neither sees nor decides it.
    const electric = await t.as('sub-electric');
    expect((await electric.get(`/api/v1/finance/loans/${loan.id}`)).statusCode).toBe(404);
    expect((await electric.post(`/api/v1/finance/loans/${loan.id}/approve`, {})).statusCode).toBe(403);

    const kb = await t.as('bank-kb');
    const queue: Any[] = (await kb.get('/api/v1/finance/loans?status=applied')).json().items;
    expect(queue.map((item) => item.id)).toContain(loan.id);
    expect(queue.find((item) => item.id === loan.id).receivableStatus).toMatch(/^(approved|payable|overdue)$/);
    const approved = await kb.post(`/api/v1/finance/loans/${loan.id}/approve`, {
      repaymentAccountNumber: '0049000000001',
      repaymentHolderName: 'KB국민은행 기업여신 상환',
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json().loan).toMatchObject({ status: 'advanced', lenderAccountMasked: expect.any(String) });
    const statement = (await tile.get(`/api/v1/finance/loans/${loan.id}`)).json();
    expect(statement.events.map((event: Json) => event.kind)).toEqual(['applied', 'advanced']);
    const again = await kb.post(`/api/v1/finance/loans/${loan.id}/approve`, {
      repaymentAccountNumber: '0049000000001',
      repaymentHolderName: 'KB국민은행 기업여신 상환',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('loan_not_applied');
  });

  test('bank-kb declines the cement supplier’s application on its overdue share; the portfolio counts it', async () => {
    const kb = await t.as('bank-kb');
    const before = (await kb.get('/api/v1/finance/portfolio')).json();
    const cement = await t.as('supplier-cement');
    const own: Any[] = (await cement.get('/api/v1/finance/loans?status=applied')).json().items;
    expect(own).toHaveLength(1);
    expect(own[0].receivableStatus).toBe('overdue');
    const declined = await kb.post(`/api/v1/finance/loans/${own[0].id}/decline`, { reason: '연체 채권 한도 초과' });
    expect(declined.json().loan).toMatchObject({ status: 'declined', declineReason: '연체 채권 한도 초과' });
    const after = (await kb.get('/api/v1/finance/portfolio')).json();
    expect(after.totals.declined.count).toBe(before.totals.declined.count + 1);
    expect(after.totals.applied.count).toBe(before.totals.applied.count - 1);
    expect(after.items.every((item: Json) => item.bankCode === '004')).toBe(true);
    for (const item of after.items) expect(item.daysOutstanding).toBeGreaterThanOrEqual(0);
  });

  test('lists are scoped: a firm sees only its own loans; an official those of its contracts', async () => {
    const equipment = await t.as('supplier-equipment');
    expect((await equipment.get('/api/v1/finance/loans')).json().items).toEqual([]);
    const tile = await t.as('sub-tile');
    const tileFirm = (await tile.get('/api/v1/finance/loans')).json().items;
    expect(tileFirm.length).toBeGreaterThan(0);
    expect(new Set(tileFirm.map((loan: Json) => loan.borrowerName)).size).toBe(1);
    const official = await t.as('official');
    expect((await official.get('/api/v1/finance/loans')).json().items.length).toBeGreaterThan(tileFirm.length);
    expect((await official.post('/api/v1/finance/loans', {})).statusCode).toBe(403);
    expect((await t.anonymous().get('/api/v1/finance/portfolio')).statusCode).toBe(401);
  });
});
