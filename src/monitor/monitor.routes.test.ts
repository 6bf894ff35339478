// Specifies the monitoring API on both engines: findings listed with filters and scoped to the caller; the prime
// acknowledges and resolves its own findings but not the official's; every change is kept with who and why and
// audited; the official takes or declines direct payment once; interest statements per obligation and per
// contract; obligations filtered by status and due range; the message log scoped with phones masked; and the
// admin sweep behind `hado monitor run --json`.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ClaimsFixture, createClaimsFixture } from '../claims/claims.test-fixture.ts';
import { approveClaim, type ClaimDraft, recordBuyerPayment, submitClaim } from '../claims/index.ts';
import { describeEachEngine } from '../db/test-engines.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { civilDate } from '../kernel/civil-date.ts';
import { ManualClock } from '../kernel/clock.ts';
import { won } from '../kernel/money.ts';

const password = 'monitor-test-password-1';

describeEachEngine('monitoring API', ({ handle }) => {
  // 10 April 2026, 10:00 in Seoul: the claim's shares (due 25 March) are 16 days overdue.
  const clock = new ManualClock(new Date('2026-03-05T01:00:00Z'));
  let hado: TestApp;
  let fixture: ClaimsFixture;
  type Client = (method: string, url: string, body?: object) => Promise<LightMyRequestResponse>;
  const clients: Record<string, Client> = {};

  const signIn = async (login: string): Promise<Client> => {
    const response = await hado.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login, password } });
    expect(response.statusCode, response.body).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'hado_session')!;
    const csrf = response.json().csrfToken as string;
    return (method, url, body) =>
      hado.app.inject({
        method: method as 'GET',
        url,
        headers: { cookie: `hado_session=${cookie.value}`, 'x-csrf-token': csrf },
        ...(body ? { payload: body } : {}),
      });
  };

  beforeAll(async () => {
    hado = await createTestApp(handle(), { demo: false, clock });
    fixture = await createClaimsFixture(handle().db);
    await handle()
      .db.updateTable('firms')
      .set({ phone_e164: '+821077000002' })
      .where('id', '=', fixture.subFirmId)
      .execute();
    const tag = String(fixture.contractId);
    for (const [name, user] of Object.entries({
      official: { role: 'official', buyerId: String(fixture.buyerId) },
      prime: { role: 'prime', firmId: String(fixture.primeFirmId) },
      sub: { role: 'subcontractor', firmId: String(fixture.subFirmId) },
      supplier: { role: 'supplier', firmId: String(fixture.supplierFirmId) },
    })) {
      const login = `mon-${name}-${tag}`;
      expect(
        (await hado.admin().post('/api/v1/admin/users', { ...user, login, password, displayName: login })).statusCode,
      ).toBe(201);
    }
    const draft: ClaimDraft = {
      periodStart: civilDate('2026-02-01'),
      periodEnd: civilDate('2026-02-28'),
      totalWon: won(3_000_000n),
      lines: [
        { kind: 'subcontract', subcontractId: fixture.subcontractId, amountWon: won(2_000_000n) },
        { kind: 'supply', supplyContractId: fixture.supplyContractId, amountWon: won(1_000_000n) },
      ],
    };
    const { claimId } = await submitClaim(handle().db, fixture.prime, clock, fixture.contractId, draft);
    await approveClaim(handle().db, fixture.official, clock, claimId, undefined);
    clock.set(new Date('2026-03-10T01:00:00Z'));
    await recordBuyerPayment(handle().db, fixture.official, clock, claimId, {
      paidOn: civilDate('2026-03-10'),
      amountWon: draft.totalWon,
    });
    clock.set(new Date('2026-04-10T01:00:00Z'));
    // Signed in on the day of the tests (a session does not outlive a month of the fake clock).
    for (const name of ['official', 'prime', 'sub', 'supplier']) clients[name] = await signIn(`mon-${name}-${tag}`);
  });
  afterAll(() => hado.close());

  const findings = async (client: Client, query = '') =>
    (await client('GET', `/api/v1/findings?contractId=${fixture.contractId}${query}`)).json().items as {
      id: string;
      kind: string;
      owner: string;
      state: string;
      payeeId: string;
      daysLate: number;
    }[];

  test('the admin sweep answers exactly the counts `hado monitor run --json` prints', async () => {
    const response = await hado.admin().post('/api/v1/admin/monitor/sweep');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(Object.keys(body)).toEqual(['counts']);
    expect(Object.keys(body.counts)).toEqual([
      'upcoming',
      'due_today',
      'overdue',
      'paid_late',
      'short_paid',
      'returned',
      'diverted',
      'unpaid_wage',
    ]);
    expect(body.counts.overdue).toBeGreaterThanOrEqual(2);
  });

  test('findings are scoped: the official and the prime see both, each payee only its own', async () => {
    expect((await findings(clients.official!, '&kind=overdue')).map((f) => f.kind)).toEqual(['overdue', 'overdue']);
    expect((await findings(clients.prime!, '&kind=overdue')).length).toBe(2);
    const sub = await findings(clients.sub!);
    expect(sub.map((f) => f.payeeId)).toEqual([String(fixture.subFirmId)]);
    expect(sub[0]).toMatchObject({ kind: 'overdue', owner: 'official', state: 'open', daysLate: 16 });
    expect((await findings(clients.supplier!)).map((f) => f.payeeId)).toEqual([String(fixture.supplierFirmId)]);
  });

  test("the prime may not resolve the official's finding; the official acknowledges then resolves it, with who and why", async () => {
    const [finding] = await findings(clients.official!, `&kind=overdue&state=open`);
    const byPrime = await clients.prime!('POST', `/api/v1/findings/${finding!.id}/resolve`, { reason: '지급 예정' });
    expect(byPrime.statusCode).toBe(403);
    expect((await clients.sub!('POST', `/api/v1/findings/${finding!.id}/resolve`, { reason: 'x' })).statusCode).toBe(
      403,
    );
    const ack = await clients.official!('POST', `/api/v1/findings/${finding!.id}/acknowledge`, {
      reason: '원도급사에 확인 요청',
    });
    expect(ack.json()).toEqual({ state: 'acknowledged' });
    expect(
      (await clients.official!('POST', `/api/v1/findings/${finding!.id}/acknowledge`, { reason: 'again' })).statusCode,
    ).toBe(409);
    const resolved = await clients.official!('POST', `/api/v1/findings/${finding!.id}/resolve`, {
      reason: '직접지급으로 해결',
    });
    expect(resolved.json()).toEqual({ state: 'resolved' });
    const transitions = (await clients.official!('GET', `/api/v1/findings/${finding!.id}/transitions`)).json().items;
    expect(transitions.map((t: { toState: string; reason: string }) => [t.toState, t.reason])).toEqual([
      ['acknowledged', '원도급사에 확인 요청'],
      ['resolved', '직접지급으로 해결'],
    ]);
    const audit = await handle()
      .db.selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'finding')
      .where('entity_id', '=', finding!.id)
      .execute();
    expect(audit.map((row) => row.action)).toEqual(['finding.acknowledge', 'finding.resolve']);
  });

  test('the official decides a direct-payment suggestion once; the decision is audited', async () => {
    const list = (
      await clients.official!('GET', `/api/v1/direct-payment-suggestions?contractId=${fixture.contractId}`)
    ).json().items;
    expect(list.length).toBe(2);
    expect((await clients.sub!('GET', '/api/v1/direct-payment-suggestions')).statusCode).toBe(403);
    const [first] = list;
    const byPrime = await clients.prime!('POST', `/api/v1/direct-payment-suggestions/${first.id}/decision`, {
      decision: 'take',
      reason: 'x',
    });
    expect(byPrime.statusCode).toBe(403);
    // Taking it executes it, from the buyer's paying account (held at the sandbox bank, checked by holder name).
    const paying = {
      bankCode: '004',
      accountNumber: `77${fixture.contractId}`.padEnd(13, '0'),
      holderName: '시험 금고',
    };
    await handle()
      .db.insertInto('sandbox_bank.accounts')
      .values({ bank_code: paying.bankCode, account_number: paying.accountNumber, holder_name: paying.holderName })
      .execute();
    const registered = await clients.official!('PUT', `/api/v1/buyers/${fixture.buyerId}/payment-account`, paying);
    expect(registered.statusCode).toBe(200);
    const taken = await clients.official!('POST', `/api/v1/direct-payment-suggestions/${first.id}/decision`, {
      decision: 'take',
      reason: '원도급사 지급 지연 2회',
    });
    expect(taken.json()).toMatchObject({
      state: 'taken',
      directPayment: { obligationId: first.obligationId, amountWon: first.outstandingWon },
    });
    const again = await clients.official!('POST', `/api/v1/direct-payment-suggestions/${first.id}/decision`, {
      decision: 'decline',
      reason: 'changed my mind',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('suggestion_already_decided');
    const audit = await handle()
      .db.selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('entity', '=', 'direct_payment_suggestion')
      .where('entity_id', '=', first.id)
      .execute();
    expect(audit).toEqual([{ action: 'direct_payment.taken', actor: `user:mon-official-${fixture.contractId}` }]);
  });

  describe('interest statements', () => {
    // By hand, on 10 April: 2,000,000 × 15.5 % × 16 days ÷ 365 = 13,589.04 → ₩13,589;
    // 1,000,000 × 15.5 % × 16 ÷ 365 = 6,794.52 → ₩6,794.
    test('per obligation', async () => {
      const [sub] = await findings(clients.sub!);
      const obligationId = (
        await handle()
          .db.selectFrom('findings')
          .select('obligation_id')
          .where('id', '=', BigInt(sub!.id))
          .executeTakeFirstOrThrow()
      ).obligation_id;
      const statement = (await clients.sub!('GET', `/api/v1/obligations/${obligationId}/interest`)).json();
      expect(statement).toMatchObject({ asOf: '2026-04-10', totalInterestWon: '13589' });
      expect(statement.lines[0]).toMatchObject({
        judgement: 'overdue',
        daysLate: 16,
        bearsInterest: true,
        delayInterestWon: '13589',
      });
      expect(statement.rates).toEqual([expect.objectContaining({ effectiveFrom: '2015-07-01', ratePpm: '155000' })]);
      // Another payee's obligation is not found for the supplier.
      expect((await clients.supplier!('GET', `/api/v1/obligations/${obligationId}/interest`)).statusCode).toBe(404);
    });

    test('per contract', async () => {
      const statement = (await clients.official!('GET', `/api/v1/contracts/${fixture.contractId}/interest`)).json();
      expect(statement.lines.map((line: { delayInterestWon: string }) => line.delayInterestWon).sort()).toEqual([
        '13589',
        '6794',
      ]);
      expect(statement.totalInterestWon).toBe(String(13_589 + 6_794));
    });
  });

  test('obligations filtered by status, kind and due range', async () => {
    const url = (query: string) => `/api/v1/monitor/obligations?contractId=${fixture.contractId}${query}`;
    const overdue = (await clients.official!('GET', url('&status=overdue'))).json().items;
    expect(overdue.map((o: { kind: string }) => o.kind).sort()).toEqual(['subcontract', 'supply']);
    expect(overdue[0]).toMatchObject({ status: 'overdue', daysLate: 16 });
    expect((await clients.official!('GET', url('&status=overdue&kind=supply'))).json().items).toHaveLength(1);
    expect((await clients.official!('GET', url('&dueFrom=2026-03-26'))).json().items).toHaveLength(0);
    expect((await clients.official!('GET', url('&status=paid_late'))).json().items).toHaveLength(0);
    expect((await clients.official!('GET', url('&status=bogus'))).statusCode).toBe(400);
  });

  test('the message log: the subcontractor reads its own messages, phones masked; the supplier none of them', async () => {
    const own = (await clients.sub!('GET', '/api/v1/messages')).json().items;
    expect(own.length).toBeGreaterThan(0);
    for (const message of own) {
      expect(message.recipientId).toBe(String(fixture.subFirmId));
      expect(message.phoneMasked).toBe('010-****-0002');
    }
    const supplier = (await clients.supplier!('GET', '/api/v1/messages')).json().items;
    expect(supplier.every((m: { recipientId: string }) => m.recipientId === String(fixture.supplierFirmId))).toBe(true);
  });
});
