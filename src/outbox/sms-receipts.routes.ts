import { createHmac } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { signaturesEqual } from '../bank/inbound/index.ts';
import type { App, RouteModule } from '../http/server.ts';
import { BadInputError } from '../kernel/bad-input.ts';
import { systemClock } from '../kernel/clock.ts';
import { bankSignatureSkewMsMax, smsReceiptBytesMax } from '../kernel/limits.ts';
import type { DeliveryState } from '../sms/transports/index.ts';
import { recordDeliveryReceipt } from './record-delivery-receipt.ts';

/**
 * How an HTTP SMS provider signs its delivery reports to Hado (the same scheme as the bank channel, with one
 * shared secret instead of per-bank keys):
 *
 * ```
 * x-hado-timestamp: Unix time in seconds when the report was signed
 * x-hado-signature: hex HMAC-SHA256(HADO_SMS_RECEIPT_SECRET, timestamp + "." + body)
 * ```
 *
 * The timestamp is checked against the wall clock (not the demo clock: the provider lives in real time) within
 * `bankSignatureSkewMsMax`, and a signature is accepted once.
 */
export const smsReceiptHeaders = { timestamp: 'x-hado-timestamp', signature: 'x-hado-signature' } as const;

/** The shared secret's shortest accepted length: a guessable secret would let anyone mark messages delivered. */
export const smsReceiptSecretLengthMin = 32;

/** The provider's delivery-report secret from the environment; a secret too short stops the server at start. */
export function smsReceiptSecretFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const secret = env.HADO_SMS_RECEIPT_SECRET;
  if (secret === undefined || secret === '') return undefined;
  if (secret.length < smsReceiptSecretLengthMin) {
    throw new BadInputError(`HADO_SMS_RECEIPT_SECRET must have at least ${smsReceiptSecretLengthMin} characters`);
  }
  return secret;
}

/** Signs a delivery report as the provider does (tests, and a relay in front of a provider with another scheme). */
export function signSmsReceipt(secret: string, body: string, now: Date): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const signature = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return { [smsReceiptHeaders.timestamp]: timestamp, [smsReceiptHeaders.signature]: signature };
}

/** Refusals of the delivery-report webhook, each with its status and message, in the API's one error shape. */
export const smsReceiptRefusals = {
  signature_missing: { status: 401, ko: '서명 헤더가 없습니다', en: 'The signature headers are missing' },
  signature_malformed: { status: 401, ko: '서명 헤더 형식이 틀립니다', en: 'The signature headers are malformed' },
  signature_expired: {
    status: 401,
    ko: '서명 시각이 허용 범위를 벗어났습니다',
    en: 'The signature timestamp is outside the allowed window',
  },
  signature_invalid: { status: 401, ko: '서명이 일치하지 않습니다', en: 'The signature does not match the body' },
  signature_replayed: { status: 401, ko: '이미 사용된 서명입니다', en: 'This signature was already used' },
  sms_receipts_not_configured: {
    status: 503,
    ko: '전송 결과 수신이 설정되지 않았습니다 (HADO_SMS_RECEIPT_SECRET)',
    en: 'Delivery reports are not configured (HADO_SMS_RECEIPT_SECRET)',
  },
  invalid_request: { status: 400, ko: '요청 형식이 올바르지 않습니다', en: 'The request is malformed' },
  unknown_message: {
    status: 404,
    ko: '그 번호로 발송된 문자가 없습니다',
    en: 'No sent message has this provider message id',
  },
} as const satisfies Record<string, { status: number; ko: string; en: string }>;
export type SmsReceiptRefusal = keyof typeof smsReceiptRefusals;

const reportedStates: readonly DeliveryState[] = ['delivered', 'undeliverable', 'expired', 'rejected', 'unknown'];

function sendRefusal(reply: FastifyReply, request: FastifyRequest, code: SmsReceiptRefusal, field?: string) {
  return reply
    .status(smsReceiptRefusals[code].status)
    .send({ error: { code, message: smsReceiptRefusals[code][request.locale], ...(field ? { field } : {}) } });
}

