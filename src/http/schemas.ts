import { type TSchema, Type } from '@sinclair/typebox';
import type { SelectQueryBuilder } from 'kysely';
import { nameLengthMax, pageSizeMax } from '../kernel/limits.ts';

/**
 * Schema pieces shared by every route. Amounts travel as decimal strings of whole won (JSON numbers lose
 * precision past 2^53); ids as strings for the same reason.
 */
export const IdText = Type.String({ pattern: '^[1-9][0-9]{0,17}$', description: 'A record id' });
export const WonText = Type.String({
  pattern: '^(0|[1-9][0-9]{0,17})$',
  description: 'Whole won as decimal text, e.g. "1500000"',
});
export const CivilDateText = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD' });
export const Name = Type.String({ minLength: 1, maxLength: nameLengthMax });
export const BankCode = Type.String({ pattern: '^[0-9]{3}$', description: 'Korean 3-digit bank code' });
export const Locale = Type.Union([Type.Literal('ko'), Type.Literal('en')]);

export const IdParams = Type.Object({ id: IdText }, { additionalProperties: false });

export const PageQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: pageSizeMax })),
    after: Type.Optional(IdText),
  },
  { additionalProperties: false },
);

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextAfter: Type.Union([IdText, Type.Null()]) });

export const Registered = <T extends TSchema>(item: T) =>
  Type.Object({ result: Type.Union([Type.Literal('created'), Type.Literal('exists')]), record: item });

export const ErrorResponse = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) }),
});

/** The `{ items, nextAfter }` page of a keyset query that fetched one row more than the limit. */
export function pageOf<R extends { id: bigint }, T>(rows: R[], limit: number, map: (row: R) => T) {
  const more = rows.length > limit;
  const items = (more ? rows.slice(0, limit) : rows).map(map);
  return { items, nextAfter: more ? String(rows[limit - 1]!.id) : null };
}

/**
 * The keyset window of a page query, for `.$call(…)`: rows after the cursor, in id order, one more than the
 * limit so `pageOf` can tell whether another page follows.
 */
export function keysetWindow(page: { after?: string }, limit: number, column = 'id') {
  // biome-ignore lint/suspicious/noExplicitAny: applies to a query over any table that has the id column.
  return <QB extends SelectQueryBuilder<any, any, any>>(query: QB): QB =>
    query
      .$if(page.after !== undefined, (q) => q.where(column, '>', BigInt(page.after!)))
      .orderBy(column)
      .limit(limit + 1) as QB;
}
