// Specifies the officials' dashboard API on both engines, on a small world whose figures are worked out by hand:
// totals paid in, divided, paid out, on time, late and overdue by buyer, prime and contract; the days from the
// buyer's payment to each payee; the on-time months; the money flow of one contract from the buyer through the
// dedicated accounts to each payee with every obligation's status; and who may see what.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ClaimsFixture, createClaimsFixture } from '../claims/claims.test-fixture.ts';
import {
  approveClaim,
  type ClaimDraft,
  executeClaimTransfers,
  recordBuyerPayment,
  submitClaim,
} from '../claims/index.ts';
import { describeEachEngine } from '../db/test-engines.ts';
import { createTestApp, type TestApp, type TestClient } from '../http/test-app.ts';
import { civilDate } from '../kernel/civil-date.ts';
import { ManualClock } from '../kernel/clock.ts';
import { won } from '../kernel/money.ts';
import { monthsEndingWith } from './dashboard-periods.ts';

const password = 'dashboard-test-password-1';

describe('months of the on-time chart', () => {
  for (const row of [
    { today: '2026-04-10', count: 3, expected: ['2026-02', '2026-03', '2026-04'] },
    { today: '2026-01-31', count: 2, expected: ['2025-12', '2026-01'] },
    { today: '2026-12-01', count: 1, expected: ['2026-12'] },
    { today: '2026-03-15', count: 13, expected: ['2025-03', '2025-04'] },
  ]) {
    test(`${row.count} months ending ${row.today} → ${row.expected.join(', ')}…`, () => {
      const months = monthsEndingWith(civilDate(row.today), row.count);
      expect(months.length).toBe(row.count);
      expect(months.slice(0, row.expected.length)).toEqual(row.expected);
      expect(months.at(-1)).toBe(row.today.slice(0, 7));
    });
  }
});

