import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import { allRoles } from '../auth/caller.ts';
import { readerOf } from '../db/database.ts';
import { CivilDateText, WonText } from '../http/schemas.ts';
import type { RouteModule } from '../http/server.ts';

/** How often one address may ask for the public summary: enough for people, not for a scraper loop. */
export const publicSummaryRequestsPerMinuteMax = 120;

const CountAndAmount = Type.Object({ count: Type.Integer({ minimum: 0 }), amountWon: WonText });

export const PublicSummary = Type.Object(
  {
    asOf: CivilDateText,
    buyers: Type.Integer({ minimum: 0, description: 'Public buyers with at least one contract in Hado' }),
    contracts: CountAndAmount,
    /** Per tier: a tier-2 amount is part of its tier-1 parent's, so tiers are never added together. */
    subcontractsByTier: Type.Array(Type.Object({ tier: Type.Integer({ minimum: 1 }), ...CountAndAmount.properties })),
    supplyContracts: CountAndAmount,
    workers: Type.Integer({ minimum: 0, description: 'Distinct workers registered on any contract' }),
  },
  { additionalProperties: false },
);

/**
 * The public transparency page's data (DESIGN §1: the public sees aggregates, no personal data). Only
 * counts and sums leave this route: never a name, a phone number, an account or a single record.
 * Anyone may call it, signed in or not.
 */
export const publicRoutes: RouteModule = (app, context) => {
  // Aggregates may lag a moment: a read replica serves them when there is one.
  const db = readerOf(context.handle);

  app.get(
    '/api/v1/public/summary',
    {
      config: {
        access: { roles: allRoles },
        rateLimit: { max: publicSummaryRequestsPerMinuteMax, timeWindow: 60_000 },
      },
      schema: { tags: ['public'], response: { 200: PublicSummary } },
    },
    async () => {
      const [contracts, tiers, supply, people] = await Promise.all([
        db
          .selectFrom('contracts')
          .select((eb) => [
            eb.fn.countAll<bigint>().as('count'),
            eb.fn.coalesce(eb.fn.sum<bigint>('amount_won'), sql<bigint>`0`).as('amount'),
            sql<bigint>`count(distinct buyer_id)`.as('buyers'),
          ])
          .executeTakeFirstOrThrow(),
        db
          .selectFrom('subcontracts')
          .select((eb) => [
            'tier',
            eb.fn.countAll<bigint>().as('count'),
            eb.fn.coalesce(eb.fn.sum<bigint>('amount_won'), sql<bigint>`0`).as('amount'),
          ])
          .groupBy('tier')
          .orderBy('tier')
          .execute(),
        db
          .selectFrom('supply_contracts')
          .select((eb) => [
            eb.fn.countAll<bigint>().as('count'),
            eb.fn.coalesce(eb.fn.sum<bigint>('amount_won'), sql<bigint>`0`).as('amount'),
          ])
          .executeTakeFirstOrThrow(),
        db
          .selectFrom('worker_engagements')
          .select(sql<bigint>`count(distinct worker_id)`.as('workers'))
          .executeTakeFirstOrThrow(),
      ]);
      const byTier = tiers.map((row) => ({
        tier: row.tier,
        count: Number(row.count),
        amountWon: String(row.amount),
      }));
      return {
        asOf: context.clock.today(),
        buyers: Number(contracts.buyers),
        contracts: { count: Number(contracts.count), amountWon: String(contracts.amount) },
        subcontractsByTier: byTier,
        supplyContracts: { count: Number(supply.count), amountWon: String(supply.amount) },
        workers: Number(people.workers),
      };
    },
  );
};
