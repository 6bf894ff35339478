import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteModule } from '../http/server.ts';

/** Where `npm run build:web` writes the web application. */
export const webDistDirectory = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Hashed bundles never change under the same name: browsers may keep them for a year without asking. */
const hashedAssetMaxAgeSeconds = 365 * 24 * 60 * 60;

/** Paths the web application never answers: the API and the operational endpoints keep their own 404s. */
export function isServerPath(path: string): boolean {
  return (
    path === '/api' ||
    path.startsWith('/api/') ||
    path === '/health' ||
    path.startsWith('/health/') ||
    path === '/metrics' ||
    path.startsWith('/metrics/')
  );
}

/** A file at the top of dist (`/favicon.svg`, `/robots.txt`): one segment with an extension. */
const topLevelFile = /^\/[A-Za-z0-9_-][A-Za-z0-9._-]*\.[A-Za-z0-9]+$/;

/**
 * Serves the web application built into `distDirectory` at `/`: hashed bundles under /assets with a long
 * cache, top-level files (favicon), and index.html for every other GET that is not the API, so the
 * browser's router can take deep links (/contracts/1). Without a build it answers every page with a short
 * page saying how to build one, instead of an API-style 404 that would puzzle someone opening the site.
 */
export function webRoutesFor(distDirectory: string): RouteModule {
  return async (app) => {
    const indexFile = join(distDirectory, 'index.html');
    if (!existsSync(indexFile)) {
      app.log.warn({ distDirectory }, 'web application not built: run npm run build:web');
      app.get('/*', { schema: { hide: true } }, (request, reply) => {
        if (isServerPath(pathOf(request))) return reply.callNotFound();
        return reply
          .status(503)
          .header('cache-control', 'no-store')
          .type('text/html; charset=utf-8')
          .send(notBuiltPage);
      });
      return;
    }

    await app.register(fastifyStatic, {
      root: join(distDirectory, 'assets'),
      prefix: '/assets/',
      index: false,
      list: false,
      redirect: false,
      schemaHide: true,
      cacheControl: false,
      setHeaders: (response) => {
        response.setHeader('cache-control', `public, max-age=${hashedAssetMaxAgeSeconds}, immutable`);
      },
    });

    const sendUncached = (reply: FastifyReply, file: string) =>
      reply.header('cache-control', 'no-cache').sendFile(file, distDirectory, { cacheControl: false });

    app.get('/*', { schema: { hide: true } }, (request, reply) => {
      const path = pathOf(request);
      if (isServerPath(path)) return reply.callNotFound();
      if (topLevelFile.test(path) && path !== '/index.html') return sendUncached(reply, path.slice(1));
      return sendUncached(reply, 'index.html');
    });
  };
}

/** The web application from this checkout's web/dist. */
export const webRoutes: RouteModule = webRoutesFor(webDistDirectory);

function pathOf(request: FastifyRequest): string {
  const url = request.raw.url ?? '/';
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

const notBuiltPage = `<!doctype html>
<html lang="ko">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hado: 웹 화면이 빌드되지 않았습니다 / web application not built</title></head>
<body style="font-family: Pretendard, 'Apple SD Gothic Neo', 'Malgun Gothic', sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.6; color: #1e2124">
<h1>웹 화면이 아직 빌드되지 않았습니다</h1>
<p>저장소 폴더에서 <code>npm run build:web</code>을 실행한 뒤 서버를 다시 시작하세요. API는 <a href="/api/docs">/api/docs</a>에서 그대로 쓸 수 있습니다.</p>
<h2 lang="en">The web application is not built</h2>
<p lang="en">Run <code>npm run build:web</code> in the repository folder, then restart the server. The API works as usual: see <a href="/api/docs">/api/docs</a>.</p>
</body>
</html>
`;
