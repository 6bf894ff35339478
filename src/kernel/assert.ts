/**
 * Marks a programmer error: a broken invariant, never a user's mistake. It is never caught; user input is
 * refused with a named result instead.
 */
export function assert(condition: unknown, message = 'assertion failed'): asserts condition {
  if (!condition) throw new AssertionError(message);
}

export class AssertionError extends Error {
  override name = 'AssertionError';
}
