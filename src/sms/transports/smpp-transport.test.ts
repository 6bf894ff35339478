// Specifies the SMPP transport against a real SMPP server on loopback (built with the same `smpp` package): bind,
// Korean text as KS C 5601 bytes, LMS and UCS-2, the outbox key on every submit, delivery receipts, a centre
// that is down, drops the connection, refuses the credentials, answers with an error or not at all.
import { createServer as createNetServer } from 'node:net';
import iconv from 'iconv-lite';
import smpp from 'smpp';
import { afterEach, describe, expect, test } from 'vitest';
import {
  SmppTransport,
  type SmppTransportOptions,
  smppOutboxKeyField,
  smppOutboxKeyTagDefault,
} from './smpp-transport.ts';
import type { DeliveryReceipt } from './sms-transport.ts';

const outboxKeyField = smppOutboxKeyField(smppOutboxKeyTagDefault);
const message = {
  outboxKey: 'outbox-42',
  to: '+821012345678',
  from: '15881234',
  text: '3월 기성 1,250,000원이 지급되었습니다',
};

type SmscBehaviour = {
  password?: string;
  /** What to answer a submit_sm: a status, or 'silence' to answer nothing. */
  submitAnswer?: number | 'silence';
  answerEnquireLink?: boolean;
};

/** A small SMS centre: records binds, submits and enquire_links, answers as told. */
class TestSmsc {
  readonly submits: smpp.PDU[] = [];
  readonly binds: smpp.PDU[] = [];
  readonly deliverResponses: smpp.PDU[] = [];
  enquireLinks = 0;
  #server: smpp.Server | undefined;
  #nextId = 1;

  constructor(readonly behaviour: SmscBehaviour = {}) {}

  async start(port = 0): Promise<number> {
    const server = smpp.createServer({}, (session) => this.#serve(session));
    this.#server = server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    return address.port;
  }

  get sessions(): smpp.Session[] {
    return this.#server?.sessions ?? [];
  }

  /** Sends a deliver_sm to the first bound client session. */
  sendDeliverSm(fields: smpp.PduFields): void {
    const session = this.sessions[0];
    if (session === undefined) throw new Error('no session');
    session.deliver_sm(fields, (pdu) => this.deliverResponses.push(pdu));
  }

  /** Stops listening and cuts every session. */
  async stop(): Promise<void> {
    const server = this.#server;
    if (server === undefined) return;
    this.#server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const session of [...server.sessions]) session.destroy();
    await closed;
  }

  #serve(session: smpp.Session): void {
    session.on('error', () => {});
    session.on('bind_transceiver', (pdu) => {
      this.binds.push(pdu);
      if (pdu['password'] !== (this.behaviour.password ?? 'secret')) {
        session.send(pdu.response({ command_status: smpp.ESME_RINVPASWD }));
        return;
      }
      session.send(pdu.response({ system_id: 'test-smsc' }));
    });
    session.on('submit_sm', (pdu) => {
      this.submits.push(pdu);
      const answer = this.behaviour.submitAnswer ?? smpp.ESME_ROK;
      if (answer === 'silence') return;
      if (answer !== smpp.ESME_ROK) {
        session.send(pdu.response({ command_status: answer }));
        return;
      }
      session.send(pdu.response({ message_id: `msg-${this.#nextId++}` }));
    });
    session.on('enquire_link', (pdu) => {
      this.enquireLinks += 1;
      if (this.behaviour.answerEnquireLink !== false) session.send(pdu.response());
    });
    session.on('unbind', (pdu) => {
      session.send(pdu.response());
      session.close();
    });
  }
}

const eventTimeoutMs = 20_000;

/** Polls until the condition holds; generous, because correctness tests never assert a speed. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + eventTimeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A port nothing listens on: bound, then released. */
async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startSmsc(behaviour: SmscBehaviour = {}): Promise<{ smsc: TestSmsc; port: number }> {
  const smsc = new TestSmsc(behaviour);
  const port = await smsc.start();
  cleanups.push(() => smsc.stop());
  return { smsc, port };
}

