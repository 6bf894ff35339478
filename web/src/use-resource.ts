import { type DependencyList, useCallback, useEffect, useState } from 'react';

/** Data a screen loads: loading, failed (with the error) or ready; `reload` fetches again. */
export type Resource<T> =
  | { state: 'loading'; reload: () => void }
  | { state: 'failed'; error: unknown; reload: () => void }
  | { state: 'ready'; data: T; reload: () => void };

/** Loads data for a screen, dropping answers that arrive after the screen moved on. */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Resource<T> {
  const [attempt, setAttempt] = useState(0);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const [result, setResult] = useState<
    { state: 'loading' } | { state: 'failed'; error: unknown } | { state: 'ready'; data: T }
  >({ state: 'loading' });

  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what the loader depends on.
  useEffect(() => {
    const controller = new AbortController();
    setResult({ state: 'loading' });
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setResult({ state: 'ready', data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setResult({ state: 'failed', error });
      },
    );
    return () => controller.abort();
  }, [...deps, attempt]);

  return { ...result, reload };
}
