import type { Executor } from '../db/database.ts';
import { assert } from '../kernel/assert.ts';
import { outboxEnqueueRowsMax, smsOutboxKeyLengthMax } from '../kernel/limits.ts';
import { type QuietHours, sendableAt } from './quiet-hours.ts';

/** Who a message is for: a firm, a worker, a user (an official), or a bare phone (a sign-in code). */
export type Recipient = {
  readonly kind: 'firm' | 'worker' | 'user' | 'phone';
  readonly id: bigint | null;
  readonly phone: string;
  readonly locale: 'ko' | 'en';
};

/** One message as the change that causes it writes it, rendered and addressed. */
export type OutboxMessageInput = {
  /**
   * The event's key: one message per key, ever. It is also the key that travels with every submit, so it is
   * printable ASCII and short (`finding:overdue:obligation:42:firm:7`).
   */
  readonly key: string;
  readonly contractId: bigint | null;
  readonly kind: string;
  readonly recipient: Recipient;
  readonly sender: string;
  readonly subject?: string | undefined;
  readonly body: string;
  /** The template and its parameters, kept for the record. */
  readonly payload: unknown;
  /** Urgent messages ignore quiet hours. */
  readonly urgent: boolean;
  /** A secret (a sign-in code) is never shown in the message log. */
  readonly secret?: boolean;
};

export type EnqueueOptions = { readonly now: Date; readonly quietHours: QuietHours | null };

const keyPattern = /^[\x21-\x7e]+$/;

/**
 * Writes messages into the outbox inside the caller's transaction, so the change and the messages it causes
 * commit together or not at all. A key already there is left alone (the event was told already). Returns the
 * keys newly enqueued.
 */
export async function enqueue(
  tx: Executor,
  messages: readonly OutboxMessageInput[],
  options: EnqueueOptions,
): Promise<string[]> {
  const enqueued: string[] = [];
  for (let start = 0; start < messages.length; start += outboxEnqueueRowsMax) {
    const chunk = messages.slice(start, start + outboxEnqueueRowsMax);
    const rows = chunk.map((message) => {
      assert(
        message.key.length <= smsOutboxKeyLengthMax && keyPattern.test(message.key),
        `outbox key must be 1–${smsOutboxKeyLengthMax} printable ASCII characters: ${message.key}`,
      );
      assert(message.recipient.kind === 'phone' || message.recipient.id !== null, 'a party recipient has an id');
      return {
        idempotency_key: message.key,
        contract_id: message.contractId,
        kind: message.kind,
        recipient_kind: message.recipient.kind,
        recipient_id: message.recipient.id,
        phone_e164: message.recipient.phone,
        locale: message.recipient.locale,
        sender: message.sender,
        subject: message.subject ?? null,
        body: message.body,
        payload: JSON.stringify(message.payload, (_key, value) => (typeof value === 'bigint' ? String(value) : value)),
        urgent: message.urgent,
        secret: message.secret ?? false,
        next_attempt_at: sendableAt(options.now, message.urgent, options.quietHours),
        created_at: options.now,
        updated_at: options.now,
      };
    });
    const inserted = await tx
      .insertInto('outbox_messages')
      .values(rows)
      .onConflict((conflict) => conflict.column('idempotency_key').doNothing())
      .returning('idempotency_key')
      .execute();
    for (const row of inserted) enqueued.push(row.idempotency_key);
  }
  return enqueued;
}
