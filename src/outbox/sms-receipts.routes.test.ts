// Specifies the HTTP SMS provider's delivery reports on both engines: Hado sends through the HTTP transport to a
// real provider on loopback, the provider answers with its message id, and its signed report (the webhook) marks
// that message delivered or undeliverable; an unsigned, wrongly signed, stale or replayed report and an unknown
// provider id are refused and change nothing.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeEachEngine } from '../db/test-engines.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { ManualClock } from '../kernel/clock.ts';
import { HttpTransport } from '../sms/transports/index.ts';
import { enqueue } from './enqueue.ts';
import { OutboxWorker } from './outbox-worker.ts';
import { signSmsReceipt } from './sms-receipts.routes.ts';

const secret = 'test-provider-secret-0123456789abcdef';
process.env.HADO_SMS_RECEIPT_SECRET = secret;

describeEachEngine('SMS delivery reports', ({ handle }) => {
  // 10:00 in Seoul, outside quiet hours.
  const clock = new ManualClock(new Date('2026-03-10T01:00:00Z'));
  let hado: TestApp;
  let provider: Server;
  let providerUrl: string;
  let serial = 0;

  beforeAll(async () => {
    hado = await createTestApp(handle(), { demo: false, clock });
    // A provider that accepts every message and names it PRV-<n>.
    provider = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        serial += 1;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ messageId: `PRV-${serial}` }));
      });
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', () => resolve()));
    const address = provider.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    providerUrl = `http://127.0.0.1:${address.port}/send`;
  });
  afterAll(async () => {
    await hado?.close();
    provider?.closeAllConnections();
    await new Promise<void>((resolve) => (provider ? provider.close(() => resolve()) : resolve()));
  });

  /** Queues messages and sends them through the HTTP transport: each ends `sent` with the provider's id. */
  async function sendThroughProvider(keys: string[]): Promise<Map<string, string>> {
    await handle()
      .db.transaction()
      .execute((tx) =>
        enqueue(
          tx,
          keys.map((key) => ({
            key,
            contractId: null,
            kind: 'test',
            recipient: { kind: 'phone' as const, id: null, phone: '+821012345678', locale: 'ko' as const },
            sender: '15880142',
            body: `[Hado] 하도급대금 1,250,000원 입금 (${key})`,
            payload: {},
            urgent: true,
          })),
          { now: clock.now(), quietHours: null },
        ),
      );
    const transport = new HttpTransport({ url: providerUrl, authorization: 'Bearer provider-token', clock });
    const worker = new OutboxWorker({ handle: handle(), transport, clock });
    await worker.runOnce();
    await transport.close();
    const rows = await handle()
      .db.selectFrom('outbox_messages')
      .select(['idempotency_key', 'state', 'provider_message_id'])
      .where('idempotency_key', 'in', keys)
      .execute();
    expect(rows.map((row) => row.state)).toEqual(keys.map(() => 'sent'));
    return new Map(rows.map((row) => [row.idempotency_key, row.provider_message_id!]));
  }

  const stateOf = async (key: string) =>
    handle()
      .db.selectFrom('outbox_messages')
      .select(['state', 'delivered_at', 'last_error'])
      .where('idempotency_key', '=', key)
      .executeTakeFirstOrThrow();

  const report = (body: string, headers: Record<string, string>) =>
    hado.app.inject({
      method: 'POST',
      url: '/api/v1/sms/receipts',
      headers: { 'content-type': 'application/json', ...headers },
      payload: body,
    });

  test('a signed report marks the message delivered, or undeliverable, by the provider id', async () => {
    const ids = await sendThroughProvider(['receipt:a', 'receipt:b']);
    const delivered = JSON.stringify({ messageId: ids.get('receipt:a'), state: 'delivered' });
    const ok = await report(delivered, signSmsReceipt(secret, delivered, new Date()));
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ result: 'recorded', state: 'delivered' });
    expect(await stateOf('receipt:a')).toMatchObject({ state: 'delivered', last_error: null });
    expect((await stateOf('receipt:a')).delivered_at).not.toBeNull();

    const expired = JSON.stringify({ messageId: ids.get('receipt:b'), state: 'expired' });
    const failed = await report(expired, signSmsReceipt(secret, expired, new Date()));
    expect(failed.statusCode).toBe(200);
    expect(await stateOf('receipt:b')).toMatchObject({
      state: 'undeliverable',
      delivered_at: null,
      last_error: 'delivery receipt: expired',
    });
    const audit = await handle()
      .db.selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'outbox.delivery_receipt')
      .execute();
    expect(audit.length).toBe(2);
  });

  test('bad signatures, stale or replayed reports and unknown ids are refused, and nothing changes', async () => {
    const ids = await sendThroughProvider(['receipt:c']);
    const body = JSON.stringify({ messageId: ids.get('receipt:c'), state: 'delivered' });
    const signed = signSmsReceipt(secret, body, new Date());
    const cases: { name: string; body: string; headers: Record<string, string>; status: number; code: string }[] = [
      { name: 'unsigned', body, headers: {}, status: 401, code: 'signature_missing' },
      {
        name: 'signed with another secret',
        body,
        headers: signSmsReceipt('another-secret-0123456789abcdefghijkl', body, new Date()),
        status: 401,
        code: 'signature_invalid',
      },
      {
        name: 'body changed after signing',
        body: body.replace('delivered', 'rejected'),
        headers: signed,
        status: 401,
        code: 'signature_invalid',
      },
      {
        name: 'signed an hour ago',
        body,
        headers: signSmsReceipt(secret, body, new Date(Date.now() - 3_600_000)),
        status: 401,
        code: 'signature_expired',
      },
      {
        name: 'malformed signature',
        body,
        headers: { ...signed, 'x-hado-signature': 'zz' },
        status: 401,
        code: 'signature_malformed',
      },
    ];
    for (const row of cases) {
      const response = await report(row.body, row.headers);
      expect([row.name, response.statusCode, response.json().error.code]).toEqual([row.name, row.status, row.code]);
    }
    expect((await stateOf('receipt:c')).state).toBe('sent');

    const unknown = JSON.stringify({ messageId: 'PRV-NOBODY', state: 'delivered' });
    const refused = await report(unknown, signSmsReceipt(secret, unknown, new Date()));
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error).toMatchObject({ code: 'unknown_message', field: 'messageId' });

    const accepted = await report(body, signed);
    expect(accepted.statusCode).toBe(200);
    const replayed = await report(body, signed);
    expect(replayed.statusCode).toBe(401);
    expect(replayed.json().error.code).toBe('signature_replayed');
    expect((await stateOf('receipt:c')).state).toBe('delivered');
  });
});
