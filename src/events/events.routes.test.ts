// Specifies live updates on both engines: a bank report posted through the signed inbound channel reaches an open
// server-sent-events stream of the contract's official (asserted with a generous timeout, never a speed), and a
// payee's stream carries only its own obligations' events, not the contract's movements. Without a session the
// stream is refused.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { signBankRequest } from '../bank/inbound/signature.ts';
import { type ClaimsFixture, createClaimsFixture } from '../claims/claims.test-fixture.ts';
import {
  approveClaim,
  type ClaimDraft,
  executeClaimTransfers,
  recordBuyerPayment,
  submitClaim,
} from '../claims/index.ts';
import { describeEachEngine } from '../db/test-engines.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { civilDate } from '../kernel/civil-date.ts';
import { ManualClock } from '../kernel/clock.ts';
import { won } from '../kernel/money.ts';

process.env.HADO_BANK_KEY_SECRET ??= 'test-bank-key-master-0123456789abcdef';

const eventTimeoutMs = 20_000;
const password = 'events-test-password-1';

type Stream = { events: { event: string; data: string }[]; close(): void; response: IncomingMessage };

/** Opens `/api/v1/events` with a session cookie and collects the events as they arrive. */
function openStream(baseUrl: string, cookie: string): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const events: { event: string; data: string }[] = [];
    const req = httpRequest(`${baseUrl}/api/v1/events`, { headers: { cookie, accept: 'text/event-stream' } }, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1] ?? '';
          if (event) events.push({ event, data });
        }
      });
      res.on('error', () => {});
      resolve({ events, close: () => req.destroy(), response: res });
    });
    req.on('error', reject);
    req.end();
  });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + eventTimeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describeEachEngine('live updates', ({ handle }) => {
  const clock = new ManualClock(new Date('2026-03-10T01:00:00Z'));
  let hado: TestApp;
  let baseUrl: string;
  let fixture: ClaimsFixture;
  let claimId: bigint;
  let subObligationId: bigint;
  const streams: Stream[] = [];

  const signIn = async (login: string) => {
    const response = await hado.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login, password } });
    expect(response.statusCode, response.body).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'hado_session')!;
    return `hado_session=${cookie.value}`;
  };

  beforeAll(async () => {
    hado = await createTestApp(handle(), { demo: false, clock });
    baseUrl = await hado.app.listen({ host: '127.0.0.1', port: 0 });
    fixture = await createClaimsFixture(handle().db);
    const admin = hado.admin();
    for (const user of [
      { login: `ev-official-${fixture.contractId}`, role: 'official', buyerId: String(fixture.buyerId) },
      { login: `ev-sub-${fixture.contractId}`, role: 'subcontractor', firmId: String(fixture.subFirmId) },
    ]) {
      const created = await admin.post('/api/v1/admin/users', { ...user, password, displayName: user.login });
      expect(created.statusCode, created.body).toBe(201);
    }
    const draft: ClaimDraft = {
      periodStart: civilDate('2026-02-01'),
      periodEnd: civilDate('2026-02-28'),
      totalWon: won(3_000_000n),
      lines: [
        { kind: 'own_share', payeeAccountId: fixture.primeAccountId, amountWon: won(1_000_000n) },
        { kind: 'subcontract', subcontractId: fixture.subcontractId, amountWon: won(2_000_000n) },
      ],
    };
    claimId = (await submitClaim(handle().db, fixture.prime, clock, fixture.contractId, draft)).claimId;
    await approveClaim(handle().db, fixture.official, clock, claimId, undefined);
    await recordBuyerPayment(handle().db, fixture.official, clock, claimId, {
      paidOn: civilDate('2026-03-10'),
      amountWon: draft.totalWon,
    });
    subObligationId = (
      await handle()
        .db.selectFrom('obligations')
        .select('id')
        .where('claim_id', '=', claimId)
        .where('kind', '=', 'subcontract')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await hado.close();
  });

  test('without a session the stream is refused with 401', async () => {
    const response = await hado.app.inject({ method: 'GET', url: '/api/v1/events' });
    expect(response.statusCode).toBe(401);
  });

  test("a bank report through the inbound channel reaches the official's open stream; the payee's stream carries only its own obligation", async () => {
    const official = await openStream(baseUrl, await signIn(`ev-official-${fixture.contractId}`));
    const payee = await openStream(baseUrl, await signIn(`ev-sub-${fixture.contractId}`));
    streams.push(official, payee);
    expect(official.response.headers['content-type']).toMatch(/^text\/event-stream/);
    await until(() => official.events.some((e) => e.event === 'ready'), 'the official stream to be ready');
    await until(() => payee.events.some((e) => e.event === 'ready'), 'the payee stream to be ready');

    // The bank reports a credit to the contract's progress account, signed with its key, through the channel.
    const key = (await hado.admin().post('/api/v1/admin/bank-keys', { bankCode: '004' })).json();
    const account = await handle()
      .db.selectFrom('dedicated_accounts')
      .select('account_number')
      .where('contract_id', '=', fixture.contractId)
      .where('purpose', '=', 'progress')
      .executeTakeFirstOrThrow();
    const reference = `LIVE-${fixture.contractId}`;
    const body = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn>
  <GrpHdr><MsgId>${reference}</MsgId><CreDtTm>2026-03-10T10:00:00+09:00</CreDtTm></GrpHdr>
  <Ntfctn><Id>${reference}</Id><CreDtTm>2026-03-10T10:00:00+09:00</CreDtTm>
    <Acct><Id><Othr><Id>${account.account_number}</Id></Othr></Id></Acct>
    <Ntry><Amt Ccy="KRW">5000</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
      <BookgDt><Dt>2026-03-10</Dt></BookgDt><AcctSvcrRef>${reference}</AcctSvcrRef></Ntry>
  </Ntfctn></BkToCstmrDbtCdtNtfctn></Document>`;
    const posted = await hado.app.inject({
      method: 'POST',
      url: '/api/v1/bank/messages',
      headers: { 'content-type': 'application/xml', ...signBankRequest(key, body, clock.now()) },
      payload: body,
    });
    expect(posted.statusCode, posted.body).toBe(201);

    await until(() => official.events.some((e) => e.event === 'movements'), 'the movement on the official stream');
    const movement = official.events.find((e) => e.event === 'movements')!;
    expect(JSON.parse(movement.data)).toEqual({ type: 'movements', contractId: String(fixture.contractId) });

    // Now the subcontractor's own obligation is paid: that is the first thing its stream carries.
    await executeClaimTransfers(handle().db, fixture.admin, clock, claimId, {
      executedOn: civilDate('2026-03-10'),
      transfers: [{ obligationId: subObligationId, amountWon: 2_000_000n }],
    });
    await until(() => payee.events.some((e) => e.event === 'obligations'), "the payee's obligation event");
    expect(payee.events.filter((e) => e.event !== 'ready').map((e) => e.event)[0]).toBe('obligations');
    expect(payee.events.some((e) => e.event === 'movements')).toBe(false);
    await until(() => official.events.some((e) => e.event === 'obligations'), 'the obligation on the official stream');
  });
});
