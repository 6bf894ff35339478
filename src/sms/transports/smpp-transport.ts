import smpp from 'smpp';
import { assert } from '../../kernel/assert.ts';
import { type Clock, systemClock } from '../../kernel/clock.ts';
import { smppReconnectDelayMsMax, smppSubmitWindowMax } from '../../kernel/limits.ts';
import { type KoreanCharset, planMessage, type UnicodePolicy } from '../encoding/index.ts';
import { readDeliveryReceipt } from './delivery-receipt.ts';
import {
  assertOutgoingSms,
  type DeliveryReceipt,
  type DeliveryReceiptHandler,
  type OutgoingSms,
  type SendResult,
  type SmsTransport,
  silentLogger,
  type TransportLogger,
} from './sms-transport.ts';

/**
 * SMPP 3.4 data_coding values (§5.2.19). 0x0E is "KS C 5601" in the spec's table: the Korean code set, which
 * Hado writes as EUC-KR/CP949 bytes. Some Korean SMS centres expect EUC-KR under 0x00 (SMSC default) instead;
 * `koreanDataCoding` lets an operator say so.
 */
export const smppDataCodingKsc5601 = 0x0e;
export const smppDataCodingUcs2 = 0x08;

/**
 * The outbox key rides in a vendor-specific TLV (SMPP 3.4 reserves 0x1400–0x3FFF for them; receivers ignore
 * tags they do not know). The standard TLVs do not fit: `user_message_reference` is a 16-bit number and
 * `source_subaddress` holds 22 octets with a defined meaning. An SMS centre that logs TLVs therefore shows the
 * same key twice when Hado repeats a submit after a crash.
 */
export const smppOutboxKeyTagDefault = 0x1400;

/** The PDU field name under which the `smpp` package reads and writes the outbox key TLV with this tag. */
export function smppOutboxKeyField(tag: number): string {
  return `hado_outbox_key_${tag.toString(16)}`;
}

export type SmppTransportOptions = {
  host: string;
  port: number;
  systemId: string;
  password: string;
  systemType?: string;
  unicodePolicy?: UnicodePolicy;
  charset?: KoreanCharset;
  /** data_coding for Korean text: 0x0E (KS C 5601, the default) or what the SMS centre documents. */
  koreanDataCoding?: number;
  outboxKeyTag?: number;
  /**
   * A vendor TLV for the LMS subject, if the SMS centre defines one. SMPP has no subject field, so without it
   * the subject is sent as the first line of the text rather than dropped.
   */
  subjectTag?: number;
  /** How long a submit (and a bind) may wait for the SMS centre's answer. */
  submitTimeoutMs?: number;
  enquireLinkPeriodMs?: number;
  /** First delay before reconnecting; it doubles on each failure up to `smppReconnectDelayMsMax`. */
  reconnectDelayMs?: number;
  clock?: Clock;
  logger?: TransportLogger;
};

/** Where the SMPP session stands: `refused` (bad credentials) and `closed` are final. */
export type SmppSessionStatus = State['kind'];

type State =
  | { kind: 'connecting'; session: smpp.Session }
  | { kind: 'bound'; session: smpp.Session }
  | { kind: 'waiting' }
  | { kind: 'refused'; reason: string }
  | { kind: 'closed' };

type Pending = { settle(result: SendResult): void };

/** Statuses after which the same submit may succeed later: the centre was busy or failed for its own reasons. */
const retryableStatuses = new Set([
  smpp.errors['ESME_RTHROTTLED'],
  smpp.errors['ESME_RMSGQFUL'],
  smpp.errors['ESME_RSYSERR'],
  smpp.errors['ESME_RX_T_APPN'],
  smpp.errors['ESME_RSUBMITFAIL'],
  smpp.errors['ESME_RINVBNDSTS'],
  smpp.errors['ESME_RUNKNOWNERR'],
]);

/** Bind answers that mean the credentials are wrong: retrying cannot help until an operator changes them. */
const credentialStatuses = new Set([smpp.ESME_RINVPASWD, smpp.ESME_RINVSYSID]);

