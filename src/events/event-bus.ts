import type { Handle } from '../db/database.ts';

/**
 * What changed, as the database announces it at commit (migration 0007's triggers on `hado_events`): which kind of
 * record, on which contract, and for which payees (`firm:12`, `worker:7`). Events are hints to re-read, never the
 * data itself: a listener that missed one loses nothing but a prompt refresh.
 */
export type HadoEvent = {
  readonly type: HadoEventType;
  readonly contractId: string | null;
  readonly payees: readonly string[];
};

export const hadoEventTypes = ['obligations', 'findings', 'movements', 'messages'] as const;
export type HadoEventType = (typeof hadoEventTypes)[number];

export const eventsChannel = 'hado_events';

export type EventListener = (event: HadoEvent) => void;

/** Reads a notification payload; anything malformed is dropped (it came from our own trigger, so it is a bug). */
export function parseEvent(payload: string): HadoEvent | undefined {
  try {
    const parsed = JSON.parse(payload) as { type?: unknown; contractId?: unknown; payees?: unknown };
    if (!hadoEventTypes.includes(parsed.type as HadoEventType)) return undefined;
    const contractId = typeof parsed.contractId === 'string' ? parsed.contractId : null;
    const payees = Array.isArray(parsed.payees) ? parsed.payees.filter((p): p is string => typeof p === 'string') : [];
    return { type: parsed.type as HadoEventType, contractId, payees };
  } catch {
    return undefined;
  }
}

/**
 * The in-process bus, fed by LISTEN on `hado_events`: on PostgreSQL every process that listens hears every
 * commit, whichever process made it; on PGlite the one process hears its own. One LISTEN per database handle.
 */
export class EventBus {
  readonly #listeners = new Set<EventListener>();
  #listening: Promise<void> | undefined;
  #stop: (() => Promise<void>) | undefined;

  constructor(private readonly handle: Handle) {}

  /** Starts listening (once); resolves when the LISTEN is in place, so later commits are heard. */
  ready(): Promise<void> {
    this.#listening ??= this.handle
      .listen(eventsChannel, (payload) => {
        const event = parseEvent(payload);
        if (event) this.publish(event);
      })
      .then((stop) => {
        this.#stop = stop;
      });
    return this.#listening;
  }

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Hands an event to every subscriber; one that throws does not stop the others. */
  publish(event: HadoEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch {
        // A subscriber's failure is its own (a closed stream); the bus goes on.
      }
    }
  }

  get subscribers(): number {
    return this.#listeners.size;
  }

  /** Stops listening; a later `ready` listens again (subscribers stay). */
  async close(): Promise<void> {
    const listening = this.#listening;
    this.#listening = undefined;
    await listening?.catch(() => {});
    const stop = this.#stop;
    this.#stop = undefined;
    await stop?.();
  }
}

const buses = new WeakMap<Handle, EventBus>();

/** The one bus of a database handle, shared by the live-update routes, the monitor and the outbox worker. */
export function eventBusOf(handle: Handle): EventBus {
  let bus = buses.get(handle);
  if (!bus) {
    bus = new EventBus(handle);
    buses.set(handle, bus);
  }
  return bus;
}
