import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from '../audit/canonical-json.ts';

/**
 * The payment verification certificate (대금 지급 확인서), pure: its facts, their content hash, and the
 * verification token the QR code carries. The token is an HMAC over the claim, the scope (the whole division
 * or one payee's lines), the issue time and the content hash: a forged token fails the HMAC, and a
 * certificate whose facts no longer match the records is reported as changed.
 */

/** Whose lines a certificate covers: every line (officials, the prime, banks) or one payee's own. */
export type CertificateScope = { readonly kind: 'all' } | { readonly kind: 'firm' | 'worker'; readonly id: bigint };

export type CertificatePayment = { readonly on: string; readonly amountWon: bigint };

/**
 * One line of the certificate: a firm by name, or the workers of one employer together (never a worker's
 * name, phone or account).
 */
export type CertificateLine =
  | {
      readonly payee: 'firm';
      readonly name: string;
      readonly kind: string;
      readonly dueWon: bigint;
      readonly paidWon: bigint;
      readonly dueOn: string;
      readonly payments: readonly CertificatePayment[];
      readonly references: readonly string[];
    }
  | {
      readonly payee: 'workers';
      readonly workers: number;
      readonly employer: string;
      readonly dueWon: bigint;
      readonly paidWon: bigint;
      readonly dueOn: string;
      readonly payments: readonly CertificatePayment[];
      readonly references: readonly string[];
    };

export type CertificateFacts = {
  readonly claimId: bigint;
  readonly scope: CertificateScope;
  readonly buyer: string;
  readonly contract: { readonly number: string; readonly title: string; readonly site: string };
  readonly prime: string;
  readonly claim: {
    readonly sequence: number;
    readonly version: number;
    readonly periodStart: string;
    readonly periodEnd: string;
    readonly totalWon: bigint;
    readonly status: string;
    readonly buyerPaidOn: string | null;
  };
  readonly lines: readonly CertificateLine[];
};

/**
 * SHA-256 of the facts in canonical JSON, its first 128 bits in hex: the same records always give the same
 * hash, and the token stays short enough for a URL segment and a small QR code.
 */
export function contentHash(facts: CertificateFacts): string {
  return createHash('sha256').update(canonicalJson(facts)).digest('hex').slice(0, 32);
}

export type CertificateTotals = { readonly dueWon: bigint; readonly paidWon: bigint; readonly outstandingWon: bigint };

export function totalsOf(facts: CertificateFacts): CertificateTotals {
  let due = 0n;
  let paid = 0n;
  for (const line of facts.lines) {
    due += line.dueWon;
    paid += line.paidWon;
  }
  return { dueWon: due, paidWon: paid, outstandingWon: due > paid ? due - paid : 0n };
}

const scopeText = (scope: CertificateScope) => (scope.kind === 'all' ? 'a' : `${scope.kind[0]}${scope.id}`);

function scopeOf(text: string): CertificateScope | undefined {
  if (text === 'a') return { kind: 'all' };
  const match = /^([fw])([1-9][0-9]{0,17})$/.exec(text);
  if (!match) return undefined;
  return { kind: match[1] === 'f' ? 'firm' : 'worker', id: BigInt(match[2]!) };
}

export type TokenClaims = {
  readonly claimId: bigint;
  readonly scope: CertificateScope;
  readonly issuedAt: Date;
  readonly hash: string;
};

const tokenVersion = 'v1';
const macOf = (secret: Uint8Array, claims: TokenClaims) =>
  createHmac('sha256', secret)
    .update(
      [
        'hado-certificate',
        tokenVersion,
        claims.claimId,
        scopeText(claims.scope),
        claims.issuedAt.getTime(),
        claims.hash,
      ].join('|'),
    )
    .digest('base64url')
    .slice(0, 22); // 128 bits of the HMAC

/** `<claim>.<scope>.<issued ms, base 36>.<content hash>.<hmac>`: URL-safe, about 70 characters. */
export function signToken(secret: Uint8Array, claims: TokenClaims): string {
  return [
    claims.claimId,
    scopeText(claims.scope),
    claims.issuedAt.getTime().toString(36),
    claims.hash,
    macOf(secret, claims),
  ].join('.');
}

export type TokenCheck = { readonly result: 'authentic'; readonly claims: TokenClaims } | { readonly result: 'forged' };

/** Reads a token and checks its HMAC in constant time; anything malformed is simply not authentic. */
export function checkToken(secret: Uint8Array | undefined, token: string): TokenCheck {
  const parts = token.split('.');
  if (!secret || parts.length !== 5) return { result: 'forged' };
  const [claimText, scopePart, issuedText, hash, mac] = parts as [string, string, string, string, string];
  const scope = scopeOf(scopePart);
  const issuedMs = /^[0-9a-z]{1,12}$/.test(issuedText) ? Number.parseInt(issuedText, 36) : Number.NaN;
  if (
    !/^[1-9][0-9]{0,17}$/.test(claimText) ||
    !scope ||
    !Number.isSafeInteger(issuedMs) ||
    !/^[0-9a-f]{32}$/.test(hash)
  )
    return { result: 'forged' };
  const claims: TokenClaims = { claimId: BigInt(claimText), scope, issuedAt: new Date(issuedMs), hash };
  const expected = Buffer.from(macOf(secret, claims));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { result: 'forged' };
  return { result: 'authentic', claims };
}
