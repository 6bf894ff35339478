import { hostname } from 'node:os';
import { sql } from 'kysely';
import type { Handle } from '../db/database.ts';
import { assert } from '../kernel/assert.ts';
import type { Clock } from '../kernel/clock.ts';
import { outboxBatchMax, outboxLeaseMsMax, smsAttemptsMax } from '../kernel/limits.ts';
import type { DeliveryReceipt, SendResult, SmsTransport, TransportLogger } from '../sms/transports/index.ts';
import { silentLogger } from '../sms/transports/index.ts';
import { outboxRetryBaseMsDefault, retryDelayMs } from './retry-delay.ts';

/** What a secret message's text becomes once it was handed to the SMS centre. */
export const redactedBody = '[redacted after sending]';

/** A message the worker claimed: what it hands the transport, and which attempt this is. */
export type ClaimedMessage = {
  readonly id: bigint;
  readonly key: string;
  readonly phone: string;
  readonly sender: string;
  readonly subject: string | null;
  readonly body: string;
  readonly attempt: number;
};

export type OutboxWorkerHooks = {
  /** After a claim committed and before any submit (tests kill the process here). */
  afterClaim?(messages: readonly ClaimedMessage[]): Promise<void> | void;
  /** After a message's outcome committed. */
  afterRecord?(message: ClaimedMessage, outcome: AttemptOutcome): Promise<void> | void;
  /** Between the SMS centre's answer and Hado's commit: the documented crash window. */
  beforeRecord?(message: ClaimedMessage, result: SendResult): Promise<void> | void;
};

export type OutboxWorkerOptions = {
  readonly handle: Handle;
  readonly transport: SmsTransport;
  readonly clock: Clock;
  /** Names the worker in the attempts it records. */
  readonly workerName?: string;
  readonly batchMax?: number;
  /** How long a claim holds a message; a worker that died is taken over after it. */
  readonly leaseMs?: number;
  readonly retryBaseMs?: number;
  readonly attemptsMax?: number;
  /** Messages submitted at once (the SMPP window allows more; a handful keeps the order roughly fair). */
  readonly concurrency?: number;
  /** Poll for due messages this often when nothing wakes the worker. */
  readonly pollIntervalMs?: number;
  readonly hooks?: OutboxWorkerHooks;
  readonly logger?: TransportLogger;
};

/** What became of one attempt. */
export type AttemptOutcome = 'accepted' | 'retryable' | 'failed';

export type BatchResult = { claimed: number; accepted: number; retried: number; failed: number };

/**
 * The outbox worker. It claims due messages in short transactions (`for update skip locked`, so several workers
 * on one PostgreSQL never take the same row), commits the claim, submits each message outside any transaction,
 * then records the outcome in its own short transaction: PGlite's single connection is never held while the SMS
 * centre thinks. A claim is a lease: a worker that dies leaves the row to be taken over when the lease ends.
 *
 * Exactly once per event, except one window: a crash after the SMS centre accepted a message and before Hado
 * committed that fact. The message is then submitted again with the same outbox key (the centre sees the repeat),
 * the cut-short attempt is recorded as `interrupted`, and the message is marked `repeat_suspected`.
 */
export class OutboxWorker {
  readonly #options: Required<Omit<OutboxWorkerOptions, 'hooks'>> & { hooks: OutboxWorkerHooks };
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #wakeRequested = false;