function connect(port: number, options: Partial<SmppTransportOptions> = {}): SmppTransport {
  const transport = new SmppTransport({
    host: '127.0.0.1',
    port,
    systemId: 'hado',
    password: 'secret',
    reconnectDelayMs: 20,
    submitTimeoutMs: 5_000,
    ...options,
  });
  cleanups.push(() => transport.close());
  return transport;
}

function payloadOf(pdu: smpp.PDU, field: 'short_message' | 'message_payload'): Buffer {
  const value = pdu[field] as { message: unknown } | undefined;
  if (value === undefined || !Buffer.isBuffer(value.message)) throw new Error(`${field} is not raw bytes`);
  return value.message;
}

describe('submitting', () => {
  test('binds as a transceiver and submits Korean text as KS C 5601 bytes with the outbox key', async () => {
    const { smsc, port } = await startSmsc();
    const transport = connect(port);
    const result = await transport.send(message);
    expect(result).toEqual({ kind: 'accepted', providerMessageId: 'msg-1' });

    expect(smsc.binds).toHaveLength(1);
    expect(smsc.binds[0]).toMatchObject({ system_id: 'hado', password: 'secret', interface_version: 0x34 });
    expect(smsc.submits).toHaveLength(1);
    const submit = smsc.submits[0]!;
    expect(submit).toMatchObject({
      data_coding: 0x0e,
      dest_addr_ton: 1,
      dest_addr_npi: 1,
      destination_addr: '821012345678',
      source_addr: '15881234',
      registered_delivery: 1,
      [outboxKeyField]: 'outbox-42',
    });
    const bytes = payloadOf(submit, 'short_message');
    expect(iconv.decode(bytes, 'euc-kr')).toBe(message.text);
    expect(bytes.length).toBe(iconv.encode(message.text, 'euc-kr').length);
  });

  test('a repeat of the same outbox row carries the same key, so the centre sees the repeat', async () => {
    const { smsc, port } = await startSmsc();
    const transport = connect(port);
    await transport.send(message);
    await transport.send(message);
    expect(smsc.submits.map((pdu) => pdu[outboxKeyField])).toEqual(['outbox-42', 'outbox-42']);
  });

  test('an LMS goes whole in message_payload, with the subject as its first line', async () => {
    const { smsc, port } = await startSmsc();
    const transport = connect(port);
    const text = '가'.repeat(100);
    expect(await transport.send({ ...message, text, subject: '지급 안내' })).toMatchObject({ kind: 'accepted' });
    const submit = smsc.submits[0]!;
    expect(iconv.decode(payloadOf(submit, 'message_payload'), 'euc-kr')).toBe(`지급 안내\n${text}`);
    expect(payloadOf(submit, 'short_message').length).toBe(0);
  });

  test('an emoji under the ucs2 policy sends UCS-2 with data_coding 0x08', async () => {
    const { smsc, port } = await startSmsc();
    const transport = connect(port, { unicodePolicy: 'ucs2' });
    expect(await transport.send({ ...message, text: '입금 완료 😀' })).toMatchObject({ kind: 'accepted' });
    const submit = smsc.submits[0]!;
    expect(submit['data_coding']).toBe(0x08);
    // The package decodes data_coding 0x08 itself (as UTF-16BE), so the server sees the text, not bytes.
    expect((submit['short_message'] as { message: unknown }).message).toBe('입금 완료 😀');
  });

  test('a text too long for an LMS fails without retry and is not submitted', async () => {
    const { smsc, port } = await startSmsc();
    const transport = connect(port);
    expect(await transport.send({ ...message, text: '가'.repeat(1001) })).toEqual({
      kind: 'failed',
      retryable: false,
      reason: 'too_long: 2002 bytes',
    });
    expect(smsc.submits).toHaveLength(0);
  });

  for (const row of [
    { status: 'ESME_RINVDSTADR', retryable: false },
    { status: 'ESME_RINVMSGLEN', retryable: false },
    { status: 'ESME_RTHROTTLED', retryable: true },
    { status: 'ESME_RMSGQFUL', retryable: true },
    { status: 'ESME_RSYSERR', retryable: true },
  ]) {
    test(`the centre answering ${row.status} → failed, retryable ${row.retryable}`, async () => {
      const { port } = await startSmsc({ submitAnswer: smpp.errors[row.status] });
      const transport = connect(port);
      const result = await transport.send(message);
      expect(result).toMatchObject({ kind: 'failed', retryable: row.retryable });
      if (result.kind === 'failed') expect(result.reason).toContain(row.status);
    });
  }

  test('a submit the centre never answers fails as retryable after the submit timeout', async () => {
    const { smsc, port } = await startSmsc({ submitAnswer: 'silence' });
    const transport = connect(port, { submitTimeoutMs: 300 });
    const result = await transport.send(message);
    expect(result).toMatchObject({ kind: 'failed', retryable: true });
    expect(smsc.submits).toHaveLength(1);
  });
});

