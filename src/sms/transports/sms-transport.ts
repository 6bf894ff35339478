import { assert } from '../../kernel/assert.ts';
import { smsOutboxKeyLengthMax } from '../../kernel/limits.ts';

/** One message handed to a transport by the outbox worker. */
export type OutgoingSms = {
  /**
   * The outbox row's key. It travels with the submit so that a repeat after a crash (between the SMS centre's
   * acknowledgement and Hado's commit) carries the same key and is visible as a repeat.
   */
  outboxKey: string;
  /** Recipient in E.164 (`+821012345678`). */
  to: string;
  /** Sender: the registered callback number (발신번호), digits or E.164. */
  from: string;
  text: string;
  /** LMS subject; a subject makes the message an LMS. */
  subject?: string;
};

/**
 * What the SMS centre said. `failed` carries whether trying again could help: a network error or a busy centre
 * is `retryable`; a refused number, a text too long or bad credentials are not.
 */
export type SendResult =
  | { kind: 'accepted'; providerMessageId: string }
  | { kind: 'failed'; retryable: boolean; reason: string };

/** Final states a delivery receipt can report; anything a provider says beyond these is `unknown`. */
export type DeliveryState = 'delivered' | 'undeliverable' | 'expired' | 'rejected' | 'unknown';

export type DeliveryReceipt = {
  providerMessageId: string;
  state: DeliveryState;
  /** When Hado received the receipt (the centre's own timestamps carry no time zone in SMPP 3.4). */
  at: Date;
};

/**
 * Receives a delivery receipt. It may return a promise that settles once the receipt is recorded: the transport
 * acknowledges the receipt to the provider only then, and asks for it again if the promise rejects.
 */
export type DeliveryReceiptHandler = (receipt: DeliveryReceipt) => void | Promise<void>;

/**
 * A way to hand an SMS to an SMS centre. `send` never throws for network or provider trouble: it answers with a
 * named result the outbox records. Throwing is kept for programmer errors.
 */
export interface SmsTransport {
  send(message: OutgoingSms): Promise<SendResult>;
  /** Registers a handler for delivery receipts; transports that never receive any may omit it. */
  onDeliveryReceipt?(handler: DeliveryReceiptHandler): void;
  /** Releases sockets and timers; a send after close fails without retry. */
  close(): Promise<void>;
}

/** Minimal logger shape (a pino logger fits), so transports can say what happened without choosing a logger. */
export type TransportLogger = {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
};

export const silentLogger: TransportLogger = { info: () => {}, warn: () => {} };

/**
 * The outgoing message's own invariants: the outbox hands over validated data, so a violation is a bug in
 * Hado, not a provider failure.
 */
export function assertOutgoingSms(message: OutgoingSms): void {
  assert(
    message.outboxKey.length > 0 &&
      message.outboxKey.length <= smsOutboxKeyLengthMax &&
      /^[\x21-\x7e]+$/.test(message.outboxKey),
    'outbox key must be 1–128 printable ASCII characters',
  );
  assert(/^\+[1-9]\d{6,14}$/.test(message.to), 'recipient must be E.164');
  assert(/^\+?[0-9A-Za-z]{1,20}$/.test(message.from), 'sender must be a number or a short alphanumeric id');
}
