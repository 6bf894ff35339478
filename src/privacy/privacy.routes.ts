import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import { auditedWrite } from '../audit/audited-write.ts';
import { type Caller, isFirmCaller, seesEverything } from '../auth/caller.ts';
import { refuse } from '../http/refusals.ts';
import { IdParams, IdText } from '../http/schemas.ts';
import type { RouteModule } from '../http/server.ts';
import { formatPhoneNational } from '../kernel/identifiers.ts';

/**
 * Workers' personal data under the Personal Information Protection Act: shown unmasked only to those who
 * need it (their employer, the contract's prime, the buyer's official), every such read logged; erased on
 * request once no wage is owed to them, while their payments stay (masked) in the records the law keeps.
 */
export const privacyRoutes: RouteModule = (app, context) => {
  const db = context.handle.db;

  app.get(
    '/api/v1/workers/:id/personal-data',
    {
      config: { access: { roles: ['admin', 'official', 'prime', 'subcontractor'] } },
      schema: {
        tags: ['privacy'],
        params: IdParams,
        querystring: Type.Object(
          { purpose: Type.String({ minLength: 3, maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            workerId: IdText,
            name: Type.Union([Type.String(), Type.Null()]),
            phone: Type.Union([Type.String(), Type.Null()]),
            accounts: Type.Array(
              Type.Object({ bankCode: Type.String(), accountNumber: Type.String(), holderName: Type.String() }),
            ),
            erased: Type.Boolean(),
          }),
        },
      },
    },
    async (request) => {
      const workerId = BigInt(request.params.id);
      if (!(await mayReadWorker(request.caller, workerId))) return refuse('not_found');
      const worker = await db.selectFrom('workers').selectAll().where('id', '=', workerId).executeTakeFirstOrThrow();
      const accounts = await db
        .selectFrom('payee_accounts')
        .select(['bank_code', 'account_number', 'holder_name'])
        .where('owner_kind', '=', 'worker')
        .where('owner_id', '=', workerId)
        .orderBy('id')
        .execute();
      // The read itself is recorded, with the purpose the reader gave.
      await auditedWrite(db, request.caller, context.clock.now(), async () => ({
        outcome: null,
        audit: [
          {
            action: 'personal_data.read',
            entity: 'worker',
            entityId: workerId,
            after: { purpose: request.query.purpose },
          },
        ],
      }));
      return {
        workerId: String(workerId),
        name: worker.name,
        phone: worker.phone_e164 ? formatPhoneNational(worker.phone_e164) : null,
        accounts: accounts.map((account) => ({
          bankCode: account.bank_code,
          accountNumber: account.account_number,
          holderName: account.holder_name,
        })),
        erased: worker.erased_at !== null,
      };
    },
  );

  app.post(
    '/api/v1/workers/:id/erasure',
    {
      config: { access: { roles: ['admin', 'official'] } },
      schema: {
        tags: ['privacy'],
        params: IdParams,
        body: Type.Object({ reason: Type.String({ minLength: 5, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ workerId: IdText, erasedAt: Type.String() }) },
      },
    },
    async (request) => {
      const workerId = BigInt(request.params.id);
      if (!(await mayReadWorker(request.caller, workerId))) return refuse('not_found');
      const now = context.clock.now();
      return auditedWrite(db, request.caller, now, async (tx) => {
        const worker = await tx
          .selectFrom('workers')
          .selectAll()
          .where('id', '=', workerId)
          .forUpdate()
          .executeTakeFirstOrThrow();
        if (worker.erased_at) return refuse('conflict', undefined, 'already erased');
        // Personal data needed to pay what is still owed stays until it is paid.
        const { rows } = await sql<{ owed: bigint }>`
          select count(*) as owed from obligations
          where payee_kind = 'worker' and payee_id = ${workerId} and paid_won < amount_won`.execute(tx);
        if (Number(rows[0]?.owed ?? 0) > 0) return refuse('erasure_blocked_wages_owed');
        await tx
          .updateTable('workers')
          .set({ name: null, phone_e164: null, erased_at: now, updated_at: now })
          .where('id', '=', workerId)
          .execute();
        await tx
          .updateTable('payee_accounts')
          .set({ holder_name: '(삭제됨)', updated_at: now })
          .where('owner_kind', '=', 'worker')
          .where('owner_id', '=', workerId)
          .execute();
        const request_ = await tx
          .insertInto('erasure_requests')
          .values({
            worker_id: workerId,
            requested_by: request.caller.label,
            reason: request.body.reason,
            decided_at: now,
            decision: 'erased',
            decision_reason: 'no wages owed',
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return {
          outcome: { workerId: String(workerId), erasedAt: now.toISOString() },
          audit: [
            {
              action: 'worker.personal_data_erased',
              entity: 'worker',
              entityId: workerId,
              after: { erasureRequestId: request_.id, reason: request.body.reason },
            },
          ],
        };
      });
    },
  );

  /** Whether the caller may see this worker at all: the employer, the contract's prime, its buyer's officials. */
  async function mayReadWorker(caller: Caller, workerId: bigint): Promise<boolean> {
    if (caller.role === 'admin') return true;
    if (seesEverything(caller)) return false;
    const row = await db
      .selectFrom('worker_engagements')
      .innerJoin('contracts', 'contracts.id', 'worker_engagements.contract_id')
      .select('worker_engagements.id')
      .where('worker_engagements.worker_id', '=', workerId)
      .where((eb) => {
        if (caller.role === 'official') return eb('contracts.buyer_id', '=', caller.buyerId);
        if (isFirmCaller(caller)) {
          return eb.or([
            eb('worker_engagements.employer_firm_id', '=', caller.firmId),
            eb('contracts.prime_firm_id', '=', caller.firmId),
          ]);
        }
        return eb.lit(false);
      })
      .executeTakeFirst();
    return row !== undefined;
  }
};