describe('delivery receipts', () => {
  test('a receipt with TLVs and text reports delivered for the right message, and is acknowledged', async () => {
    const { smsc, port } = await startSmsc();
    const transport = connect(port);
    const receipts: DeliveryReceipt[] = [];
    transport.onDeliveryReceipt((receipt) => {
      receipts.push(receipt);
    });
    const first = await transport.send(message);
    const second = await transport.send({ ...message, outboxKey: 'outbox-43' });
    if (first.kind !== 'accepted' || second.kind !== 'accepted') throw new Error('not accepted');

    smsc.sendDeliverSm({
      source_addr: '821012345678',
      destination_addr: '15881234',
      esm_class: 0x04,
      short_message: `id:${second.providerMessageId} sub:001 dlvrd:001 submit date:2603101200 done date:2603101201 stat:DELIVRD err:000 text:`,
      receipted_message_id: second.providerMessageId,
      message_state: 2,
    });
    await until(() => receipts.length === 1 && smsc.deliverResponses.length === 1, 'the receipt');
    expect(receipts[0]).toMatchObject({ providerMessageId: 'msg-2', state: 'delivered' });
    expect(receipts[0]!.at).toBeInstanceOf(Date);
    expect(smsc.deliverResponses[0]!.command_status).toBe(smpp.ESME_ROK);
  });

  test('a receipt with text only (Appendix B) reports its stat', async () => {
    const { smsc, port } = await startSmsc();
    const transport = connect(port);
    const receipts: DeliveryReceipt[] = [];
    transport.onDeliveryReceipt((receipt) => {
      receipts.push(receipt);
    });
    const sent = await transport.send(message);
    if (sent.kind !== 'accepted') throw new Error('not accepted');
    smsc.sendDeliverSm({
      esm_class: 0x04,
      short_message: `id:${sent.providerMessageId} sub:001 dlvrd:000 submit date:2603101200 done date:2603101300 stat:UNDELIV err:001 text:`,
    });
    await until(() => receipts.length === 1, 'the receipt');
    expect(receipts[0]).toMatchObject({ providerMessageId: 'msg-1', state: 'undeliverable' });
  });

  test('a handler that fails makes the answer a temporary error, so the centre sends the receipt again', async () => {
    const { smsc, port } = await startSmsc();
    const transport = connect(port);
    transport.onDeliveryReceipt(async () => {
      throw new Error('database unavailable');
    });
    await transport.send(message);
    smsc.sendDeliverSm({ esm_class: 0x04, receipted_message_id: 'msg-1', message_state: 2 });
    await until(() => smsc.deliverResponses.length === 1, 'the answer');
    expect(smsc.deliverResponses[0]!.command_status).toBe(smpp.errors['ESME_RX_T_APPN']);
  });

  test('a message from a handset (not a receipt) is acknowledged and reported to no handler', async () => {
    const { smsc, port } = await startSmsc();
    const transport = connect(port);
    const receipts: DeliveryReceipt[] = [];
    transport.onDeliveryReceipt((receipt) => {
      receipts.push(receipt);
    });
    await transport.send(message);
    smsc.sendDeliverSm({ esm_class: 0, short_message: 'id:msg-1 stat:DELIVRD' });
    await until(() => smsc.deliverResponses.length === 1, 'the answer');
    expect(smsc.deliverResponses[0]!.command_status).toBe(smpp.ESME_ROK);
    expect(receipts).toEqual([]);
  });
});

