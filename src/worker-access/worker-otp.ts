import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * One-time codes for the worker self-check: six digits from the system's CSPRNG, kept only as a hash bound to the
 * phone and the request (the same code for another phone or request does not match). Short-lived and limited in
 * tries, so six digits are enough.
 */
export const workerOtpDigits = 6;

export function newWorkerOtp(): string {
  return String(randomInt(0, 10 ** workerOtpDigits)).padStart(workerOtpDigits, '0');
}

export function workerOtpHash(phone: string, requestId: bigint, code: string): string {
  return createHash('sha256').update(`hado-worker-otp\u0000${phone}\u0000${requestId}\u0000${code}`).digest('hex');
}

export function workerOtpMatches(phone: string, requestId: bigint, code: string, hash: string): boolean {
  const candidate = Buffer.from(workerOtpHash(phone, requestId, code), 'hex');
  const expected = Buffer.from(hash, 'hex');
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}
