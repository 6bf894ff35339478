// Specifies the transactional outbox on both engines: messages commit with the change that causes them (or not at
// all), one per event key; the worker sends Korean text over SMPP to a loopback SMS centre with the outbox key on
// every submit, marks messages delivered on receipts, retries with backoff while the centre is down and loses
// nothing, gives up after the attempt limit or on a refusal, and holds non-urgent messages through quiet hours.
import iconv from 'iconv-lite';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { describeEachEngine } from '../db/test-engines.ts';
import { ManualClock } from '../kernel/clock.ts';
import { SmppTransport, type SmsTransport } from '../sms/transports/index.ts';
import { enqueue, type OutboxMessageInput } from './enqueue.ts';
import { OutboxWorker } from './outbox-worker.ts';
import { defaultQuietHours } from './quiet-hours.ts';
import { TestSmsc } from './test-smsc.ts';

const phone = '+821012345678';
let serial = 0;
function message(overrides: Partial<OutboxMessageInput> = {}): OutboxMessageInput {
  serial += 1;
  return {
    key: `test:${serial}`,
    contractId: null,
    kind: 'test',
    recipient: { kind: 'phone', id: null, phone, locale: 'ko' },
    sender: '15880142',
    body: `[Hado] 3월 기성 중 1,250,000원이 귀사 몫입니다 (${serial})`,
    payload: { serial },
    urgent: true,
    ...overrides,
  };
}

