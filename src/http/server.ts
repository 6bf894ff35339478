import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest, LogController } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { sql } from 'kysely';
import { type Caller, publicCaller, type Role, type RouteAccess } from '../auth/caller.ts';
import { callerForSession, type SessionCaller, sessionCookieName } from '../auth/sessions.ts';
import { totpRoles } from '../auth/totp.ts';
import { assert } from '../kernel/assert.ts';
import { httpBodyBytesMax } from '../kernel/limits.ts';
import { callerForWorkerSession, workerSessionCookieName } from '../worker-access/worker-sessions.ts';
import { type AppContext, realTimeOf } from './app-context.ts';
import { errorBody, Refusal, type RefusalCode, refusals } from './refusals.ts';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller;
    locale: 'ko' | 'en';
    /** The session behind a cookie-authenticated request (for step-up and sign-out); absent otherwise. */
    session: SessionCaller | undefined;
  }
  interface FastifyInstance {
    /** Every /api/v1 route with the roles it declared: the route × role test walks this list. */
    declaredRoutes: readonly DeclaredRoute[];
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
    /**
     * The route authenticates a bank by the signature over its body (bank/inbound): the caller is resolved by
     * the route once the body is read, so this hook leaves it public. The route still declares `roles`.
     */
    bankSignature?: boolean;
  }
}

export type App = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export type DeclaredRoute = {
  readonly method: string;
  readonly url: string;
  readonly roles: readonly Role[];
  /** Sessions and the admin token, or a bank's signature over the body (the bank channel). */
  readonly authentication: 'session' | 'bank_signature';
  /** The body's JSON schema, for the fuzz tests. */
  readonly body?: unknown;
};

export type RouteModule = (app: App, context: AppContext) => void | Promise<void>;

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The HTTP API. Every route under /api declares which roles may call it (`config.access`); a request is
 * authenticated in `onRequest`, before its body is even parsed, so a caller without a session gets 401
 * before any validation. Errors leave in one shape: `{ error: { code, message, field? } }`.
 */
export async function buildServer(
  context: AppContext,
  modules: readonly RouteModule[],
  options: { logger?: boolean | object } = {},
): Promise<App> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: httpBodyBytesMax,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
    trustProxy: false,
    // Requests are logged in onResponse below, leaving out in-process calls (the demo loader, tests).
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  const declaredRoutes: DeclaredRoute[] = [];
  app.decorateRequest('caller', null as never);
  app.decorateRequest('locale', 'ko');
  app.decorateRequest('session', undefined);

  // Security headers (helmet's defaults and the policy below), computed once: they are the same for every answer,
  // and building them per request (as @fastify/helmet does) cost a third of a static answer's throughput.
  const securityHeaders = helmetHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        // Hado may be served over plain http inside an agency's network; TLS is the proxy's business.
        upgradeInsecureRequests: null,
      },
    },
  });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(securityHeaders);
    done();
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Hado API',
        version: '1',
        description: 'Construction payment monitoring: claims, divided payments, bank movements, findings.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: sessionCookieName },
          adminToken: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  // A route under /api/v1 without an access declaration is a programmer error caught at start.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1')) return;
    const access = (route.config as { access?: RouteAccess } | undefined)?.access;
    assert(access && access.roles.length > 0, `route ${route.method} ${route.url} declares no roles`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') {
        const signed = Boolean((route.config as { bankSignature?: boolean } | undefined)?.bankSignature);
        declaredRoutes.push({
          method,
          url: route.url,
          roles: access.roles,
          authentication: signed ? 'bank_signature' : 'session',
          body: (route.schema as { body?: unknown } | undefined)?.body,
        });
      }
    }
  });
  app.decorate('declaredRoutes', declaredRoutes);

  app.addHook('onRequest', async (request, reply) => {
    request.locale = preferredLocale(request);
    const access = request.routeOptions.config.access;
    if (!access) {
      request.caller = publicCaller;
      return;
    }
    // Until ready, only the server's own bearer token (the demo loader, CLI admin calls) gets through.
    if (!context.ready && !request.headers.authorization?.startsWith('Bearer ')) {
      return sendRefusal(reply, request, 'not_ready');
    }
    if (request.routeOptions.config.bankSignature) {
      request.caller = publicCaller;
      return;
    }
    const resolved = await resolveCaller(context, request);
    request.caller = resolved?.caller ?? publicCaller;
    request.session = resolved?.session;
    if (resolved?.locale && !request.headers['accept-language']) request.locale = resolved.locale;
    const roles: readonly Role[] = access.roles;
    if (request.caller.role === 'public' && !roles.includes('public')) {
      return sendRefusal(reply, request, 'unauthenticated');
    }
    if (!roles.includes(request.caller.role)) return sendRefusal(reply, request, 'forbidden');
    // Money-moving roles must have two-factor sign-in before anything but enrolling it.
    if (
      context.totpEnforced &&
      resolved?.session &&
      totpRoles.has(request.caller.role) &&
      !resolved.session.totpConfirmed &&
      !request.url.startsWith('/api/v1/auth/')
    ) {
      return sendRefusal(reply, request, 'totp_enrollment_required');
    }
    if (resolved?.csrfToken && unsafeMethods.has(request.method)) {
      if (request.headers['x-csrf-token'] !== resolved.csrfToken) {
        return sendRefusal(reply, request, 'csrf_token_invalid');
      }
    }
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    context.metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    context.metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    if (request.headers['user-agent'] === 'lightMyRequest') return;
    request.log.info(
      {
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        caller: request.caller?.label,
      },
      'request',
    );
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof Refusal) {
      return reply.status(error.status).send(errorBody(error.code, request.locale, error.field, error.detail));
    }
    const fastifyError = error as {
      validation?: { instancePath?: string; params?: Record<string, unknown>; message?: string }[];
      validationContext?: string;
      code?: string;
      statusCode?: number;
      message: string;
    };
    if (fastifyError.validation) {
      const first = fastifyError.validation[0];
      const missing = first?.params?.missingProperty ?? first?.params?.additionalProperty;
      const path = `${first?.instancePath ?? ''}${missing ? `/${String(missing)}` : ''}`;
      const field = path.replace(/^\//, '').replaceAll('/', '.') || fastifyError.validationContext;
      return reply
        .status(400)
        .send(
          errorBody(
            'invalid_request',
            request.locale,
            field,
            `${fastifyError.validationContext}${path} ${first?.message ?? ''}`,
          ),
        );
    }
    if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send(errorBody('body_too_large', request.locale));
    }
    if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.status(415).send(errorBody('unsupported_media_type', request.locale));
    }
    if (fastifyError.statusCode === 429) {
      return reply.status(429).send(errorBody('rate_limited', request.locale));
    }
    if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
      return reply.status(400).send(errorBody('invalid_request', request.locale, undefined, fastifyError.message));
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      return reply.status(503).send(errorBody('database_unavailable', request.locale));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send(errorBody('internal', request.locale));
  });

  app.setNotFoundHandler((request, reply) => reply.status(404).send(errorBody('not_found', request.locale)));

  app.get('/health', { schema: { hide: true } }, async (_request, reply) => {
    if (!context.ready) return reply.status(503).send({ status: 'starting' });
    try {
      await sql`select 1`.execute(context.handle.db);
    } catch {
      return reply.status(503).send({ status: 'database_unavailable' });
    }
    return { status: 'ok', engine: context.handle.engine, demo: context.demo };
  });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get(
    '/metrics',
    { config: { access: { roles: ['admin', 'auditor'] } }, schema: { hide: true } },
    async (_request, reply) =>
      reply.type(context.metrics.registry.contentType).send(await context.metrics.registry.metrics()),
  );

  for (const register of modules) await register(app, context);
  return app;
}

