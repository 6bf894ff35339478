import { Type } from '@sinclair/typebox';
import { appendAudit } from '../audit/audit-log.ts';
import { auditedWrite } from '../audit/audited-write.ts';
import { realTimeOf } from '../http/app-context.ts';
import { refuse } from '../http/refusals.ts';
import type { RouteModule } from '../http/server.ts';
import {
  loginFailuresMax,
  loginLockoutMs,
  loginRequestsPerMinuteMax,
  nameLengthMax,
  sessionAbsoluteMs,
} from '../kernel/limits.ts';
import { allRoles, userRoles } from './caller.ts';
import { unknownUserHash, verifyPassword } from './passwords.ts';
import { createSession, endSession, sessionCookieName } from './sessions.ts';
import { newTotpSecret, totpUri, verifyTotp } from './totp.ts';

const LoginRequest = Type.Object(
  {
    login: Type.String({ minLength: 1, maxLength: nameLengthMax }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    totpCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
  },
  { additionalProperties: false },
);

const CodeRequest = Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }, { additionalProperties: false });

const Me = Type.Object({
  role: Type.String(),
  label: Type.String(),
  buyerId: Type.Optional(Type.String()),
  firmId: Type.Optional(Type.String()),
  bankId: Type.Optional(Type.String()),
  workerId: Type.Optional(Type.String()),
  /** The session's CSRF token, so a page reloaded after sign-in can still write. */
  csrfToken: Type.Optional(Type.String()),
});

