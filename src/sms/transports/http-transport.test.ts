// Specifies the HTTP provider transport against a real node:http server on 127.0.0.1: the request it posts, how
// each answer maps to accepted / failed (retryable or not), network failures and timeouts, and receipts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { AssertionError } from '../../kernel/assert.ts';
import { ManualClock } from '../../kernel/clock.ts';
import { smsProviderResponseBytesMax } from '../../kernel/limits.ts';
import { HttpTransport, type HttpTransportOptions } from './http-transport.ts';
import type { DeliveryReceipt } from './sms-transport.ts';

const message = { outboxKey: 'outbox-7', to: '+821012345678', from: '15881234', text: '노무비 2,400,000원 입금 예정' };

type Received = { method: string; url: string; headers: IncomingMessage['headers']; body: string };
type Handler = (request: IncomingMessage, response: ServerResponse) => void;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A provider on loopback: records each request, answers with `handler`. */
async function startProvider(handler: Handler): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      handler(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { url: `http://127.0.0.1:${address.port}/v1/sms`, received };
}

const answer =
  (status: number, body: unknown): Handler =>
  (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

function transportFor(url: string, options: Partial<HttpTransportOptions> = {}): HttpTransport {
  const transport = new HttpTransport({ url, authorization: 'Bearer test-token', ...options });
  cleanups.push(() => transport.close());
  return transport;
}

describe('the request', () => {
  test('posts JSON with the credential and the outbox key, and reads the message id', async () => {
    const { url, received } = await startProvider(answer(200, { messageId: 'p-123' }));
    const result = await transportFor(url).send(message);
    expect(result).toEqual({ kind: 'accepted', providerMessageId: 'p-123' });
    expect(received).toHaveLength(1);
    const request = received[0]!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v1/sms');
    expect(request.headers['authorization']).toBe('Bearer test-token');
    expect(request.headers['idempotency-key']).toBe('outbox-7');
    expect(request.headers['content-type']).toContain('application/json');
    expect(JSON.parse(request.body)).toEqual({
      messageKey: 'outbox-7',
      to: '+821012345678',
      from: '15881234',
      type: 'SMS',
      encoding: 'euc-kr',
      text: message.text,
    });
  });

  test('a long text with a subject is posted as an LMS', async () => {
    const { url, received } = await startProvider(answer(201, { id: 99 }));
    const result = await transportFor(url).send({ ...message, text: '가'.repeat(46), subject: '지급 안내' });
    expect(result).toEqual({ kind: 'accepted', providerMessageId: '99' });
    expect(JSON.parse(received[0]!.body)).toMatchObject({ type: 'LMS', subject: '지급 안내' });
  });

  test('a provider with its own shapes gets its own body and id reader', async () => {
    const { url, received } = await startProvider(answer(200, { result: { msg_id: 'x-1' } }));
    const transport = transportFor(url, {
      buildBody: (m, plan) => ({ receiver: m.to, msg: m.text, msg_type: plan.kind.toUpperCase() }),
      readMessageId: (body) => (body as { result?: { msg_id?: string } }).result?.msg_id,
    });
    expect(await transport.send(message)).toEqual({ kind: 'accepted', providerMessageId: 'x-1' });
    expect(JSON.parse(received[0]!.body)).toEqual({ receiver: '+821012345678', msg: message.text, msg_type: 'SMS' });
  });

  test('a text too long for an LMS fails without retry and is not posted', async () => {
    const { url, received } = await startProvider(answer(200, { messageId: 'p' }));
    expect(await transportFor(url).send({ ...message, text: 'a'.repeat(2001) })).toMatchObject({
      kind: 'failed',
      retryable: false,
    });
    expect(received).toHaveLength(0);
  });

  test('a provider URL in clear text off this host is a programmer error', () => {
    expect(() => new HttpTransport({ url: 'http://sms.example.com/send', authorization: 'x' })).toThrow(AssertionError);
  });
});

describe('answers', () => {
  for (const row of [
    { status: 500, retryable: true },
    { status: 502, retryable: true },
    { status: 503, retryable: true },
    { status: 408, retryable: true },
    { status: 429, retryable: true },
    { status: 400, retryable: false },
    { status: 401, retryable: false },
    { status: 403, retryable: false },
    { status: 422, retryable: false },
    { status: 302, retryable: false },
  ]) {
    test(`HTTP ${row.status} → failed, retryable ${row.retryable}`, async () => {
      const { url } = await startProvider(answer(row.status, { error: 'nope' }));
      const result = await transportFor(url).send(message);
      expect(result).toMatchObject({ kind: 'failed', retryable: row.retryable });
      if (result.kind === 'failed') expect(result.reason).toContain(`HTTP ${row.status}`);
    });
  }

  test('2xx without a message id fails without retry (it may have been sent)', async () => {
    const { url } = await startProvider(answer(200, { ok: true }));
    expect(await transportFor(url).send(message)).toEqual({
      kind: 'failed',
      retryable: false,
      reason: 'HTTP 200 without a message id',
    });
  });

  test('2xx with a body that is not JSON fails without retry', async () => {
    const { url } = await startProvider(answer(200, 'OK'));
    expect(await transportFor(url).send(message)).toMatchObject({ kind: 'failed', retryable: false });
  });

  test('an oversized answer is read only up to the limit', async () => {
    const { url } = await startProvider((_request, response) => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('x'.repeat(smsProviderResponseBytesMax * 4));
    });
    const result = await transportFor(url).send(message);
    expect(result).toMatchObject({ kind: 'failed', retryable: true });
    if (result.kind === 'failed') expect(result.reason.length).toBeLessThan(300);
  });
});

describe('network failures', () => {
  test('a provider that is down → failed retryable, without throwing', async () => {
    const server = createNetServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (address === null || typeof address === 'string') throw new Error('no port');
    const result = await transportFor(`http://127.0.0.1:${address.port}/`).send(message);
    expect(result).toMatchObject({ kind: 'failed', retryable: true });
    if (result.kind === 'failed') expect(result.reason).toContain('ECONNREFUSED');
  });

  test('a connection cut before the answer → failed retryable', async () => {
    const { url } = await startProvider((request) => request.socket.destroy());
    expect(await transportFor(url).send(message)).toMatchObject({ kind: 'failed', retryable: true });
  });

  test('a provider that never answers → failed retryable after the timeout', async () => {
    const { url } = await startProvider(() => {});
    expect(await transportFor(url, { timeoutMs: 200 }).send(message)).toEqual({
      kind: 'failed',
      retryable: true,
      reason: 'provider did not answer in time',
    });
  });

  test('after close a send fails without retry', async () => {
    const { url, received } = await startProvider(answer(200, { messageId: 'p' }));
    const transport = transportFor(url);
    await transport.close();
    expect(await transport.send(message)).toEqual({ kind: 'failed', retryable: false, reason: 'transport closed' });
    expect(received).toHaveLength(0);
  });
});

describe('delivery receipts', () => {
  test('a receipt from the webhook reaches every handler with the time it arrived', async () => {
    const at = new Date('2026-03-10T03:00:00Z');
    const transport = transportFor('https://sms.example.com/send', { clock: new ManualClock(at) });
    const seen: DeliveryReceipt[] = [];
    transport.onDeliveryReceipt((receipt) => {
      seen.push(receipt);
    });
    await transport.receiveDeliveryReceipt({ providerMessageId: 'p-1', state: 'expired' });
    expect(seen).toEqual([{ providerMessageId: 'p-1', state: 'expired', at }]);
  });
});
