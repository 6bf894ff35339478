import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';
import type { Resource } from '../use-resource.ts';

/** Whether the page hears live updates: connecting, live (the server's `ready` arrived) or offline (retrying). */
export type LiveState = 'connecting' | 'live' | 'offline';

export type LiveEventType = 'obligations' | 'findings' | 'movements' | 'messages';

/**
 * Listens to `GET /api/v1/events` (server-sent events, scoped to the signed-in caller) and calls `onEvent` for each
 * event of the given types. Events only say what changed: the screen re-reads what it shows. EventSource
 * reconnects by itself (the server asks for 3 s); the state says whether the page is live.
 */
export function useLiveEvents(types: readonly LiveEventType[], onEvent: () => void): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const key = types.join(',');

  useEffect(() => {
    const source = new EventSource('/api/v1/events', { withCredentials: true });
    const changed = () => handler.current();
    source.addEventListener('ready', () => setState('live'));
    source.addEventListener('error', () =>
      setState(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting'),
    );
    for (const type of key.split(',')) source.addEventListener(type, changed);
    return () => source.close();
  }, [key]);
  return state;
}

/**
 * Data a live screen shows: loaded once, then read again whenever `refresh` is called (by a live event or after
 * the user changed something), keeping the figures on screen while the new ones load, so nothing flickers and
 * focus stays where it was. Answers that arrive out of order are dropped.
 */
export function useLiveResource<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
): Resource<T> & { refresh: () => void; version: number } {
  const [attempt, setAttempt] = useState(0);
  const [result, setResult] = useState<
    { state: 'loading' } | { state: 'failed'; error: unknown } | { state: 'ready'; data: T }
  >({ state: 'loading' });
  const [version, setVersion] = useState(0);
  const refresh = useCallback(() => setAttempt((n) => n + 1), []);
  const previousDeps = useRef<DependencyList | undefined>(undefined);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what the loader depends on.
  useEffect(() => {
    const controller = new AbortController();
    const depsChanged =
      previousDeps.current === undefined ||
      previousDeps.current.length !== deps.length ||
      previousDeps.current.some((value, index) => !Object.is(value, deps[index]));
    previousDeps.current = deps;
    if (depsChanged) setResult({ state: 'loading' });
    load(controller.signal).then(
      (data) => {
        if (controller.signal.aborted) return;
        setResult({ state: 'ready', data });
        setVersion((n) => n + 1);
      },
      (error: unknown) => {
        if (!controller.signal.aborted)
          setResult((current) => (current.state === 'ready' ? current : { state: 'failed', error }));
      },
    );
    return () => controller.abort();
  }, [...deps, attempt]);

  return { ...result, reload: refresh, refresh, version };
}