/** Connection-level failures (the database went away or is restarting), as node-postgres reports them. */
function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  const message = (error as { message?: string }).message ?? '';
  return (
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === '57P01' || // admin_shutdown: the connection was terminated
    code === '57P02' ||
    code === '57P03' || // cannot_connect_now
    code === '08006' ||
    code === '08003' ||
    /Connection terminated|connection error|Client has encountered a connection error/i.test(message)
  );
}

function preferredLocale(request: FastifyRequest): 'ko' | 'en' {
  const header = request.headers['accept-language'];
  if (typeof header === 'string' && /^en\b/i.test(header.trim())) return 'en';
  return 'ko';
}

type ResolvedCaller = { caller: Caller; csrfToken?: string; locale?: 'ko' | 'en'; session?: SessionCaller };

async function resolveCaller(context: AppContext, request: FastifyRequest): Promise<ResolvedCaller | undefined> {
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) {
    const token = authorization.slice('Bearer '.length);
    if (context.adminToken && timingSafeEqualText(token, context.adminToken)) {
      return { caller: { role: 'admin', userId: 0n, label: 'cli' } };
    }
    return undefined;
  }
  const token = request.cookies[sessionCookieName];
  if (!token) {
    // A worker proves a phone number instead of signing in: its own cookie, its own session table.
    const workerToken = request.cookies[workerSessionCookieName];
    return workerToken ? callerForWorkerSession(context.handle.db, workerToken, realTimeOf(context).now()) : undefined;
  }
  // Sessions live in real time, whatever the demo clock says (a fast demo day must not end a sign-in).
  const session = await callerForSession(context.handle.db, token, realTimeOf(context).now());
  return session ? { ...session, session } : undefined;
}

function timingSafeEqualText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function sendRefusal(
  reply: import('fastify').FastifyReply,
  request: FastifyRequest,
  code: RefusalCode,
): import('fastify').FastifyReply {
  return reply.status(refusals[code].status).send(errorBody(code, request.locale));
}

/**
 * The headers helmet sets with `options`, read once by running its middleware against a response that records
 * them. Valid because none of the options depends on the request (no per-request nonces).
 */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure;
  return headers;
}
