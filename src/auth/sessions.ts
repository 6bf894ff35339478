import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { prepared } from '../db/prepared-statements.ts';
import { sessionAbsoluteMs, sessionIdleMs } from '../kernel/limits.ts';
import type { Caller, UserRole } from './caller.ts';

/**
 * Server-side sessions. The cookie carries a random token; the database keeps only its SHA-256, so a
 * leaked database does not leak live sessions. A session ends after idle time or an absolute lifetime.
 */
export const sessionCookieName = 'hado_session';

export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

export async function createSession(
  db: Executor,
  userId: bigint,
  now: Date,
  steppedUp = false,
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + sessionAbsoluteMs);
  await db
    .insertInto('sessions')
    .values({
      token_hash: tokenHash(token),
      user_id: userId,
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
      stepped_up_at: steppedUp ? now : null,
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

export type SessionCaller = {
  readonly caller: Caller;
  readonly csrfToken: string;
  readonly locale: 'ko' | 'en';
  readonly tokenHash: string;
  /** When the holder last proved a TOTP code in this session (sign-in or step-up). */
  readonly steppedUpAt: Date | null;
  readonly totpConfirmed: boolean;
};

/** The caller behind a session token, or undefined when the session is unknown, idle too long or expired. */
export async function callerForSession(db: Executor, token: string, now: Date): Promise<SessionCaller | undefined> {
  // Every authenticated request runs this: one indexed statement, prepared once per connection on PostgreSQL.
  const { rows } = await sql<
    UserCallerRow & {
      token_hash: string;
      csrf_token: string;
      last_seen_at: Date;
      expires_at: Date;
      stepped_up_at: Date | null;
      totp_confirmed_at: Date | null;
      locale: string;
      disabled_at: Date | null;
    }
  >`${prepared}
    select s.token_hash, s.csrf_token, s.last_seen_at, s.expires_at, s.stepped_up_at, u.totp_confirmed_at,
      u.id as user_id, u.login, u.role, u.buyer_id, u.firm_id, u.bank_id, u.locale, u.disabled_at
    from sessions s
    join users u on u.id = s.user_id
    where s.token_hash = ${tokenHash(token)}`.execute(db);
  const row = rows[0];
  if (!row || row.disabled_at) return undefined;
  if (row.expires_at.getTime() <= now.getTime()) return undefined;
  if (now.getTime() - row.last_seen_at.getTime() > sessionIdleMs) return undefined;
  // Touch at most once a minute: a busy dashboard should not write on every request.
  if (now.getTime() - row.last_seen_at.getTime() > 60_000) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('token_hash', '=', row.token_hash).execute();
  }
  return {
    caller: userCaller(row),
    csrfToken: row.csrf_token,
    locale: row.locale === 'en' ? 'en' : 'ko',
    tokenHash: row.token_hash,
    steppedUpAt: row.stepped_up_at,
    totpConfirmed: row.totp_confirmed_at !== null,
  };
}

/** What a caller is made of: the user's id, login, role and the party the role acts for. */
type UserCallerRow = {
  user_id: bigint;
  login: string;
  role: string;
  buyer_id: bigint | null;
  firm_id: bigint | null;
  bank_id: bigint | null;
};

export function userCaller(row: UserCallerRow): Caller {
  const role = row.role as UserRole;
  const label = `user:${row.login}`;
  switch (role) {
    case 'official':
      return { role, userId: row.user_id, buyerId: row.buyer_id!, label };
    case 'prime':
    case 'subcontractor':
    case 'supplier':
      return { role, userId: row.user_id, firmId: row.firm_id!, label };
    case 'bank':
      return { role, userId: row.user_id, bankId: row.bank_id!, label };
    case 'admin':
    case 'auditor':
      return { role, userId: row.user_id, label };
  }
}

export async function endSession(db: Executor, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash(token)).execute();
}
