import { assert } from '../kernel/assert.ts';
import { outboxRetryDelayMsMax } from '../kernel/limits.ts';

/** The outbox's default first retry delay; it doubles with each attempt up to `outboxRetryDelayMsMax`. */
export const outboxRetryBaseMsDefault = 30_000;

/**
 * Exponential backoff: after the n-th failed attempt (n ≥ 1) the message waits base × 2^(n−1), capped. No
 * jitter: messages fail together only when the SMS centre is down, and then the claim order spreads them. Pure.
 */
export function retryDelayMs(attempt: number, baseMs = outboxRetryBaseMsDefault): number {
  assert(Number.isInteger(attempt) && attempt >= 1 && baseMs > 0);
  return Math.min(baseMs * 2 ** Math.min(attempt - 1, 30), outboxRetryDelayMsMax);
}
