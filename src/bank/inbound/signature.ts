import { createHmac, timingSafeEqual } from 'node:crypto';
import { bankSignatureSkewMsMax } from '../../kernel/limits.ts';

/**
 * How a bank signs what it posts to Hado's inbound channel (and how the sandbox bank signs too):
 *
 * ```
 * x-hado-key-id:    the API key's id (issued with `hado bank-key create --bank CODE`)
 * x-hado-timestamp: Unix time in seconds when the request was signed
 * x-hado-signature: hex HMAC-SHA256(secret, timestamp + "." + body)
 * ```
 *
 * The timestamp must be within `bankSignatureSkewMsMax` of Hado's clock, and a signature is accepted once:
 * a captured request replayed later is refused, and so is the same request sent twice. A bank that resends a
 * message signs it again with a new timestamp; the message itself is then recognised as a duplicate.
 */
export const bankSignatureHeaders = {
  keyId: 'x-hado-key-id',
  timestamp: 'x-hado-timestamp',
  signature: 'x-hado-signature',
} as const;

/** What is signed ahead of the body bytes. */
export const signaturePrefix = (timestampSeconds: string) => `${timestampSeconds}.`;

/** Signs a body: the headers a bank sends with it. */
export function signBankRequest(
  key: { readonly keyId: string; readonly secret: string },
  body: Uint8Array | string,
  now: Date,
): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const signature = createHmac('sha256', key.secret).update(signaturePrefix(timestamp)).update(body).digest('hex');
  return {
    [bankSignatureHeaders.keyId]: key.keyId,
    [bankSignatureHeaders.timestamp]: timestamp,
    [bankSignatureHeaders.signature]: signature,
  };
}

export type SignatureHeaders = { readonly keyId: string; readonly timestamp: string; readonly signature: string };

/** Why a signed request is refused before its body is read; each is a 401. */
export type SignatureHeaderRefusal = 'signature_missing' | 'signature_malformed' | 'signature_expired';

/** Reads the three headers and checks the timestamp against the clock. */
export function readSignatureHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  now: Date,
): { kind: 'ok'; headers: SignatureHeaders; signedAt: Date } | { kind: SignatureHeaderRefusal } {
  const keyId = headers[bankSignatureHeaders.keyId];
  const timestamp = headers[bankSignatureHeaders.timestamp];
  const signature = headers[bankSignatureHeaders.signature];
  if (keyId === undefined || timestamp === undefined || signature === undefined) return { kind: 'signature_missing' };
  if (typeof keyId !== 'string' || typeof timestamp !== 'string' || typeof signature !== 'string') {
    return { kind: 'signature_malformed' };
  }
  if (!/^[A-Za-z0-9_-]{8,64}$/.test(keyId) || !/^\d{1,12}$/.test(timestamp) || !/^[0-9a-f]{64}$/.test(signature)) {
    return { kind: 'signature_malformed' };
  }
  const signedAt = new Date(Number(timestamp) * 1000);
  if (Math.abs(now.getTime() - signedAt.getTime()) > bankSignatureSkewMsMax) return { kind: 'signature_expired' };
  return { kind: 'ok', headers: { keyId, timestamp, signature }, signedAt };
}

/** Constant-time comparison of two hex signatures. */
export function signaturesEqual(expectedHex: string, givenHex: string): boolean {
  const expected = Buffer.from(expectedHex, 'hex');
  const given = Buffer.from(givenHex, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
