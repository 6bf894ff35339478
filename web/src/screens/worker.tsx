import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Wage } from '../api/claim-types.ts';
import { ApiError, api } from '../api/client.ts';
import { CivilDate, Period, Won } from '../components/display.tsx';
import { Page } from '../components/page.tsx';
import { Loading, Notice } from '../components/status.tsx';
import { checkPhone } from '../validation.ts';
import './claims.css';

type Step =
  | { step: 'checking' }
  | { step: 'phone' }
  | { step: 'code'; phone: string }
  | { step: 'wages'; wages: Wage[] };

/** The refusals a worker can meet, each with its own words (rate limit, wrong or expired code, lockout). */
const workerErrorKeys = {
  rate_limited: 'worker.errors.rateLimited',
  otp_invalid: 'worker.errors.codeInvalid',
  otp_locked: 'worker.errors.locked',
  invalid_phone: 'worker.errors.phone',
  network: 'errors.network',
} as const;

/**
 * The worker's page (mobile first, no account): a phone number, then the one-time code sent to it by SMS, then
 * only this worker's own wages — owed, due, paid. Codes expire, requests are rate-limited and too many wrong
 * codes lock the phone for a while; each of these is said in plain words.
 */
export function WorkerScreen() {
  const { t } = useTranslation();
  const [state, setState] = useState<Step>({ step: 'checking' });
  const [error, setError] = useState<string | undefined>();
  const [info, setInfo] = useState<string | undefined>();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const say = (failure: unknown) => {
    const code = failure instanceof ApiError ? failure.code : 'unknown';
    const key = workerErrorKeys[code as keyof typeof workerErrorKeys];
    setError(key ? t(key) : failure instanceof ApiError ? failure.message : t('errors.unknown'));
  };

  const loadWages = async () => setState({ step: 'wages', wages: await api.list<Wage>('/api/v1/worker/wages') });

  // A worker session still open in this browser goes straight to the wages.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once, on arrival.
  useEffect(() => {
    loadWages().catch(() => setState({ step: 'phone' }));
  }, []);
  useEffect(() => {
    if (state.step === 'phone' || state.step === 'code') input.current?.focus();
  }, [state.step]);

  const ask = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setInfo(undefined);
    const problem = checkPhone(phone);
    if (problem) {
      setError(t(problem === 'required' ? 'worker.errors.phoneRequired' : 'worker.errors.phone'));
      return;
    }
    setBusy(true);
    try {
      await api.post('/api/v1/worker/otp', { phone: phone.trim() });
      setInfo(t('worker.codeSent'));
      setCode('');
      setState({ step: 'code', phone: phone.trim() });
    } catch (failure) {
      say(failure);
    } finally {
      setBusy(false);
    }
  };

  const verify = async (event: FormEvent) => {
    event.preventDefault();
    if (state.step !== 'code') return;
    setError(undefined);
    if (!/^\d{6}$/.test(code.trim())) {
      setError(t('worker.errors.codeFormat'));
      return;
    }
    setBusy(true);
    try {
      const session = await api.post<{ csrfToken: string }>('/api/v1/worker/session', {
        phone: state.phone,
        code: code.trim(),
      });
      api.setCsrfToken(session.csrfToken);
      setInfo(undefined);
      await loadWages();
    } catch (failure) {
      say(failure);
    } finally {
      setBusy(false);
    }
  };

  const signOut = async () => {
    await api.post('/api/v1/worker/logout', {}).catch(() => undefined);
    api.setCsrfToken(undefined);
    setPhone('');
    setState({ step: 'phone' });
  };

  const errorBox = error ? (
    <Notice tone="error" live>
      <p id="worker-error">{error}</p>
    </Notice>
  ) : null;
  const invalid = error ? { 'aria-invalid': true, 'aria-describedby': 'worker-error' } : {};

  return (
    <Page title={t('worker.title')} lead={t('worker.lead')} width="narrow">
      {state.step === 'checking' ? <Loading /> : null}
      {state.step === 'phone' ? (
        <form className="card form worker-form" onSubmit={ask} noValidate>
          {errorBox}
          <div className="field">
            <label htmlFor="worker-phone">{t('worker.phone')}</label>
            <p className="hint" id="worker-phone-hint">
              {t('worker.phoneHint')}
            </p>
            <input
              ref={input}
              id="worker-phone"
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              value={phone}
              onChange={(event) => setPhone(event.target.value)}
              {...invalid}
            />
          </div>
          <button type="submit" className="button button-primary button-block" disabled={busy}>
            {t('worker.sendCode')}
          </button>
        </form>
      ) : null}
      {state.step === 'code' ? (
        <form className="card form worker-form" onSubmit={verify} noValidate>
          {info ? (
            <Notice tone="info" live>
              <p>{info}</p>
            </Notice>
          ) : null}
          {errorBox}
          <div className="field">
            <label htmlFor="worker-code">{t('worker.code')}</label>
            <p className="hint">{t('worker.codeHint')}</p>
            <input
              ref={input}
              id="worker-code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              value={code}
              onChange={(event) => setCode(event.target.value)}
              {...invalid}
            />
          </div>
          <button type="submit" className="button button-primary button-block" disabled={busy}>
            {t('worker.checkWages')}
          </button>
          <button
            type="button"
            className="button button-quiet button-block"
            onClick={() => {
              setError(undefined);
              setState({ step: 'phone' });
            }}
          >
            {t('worker.otherNumber')}
          </button>
        </form>
      ) : null}
      {state.step === 'wages' ? <Wages wages={state.wages} onSignOut={signOut} /> : null}
      <section className="section" aria-labelledby="worker-rights-title">
        <h2 id="worker-rights-title">{t('worker.rightsTitle')}</h2>
        <ul className="plain-list">
          <li>{t('worker.rights.ownAccount')}</li>
          <li>{t('worker.rights.deadline')}</li>
          <li>{t('worker.rights.privacy')}</li>
        </ul>
      </section>
    </Page>
  );
}