/**
 * `POST /api/v1/sms/receipts`: an HTTP SMS provider reports what became of a message Hado handed it, by the
 * provider's message id (what the provider answered to the send). Body:
 * `{ "messageId": "…", "state": "delivered" | "undeliverable" | "expired" | "rejected" | "unknown" }`.
 * The route takes no session: its signature is the provider's credential. Answers 200 once the report is
 * recorded, so the provider retries anything not acknowledged.
 */
export const smsReceiptRoutes: RouteModule = async (root, context) => {
  const secret = smsReceiptSecretFromEnv();
  await root.register(async (scope) => {
    const app = scope as unknown as App;
    // The signature covers the body's exact bytes: keep them as text and parse after checking it.
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser(
      'application/json',
      { parseAs: 'string', bodyLimit: smsReceiptBytesMax },
      (_r, body, done) => done(null, body),
    );
    app.post(
      '/api/v1/sms/receipts',
      {
        config: { access: { roles: ['public'] }, bankSignature: true },
        bodyLimit: smsReceiptBytesMax,
        schema: {
          tags: ['messages'],
          summary: "An HTTP SMS provider's delivery report, signed with the shared secret",
          description:
            'Headers: x-hado-timestamp (Unix seconds), x-hado-signature = hex HMAC-SHA256(HADO_SMS_RECEIPT_SECRET, ' +
            `timestamp + "." + body), the timestamp within ${bankSignatureSkewMsMax / 1000} s and each signature ` +
            'accepted once. Body: { "messageId": provider message id, "state": "delivered" | "undeliverable" | ' +
            '"expired" | "rejected" | "unknown" }.',
        },
      },
      async (request, reply) => {
        const now = systemClock.now();
        const timestamp = request.headers[smsReceiptHeaders.timestamp];
        const signature = request.headers[smsReceiptHeaders.signature];
        if (timestamp === undefined || signature === undefined) return sendRefusal(reply, request, 'signature_missing');
        if (
          typeof timestamp !== 'string' ||
          typeof signature !== 'string' ||
          !/^\d{1,12}$/.test(timestamp) ||
          !/^[0-9a-f]{64}$/.test(signature)
        ) {
          return sendRefusal(reply, request, 'signature_malformed');
        }
        if (Math.abs(now.getTime() - Number(timestamp) * 1000) > bankSignatureSkewMsMax) {
          return sendRefusal(reply, request, 'signature_expired');
        }
        if (secret === undefined) return sendRefusal(reply, request, 'sms_receipts_not_configured');
        const body = typeof request.body === 'string' ? request.body : '';
        const expected = signSmsReceipt(secret, body, new Date(Number(timestamp) * 1000))[smsReceiptHeaders.signature]!;
        if (!signaturesEqual(expected, signature)) return sendRefusal(reply, request, 'signature_invalid');
        const db = context.handle.db;
        const fresh = await db
          .insertInto('bank_request_signatures')
          .values({ signature, key_id: 'sms-receipts', signed_at: new Date(Number(timestamp) * 1000), seen_at: now })
          .onConflict((conflict) => conflict.column('signature').doNothing())
          .returning('signature')
          .executeTakeFirst();
        if (!fresh) return sendRefusal(reply, request, 'signature_replayed');
        const report = parseReport(body);
        if (typeof report === 'string') return sendRefusal(reply, request, 'invalid_request', report);
        const recorded = await recordDeliveryReceipt(
          db,
          { label: 'sms-provider' },
          { providerMessageId: report.messageId, state: report.state, at: context.clock.now() },
        );
        if (recorded.result === 'unknown_message') return sendRefusal(reply, request, 'unknown_message', 'messageId');
        return reply
          .status(200)
          .send(
            recorded.result === 'recorded'
              ? { result: 'recorded', messageId: String(recorded.messageId), state: recorded.state }
              : { result: 'ignored' },
          );
      },
    );
  });
};

/** The report's two fields, or the name of the field that is wrong. */
function parseReport(text: string): { messageId: string; state: DeliveryState } | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'body';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'body';
  const { messageId, state } = parsed as Record<string, unknown>;
  const id = typeof messageId === 'number' && Number.isSafeInteger(messageId) ? String(messageId) : messageId;
  if (typeof id !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(id)) return 'messageId';
  if (typeof state !== 'string' || !reportedStates.includes(state as DeliveryState)) return 'state';
  return { messageId: id, state: state as DeliveryState };
}