async function until(condition: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describeEachEngine('outbox', ({ handle }) => {
  // 10:00 in Seoul: outside quiet hours.
  const clock = new ManualClock(new Date('2026-03-10T01:00:00Z'));
  const now = () => clock.now();
  let smsc: TestSmsc;
  let port: number;
  let transport: SmsTransport;

  beforeAll(async () => {
    smsc = new TestSmsc();
    port = await smsc.start();
    transport = new SmppTransport({
      host: '127.0.0.1',
      port,
      systemId: 'hado',
      password: 'secret',
      reconnectDelayMs: 20,
      submitTimeoutMs: 5_000,
    });
  });
  afterAll(async () => {
    await transport.close();
    await smsc.stop();
  });
  beforeEach(async () => {
    // Each test starts with nothing left to send.
    await handle()
      .db.updateTable('outbox_messages')
      .set({ state: 'failed', updated_at: now() })
      .where('state', 'in', ['pending', 'sending'])
      .execute();
  });

  const stateOf = async (key: string) =>
    handle().db.selectFrom('outbox_messages').selectAll().where('idempotency_key', '=', key).executeTakeFirstOrThrow();

  describe('enqueue', () => {
    test('a message commits with its transaction, and a rolled-back change leaves no message', async () => {
      const kept = message();
      const lost = message();
      await handle()
        .db.transaction()
        .execute((tx) => enqueue(tx, [kept], { now: now(), quietHours: null }));
      await expect(
        handle()
          .db.transaction()
          .execute(async (tx) => {
            await enqueue(tx, [lost], { now: now(), quietHours: null });
            throw new Error('the change failed');
          }),
      ).rejects.toThrow('the change failed');
      const keys = await handle().db.selectFrom('outbox_messages').select('idempotency_key').execute();
      expect(keys.map((row) => row.idempotency_key)).toContain(kept.key);
      expect(keys.map((row) => row.idempotency_key)).not.toContain(lost.key);
    });

    test('the same event key twice is one message', async () => {
      const once = message();
      const first = await enqueue(handle().db, [once], { now: now(), quietHours: null });
      const second = await enqueue(handle().db, [{ ...once, body: 'changed' }], { now: now(), quietHours: null });
      expect(first).toEqual([once.key]);
      expect(second).toEqual([]);
      expect((await stateOf(once.key)).body).toBe(once.body);
    });

    test('a non-urgent message enqueued at 22:30 in Seoul waits until 08:00; an urgent one does not', async () => {
      const at = new Date('2026-03-10T13:30:00Z'); // 22:30 KST
      const calm = message({ urgent: false });
      const urgent = message({ urgent: true });
      await enqueue(handle().db, [calm, urgent], { now: at, quietHours: defaultQuietHours });
      expect((await stateOf(calm.key)).next_attempt_at.toISOString()).toBe('2026-03-10T23:00:00.000Z');
      expect((await stateOf(urgent.key)).next_attempt_at.toISOString()).toBe(at.toISOString());
    });
  });

  describe('sending over SMPP', () => {
    test('Korean text reaches the SMS centre once, with its outbox key, and a receipt marks it delivered', async () => {
      const worker = new OutboxWorker({ handle: handle(), transport, clock });
      const sent = message();
      await enqueue(handle().db, [sent], { now: now(), quietHours: null });
      const before = smsc.submits.length;
      expect(await worker.runOnce()).toEqual({ claimed: 1, accepted: 1, retried: 0, failed: 0 });
      const submits = smsc.submits.slice(before);
      expect(submits.map((submit) => submit.key)).toEqual([sent.key]);
      const submit = submits[0]!;
      expect(submit.to).toBe('821012345678');
      const bytes = (submit.pdu['short_message'] as { message: Buffer }).message;
      expect(iconv.decode(bytes, 'euc-kr')).toBe(sent.body);
      expect(submit.pdu['data_coding']).toBe(0x0e);

      const row = await stateOf(sent.key);
      expect(row).toMatchObject({ state: 'sent', attempts: 1, provider_message_id: submit.messageId });
      smsc.sendReceipt(submit.messageId);
      await until(async () => (await stateOf(sent.key)).state === 'delivered', 'the receipt');
      expect((await stateOf(sent.key)).delivered_at).toBeInstanceOf(Date);
      const attempts = await handle()
        .db.selectFrom('outbox_attempts')
        .selectAll()
        .where('message_id', '=', row.id)
        .execute();
      expect(attempts).toHaveLength(1);
      expect(attempts[0]).toMatchObject({ attempt: 1, outcome: 'accepted', provider_message_id: submit.messageId });
      // Nothing left: a second run sends nothing.
      expect((await worker.runOnce()).claimed).toBe(0);
    });

    test('an undeliverable receipt marks the message undeliverable', async () => {
      const worker = new OutboxWorker({ handle: handle(), transport, clock });
      const sent = message();
      await enqueue(handle().db, [sent], { now: now(), quietHours: null });
      await worker.runOnce();
      const submit = smsc.submits.find((candidate) => candidate.key === sent.key)!;
      smsc.sendReceipt(submit.messageId, 'UNDELIV');
      await until(async () => (await stateOf(sent.key)).state === 'undeliverable', 'the receipt');
    });

    test('a batch never exceeds its limit and the rest follow in the next', async () => {
      const worker = new OutboxWorker({ handle: handle(), transport, clock, batchMax: 3 });
      const batch = [message(), message(), message(), message(), message()];
      await enqueue(handle().db, batch, { now: now(), quietHours: null });
      expect((await worker.runOnce()).claimed).toBe(3);
      expect((await worker.runOnce()).claimed).toBe(2);
      const counts = smsc.countsByKey();
      for (const sent of batch) expect(counts.get(sent.key)).toBe(1);
    });

    test('quiet hours: a held message is not claimed before 08:00 and goes after', async () => {
      const worker = new OutboxWorker({ handle: handle(), transport, clock });
      clock.set(new Date('2026-03-10T13:30:00Z')); // 22:30 KST
      const calm = message({ urgent: false });
      await enqueue(handle().db, [calm], { now: now(), quietHours: defaultQuietHours });
      expect((await worker.runOnce()).claimed).toBe(0);
      clock.set(new Date('2026-03-10T23:00:00Z')); // 08:00 KST
      expect((await worker.runOnce()).accepted).toBe(1);
      expect(smsc.countsByKey().get(calm.key)).toBe(1);
      clock.set(new Date('2026-03-11T01:00:00Z'));
    });
  });

  describe('an SMS centre that is down', () => {
    test('retries with exponential backoff, records every attempt, and loses nothing once it is back', async () => {
      const down = new TestSmsc();
      const downPort = await down.start();
      await down.stop(); // nobody listens on this port now
      const flaky = new SmppTransport({
        host: '127.0.0.1',
        port: downPort,
        systemId: 'hado',
        password: 'secret',
        reconnectDelayMs: 20,
        submitTimeoutMs: 2_000,
      });
      try {
        const worker = new OutboxWorker({ handle: handle(), transport: flaky, clock, retryBaseMs: 1_000 });
        const pending = [message(), message(), message()];
        await enqueue(handle().db, pending, { now: now(), quietHours: null });
        const start = now().getTime();

        // Three attempts while the centre is down: after each, the wait doubles (1 s, 2 s, 4 s).
        for (const [index, delayMs] of [1_000, 2_000, 4_000].entries()) {
          expect(await worker.runOnce()).toEqual({ claimed: 3, accepted: 0, retried: 3, failed: 0 });
          for (const sent of pending) {
            const row = await stateOf(sent.key);
            expect(row).toMatchObject({ state: 'pending', attempts: index + 1 });
            expect(row.next_attempt_at.getTime() - now().getTime()).toBe(delayMs);
          }
          expect((await worker.runOnce()).claimed).toBe(0); // not before the backoff ends
          clock.advanceMs(delayMs);
        }
        expect(now().getTime() - start).toBe(7_000);

        // The centre comes back on the same port; the transport reconnects and every message goes exactly once.
        const back = new TestSmsc();
        await back.start(downPort);
        try {
          await until(() => flaky.status === 'bound', 'the reconnect');
          expect(await worker.runOnce()).toEqual({ claimed: 3, accepted: 3, retried: 0, failed: 0 });
          const counts = back.countsByKey();
          for (const sent of pending) {
            expect(counts.get(sent.key)).toBe(1);
            const row = await stateOf(sent.key);
            expect(row).toMatchObject({ state: 'sent', attempts: 4 });
            const attempts = await handle()
              .db.selectFrom('outbox_attempts')
              .select(['attempt', 'outcome'])
              .where('message_id', '=', row.id)
              .orderBy('attempt')
              .execute();
            expect(attempts.map((attempt) => attempt.outcome)).toEqual([
              'retryable',
              'retryable',
              'retryable',
              'accepted',
            ]);
          }
        } finally {
          await flaky.close();
          await back.stop();
        }
      } finally {
        await flaky.close();
      }
    });

    test('after the attempt limit a message is failed, not retried for ever', async () => {
      const down = new TestSmsc();
      const downPort = await down.start();
      await down.stop();
      const flaky = new SmppTransport({ host: '127.0.0.1', port: downPort, systemId: 'hado', password: 'secret' });
      try {
        const worker = new OutboxWorker({ handle: handle(), transport: flaky, clock, retryBaseMs: 10, attemptsMax: 3 });
        const doomed = message();
        await enqueue(handle().db, [doomed], { now: now(), quietHours: null });
        for (let attempt = 1; attempt <= 3; attempt += 1) {
          await worker.runOnce();
          clock.advanceMs(1_000);
        }
        expect(await stateOf(doomed.key)).toMatchObject({ state: 'failed', attempts: 3 });
        expect((await worker.runOnce()).claimed).toBe(0);
      } finally {
        await flaky.close();
      }
    });

    test('a text too long for an LMS fails at once without retry', async () => {
      const worker = new OutboxWorker({ handle: handle(), transport, clock });
      const tooLong = message({ body: '가'.repeat(1_001) });
      await enqueue(handle().db, [tooLong], { now: now(), quietHours: null });
      expect(await worker.runOnce()).toMatchObject({ claimed: 1, failed: 1 });
      expect(await stateOf(tooLong.key)).toMatchObject({ state: 'failed', attempts: 1 });
      expect(smsc.countsByKey().get(tooLong.key)).toBeUndefined();
    });
  });
});