function Wages({ wages, onSignOut }: { wages: Wage[]; onSignOut: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="section" aria-labelledby="wages-title">
      <div className="section-head">
        <h2 id="wages-title">{t('worker.wagesTitle')}</h2>
        <button type="button" className="button button-secondary button-small" onClick={onSignOut}>
          {t('worker.signOut')}
        </button>
      </div>
      {wages.length === 0 ? <p className="empty">{t('worker.noWages')}</p> : null}
      <ul className="wage-cards" data-testid="wages">
        {[...wages].reverse().map((wage) => (
          <li key={wage.obligationId} className="card wage-card" data-status={wage.status}>
            <h3 className="wage-period">
              <Period start={wage.periodStart} end={wage.periodEnd} short />
            </h3>
            <p className="hint">
              {wage.employer} · {wage.contractTitle}
            </p>
            <p>
              <span className={`judgement judgement-${wageTone(wage.status)}`}>
                {t(`worker.status.${wage.status}` as 'worker.status.paid_on_time')}
              </span>
            </p>
            <dl>
              {wage.daysWorked !== null && wage.dailyWageWon !== null ? (
                <>
                  <dt>{t('worker.days')}</dt>
                  <dd>
                    {t('worker.daysValue', { days: wage.daysWorked })} × <Won amount={wage.dailyWageWon} />
                  </dd>
                </>
              ) : null}
              <dt>{t('worker.owed')}</dt>
              <dd>
                <Won amount={wage.amountWon} />
              </dd>
              <dt>{t('worker.due')}</dt>
              <dd>
                <CivilDate date={wage.dueOn} short />
              </dd>
              <dt>{t('worker.paid')}</dt>
              <dd>
                <Won amount={wage.paidWon} />
              </dd>
              <dt>{t('worker.paidOn')}</dt>
              <dd>{wage.paidOn ? <CivilDate date={wage.paidOn} short /> : '—'}</dd>
            </dl>
          </li>
        ))}
      </ul>
    </section>
  );
}

const wageTone = (status: string) =>
  status === 'paid_on_time' || status === 'paid_late' || status === 'overdue' ? status : 'not_yet_due';
