import { Type } from '@sinclair/typebox';
import { appendAudit } from '../audit/audit-log.ts';
import { refuse } from '../http/refusals.ts';
import type { RouteModule } from '../http/server.ts';
import {
  loginFailuresMax,
  loginLockoutMs,
  loginRequestsPerMinuteMax,
  nameLengthMax,
  sessionAbsoluteMs,
} from '../kernel/limits.ts';
import { allRoles } from './caller.ts';
import { unknownUserHash, verifyPassword } from './passwords.ts';
import { createSession, endSession, sessionCookieName } from './sessions.ts';

const LoginRequest = Type.Object(
  {
    login: Type.String({ minLength: 1, maxLength: nameLengthMax }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

const Me = Type.Object({
  role: Type.String(),
  label: Type.String(),
  buyerId: Type.Optional(Type.String()),
  firmId: Type.Optional(Type.String()),
  bankId: Type.Optional(Type.String()),
  workerId: Type.Optional(Type.String()),
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
      const now = context.clock.now();
      const user = await db.selectFrom('users').selectAll().where('login', '=', request.body.login).executeTakeFirst();
      if (!user || user.disabled_at) {
        await verifyPassword(await unknownUserHash, request.body.password);
        return refuse('invalid_credentials');
      }
      if (user.locked_until && user.locked_until.getTime() > now.getTime()) return refuse('account_locked');
      if (!(await verifyPassword(user.password_hash, request.body.password))) {
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
        return refuse(locked ? 'account_locked' : 'invalid_credentials');
      }
      const session = await db.transaction().execute(async (tx) => {
        await tx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
        return createSession(tx, user.id, now);
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
      };
    },
  );
};
