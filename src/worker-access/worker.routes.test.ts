// Specifies the worker self-check on both engines: a code goes by SMS (through the outbox) only to a registered
// worker's phone, while the answer is the same for any phone; a wrong or expired code is refused, five wrong codes
// lock the phone, code requests are limited per phone and per address, and a worker signed in by code sees only
// their own wages, findings and messages (the code itself never shown).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ClaimsFixture, createClaimsFixture } from '../claims/claims.test-fixture.ts';
import { approveClaim, type ClaimDraft, recordBuyerPayment, submitClaim } from '../claims/index.ts';
import { describeEachEngine } from '../db/test-engines.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { civilDate } from '../kernel/civil-date.ts';
import { ManualClock } from '../kernel/clock.ts';
import { formatPhoneNational } from '../kernel/identifiers.ts';
import { workerOtpAttemptsMax, workerOtpRequestsPerPhoneMax } from '../kernel/limits.ts';
import { won } from '../kernel/money.ts';
import { secretBodyShown } from '../outbox/index.ts';

describeEachEngine('worker self-check', ({ handle }) => {
  const clock = new ManualClock(new Date('2026-03-10T01:00:00Z'));
  let hado: TestApp;
  let fixture: ClaimsFixture;
  const phones: string[] = [];
  let address = 0;

  /** Each request from its own address unless told, so the per-address limit stays out of the way. */
  const post = (url: string, payload: object, remoteAddress = `10.1.0.${++address % 250}`) =>
    hado.app.inject({ method: 'POST', url, payload, remoteAddress });
  const latestCode = async (phone: string) => {
    const row = await handle()
      .db.selectFrom('outbox_messages')
      .select(['body', 'secret', 'urgent', 'kind'])
      .where('phone_e164', '=', phone)
      .where('kind', '=', 'worker_otp')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ secret: true, urgent: true });
    return /\d{6}/.exec(row.body)![0];
  };
  const signIn = async (phone: string) => {
    expect((await post('/api/v1/worker/otp', { phone: formatPhoneNational(phone) })).statusCode).toBe(202);
    const response = await post('/api/v1/worker/session', { phone, code: await latestCode(phone) });
    expect(response.statusCode, response.body).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'hado_worker')!;
    return (url: string) => hado.app.inject({ method: 'GET', url, headers: { cookie: `hado_worker=${cookie.value}` } });
  };

  beforeAll(async () => {
    hado = await createTestApp(handle(), { demo: false, clock });
    fixture = await createClaimsFixture(handle().db);
    for (const workerId of fixture.workerIds) {
      const worker = await handle()
        .db.selectFrom('workers')
        .select('phone_e164')
        .where('id', '=', workerId)
        .executeTakeFirstOrThrow();
      phones.push(worker.phone_e164!);
    }
    // One month's wages for both workers, paid by the buyer.
    const draft: ClaimDraft = {
      periodStart: civilDate('2026-02-01'),
      periodEnd: civilDate('2026-02-28'),
      totalWon: won(20n * 200_000n + 10n * 250_000n),
      lines: [
        { kind: 'labour', workerEngagementId: fixture.engagementIds[0]!, daysWorked: 20 },
        { kind: 'labour', workerEngagementId: fixture.engagementIds[1]!, daysWorked: 10 },
      ],
    };
    const { claimId } = await submitClaim(handle().db, fixture.prime, clock, fixture.contractId, draft);
    await approveClaim(handle().db, fixture.official, clock, claimId, undefined);
    await recordBuyerPayment(handle().db, fixture.official, clock, claimId, {
      paidOn: civilDate('2026-03-10'),
      amountWon: draft.totalWon,
    });
  });
  afterAll(() => hado.close());

  test('a registered phone gets a code by SMS; an unknown phone gets the same answer and no SMS', async () => {
    const known = await post('/api/v1/worker/otp', { phone: phones[0] });
    const unknown = await post('/api/v1/worker/otp', { phone: '010-9999-0001' });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(unknown.body).toBe(known.body);
    const messages = await handle()
      .db.selectFrom('outbox_messages')
      .select('phone_e164')
      .where('kind', '=', 'worker_otp')
      .execute();
    expect(messages.map((m) => m.phone_e164)).toContain(phones[0]);
    expect(messages.map((m) => m.phone_e164)).not.toContain('+821099990001');
  });

  test('a malformed phone is refused', async () => {
    const response = await post('/api/v1/worker/otp', { phone: '02-123-4567' });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('invalid_phone');
  });

  test('a wrong code is refused; the right one opens a session', async () => {
    await post('/api/v1/worker/otp', { phone: phones[0] });
    const code = await latestCode(phones[0]!);
    const wrong = await post('/api/v1/worker/session', {
      phone: phones[0],
      code: code === '000000' ? '111111' : '000000',
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('otp_invalid');
    const right = await post('/api/v1/worker/session', { phone: phones[0], code });
    expect(right.statusCode).toBe(200);
    // A code works once.
    expect((await post('/api/v1/worker/session', { phone: phones[0], code })).statusCode).toBe(401);
  });

  test('a code expires after five minutes', async () => {
    await post('/api/v1/worker/otp', { phone: phones[1] });
    const code = await latestCode(phones[1]!);
    clock.advanceMs(5 * 60_000 + 1_000);
    const late = await post('/api/v1/worker/session', { phone: phones[1], code });
    expect(late.statusCode).toBe(401);
    expect(late.json().error.code).toBe('otp_invalid');
  });

  test(`${workerOtpAttemptsMax} wrong codes lock the phone, even against the right code`, async () => {
    await post('/api/v1/worker/otp', { phone: phones[1] });
    const code = await latestCode(phones[1]!);
    const wrongCode = code === '123456' ? '654321' : '123456';
    const answers: number[] = [];
    for (let attempt = 1; attempt <= workerOtpAttemptsMax; attempt += 1) {
      answers.push((await post('/api/v1/worker/session', { phone: phones[1], code: wrongCode })).statusCode);
    }
    expect(answers).toEqual([401, 401, 401, 401, 423]);
    const locked = await post('/api/v1/worker/session', { phone: phones[1], code });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('otp_locked');
    // Locked, the phone gets no new code either (the answer still says nothing).
    const before = await handle()
      .db.selectFrom('outbox_messages')
      .select('id')
      .where('phone_e164', '=', phones[1]!)
      .execute();
    expect((await post('/api/v1/worker/otp', { phone: phones[1] })).statusCode).toBe(202);
    const after = await handle()
      .db.selectFrom('outbox_messages')
      .select('id')
      .where('phone_e164', '=', phones[1]!)
      .execute();
    expect(after.length).toBe(before.length);
    clock.advanceMs(31 * 60_000); // the lockout ends
  });

  test(`codes are limited to ${workerOtpRequestsPerPhoneMax} an hour per phone, known or not`, async () => {
    const phone = '010-9999-0002';
    const answers: number[] = [];
    for (let request = 0; request <= workerOtpRequestsPerPhoneMax; request += 1) {
      answers.push((await post('/api/v1/worker/otp', { phone })).statusCode);
    }
    expect(answers).toEqual([202, 202, 202, 202, 202, 429]);
    clock.advanceMs(61 * 60_000);
    expect((await post('/api/v1/worker/otp', { phone })).statusCode).toBe(202);
  });

  test('codes are limited per address too', async () => {
    const answers: number[] = [];
    for (let request = 0; request < 31; request += 1) {
      const phone = `010-8888-${String(1000 + request)}`;
      answers.push((await post('/api/v1/worker/otp', { phone }, '10.9.9.9')).statusCode);
    }
    expect(answers.slice(0, 30).every((status) => status === 202)).toBe(true);
    expect(answers[30]).toBe(429);
    clock.advanceMs(61 * 60_000);
  });

  describe('a signed-in worker', () => {
    test('sees only their own wages', async () => {
      const first = await signIn(phones[0]!);
      const second = await signIn(phones[1]!);
      const firstWages = (await first('/api/v1/worker/wages')).json().items;
      const secondWages = (await second('/api/v1/worker/wages')).json().items;
      expect(firstWages).toHaveLength(1);
      expect(firstWages[0]).toMatchObject({
        amountWon: '4000000',
        daysWorked: 20,
        dailyWageWon: '200000',
        paidWon: '0',
        periodStart: '2026-02-01',
      });
      expect(secondWages).toHaveLength(1);
      expect(secondWages[0]).toMatchObject({ amountWon: '2500000', daysWorked: 10 });
      expect(firstWages[0].obligationId).not.toBe(secondWages[0].obligationId);
    });

    test('is a worker to the API, and sees no one else’s records', async () => {
      const worker = await signIn(phones[0]!);
      expect((await worker('/api/v1/auth/me')).json()).toMatchObject({
        role: 'worker',
        workerId: String(fixture.workerIds[0]),
      });
      const messages = (await worker('/api/v1/messages')).json().items;
      expect(messages.length).toBeGreaterThan(0);
      for (const message of messages) {
        expect(message.recipientId).toBe(String(fixture.workerIds[0]));
        expect(message.phoneMasked).toMatch(/^010-\*\*\*\*-\d{4}$/);
        if (message.kind === 'worker_otp') expect(message.body).toBe(secretBodyShown);
      }
      const obligations = (await worker('/api/v1/monitor/obligations')).json().items;
      expect(obligations.map((o: { payeeId: string }) => o.payeeId)).toEqual([String(fixture.workerIds[0])]);
      // Routes for other roles stay closed.
      expect((await worker('/api/v1/direct-payment-suggestions')).statusCode).toBe(403);
    });

    test('without the cookie the wages are refused', async () => {
      const response = await hado.app.inject({ method: 'GET', url: '/api/v1/worker/wages' });
      expect(response.statusCode).toBe(401);
    });
  });
});
