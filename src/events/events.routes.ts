import { allRoles } from '../auth/caller.ts';
import { refuse } from '../http/refusals.ts';
import type { RouteModule } from '../http/server.ts';
import { sseBufferedBytesMax, sseStreamsMax } from '../kernel/limits.ts';
import { eventBusOf, type HadoEvent } from './event-bus.ts';
import { type ContractRelation, eventVisibleTo, loadContractRelation, needsRelation } from './event-visibility.ts';

/** A comment line every so often keeps proxies from closing an idle stream. */
const heartbeatMs = 15_000;

/**
 * Live updates as server-sent events (`GET /api/v1/events`). Each event names what changed (`obligations`,
 * `findings`, `movements`, `messages`), on which contract; the page re-reads what it shows. A stream carries only
 * what its caller may see (see `eventVisibleTo`). The stream opens with a `ready` event once the server listens,
 * so anything committed after it arrives.
 */
export const eventsRoutes: RouteModule = (app, context) => {
  const bus = eventBusOf(context.handle);
  let open = 0;
  app.addHook('onClose', async () => {
    await bus.close();
  });

  app.get(
    '/api/v1/events',
    {
      config: { access: { roles: allRoles.filter((role) => role !== 'public') } },
      schema: {
        tags: ['live'],
        summary: 'Server-sent events: what changed, scoped to the caller',
        produces: ['text/event-stream'],
      },
    },
    async (request, reply) => {
      if (open >= sseStreamsMax) return refuse('rate_limited', undefined, 'too many open event streams');
      await bus.ready();
      const caller = request.caller;
      const relations = new Map<string, ContractRelation | undefined>();
      const raw = reply.raw;
      reply.hijack();
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      open += 1;
      let closed = false;
      const write = (text: string) => {
        if (closed) return;
        raw.write(text);
        // A reader that stopped reading is cut off rather than buffered without bound.
        if (raw.writableLength > sseBufferedBytesMax) raw.destroy();
      };
      let chain = Promise.resolve();
      const onEvent = (event: HadoEvent) => {
        chain = chain
          .then(async () => {
            if (closed) return;
            let relation: ContractRelation | undefined;
            if (event.contractId !== null && needsRelation(caller)) {
              if (!relations.has(event.contractId)) {
                relations.set(
                  event.contractId,
                  await loadContractRelation(context.handle.db, BigInt(event.contractId)),
                );
              }
              relation = relations.get(event.contractId);
            }
            if (!eventVisibleTo(caller, event, relation)) return;
            write(
              `event: ${event.type}\ndata: ${JSON.stringify({ type: event.type, contractId: event.contractId })}\n\n`,
            );
          })
          .catch((error: unknown) => {
            request.log.warn({ err: error }, 'live event not delivered');
          });
      };
      const unsubscribe = bus.subscribe(onEvent);
      const heartbeat = setInterval(() => write(': ping\n\n'), heartbeatMs);
      raw.on('close', () => {
        closed = true;
        open -= 1;
        clearInterval(heartbeat);
        unsubscribe();
      });
      write(`retry: 3000\nevent: ready\ndata: {}\n\n`);
      // An in-process request (light-my-request: the demo loader, route tests) cannot stream: it gets the opening
      // event and the end, rather than a response that never completes.
      if (request.headers['user-agent'] === 'lightMyRequest') raw.end();
    },
  );
};
