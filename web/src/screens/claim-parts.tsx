import { type DependencyList, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClaimStatus } from '../api/claim-types.ts';
import { ApiError, api } from '../api/client.ts';
import { useErrorText } from '../components/error-text.ts';
import { Field } from '../components/form.tsx';
import './claims.css';

/** A claim's status as a labelled badge (colour is never the only signal: the word is always there). */
export function ClaimStatusBadge({ status }: { status: ClaimStatus | string }) {
  const { t } = useTranslation();
  return (
    <span className={`claim-status claim-status-${status}`} data-testid="claim-status">
      {t(`claims.status.${status}` as 'claims.status.submitted')}
    </span>
  );
}

/** An obligation's standing (paid on time, late, not yet due, overdue, held). */
export function JudgementBadge({ judgement }: { judgement: string }) {
  const { t } = useTranslation();
  return (
    <span className={`judgement judgement-${judgement}`}>
      {t(`claims.judgement.${judgement}` as 'claims.judgement.paid_on_time')}
    </span>
  );
}

export type LiveData<T> =
  | { state: 'loading' }
  | { state: 'failed'; error: unknown }
  | { state: 'ready'; data: T; refreshing: boolean };

/**
 * Data that live events refresh: loaded once, then loaded again whenever the server says something changed on
 * the contract (`GET /api/v1/events`, server-sent events). The last answer stays on screen while the next one
 * loads, so a live update never blanks the table.
 */
export function useLiveData<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
  contractId: string | undefined,
  eventTypes: readonly string[] = ['obligations', 'movements'],
): LiveData<T> & { reload: () => void; updates: number } {
  const [data, setData] = useState<LiveData<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [updates, setUpdates] = useState(0);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what the loader depends on.
  useEffect(() => {
    const controller = new AbortController();
    setData((current) => (current.state === 'ready' ? { ...current, refreshing: true } : { state: 'loading' }));
    load(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) setData({ state: 'ready', data: value, refreshing: false });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setData({ state: 'failed', error });
      },
    );
    return () => controller.abort();
  }, [...deps, attempt]);

  const types = eventTypes.join(',');
  useEffect(() => {
    if (!contractId || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/v1/events');
    const onEvent = (event: MessageEvent<string>) => {
      try {
        const parsed = JSON.parse(event.data) as { contractId: string | null };
        // `*` follows every contract the caller may see (the server scopes the stream).
        if (contractId !== '*' && parsed.contractId !== null && parsed.contractId !== contractId) return;
      } catch {
        return;
      }
      setUpdates((n) => n + 1);
      reload();
    };
    for (const type of types.split(',')) source.addEventListener(type, onEvent);
    return () => source.close();
  }, [contractId, types, reload]);

  return { ...data, reload, updates };
}

/**
 * Runs an action that moves public money; when the API answers that a fresh two-factor code is needed
 * (`step_up_required`), asks for the code, proves it (`POST /api/v1/auth/step-up`) and runs the action again.
 */
export function useStepUp() {
  const [pending, setPending] = useState<(() => Promise<void>) | undefined>();
  const run = useCallback(async (action: () => Promise<void>) => {
    try {
      await action();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'step_up_required') {
        setPending(() => action);
        return;
      }
      throw error;
    }
  }, []);
  return { run, pending, clear: () => setPending(undefined) };
}

/** The two-factor code prompt shown when an action needs a fresh code. */
export function StepUpPrompt({
  action,
  onDone,
  onCancel,
}: {
  action: () => Promise<void>;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLFormElement>(null);
  useEffect(() => box.current?.querySelector('input')?.focus(), []);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!/^\d{6}$/.test(code.trim())) {
      setError(t('claims.stepUp.codeFormat'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await api.post('/api/v1/auth/step-up', { code: code.trim() });
      await action();
      onDone();
    } catch (failure) {
      setError(errorText(failure instanceof ApiError ? failure : undefined));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form ref={box} className="card step-up" onSubmit={submit} noValidate aria-labelledby="step-up-title">
      <h2 id="step-up-title">{t('claims.stepUp.title')}</h2>
      <p>{t('claims.stepUp.body')}</p>
      <Field name="code" label={t('claims.stepUp.code')} error={error ? { text: error } : undefined} required>
        {(wiring) => (
          <input
            {...wiring}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={code}
            onChange={(event) => setCode(event.target.value)}
          />
        )}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('claims.stepUp.confirm')}
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="section" aria-labelledby={`${id}-title`} id={id}>
      <div className="section-head">
        <h2 id={`${id}-title`}>{title}</h2>
      </div>
      {children}
    </section>
  );
}
