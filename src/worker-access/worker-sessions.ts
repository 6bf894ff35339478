import { randomBytes } from 'node:crypto';
import type { Caller } from '../auth/caller.ts';
import { tokenHash } from '../auth/sessions.ts';
import type { Executor } from '../db/database.ts';
import { workerSessionMs } from '../kernel/limits.ts';

/**
 * A worker's session after proving a phone number: a random token in its own cookie (a worker has no user
 * account), stored as a hash, short-lived. Its caller is the `worker` role, which sees only that worker's wages.
 */
export const workerSessionCookieName = 'hado_worker';

export async function createWorkerSession(
  db: Executor,
  workerId: bigint,
  now: Date,
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + workerSessionMs);
  await db
    .insertInto('worker_sessions')
    .values({
      token_hash: tokenHash(token),
      worker_id: workerId,
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

export type WorkerSessionCaller = { readonly caller: Caller; readonly csrfToken: string; readonly locale: 'ko' | 'en' };

/** The worker behind a session token, or undefined when unknown, expired, or the worker's data was erased. */
export async function callerForWorkerSession(
  db: Executor,
  token: string,
  now: Date,
): Promise<WorkerSessionCaller | undefined> {
  const row = await db
    .selectFrom('worker_sessions')
    .innerJoin('workers', 'workers.id', 'worker_sessions.worker_id')
    .select([
      'worker_sessions.worker_id',
      'worker_sessions.csrf_token',
      'worker_sessions.expires_at',
      'workers.locale',
      'workers.erased_at',
    ])
    .where('worker_sessions.token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!row || row.erased_at || row.expires_at.getTime() <= now.getTime()) return undefined;
  return {
    caller: { role: 'worker', workerId: row.worker_id, label: `worker:${row.worker_id}` },
    csrfToken: row.csrf_token,
    locale: row.locale === 'en' ? 'en' : 'ko',
  };
}

export async function endWorkerSession(db: Executor, token: string): Promise<void> {
  await db.deleteFrom('worker_sessions').where('token_hash', '=', tokenHash(token)).execute();
}
