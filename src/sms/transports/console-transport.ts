import { randomUUID } from 'node:crypto';
import { maskPhone } from '../../kernel/identifiers.ts';
import { planMessage, type UnicodePolicy } from '../encoding/index.ts';
import { assertOutgoingSms, type OutgoingSms, type SendResult, type SmsTransport } from './sms-transport.ts';

export type ConsoleTransportOptions = {
  /** Where lines go: `process.stdout` by default, a collecting sink in tests. */
  out?: { write(line: string): unknown };
  unicodePolicy?: UnicodePolicy;
};

/**
 * The demo's transport: prints each message as one readable line instead of sending it. It plans the message
 * like a real transport (so a text too long for an LMS fails here too) and keeps no state: the outbox records
 * what was sent.
 */
export class ConsoleTransport implements SmsTransport {
  readonly #out: { write(line: string): unknown };
  readonly #unicodePolicy: UnicodePolicy;
  #closed = false;

  constructor(options: ConsoleTransportOptions = {}) {
    this.#out = options.out ?? process.stdout;
    this.#unicodePolicy = options.unicodePolicy ?? 'replace';
  }

  async send(message: OutgoingSms): Promise<SendResult> {
    assertOutgoingSms(message);
    if (this.#closed) return { kind: 'failed', retryable: false, reason: 'transport closed' };
    const plan = planMessage(message.text, { subject: message.subject, unicodePolicy: this.#unicodePolicy });
    if (plan.kind === 'too_long' || plan.kind === 'subject_too_long') {
      return { kind: 'failed', retryable: false, reason: `${plan.kind}: ${plan.byteLength} bytes` };
    }
    const providerMessageId = `console-${randomUUID()}`;
    // The recipient is masked: console output ends up in logs, and a log needs no full phone number.
    const subject = message.subject ? ` [${message.subject}]` : '';
    this.#out.write(
      `[sms ${plan.kind} ${plan.encoding} ${plan.byteLength}B] ${maskPhone(message.to)} ← ${message.from}` +
        ` (${message.outboxKey}, ${providerMessageId})${subject} ${message.text.replace(/\r?\n/g, ' ⏎ ')}\n`,
    );
    return { kind: 'accepted', providerMessageId };
  }

  async close(): Promise<void> {
    this.#closed = true;
  }
}
