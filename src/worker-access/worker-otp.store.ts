import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import {
  workerOtpAttemptsMax,
  workerOtpLifetimeMs,
  workerOtpLockoutMs,
  workerOtpRequestsPerAddressMax,
  workerOtpRequestsPerPhoneMax,
} from '../kernel/limits.ts';
import { renderTemplate } from '../notifications/render.ts';
import type { NotificationSettings } from '../notifications/settings.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { newWorkerOtp, workerOtpHash, workerOtpMatches } from './worker-otp.ts';
import { createWorkerSession } from './worker-sessions.ts';

const hourMs = 60 * 60_000;

/**
 * `accepted` whether or not the phone belongs to a worker (the answer never tells); `rate_limited` when the phone or
 * the address asked too often in the last hour (counted the same for known and unknown phones).
 */
export type RequestOtpResult = 'accepted' | 'rate_limited';

/**
 * Asks for a code: the request is recorded; a registered worker's phone gets a new code by SMS through the outbox,
 * in the same transaction (urgent: quiet hours do not hold it back; secret: the log never shows it). A newer code
 * replaces an older one. Phones are serialised by an advisory lock so the limits hold under concurrency.
 */
export async function requestWorkerOtp(
  db: Db,
  input: { phone: string; ip: string; now: Date; settings: NotificationSettings },
): Promise<RequestOtpResult> {
  const { phone, ip, now } = input;
  const since = new Date(now.getTime() - hourMs);
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`worker-otp:${phone}`}))`.execute(tx);
    const counts = await tx
      .selectFrom('worker_otp_requests')
      .select([
        sql<bigint>`count(*) filter (where phone_e164 = ${phone})`.as('by_phone'),
        sql<bigint>`count(*) filter (where ip = ${ip})`.as('by_address'),
      ])
      .where('requested_at', '>', since)
      .where((eb) => eb.or([eb('phone_e164', '=', phone), eb('ip', '=', ip)]))
      .executeTakeFirstOrThrow();
    if (
      Number(counts.by_phone) >= workerOtpRequestsPerPhoneMax ||
      Number(counts.by_address) >= workerOtpRequestsPerAddressMax
    ) {
      return 'rate_limited';
    }
    const locked = await tx
      .selectFrom('worker_phone_lockouts')
      .select('locked_until')
      .where('phone_e164', '=', phone)
      .where('locked_until', '>', now)
      .executeTakeFirst();
    const worker = locked
      ? undefined
      : await tx
          .selectFrom('workers')
          .select(['id', 'locale'])
          .where('phone_e164', '=', phone)
          .where('erased_at', 'is', null)
          .executeTakeFirst();
    // Older codes for this phone stop working: only the newest may be used.
    await tx
      .updateTable('worker_otp_requests')
      .set({ consumed_at: now })
      .where('phone_e164', '=', phone)
      .where('consumed_at', 'is', null)
      .execute();
    const request = await tx
      .insertInto('worker_otp_requests')
      .values({
        phone_e164: phone,
        worker_id: worker?.id ?? null,
        ip,
        code_hash: worker ? 'pending' : null,
        requested_at: now,
        expires_at: new Date(now.getTime() + workerOtpLifetimeMs),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (!worker) return 'accepted';
    const code = newWorkerOtp();
    await tx
      .updateTable('worker_otp_requests')
      .set({ code_hash: workerOtpHash(phone, request.id, code) })
      .where('id', '=', request.id)
      .execute();
    const locale = worker.locale === 'en' ? 'en' : 'ko';
    await enqueue(
      tx,
      [
        {
          key: `otp:${request.id}`,
          contractId: null,
          kind: 'worker_otp',
          recipient: { kind: 'worker', id: worker.id, phone, locale },
          sender: input.settings.sender,
          body: renderTemplate(locale, 'worker_otp', { code }),
          payload: { template: 'worker_otp', requestId: String(request.id) },
          urgent: true,
          secret: true,
        },
      ],
      { now, quietHours: input.settings.quietHours },
    );
    return 'accepted';
  });
}

export type VerifyOtpResult =
  | {
      readonly result: 'session';
      readonly workerId: bigint;
      readonly token: string;
      readonly csrfToken: string;
      readonly expiresAt: Date;
    }
  | { readonly result: 'invalid' }
  | { readonly result: 'locked' };

/**
 * Checks a code against the phone's newest request. A right code (in time, not used) opens a worker session; a
 * wrong one counts, and the `workerOtpAttemptsMax`-th locks the phone for `workerOtpLockoutMs` (unknown phones
 * lock the same way, so the answers never tell a registered phone from another).
 */
export async function verifyWorkerOtp(
  db: Db,
  input: { phone: string; code: string; now: Date },
): Promise<VerifyOtpResult> {
  const { phone, code, now } = input;
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`worker-otp:${phone}`}))`.execute(tx);
    const locked = await tx
      .selectFrom('worker_phone_lockouts')
      .select('locked_until')
      .where('phone_e164', '=', phone)
      .where('locked_until', '>', now)
      .executeTakeFirst();
    if (locked) return { result: 'locked' } as const;
    const request = await tx
      .selectFrom('worker_otp_requests')
      .selectAll()
      .where('phone_e164', '=', phone)
      .where('consumed_at', 'is', null)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!request || request.expires_at.getTime() <= now.getTime()) return { result: 'invalid' } as const;
    if (
      request.worker_id !== null &&
      request.code_hash !== null &&
      workerOtpMatches(phone, request.id, code, request.code_hash)
    ) {
      await tx.updateTable('worker_otp_requests').set({ consumed_at: now }).where('id', '=', request.id).execute();
      const session = await createWorkerSession(tx, request.worker_id, now);
      return { result: 'session', workerId: request.worker_id, ...session } as const;
    }
    const failures = request.failed_attempts + 1;
    if (failures < workerOtpAttemptsMax) {
      await tx
        .updateTable('worker_otp_requests')
        .set({ failed_attempts: failures })
        .where('id', '=', request.id)
        .execute();
      return { result: 'invalid' } as const;
    }
    await tx
      .updateTable('worker_otp_requests')
      .set({ failed_attempts: failures, consumed_at: now })
      .where('id', '=', request.id)
      .execute();
    const lockedUntil = new Date(now.getTime() + workerOtpLockoutMs);
    await tx
      .insertInto('worker_phone_lockouts')
      .values({ phone_e164: phone, locked_until: lockedUntil, locked_at: now })
      .onConflict((conflict) =>
        conflict.column('phone_e164').doUpdateSet({ locked_until: lockedUntil, locked_at: now }),
      )
      .execute();
    return { result: 'locked' } as const;
  });
}
