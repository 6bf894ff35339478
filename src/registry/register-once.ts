import { canonicalJson } from '../audit/canonical-json.ts';
import { refuse } from '../http/refusals.ts';

export type RegisterResult<R> = { readonly result: 'created' | 'exists'; readonly record: R };

/**
 * The duplicate rule of every registration (DESIGN §8): the same natural key with the same content
 * returns the existing record as `exists`; the same key with different content is a conflict and writes
 * nothing. `content` picks the fields that the request set, from the row and from the request alike.
 */
export async function registerOnce<R>(options: {
  existing: R | undefined;
  content: (record: R) => Record<string, unknown>;
  requested: Record<string, unknown>;
  create: () => Promise<R>;
  conflictField?: string;
}): Promise<RegisterResult<R>> {
  if (options.existing !== undefined) {
    const same = canonicalJson(options.content(options.existing)) === canonicalJson(options.requested);
    if (!same) return refuse('conflict', options.conflictField);
    return { result: 'exists', record: options.existing };
  }
  return { result: 'created', record: await options.create() };
}
