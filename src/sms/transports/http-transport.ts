import { assert } from '../../kernel/assert.ts';
import { type Clock, systemClock } from '../../kernel/clock.ts';
import { smsProviderResponseBytesMax } from '../../kernel/limits.ts';
import { type KoreanCharset, type MessagePlan, planMessage, type UnicodePolicy } from '../encoding/index.ts';
import {
  assertOutgoingSms,
  type DeliveryReceipt,
  type DeliveryReceiptHandler,
  type DeliveryState,
  type OutgoingSms,
  type SendResult,
  type SmsTransport,
  silentLogger,
  type TransportLogger,
} from './sms-transport.ts';

/** The JSON Hado posts by default; a provider with another shape gets a `buildBody`. */
export type HttpSmsRequestBody = {
  /** The outbox key, also sent as the `Idempotency-Key` header. */
  messageKey: string;
  to: string;
  from: string;
  /** `SMS` or `LMS`, as Korean providers name them (they bill differently). */
  type: 'SMS' | 'LMS';
  encoding: MessagePlan['encoding'];
  subject?: string;
  text: string;
};

export type HttpTransportOptions = {
  /** The provider's send endpoint. HTTPS, except on loopback (tests, a local relay). */
  url: string;
  /** The whole `Authorization` header value, e.g. `Bearer …`. */
  authorization: string;
  timeoutMs?: number;
  unicodePolicy?: UnicodePolicy;
  charset?: KoreanCharset;
  buildBody?: (message: OutgoingSms, plan: MessagePlan) => unknown;
  /** Finds the provider's message id in a 2xx answer; by default `messageId` or `id`. */
  readMessageId?: (body: unknown) => string | undefined;
  clock?: Clock;
  logger?: TransportLogger;
};

/**
 * A generic JSON-over-HTTPS SMS provider: POST the message, read the message id from the answer. A 5xx, 408,
 * 429, a network error or a timeout is retryable (the provider may be fine a minute later); any other 4xx is
 * not (the request itself is wrong and will stay wrong). Delivery receipts arrive by the provider's webhook, which
 * the HTTP layer hands to `receiveDeliveryReceipt`.
 */
export class HttpTransport implements SmsTransport {
  readonly #url: URL;
  readonly #authorization: string;
  readonly #timeoutMs: number;
  readonly #unicodePolicy: UnicodePolicy;
  readonly #charset: KoreanCharset;
  readonly #buildBody: (message: OutgoingSms, plan: MessagePlan) => unknown;
  readonly #readMessageId: (body: unknown) => string | undefined;
  readonly #clock: Clock;
  readonly #logger: TransportLogger;
  readonly #handlers: DeliveryReceiptHandler[] = [];
  readonly #closing = new AbortController();

  constructor(options: HttpTransportOptions) {
    this.#url = new URL(options.url);
    const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(this.#url.hostname);
    // The authorization header is a long-lived provider credential: it never travels in clear text off this host.
    assert(
      this.#url.protocol === 'https:' || (this.#url.protocol === 'http:' && loopback),
      'provider URL must be HTTPS',
    );
    this.#authorization = options.authorization;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    assert(this.#timeoutMs > 0);
    this.#unicodePolicy = options.unicodePolicy ?? 'replace';
    this.#charset = options.charset ?? 'cp949';
    this.#buildBody = options.buildBody ?? defaultBody;
    this.#readMessageId = options.readMessageId ?? defaultMessageId;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
  }

  async send(message: OutgoingSms): Promise<SendResult> {
    assertOutgoingSms(message);
    if (this.#closing.signal.aborted) return { kind: 'failed', retryable: false, reason: 'transport closed' };
    const plan = planMessage(message.text, {
      subject: message.subject,
      unicodePolicy: this.#unicodePolicy,
      charset: this.#charset,
    });
    if (plan.kind === 'too_long' || plan.kind === 'subject_too_long') {
      return { kind: 'failed', retryable: false, reason: `${plan.kind}: ${plan.byteLength} bytes` };
    }

    let response: Response;
    try {
      response = await fetch(this.#url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          accept: 'application/json',
          authorization: this.#authorization,
          // Providers that honour it drop a repeat after a crash; the others ignore it.
          'idempotency-key': message.outboxKey,
        },
        body: JSON.stringify(this.#buildBody(message, plan)),
        // A redirect would re-send the credential somewhere not configured: refuse it.
        redirect: 'manual',
        signal: AbortSignal.any([this.#closing.signal, AbortSignal.timeout(this.#timeoutMs)]),
      });
    } catch (error) {
      // The request may have reached the provider before the failure; the outbox key makes a repeat visible.
      const reason = describeFetchError(error);
      this.#logger.warn({ outboxKey: message.outboxKey, reason }, 'SMS provider request failed');
      return { kind: 'failed', retryable: true, reason };
    }

    const text = await readBounded(response).catch((error: unknown) => ({ error: describeFetchError(error) }));
    if (typeof text !== 'string') return { kind: 'failed', retryable: true, reason: text.error };
    if (response.status >= 200 && response.status < 300) {
      const json = parseJson(text);
      const providerMessageId = json === undefined ? undefined : this.#readMessageId(json);
      if (providerMessageId === undefined || providerMessageId === '') {
        // Accepted, but without an id receipts cannot be matched; not retried, because it may have been sent.
        return { kind: 'failed', retryable: false, reason: `HTTP ${response.status} without a message id` };
      }
      return { kind: 'accepted', providerMessageId };
    }
    const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
    return { kind: 'failed', retryable, reason: `HTTP ${response.status}: ${text.slice(0, 200)}` };
  }

  onDeliveryReceipt(handler: DeliveryReceiptHandler): void {
    this.#handlers.push(handler);
  }

  /**
   * Hands a receipt from the provider's webhook to the registered handlers; resolves once they have all
   * finished, so the webhook can answer 2xx only after the receipt is recorded.
   */
  async receiveDeliveryReceipt(receipt: { providerMessageId: string; state: DeliveryState }): Promise<void> {
    const full: DeliveryReceipt = { ...receipt, at: this.#clock.now() };
    for (const handler of this.#handlers) await handler(full);
  }

  async close(): Promise<void> {
    this.#closing.abort();
  }
}

function defaultBody(message: OutgoingSms, plan: MessagePlan): HttpSmsRequestBody {
  return {
    messageKey: message.outboxKey,
    to: message.to,
    from: message.from,
    type: plan.kind === 'sms' ? 'SMS' : 'LMS',
    encoding: plan.encoding,
    ...(message.subject ? { subject: message.subject } : {}),
    text: message.text,
  };
}

function defaultMessageId(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const id = record['messageId'] ?? record['id'];
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Reads the answer up to the limit; a longer one is cut off, since a provider's answer is a small object. */
async function readBounded(response: Response): Promise<string> {
  if (response.body === null) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    const bytes = chunk as Uint8Array;
    chunks.push(bytes.subarray(0, smsProviderResponseBytesMax - total));
    total += bytes.length;
    if (total >= smsProviderResponseBytesMax) break; // Leaving the loop cancels the rest of the stream.
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'provider did not answer in time';
    if (error.name === 'AbortError') return 'transport closed during the request';
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    const detail = cause?.code ?? cause?.message;
    return `network error: ${typeof detail === 'string' ? detail : error.message}`;
  }
  return `network error: ${String(error)}`;
}