const statusNames = new Map(Object.entries(smpp.errors).map(([name, code]) => [code, name]));

function describeStatus(status: number): string {
  return `${statusNames.get(status) ?? 'unknown status'} (0x${status.toString(16).padStart(8, '0')})`;
}

/** esm_class bits 2–5 say what a deliver_sm is; 0x04 is an SMS centre delivery receipt (§5.2.12). */
const esmClassTypeMask = 0x3c;
const esmClassDeliveryReceipt = 0x04;

/**
 * Sends SMS to an SMS centre over SMPP 3.4 as a transceiver: one session both submits and receives delivery
 * receipts. The session is kept up by enquire_link and rebuilt with growing delays when it drops. A send waits
 * for a bind in progress, but between reconnect attempts it fails as retryable at once: the outbox, not this
 * object, owns the retry schedule and the record of attempts.
 */
export class SmppTransport implements SmsTransport {
  readonly #options: Required<Omit<SmppTransportOptions, 'subjectTag' | 'systemType'>> &
    Pick<SmppTransportOptions, 'subjectTag' | 'systemType'>;
  readonly #outboxKeyField: string;
  readonly #handlers: DeliveryReceiptHandler[] = [];
  readonly #pending = new Set<Pending>();
  readonly #stateWaiters = new Set<() => void>();
  #state: State = { kind: 'waiting' };
  #reconnectAttempts = 0;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #bindTimer: NodeJS.Timeout | undefined;
  #enquireTimer: NodeJS.Timeout | undefined;