describe('the connection', () => {
  test('a centre that is down makes send fail as retryable, without throwing', async () => {
    const transport = connect(await freePort());
    const result = await transport.send(message);
    expect(result).toEqual({ kind: 'failed', retryable: true, reason: 'not connected to the SMS centre' });
  });

  test('when the centre closes the connection the transport reconnects and a later send succeeds', async () => {
    const { smsc, port } = await startSmsc();
    const transport = connect(port);
    expect(await transport.send(message)).toMatchObject({ kind: 'accepted' });
    await smsc.stop();
    await until(() => transport.status !== 'bound', 'the transport to notice');
    expect(await transport.send(message)).toMatchObject({ kind: 'failed', retryable: true });

    const restarted = new TestSmsc();
    await restarted.start(port);
    cleanups.push(() => restarted.stop());
    await until(() => transport.status === 'bound', 'the reconnect');
    expect(await transport.send(message)).toMatchObject({ kind: 'accepted' });
    expect(restarted.submits).toHaveLength(1);
  });

  test('a session cut by the centre is rebuilt on the same listener', async () => {
    const { smsc, port } = await startSmsc();
    const transport = connect(port);
    expect(await transport.waitUntilSettled(eventTimeoutMs)).toBe('bound');
    smsc.sessions[0]!.close();
    await until(() => smsc.binds.length === 2 && transport.status === 'bound', 'the second bind');
    expect(await transport.send(message)).toMatchObject({ kind: 'accepted' });
  });

  test('a submit in flight when the connection drops fails as retryable', async () => {
    const { smsc, port } = await startSmsc({ submitAnswer: 'silence' });
    const transport = connect(port, { submitTimeoutMs: 60_000 });
    expect(await transport.waitUntilSettled(eventTimeoutMs)).toBe('bound');
    const pending = transport.send(message);
    await until(() => smsc.submits.length === 1, 'the submit');
    smsc.sessions[0]!.destroy();
    expect(await pending).toEqual({
      kind: 'failed',
      retryable: true,
      reason: 'connection lost before the SMS centre answered',
    });
  });

  test('bad credentials make send fail without retry, and the transport stops binding', async () => {
    const { smsc, port } = await startSmsc({ password: 'the-right-one' });
    const transport = connect(port);
    const result = await transport.send(message);
    expect(result).toMatchObject({ kind: 'failed', retryable: false });
    if (result.kind === 'failed') expect(result.reason).toContain('ESME_RINVPASWD');
    expect(transport.status).toBe('refused');
    expect(smsc.binds).toHaveLength(1);
  });

  test('enquire_link keeps the session alive', async () => {
    const { smsc, port } = await startSmsc();
    const transport = connect(port, { enquireLinkPeriodMs: 20 });
    await until(() => smsc.enquireLinks >= 3, 'three enquire_links');
    expect(transport.status).toBe('bound');
    expect(smsc.binds).toHaveLength(1);
  });

  test('a centre that stops answering enquire_link is cut and bound again', async () => {
    const { smsc, port } = await startSmsc({ answerEnquireLink: false });
    connect(port, { enquireLinkPeriodMs: 20, submitTimeoutMs: 200 });
    await until(() => smsc.binds.length >= 2, 'a second bind');
  });

  test('after close a send fails without retry', async () => {
    const { port } = await startSmsc();
    const transport = connect(port);
    expect(await transport.waitUntilSettled(eventTimeoutMs)).toBe('bound');
    await transport.close();
    expect(transport.status).toBe('closed');
    expect(await transport.send(message)).toEqual({ kind: 'failed', retryable: false, reason: 'transport closed' });
  });
});