  constructor(options: OutboxWorkerOptions) {
    this.#options = {
      ...options,
      workerName: options.workerName ?? `${hostname()}:${process.pid}`,
      batchMax: options.batchMax ?? outboxBatchMax,
      leaseMs: options.leaseMs ?? 2 * 60_000,
      retryBaseMs: options.retryBaseMs ?? outboxRetryBaseMsDefault,
      attemptsMax: options.attemptsMax ?? smsAttemptsMax,
      concurrency: options.concurrency ?? 8,
      pollIntervalMs: options.pollIntervalMs ?? 1_000,
      hooks: options.hooks ?? {},
      logger: options.logger ?? silentLogger,
    };
    const { batchMax, leaseMs, attemptsMax, concurrency } = this.#options;
    assert(batchMax >= 1 && batchMax <= outboxBatchMax, 'batch within outboxBatchMax');
    assert(leaseMs > 0 && leaseMs <= outboxLeaseMsMax, 'lease within outboxLeaseMsMax');
    assert(attemptsMax >= 1 && attemptsMax <= smsAttemptsMax, 'attempts within smsAttemptsMax');
    assert(concurrency >= 1);
    options.transport.onDeliveryReceipt?.((receipt) => this.recordReceipt(receipt));
  }

  /** Claims one batch of due messages, sends them, records each outcome. */
  async runOnce(): Promise<BatchResult> {
    const claimed = await this.#claim();
    const result: BatchResult = { claimed: claimed.length, accepted: 0, retried: 0, failed: 0 };
    if (claimed.length === 0) return result;
    await this.#options.hooks.afterClaim?.(claimed);
    const queue = [...claimed];
    const work = async () => {
      for (let message = queue.shift(); message; message = queue.shift()) {
        const outcome = await this.#deliver(message);
        if (outcome === 'accepted') result.accepted += 1;
        else if (outcome === 'retryable') result.retried += 1;
        else result.failed += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#options.concurrency, claimed.length) }, work));
    return result;
  }

  /** Runs until `stop`: a batch, then the next at once if the batch was full, else after a wake-up or the poll. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = (async () => {
      while (this.#running) {
        let full = false;
        try {
          const result = await this.runOnce();
          full = result.claimed === this.#options.batchMax;
        } catch (error) {
          this.#options.logger.warn({ error: String(error) }, 'outbox batch failed; will retry');
        }
        if (!full && this.#running) await this.#sleep();
      }
    })();
  }

  /** Asks a running worker to look for due messages now (a new message was committed). */
  wake(): void {
    this.#wakeRequested = true;
    this.#wake?.();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
  }

  /**
   * A delivery receipt: the message with this provider id is delivered (or not). A receipt can overtake the
   * commit of the submit it answers, so an unknown id is looked for again briefly before it is refused (the
   * transport then tells the centre to send the receipt again).
   */
  async recordReceipt(receipt: DeliveryReceipt): Promise<void> {
    if (receipt.state === 'unknown') return;
    const db = this.#options.handle.db;
    const delivered = receipt.state === 'delivered';
    for (let tries = 0; tries < 20; tries += 1) {
      const updated = await db
        .updateTable('outbox_messages')
        .set({
          state: delivered ? 'delivered' : 'undeliverable',
          delivered_at: delivered ? receipt.at : null,
          last_error: delivered ? null : `delivery receipt: ${receipt.state}`,
          updated_at: receipt.at,
        })
        .where('provider_message_id', '=', receipt.providerMessageId)
        .where('state', 'in', ['sent', 'delivered', 'undeliverable'])
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no sent message with provider id ${receipt.providerMessageId}`);
  }

  async #sleep(): Promise<void> {
    if (this.#wakeRequested) {
      this.#wakeRequested = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, this.#options.pollIntervalMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
    this.#wake = undefined;
    this.#wakeRequested = false;
  }

  /**
   * One short transaction: lock due rows nobody else holds, lease them, count the attempt, and record its start.
   * A row taken over from a dead worker has an attempt without an outcome: it becomes `interrupted`.
   */
  async #claim(): Promise<ClaimedMessage[]> {
    const { handle, clock, batchMax, leaseMs, workerName } = this.#options;
    const now = clock.now();
    const leaseEnd = new Date(now.getTime() + leaseMs);
    return handle.db.transaction().execute(async (tx) => {
      const { rows } = await sql<{
        id: bigint;
        idempotency_key: string;
        phone_e164: string;
        sender: string;
        subject: string | null;
        body: string;
        attempts: number;
      }>`
        with due as (
          select id, state as previous_state from outbox_messages
          where state in ('pending', 'sending') and next_attempt_at <= ${now}
          order by next_attempt_at, id
          limit ${batchMax}
          for update skip locked
        )
        update outbox_messages m
        set state = 'sending', attempts = m.attempts + 1, next_attempt_at = ${leaseEnd}, updated_at = ${now},
            repeat_suspected = m.repeat_suspected or due.previous_state = 'sending'
        from due
        where m.id = due.id
        returning m.id, m.idempotency_key, m.phone_e164, m.sender, m.subject, m.body, m.attempts`.execute(tx);
      if (rows.length === 0) return [];
      const ids = rows.map((row) => row.id);
      await tx
        .updateTable('outbox_attempts')
        .set({ outcome: 'interrupted', finished_at: now, error: 'the worker stopped before recording an outcome' })
        .where('message_id', 'in', ids)
        .where('outcome', 'is', null)
        .execute();
      await tx
        .insertInto('outbox_attempts')
        .values(rows.map((row) => ({ message_id: row.id, attempt: row.attempts, worker: workerName, started_at: now })))
        .execute();
      return rows
        .map((row) => ({
          id: row.id,
          key: row.idempotency_key,
          phone: row.phone_e164,
          sender: row.sender,
          subject: row.subject,
          body: row.body,
          attempt: row.attempts,
        }))
        .sort((a, b) => (a.id < b.id ? -1 : 1));
    });
  }

  async #deliver(message: ClaimedMessage): Promise<AttemptOutcome> {
    const { transport, attemptsMax, hooks } = this.#options;
    let result: SendResult;
    if (message.attempt > attemptsMax) {
      // Taken over after the last attempt was cut short: no attempts left.
      result = { kind: 'failed', retryable: false, reason: `${attemptsMax} attempts used` };
    } else {
      try {
        result = await transport.send({
          outboxKey: message.key,
          to: message.phone,
          from: message.sender,
          text: message.body,
          ...(message.subject ? { subject: message.subject } : {}),
        });
      } catch (error) {
        // Transports answer trouble with a result; a throw is a bug, recorded so the message is not lost.
        result = { kind: 'failed', retryable: true, reason: `transport error: ${String(error)}` };
      }
    }
    await hooks.beforeRecord?.(message, result);
    const outcome = await this.#record(message, result);
    await hooks.afterRecord?.(message, outcome);
    return outcome;
  }

  async #record(message: ClaimedMessage, result: SendResult): Promise<AttemptOutcome> {
    const { handle, clock, attemptsMax, retryBaseMs } = this.#options;
    const now = clock.now();
    const outcome: AttemptOutcome =
      result.kind === 'accepted'
        ? 'accepted'
        : result.retryable && message.attempt < attemptsMax
          ? 'retryable'
          : 'failed';
    const error = result.kind === 'failed' ? result.reason.slice(0, 500) : null;
    await handle.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('outbox_attempts')
        .set({
          outcome,
          finished_at: now,
          provider_message_id: result.kind === 'accepted' ? result.providerMessageId : null,
          error,
        })
        .where('message_id', '=', message.id)
        .where('attempt', '=', message.attempt)
        .where('outcome', 'is', null)
        .execute();
      const base = tx
        .updateTable('outbox_messages')
        .where('id', '=', message.id)
        .where('state', '=', 'sending')
        .where('attempts', '=', message.attempt);
      if (outcome === 'accepted' && result.kind === 'accepted') {
        await base
          .set({
            state: 'sent',
            sent_at: now,
            provider_message_id: result.providerMessageId,
            last_error: null,
            updated_at: now,
            // A sign-in code has done its work once the centre has it: it does not stay in the database.
            body: sql<string>`case when secret then ${redactedBody} else body end`,
          })
          .execute();
      } else if (outcome === 'retryable') {
        await base
          .set({
            state: 'pending',
            next_attempt_at: new Date(now.getTime() + retryDelayMs(message.attempt, retryBaseMs)),
            last_error: error,
            updated_at: now,
          })
          .execute();
      } else {
        await base.set({ state: 'failed', last_error: error, updated_at: now }).execute();
      }
    });
    return outcome;
  }
}