/** Sign-in with login and password, a session cookie, and the caller's own identity. */
export const authRoutes: RouteModule = (app, context) => {
  const db = context.handle.db;

  app.post(
    '/api/v1/auth/login',
    {
      config: { access: { roles: ['public'] }, rateLimit: { max: loginRequestsPerMinuteMax, timeWindow: 60_000 } },
      schema: {
        tags: ['auth'],
        body: LoginRequest,
        response: { 200: Type.Object({ csrfToken: Type.String(), role: Type.String(), expiresAt: Type.String() }) },
      },
    },
    async (request, reply) => {
      // Sign-in, lockout and the session's lifetime run in real time, whatever the demo clock says.
      const now = realTimeOf(context).now();
      const user = await db.selectFrom('users').selectAll().where('login', '=', request.body.login).executeTakeFirst();
      if (!user || user.disabled_at) {
        await verifyPassword(await unknownUserHash, request.body.password);
        return refuse('invalid_credentials');
      }
      if (user.locked_until && user.locked_until.getTime() > now.getTime()) return refuse('account_locked');
      const passwordOk = await verifyPassword(user.password_hash, request.body.password);
      const totpNeeded = passwordOk && user.totp_confirmed_at !== null && user.totp_secret !== null;
      if (totpNeeded && request.body.totpCode === undefined) return refuse('totp_required', 'totpCode');
      const totpOk = !totpNeeded || verifyTotp(user.totp_secret!, request.body.totpCode!, now);
      if (!passwordOk || !totpOk) {
        const failures = user.failed_logins + 1;
        const locked = failures >= loginFailuresMax;
        await db.transaction().execute(async (tx) => {
          await tx
            .updateTable('users')
            .set({
              failed_logins: locked ? 0 : failures,
              locked_until: locked ? new Date(now.getTime() + loginLockoutMs) : user.locked_until,
            })
            .where('id', '=', user.id)
            .execute();
          if (locked) {
            await appendAudit(
              tx,
              { label: 'system' },
              { action: 'user.locked', entity: 'user', entityId: user.id },
              now,
            );
          }
        });
        return refuse(locked ? 'account_locked' : passwordOk ? 'totp_invalid' : 'invalid_credentials');
      }
      const session = await db.transaction().execute(async (tx) => {
        await tx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
        return createSession(tx, user.id, now, totpNeeded);
      });
      reply.setCookie(sessionCookieName, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: 'auto',
        maxAge: Math.floor(sessionAbsoluteMs / 1000),
      });
      return { csrfToken: session.csrfToken, role: user.role, expiresAt: session.expiresAt.toISOString() };
    },
  );

  const signedIn = [...userRoles];

  app.post(
    '/api/v1/auth/totp/enroll',
    {
      config: { access: { roles: signedIn } },
      schema: { tags: ['auth'], response: { 200: Type.Object({ secret: Type.String(), uri: Type.String() }) } },
    },
    async (request) => {
      const caller = request.caller;
      if (!('userId' in caller) || caller.userId === 0n) return refuse('forbidden');
      const user = await db
        .selectFrom('users')
        .select(['login', 'totp_confirmed_at'])
        .where('id', '=', caller.userId)
        .executeTakeFirstOrThrow();
      // Re-enrolling an active second factor would let a stolen session replace it.
      if (user.totp_confirmed_at) return refuse('conflict', undefined, 'two-factor sign-in is already active');
      const secret = newTotpSecret();
      await auditedWrite(db, caller, context.clock.now(), async (tx) => {
        await tx.updateTable('users').set({ totp_secret: secret }).where('id', '=', caller.userId).execute();
        return {
          outcome: null,
          audit: [{ action: 'user.totp_enrolment_started', entity: 'user', entityId: caller.userId }],
        };
      });
      return { secret, uri: totpUri(secret, user.login) };
    },
  );

  app.post(
    '/api/v1/auth/totp/confirm',
    { config: { access: { roles: signedIn } }, schema: { tags: ['auth'], body: CodeRequest } },
    async (request, reply) => {
      const caller = request.caller;
      if (!('userId' in caller) || caller.userId === 0n || !request.session) return refuse('forbidden');
      // Codes come from the user's authenticator, which keeps real time whatever the demo clock says.
      const now = realTimeOf(context).now();
      const user = await db
        .selectFrom('users')
        .select(['totp_secret', 'totp_confirmed_at'])
        .where('id', '=', caller.userId)
        .executeTakeFirstOrThrow();
      if (!user.totp_secret || user.totp_confirmed_at) return refuse('conflict');
      if (!verifyTotp(user.totp_secret, request.body.code, now)) return refuse('totp_invalid', 'code');
      const tokenHash = request.session.tokenHash;
      await auditedWrite(db, caller, now, async (tx) => {
        await tx.updateTable('users').set({ totp_confirmed_at: now }).where('id', '=', caller.userId).execute();
        await tx.updateTable('sessions').set({ stepped_up_at: now }).where('token_hash', '=', tokenHash).execute();
        return { outcome: null, audit: [{ action: 'user.totp_confirmed', entity: 'user', entityId: caller.userId }] };
      });
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/auth/step-up',
    {
      config: { access: { roles: signedIn }, rateLimit: { max: loginRequestsPerMinuteMax, timeWindow: 60_000 } },
      schema: { tags: ['auth'], body: CodeRequest },
    },
    async (request, reply) => {
      const caller = request.caller;
      const session = request.session;
      if (!('userId' in caller) || !session) return refuse('forbidden');
      // Codes and the step-up's validity run in real time, like the authenticator and the session.
      const now = realTimeOf(context).now();
      const user = await db
        .selectFrom('users')
        .select(['totp_secret', 'totp_confirmed_at'])
        .where('id', '=', caller.userId)
        .executeTakeFirstOrThrow();
      if (!user.totp_secret || !user.totp_confirmed_at) return refuse('totp_enrollment_required');
      if (!verifyTotp(user.totp_secret, request.body.code, now)) return refuse('totp_invalid', 'code');
      await db
        .updateTable('sessions')
        .set({ stepped_up_at: now })
        .where('token_hash', '=', session.tokenHash)
        .execute();
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { config: { access: { roles: allRoles } }, schema: { tags: ['auth'] } },
    async (request, reply) => {
      const token = request.cookies[sessionCookieName];
      if (token) await endSession(db, token);
      reply.clearCookie(sessionCookieName, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      config: { access: { roles: allRoles.filter((role) => role !== 'public') } },
      schema: { tags: ['auth'], response: { 200: Me } },
    },
    async (request) => {
      const caller = request.caller;
      return {
        role: caller.role,
        label: caller.label,
        ...('buyerId' in caller ? { buyerId: String(caller.buyerId) } : {}),
        ...('firmId' in caller ? { firmId: String(caller.firmId) } : {}),
        ...('bankId' in caller ? { bankId: String(caller.bankId) } : {}),
        ...('workerId' in caller ? { workerId: String(caller.workerId) } : {}),
        ...(request.session ? { csrfToken: request.session.csrfToken } : {}),
      };
    },
  );
};