describeEachEngine('dashboard API', ({ handle }) => {
  // The claim is submitted on Wednesday 4 March 2026 (wages due 5 days later: Monday 9 March); the buyer pays on
  // Tuesday 10 March (the prime's own share is due that day, the subcontract and supply shares 15 days later:
  // Wednesday 25 March); the bank pays out on Thursday 12 March; the tests run on Friday 10 April.
  const clock = new ManualClock(new Date('2026-03-04T01:00:00Z'));
  let hado: TestApp;
  let first: ClaimsFixture;
  let second: ClaimsFixture;
  let official: TestClient;
  let otherOfficial: TestClient;
  let emptyOfficial: TestClient;
  let prime: TestClient;
  const obligationIds: Record<string, bigint> = {};

  const user = async (login: string, fields: Record<string, string>) => {
    const created = await hado.admin().post('/api/v1/admin/users', { ...fields, login, password, displayName: login });
    expect(created.statusCode, created.body).toBe(201);
  };

  beforeAll(async () => {
    hado = await createTestApp(handle(), { demo: false, clock });
    const db = handle().db;
    first = await createClaimsFixture(db);
    second = await createClaimsFixture(db);

    // Contract 1: own share ₩500,000, subcontract ₩2,000,000, supply ₩1,000,000, wages 10 days × ₩200,000.
    const draft: ClaimDraft = {
      periodStart: civilDate('2026-02-01'),
      periodEnd: civilDate('2026-02-28'),
      totalWon: won(5_500_000n),
      lines: [
        { kind: 'own_share', payeeAccountId: first.primeAccountId, amountWon: won(500_000n) },
        { kind: 'subcontract', subcontractId: first.subcontractId, amountWon: won(2_000_000n) },
        { kind: 'supply', supplyContractId: first.supplyContractId, amountWon: won(1_000_000n) },
        { kind: 'labour', workerEngagementId: first.engagementIds[0]!, daysWorked: 10 },
      ],
    };
    const { claimId } = await submitClaim(db, first.prime, clock, first.contractId, draft);
    await approveClaim(db, first.official, clock, claimId, undefined);
    // Contract 2 (another buyer and prime): one subcontract share of ₩1,000,000, paid in, never paid out.
    const otherDraft: ClaimDraft = {
      periodStart: civilDate('2026-02-01'),
      periodEnd: civilDate('2026-02-28'),
      totalWon: won(1_000_000n),
      lines: [{ kind: 'subcontract', subcontractId: second.subcontractId, amountWon: won(1_000_000n) }],
    };
    const other = await submitClaim(db, second.prime, clock, second.contractId, otherDraft);
    await approveClaim(db, second.official, clock, other.claimId, undefined);

    clock.set(new Date('2026-03-10T01:00:00Z'));
    await recordBuyerPayment(db, first.official, clock, claimId, {
      paidOn: civilDate('2026-03-10'),
      amountWon: draft.totalWon,
    });
    await recordBuyerPayment(db, second.official, clock, other.claimId, {
      paidOn: civilDate('2026-03-10'),
      amountWon: otherDraft.totalWon,
    });
    for (const row of await db
      .selectFrom('obligations')
      .select(['id', 'kind'])
      .where('claim_id', '=', claimId)
      .execute())
      obligationIds[row.kind] = row.id;

    clock.set(new Date('2026-03-12T01:00:00Z'));
    // Paid out on 12 March: the own share, the subcontract and the wages in full; ₩400,000 of the supply share.
    const paid = await executeClaimTransfers(db, first.admin, clock, claimId, {
      executedOn: civilDate('2026-03-12'),
      transfers: [
        { obligationId: obligationIds.own_share!, amountWon: 500_000n },
        { obligationId: obligationIds.subcontract!, amountWon: 2_000_000n },
        { obligationId: obligationIds.labour!, amountWon: 2_000_000n },
        { obligationId: obligationIds.supply!, amountWon: 400_000n },
      ],
    });
    expect(paid).toBeDefined();

    clock.set(new Date('2026-04-10T01:00:00Z'));
    const tag = String(first.contractId);
    await user(`dash-official-${tag}`, { role: 'official', buyerId: String(first.buyerId) });
    await user(`dash-other-${tag}`, { role: 'official', buyerId: String(second.buyerId) });
    await user(`dash-empty-${tag}`, {
      role: 'official',
      buyerId: String(first.otherOfficial.role === 'official' ? first.otherOfficial.buyerId : 0n),
    });
    await user(`dash-prime-${tag}`, { role: 'prime', firmId: String(first.primeFirmId) });
    official = await hado.as(`dash-official-${tag}`, password);
    otherOfficial = await hado.as(`dash-other-${tag}`, password);
    emptyOfficial = await hado.as(`dash-empty-${tag}`, password);
    prime = await hado.as(`dash-prime-${tag}`, password);
  }, 120_000);
  afterAll(() => hado.close());

  const contractOne = {
    paidInWon: '5500000',
    dividedWon: '5500000',
    paidOutWon: '4900000',
    paidOnTimeWon: '2000000',
    paidOnTimeCount: 1,
    paidLateWon: '2500000',
    paidLateCount: 2,
    overdueWon: '600000',
    overdueCount: 1,
    obligationCount: 4,
  };
  const contractTwo = {
    paidInWon: '1000000',
    dividedWon: '1000000',
    paidOutWon: '0',
    paidOnTimeWon: '0',
    paidOnTimeCount: 0,
    paidLateWon: '0',
    paidLateCount: 0,
    overdueWon: '1000000',
    overdueCount: 1,
    obligationCount: 1,
  };

  test("the official sees exactly its buyer's figures, by buyer, prime and contract", async () => {
    const response = await official.get('/api/v1/dashboard');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.asOf).toBe('2026-04-10');
    expect(body.contractCount).toBe(1);
    expect(body.totals).toEqual(contractOne);
    expect(body.byBuyer).toEqual([expect.objectContaining({ buyerId: String(first.buyerId), figures: contractOne })]);
    expect(body.byPrime).toEqual([
      expect.objectContaining({ firmId: String(first.primeFirmId), figures: contractOne }),
    ]);
    expect(body.byContract).toEqual([
      expect.objectContaining({ contractId: String(first.contractId), title: '시험 공사', figures: contractOne }),
    ]);
  });

  test('days from the buyer paying to each payee paid in full, and the on-time months', async () => {
    const body = (await official.get('/api/v1/dashboard')).json();
    // Three obligations paid in full two days after the buyer paid; the supply share is not paid in full.
    expect(body.paymentDays).toEqual([
      { fromDays: 0, toDays: 5, count: 3, amountWon: '4500000' },
      { fromDays: 6, toDays: 10, count: 0, amountWon: '0' },
      { fromDays: 11, toDays: 15, count: 0, amountWon: '0' },
      { fromDays: 16, toDays: 30, count: 0, amountWon: '0' },
      { fromDays: 31, toDays: 60, count: 0, amountWon: '0' },
      { fromDays: 61, toDays: null, count: 0, amountWon: '0' },
    ]);
    expect(body.onTimeByMonth.length).toBe(12);
    expect(body.onTimeByMonth.at(-1)).toEqual({
      month: '2026-04',
      dueCount: 0,
      onTimeCount: 0,
      lateCount: 0,
      overdueCount: 0,
    });
    expect(body.onTimeByMonth.at(-2)).toEqual({
      month: '2026-03',
      dueCount: 4,
      onTimeCount: 1,
      lateCount: 2,
      overdueCount: 1,
    });
  });

  test('an administrator sees both buyers; the totals are the sum; the worst overdue contract first', async () => {
    const body = (await hado.admin().get('/api/v1/dashboard')).json();
    expect(body.contractCount).toBe(2);
    expect(body.byContract.map((row: { contractId: string }) => row.contractId)).toEqual([
      String(second.contractId),
      String(first.contractId),
    ]);
    expect(body.byBuyer.map((row: { figures: object }) => row.figures)).toEqual(
      body.byBuyer[0].buyerId === String(first.buyerId) ? [contractOne, contractTwo] : [contractTwo, contractOne],
    );
    expect(body.totals).toEqual({
      paidInWon: '6500000',
      dividedWon: '6500000',
      paidOutWon: '4900000',
      paidOnTimeWon: '2000000',
      paidOnTimeCount: 1,
      paidLateWon: '2500000',
      paidLateCount: 2,
      overdueWon: '1600000',
      overdueCount: 2,
      obligationCount: 5,
    });
  });

  test('open findings by kind match the findings list; an official with no contract sees zeros', async () => {
    expect((await hado.admin().post('/api/v1/admin/monitor/sweep')).statusCode).toBe(200);
    const body = (await official.get('/api/v1/dashboard')).json();
    const listed = (await official.get('/api/v1/findings?limit=200')).json().items as { kind: string; state: string }[];
    const expected = new Map<string, { open: number; acknowledged: number }>();
    for (const finding of listed) {
      if (finding.state === 'resolved') continue;
      const entry = expected.get(finding.kind) ?? { open: 0, acknowledged: 0 };
      entry[finding.state as 'open' | 'acknowledged'] += 1;
      expected.set(finding.kind, entry);
    }
    const byKind = (a: { kind: string }, b: { kind: string }) => (a.kind < b.kind ? -1 : 1);
    expect([...body.findings].sort(byKind)).toEqual(
      [...expected.entries()].map(([kind, counts]) => ({ kind, ...counts })).sort(byKind),
    );
    expect(body.findings.find((row: { kind: string }) => row.kind === 'overdue')).toEqual({
      kind: 'overdue',
      open: 1,
      acknowledged: 0,
    });

    const empty = (await emptyOfficial.get('/api/v1/dashboard')).json();
    expect(empty.contractCount).toBe(0);
    expect(empty.byContract).toEqual([]);
    expect(empty.totals.paidInWon).toBe('0');
    expect(empty.totals.overdueCount).toBe(0);
  });

  test('the money flow: buyer → dedicated accounts by purpose → every payee, with each obligation', async () => {
    const response = await official.get(`/api/v1/contracts/${first.contractId}/money-flow`);
    expect(response.statusCode, response.body).toBe(200);
    const flow = response.json();
    expect(flow.paidInWon).toBe('5500000');
    expect(flow.accounts).toEqual([
      { purpose: 'progress', paidInWon: '3500000', balanceWon: '600000' },
      { purpose: 'labour', paidInWon: '2000000', balanceWon: '0' },
      { purpose: 'advance', paidInWon: '0', balanceWon: '0' },
    ]);
    const sub = `subcontract:firm:${first.subFirmId}`;
    const supply = `supply:firm:${first.supplierFirmId}`;
    expect(flow.links).toEqual(
      expect.arrayContaining([
        { purpose: 'progress', payeeKey: 'prime', dividedWon: '500000', paidWon: '500000' },
        { purpose: 'progress', payeeKey: sub, dividedWon: '2000000', paidWon: '2000000' },
        { purpose: 'progress', payeeKey: supply, dividedWon: '1000000', paidWon: '400000' },
        { purpose: 'labour', payeeKey: 'labour', dividedWon: '2000000', paidWon: '2000000' },
      ]),
    );
    expect(flow.links.length).toBe(4);
    expect(flow.payees).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: sub, group: 'subcontract', tier: 1 }),
        expect.objectContaining({ key: supply, group: 'supply', tier: null }),
        { key: 'labour', group: 'labour', tier: null, name: null, nameEn: null },
      ]),
    );
    const byKind = new Map(flow.obligations.map((row: { kind: string }) => [row.kind, row]));
    expect(byKind.get('own_share')).toMatchObject({ status: 'paid_late', daysLate: 2, dueOn: '2026-03-10' });
    expect(byKind.get('subcontract')).toMatchObject({
      status: 'paid_on_time',
      dueOn: '2026-03-25',
      paidOn: '2026-03-12',
      buyerPaidOn: '2026-03-10',
      tier: 1,
    });
    expect(byKind.get('supply')).toMatchObject({ status: 'overdue', daysLate: 16, paidWon: '400000', paidOn: null });
    expect(byKind.get('labour')).toMatchObject({
      status: 'paid_late',
      daysLate: 3,
      payeeName: null,
      purpose: 'labour',
    });
    expect(flow.truncated).toBe(false);
  });

  test("an official cannot see another buyer's money flow; a prime may not open the dashboard", async () => {
    const refused = await otherOfficial.get(`/api/v1/contracts/${first.contractId}/money-flow`);
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error.code).toBe('not_found');
    expect((await otherOfficial.get('/api/v1/dashboard')).json().totals).toEqual(contractTwo);
    const forbidden = await prime.get('/api/v1/dashboard');
    expect(forbidden.statusCode).toBe(403);
    expect((await prime.get(`/api/v1/contracts/${first.contractId}/money-flow`)).statusCode).toBe(403);
  });

  test('recent bank messages: none yet for this official; the route refuses a prime', async () => {
    const response = await official.get('/api/v1/bank-portal/messages');
    expect(response.statusCode).toBe(200);
    expect(response.json().items).toEqual([]);
    expect((await prime.get('/api/v1/bank-portal/messages')).statusCode).toBe(403);
  });
});
