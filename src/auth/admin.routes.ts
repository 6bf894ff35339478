import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import { verifyAuditChain } from '../audit/audit-log.ts';
import { migrate } from '../db/migrate.ts';
import { refuse } from '../http/refusals.ts';
import { IdText, Locale, Name } from '../http/schemas.ts';
import type { RouteModule } from '../http/server.ts';
import { userRoles } from './caller.ts';
import { createUser } from './users.ts';

/**
 * The admin API: creating sign-ins, and what CLI commands run beside a server need (its status, its
 * migrations). CLI commands reach it with the bearer token the server wrote to server.json.
 */
export const adminRoutes: RouteModule = (app, context) => {
  const db = context.handle.db;

  app.post(
    '/api/v1/admin/users',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['admin'],
        body: Type.Object(
          {
            login: Type.String({ pattern: '^[a-z0-9._-]{3,64}$' }),
            password: Type.String({ minLength: 1, maxLength: 1024 }),
            role: Type.Union(userRoles.map((role) => Type.Literal(role))),
            displayName: Name,
            buyerId: Type.Optional(IdText),
            firmId: Type.Optional(IdText),
            bankId: Type.Optional(IdText),
            locale: Type.Optional(Locale),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: IdText }) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const created = await createUser(db, request.caller, context.clock.now(), {
        login: body.login,
        password: body.password,
        role: body.role,
        displayName: body.displayName,
        ...(body.buyerId ? { buyerId: BigInt(body.buyerId) } : {}),
        ...(body.firmId ? { firmId: BigInt(body.firmId) } : {}),
        ...(body.bankId ? { bankId: BigInt(body.bankId) } : {}),
        ...(body.locale ? { locale: body.locale } : {}),
      });
      return reply.status(201).send({ id: String(created.id) });
    },
  );

  app.get(
    '/api/v1/admin/status',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['admin'],
        response: {
          200: Type.Object({
            engine: Type.String(),
            ready: Type.Boolean(),
            demo: Type.Boolean(),
            migration: Type.Integer(),
            today: Type.String(),
          }),
        },
      },
    },
    async () => {
      const { rows } = await sql<{
        version: number | null;
      }>`select max(version) as version from schema_migrations`.execute(db);
      return {
        engine: context.handle.engine,
        ready: context.ready,
        demo: context.demo,
        migration: Number(rows[0]?.version ?? 0),
        today: context.clock.today(),
      };
    },
  );

  app.get(
    '/api/v1/admin/audit/verify',
    {
      config: { access: { roles: ['admin', 'auditor'] } },
      schema: {
        tags: ['admin'],
        response: {
          200: Type.Object({
            kind: Type.Union([Type.Literal('intact'), Type.Literal('broken')]),
            rows: Type.Integer(),
            firstBrokenId: Type.Optional(Type.String()),
            reason: Type.Optional(Type.String()),
          }),
        },
      },
    },
    async () => {
      const outcome = await verifyAuditChain(db);
      return outcome.kind === 'intact'
        ? { kind: outcome.kind, rows: outcome.rows }
        : {
            kind: outcome.kind,
            rows: outcome.rows,
            firstBrokenId: String(outcome.firstBrokenId),
            reason: outcome.reason,
          };
    },
  );

  app.get(
    '/api/v1/admin/backup',
    { config: { access: { roles: ['admin'] } }, schema: { tags: ['admin'], hide: true } },
    async (_request, reply) => {
      if (!context.handle.dumpEmbedded)
        return refuse('invalid_request', undefined, 'PostgreSQL is backed up with pg_dump');
      const bytes = await context.handle.dumpEmbedded();
      return reply.type('application/gzip').send(Buffer.from(bytes));
    },
  );

  app.post(
    '/api/v1/admin/migrate',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['admin'],
        response: { 200: Type.Object({ applied: Type.Array(Type.String()), current: Type.Integer() }) },
      },
    },
    async () => {
      const result = await migrate(context.handle);
      return { applied: [...result.applied], current: result.current };
    },
  );
};