  constructor(options: SmppTransportOptions) {
    // Defaults by `??` rather than spread, so an option passed as undefined (from configuration) still gets one.
    this.#options = {
      ...options,
      unicodePolicy: options.unicodePolicy ?? 'replace',
      charset: options.charset ?? 'cp949',
      koreanDataCoding: options.koreanDataCoding ?? smppDataCodingKsc5601,
      outboxKeyTag: options.outboxKeyTag ?? smppOutboxKeyTagDefault,
      submitTimeoutMs: options.submitTimeoutMs ?? 30_000,
      enquireLinkPeriodMs: options.enquireLinkPeriodMs ?? 30_000,
      reconnectDelayMs: options.reconnectDelayMs ?? 1_000,
      clock: options.clock ?? systemClock,
      logger: options.logger ?? silentLogger,
    };
    const { outboxKeyTag, subjectTag, submitTimeoutMs, enquireLinkPeriodMs, reconnectDelayMs } = this.#options;
    assert(outboxKeyTag >= 0x1400 && outboxKeyTag <= 0x3fff, 'the outbox key TLV must use a vendor-specific tag');
    assert(subjectTag === undefined || (subjectTag >= 0x1400 && subjectTag <= 0x3fff && subjectTag !== outboxKeyTag));
    assert(submitTimeoutMs > 0 && enquireLinkPeriodMs > 0 && reconnectDelayMs > 0);
    assert(reconnectDelayMs <= smppReconnectDelayMsMax);
    this.#outboxKeyField = registerVendorTlv(smppOutboxKeyField(outboxKeyTag), outboxKeyTag, smpp.types.tlv.string);
    if (subjectTag !== undefined) registerVendorTlv(`hado_subject_${subjectTag.toString(16)}`, subjectTag);
    this.#connect();
  }

  /** The session state, for health checks and logs. */
  get status(): SmppSessionStatus {
    return this.#state.kind;
  }

  /**
   * Waits until the session is bound, refused or closed, or the time is up; for start-up and tests. Sends do
   * not need it: they wait for a bind in progress themselves.
   */
  async waitUntilSettled(timeoutMs: number): Promise<SmppSessionStatus> {
    const deadline = Date.now() + timeoutMs;
    while (this.#state.kind !== 'bound' && this.#state.kind !== 'refused' && this.#state.kind !== 'closed') {
      const left = deadline - Date.now();
      if (left <= 0) break;
      await this.#stateChange(left);
    }
    return this.#state.kind;
  }

  onDeliveryReceipt(handler: DeliveryReceiptHandler): void {
    this.#handlers.push(handler);
  }

  async send(message: OutgoingSms): Promise<SendResult> {
    assertOutgoingSms(message);
    const { subjectTag, unicodePolicy, charset, submitTimeoutMs } = this.#options;
    const subjectInText = subjectTag === undefined && message.subject;
    const plan = subjectInText
      ? planMessage(`${message.subject}\n${message.text}`, { unicodePolicy, charset })
      : planMessage(message.text, { subject: message.subject, unicodePolicy, charset });
    if (plan.kind === 'too_long' || plan.kind === 'subject_too_long') {
      return { kind: 'failed', retryable: false, reason: `${plan.kind}: ${plan.byteLength} bytes` };
    }
    // A bind in progress is waited for (bounded by the submit timeout): right after start-up or a reconnect the
    // session is usually moments away, and failing then would only delay the message by a retry cycle.
    if (this.#state.kind === 'connecting') await this.#stateChange(submitTimeoutMs);
    const state = this.#state;
    if (state.kind === 'closed') return { kind: 'failed', retryable: false, reason: 'transport closed' };
    if (state.kind === 'refused') return { kind: 'failed', retryable: false, reason: state.reason };
    if (state.kind !== 'bound') return { kind: 'failed', retryable: true, reason: 'not connected to the SMS centre' };
    if (this.#pending.size >= smppSubmitWindowMax) {
      return { kind: 'failed', retryable: true, reason: `submit window full (${smppSubmitWindowMax})` };
    }

    const fields: smpp.PduFields = {
      ...sourceAddress(message.from),
      dest_addr_ton: 1, // international
      dest_addr_npi: 1, // ISDN (E.164)
      destination_addr: message.to.slice(1),
      registered_delivery: 0x01, // a receipt for the final outcome, delivered or not
      data_coding: plan.encoding === 'euc-kr' ? this.#options.koreanDataCoding : smppDataCodingUcs2,
      [this.#outboxKeyField]: message.outboxKey,
    };
    // An LMS goes whole in message_payload (§5.3.2.32) rather than as concatenated segments: Korean SMS centres
    // bill and deliver it as one LMS. short_message must then be empty.
    if (plan.kind === 'sms') fields['short_message'] = plan.bytes;
    else fields['message_payload'] = plan.bytes;
    if (subjectTag !== undefined && plan.subjectBytes !== undefined) {
      fields[`hado_subject_${subjectTag.toString(16)}`] = plan.subjectBytes;
    }

    return new Promise<SendResult>((resolve) => {
      const entry: Pending = {
        settle: (result) => {
          if (!this.#pending.delete(entry)) return;
          clearTimeout(timer);
          resolve(result);
        },
      };
      const timer = setTimeout(() => {
        // The centre may still have accepted it: a retry can repeat the message, and the outbox key it carries
        // is what makes that repeat visible.
        this.#options.logger.warn({ outboxKey: message.outboxKey }, 'SMPP submit unanswered; may be repeated');
        entry.settle({ kind: 'failed', retryable: true, reason: `no answer within ${submitTimeoutMs} ms` });
      }, submitTimeoutMs);
      this.#pending.add(entry);
      const written = state.session.submit_sm(fields, (pdu) => {
        const status = pdu.command_status;
        if (status === smpp.ESME_ROK) {
          entry.settle({ kind: 'accepted', providerMessageId: String(pdu['message_id'] ?? '') });
        } else {
          entry.settle({ kind: 'failed', retryable: retryableStatuses.has(status), reason: describeStatus(status) });
        }
      });
      if (!written) entry.settle({ kind: 'failed', retryable: true, reason: 'connection not writable' });
    });
  }

  async close(): Promise<void> {
    const state = this.#state;
    this.#setState({ kind: 'closed' });
    this.#clearTimers();
    this.#failPending('transport closed before the SMS centre answered');
    if (state.kind !== 'connecting' && state.kind !== 'bound') return;
    const session = state.session;
    if (session.socket.destroyed) return;
    await new Promise<void>((resolve) => {
      session.socket.once('close', () => resolve());
      if (state.kind === 'bound') {
        // A polite unbind lets the centre release the session at once; a silent one is cut after a second.
        const cut = setTimeout(() => session.destroy(), 1_000);
        session.unbind({}, () => {
          clearTimeout(cut);
          session.close();
        });
      } else {
        session.destroy();
      }
    });
  }

  #connect(): void {
    const { host, port, systemId, password, systemType, submitTimeoutMs, logger } = this.#options;
    const session = smpp.connect({ host, port });
    this.#setState({ kind: 'connecting', session });
    // Without an error listener an unreachable centre would crash the process; 'close' follows every error.
    session.on('error', (error: Error) => logger.warn({ host, port, error: error.message }, 'SMPP connection error'));
    session.on('close', () => this.#onClose(session));
    this.#bindTimer = setTimeout(() => {
      logger.warn({ host, port }, 'SMPP bind unanswered; reconnecting');
      session.destroy();
    }, submitTimeoutMs);
    session.on('connect', () => {
      session.bind_transceiver(
        {
          system_id: systemId,
          password,
          system_type: systemType ?? '',
          interface_version: 0x34, // SMPP 3.4; the package defaults to 5.0
        },
        (pdu) => this.#onBindResponse(session, pdu),
      );
    });
    session.on('deliver_sm', (pdu) => void this.#onDeliverSm(session, pdu));
    session.on('enquire_link', (pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu) => {
      session.send(pdu.response());
      session.close();
    });
  }

  #onBindResponse(session: smpp.Session, pdu: smpp.PDU): void {
    if (this.#state.kind !== 'connecting' || this.#state.session !== session) return;
    clearTimeout(this.#bindTimer);
    const status = pdu.command_status;
    if (status === smpp.ESME_ROK) {
      this.#reconnectAttempts = 0;
      this.#setState({ kind: 'bound', session });
      this.#options.logger.info({ host: this.#options.host }, 'SMPP bound');
      this.#scheduleEnquireLink(session);
      return;
    }
    if (credentialStatuses.has(status)) {
      const reason = `SMS centre refused the credentials: ${describeStatus(status)}`;
      this.#options.logger.warn({ host: this.#options.host }, reason);
      this.#setState({ kind: 'refused', reason });
      session.destroy();
      return;
    }
    // Any other refusal (too many sessions, a centre starting up) may pass: reconnect with backoff.
    this.#options.logger.warn({ status: describeStatus(status) }, 'SMPP bind refused; reconnecting');
    session.destroy();
  }

  #onClose(session: smpp.Session): void {
    const state = this.#state;
    if ((state.kind === 'connecting' || state.kind === 'bound') && state.session !== session) return;
    clearTimeout(this.#bindTimer);
    clearTimeout(this.#enquireTimer);
    this.#failPending('connection lost before the SMS centre answered');
    if (state.kind === 'closed' || state.kind === 'refused') return;
    const delayMs = Math.min(this.#options.reconnectDelayMs * 2 ** this.#reconnectAttempts, smppReconnectDelayMsMax);
    this.#reconnectAttempts += 1;
    this.#setState({ kind: 'waiting' });
    this.#reconnectTimer = setTimeout(() => this.#connect(), delayMs);
  }

  /**
   * Receipts are acknowledged only after every handler has finished (a handler may return a promise that
   * resolves once the receipt is committed); a handler that fails makes the answer a temporary error, so the
   * centre delivers the receipt again.
   */
  async #onDeliverSm(session: smpp.Session, pdu: smpp.PDU): Promise<void> {
    const esmClass = Number(pdu['esm_class'] ?? 0);
    if ((esmClass & esmClassTypeMask) !== esmClassDeliveryReceipt) {
      // Replies from handsets (MO messages) are not used by Hado; they are acknowledged so they are not resent.
      session.send(pdu.response());
      return;
    }
    const receipt = readDeliveryReceipt({
      receiptedMessageId: typeof pdu['receipted_message_id'] === 'string' ? pdu['receipted_message_id'] : undefined,
      messageState: typeof pdu['message_state'] === 'number' ? pdu['message_state'] : undefined,
      text: messageText(pdu['short_message']) ?? messageText(pdu['message_payload']),
    });
    if (receipt === undefined) {
      this.#options.logger.warn({}, 'SMPP delivery receipt names no message; acknowledged and ignored');
      session.send(pdu.response());
      return;
    }
    const full: DeliveryReceipt = { ...receipt, at: this.#options.clock.now() };
    try {
      for (const handler of this.#handlers) await handler(full);
    } catch (error) {
      this.#options.logger.warn({ error: String(error), ...receipt }, 'delivery receipt handler failed');
      session.send(pdu.response({ command_status: smpp.errors['ESME_RX_T_APPN'] }));
      return;
    }
    session.send(pdu.response());
  }

  /** One timer serves both the wait between enquire_links and the wait for an answer, so nothing accumulates. */
  #scheduleEnquireLink(session: smpp.Session): void {
    const { enquireLinkPeriodMs, submitTimeoutMs, logger } = this.#options;
    this.#enquireTimer = setTimeout(() => {
      if (this.#state.kind !== 'bound' || this.#state.session !== session) return;
      const written = session.enquire_link({}, () => {
        clearTimeout(this.#enquireTimer);
        if (this.#state.kind === 'bound' && this.#state.session === session) this.#scheduleEnquireLink(session);
      });
      if (!written) {
        session.destroy();
        return;
      }
      // A session that stops answering is dead even if TCP has not noticed; cutting it starts a reconnect.
      this.#enquireTimer = setTimeout(() => {
        logger.warn({ host: this.#options.host }, 'SMPP enquire_link unanswered; reconnecting');
        session.destroy();
      }, submitTimeoutMs);
    }, enquireLinkPeriodMs);
  }

  #failPending(reason: string): void {
    for (const entry of [...this.#pending]) entry.settle({ kind: 'failed', retryable: true, reason });
  }

  #clearTimers(): void {
    clearTimeout(this.#reconnectTimer);
    clearTimeout(this.#bindTimer);
    clearTimeout(this.#enquireTimer);
  }

  #setState(state: State): void {
    this.#state = state;
    for (const wake of [...this.#stateWaiters]) wake();
  }

  /** Resolves at the next state change or after `timeoutMs`, whichever comes first. */
  #stateChange(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.#stateWaiters.delete(wake);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(wake, timeoutMs);
      this.#stateWaiters.add(wake);
    });
  }
}

/**
 * Registers a TLV with the `smpp` package (which keeps one process-wide table) unless it is already there under
 * the same name; a clash with another name is a configuration bug.
 */
function registerVendorTlv(name: string, tag: number, type: smpp.TlvType = smpp.types.tlv.buffer): string {
  const existing = smpp.tlvsById[tag];
  if (existing === undefined) smpp.addTLV(name, { id: tag, type });
  else assert(existing.tag === name, `TLV tag 0x${tag.toString(16)} is already used for ${existing.tag}`);
  return name;
}

/** TON/NPI for the sender: E.164, a Korean callback number (national digits), or an alphanumeric id. */
function sourceAddress(from: string): smpp.PduFields {
  if (from.startsWith('+')) return { source_addr_ton: 1, source_addr_npi: 1, source_addr: from.slice(1) };
  if (/^\d+$/.test(from)) return { source_addr_ton: 0, source_addr_npi: 1, source_addr: from };
  return { source_addr_ton: 5, source_addr_npi: 0, source_addr: from };
}

/**
 * The `smpp` package decodes message fields into `{ message }`, as a string for the codings it knows and as a
 * Buffer otherwise. Receipt texts are ASCII, which every such decoding preserves.
 */
function messageText(field: unknown): string | undefined {
  if (field === undefined || field === null) return undefined;
  const message = Buffer.isBuffer(field) ? field : (field as { message?: unknown }).message;
  if (typeof message === 'string') return message || undefined;
  if (Buffer.isBuffer(message)) return message.length > 0 ? message.toString('latin1') : undefined;
  return undefined;
}
