import { timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { type Caller, publicCaller, type Role, type RouteAccess } from '../auth/caller.ts';
import { callerForSession, sessionCookieName } from '../auth/sessions.ts';
import { assert } from '../kernel/assert.ts';
import { httpBodyBytesMax } from '../kernel/limits.ts';
import type { AppContext } from './app-context.ts';
import { errorBody, Refusal, type RefusalCode, refusals } from './refusals.ts';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller;
    locale: 'ko' | 'en';
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

export type App = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

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
    disableRequestLogging: true,
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  app.decorateRequest('caller', null as never);
  app.decorateRequest('locale', 'ko');

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
      },
    },
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
  });

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
    const resolved = await resolveCaller(context, request);
    request.caller = resolved?.caller ?? publicCaller;
    if (resolved?.locale && !request.headers['accept-language']) request.locale = resolved.locale;
    const roles: readonly Role[] = access.roles;
    if (request.caller.role === 'public' && !roles.includes('public')) {
      return sendRefusal(reply, request, 'unauthenticated');
    }
    if (!roles.includes(request.caller.role)) return sendRefusal(reply, request, 'forbidden');
    if (resolved?.csrfToken && unsafeMethods.has(request.method)) {
      if (request.headers['x-csrf-token'] !== resolved.csrfToken) {
        return sendRefusal(reply, request, 'csrf_token_invalid');
      }
    }
  });

  app.addHook('onResponse', async (request, reply) => {
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

  for (const register of modules) await register(app, context);
  return app;
}

function preferredLocale(request: FastifyRequest): 'ko' | 'en' {
  const header = request.headers['accept-language'];
  if (typeof header === 'string' && /^en\b/i.test(header.trim())) return 'en';
  return 'ko';
}

type ResolvedCaller = { caller: Caller; csrfToken?: string; locale?: 'ko' | 'en' };

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
  if (!token) return undefined;
  return callerForSession(context.handle.db, token, context.clock.now());
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
