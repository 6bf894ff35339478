/**
 * JSON with sorted keys and bigints as decimal strings: the same value always gives the same text, so it
 * can be hashed (audit chain, idempotency keys) and compared after a round trip through jsonb.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value));
}

/** The value as JSON would carry it: bigints as strings, Dates as ISO text, keys sorted, undefined dropped. */
export function normalise(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) out[key] = normalise(item);
    }
    return out;
  }
  return value;
}
