import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { useErrorText } from '../components/error-text.ts';
import { Page } from '../components/page.tsx';
import { Notice } from '../components/status.tsx';
import { Link, Redirect, useLocation } from '../router.tsx';
import { homeFor } from '../routes.tsx';
import { useSession } from '../session.tsx';

/** Only same-site paths are followed after sign-in, so a crafted link cannot send people elsewhere. */
function safeNext(search: string): string | undefined {
  const next = new URLSearchParams(search).get('next');
  return next?.startsWith('/') && !next.startsWith('//') ? next : undefined;
}

export function SignInScreen() {
  const { t } = useTranslation();
  const { session, signIn, demo } = useSession();
  const { search } = useLocation();
  const errorText = useErrorText();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  // Asked for once the API says this person signs in with a second factor (totp_required).
  const [totpCode, setTotpCode] = useState<string | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [submitting, setSubmitting] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);

  if (session.status === 'signed_in') return <Redirect to={safeNext(search) ?? homeFor(session.me.role)} />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    if (login.trim() === '' || password === '') {
      setError(new ApiError(400, 'credentials_required', ''));
      requestAnimationFrame(() => alertRef.current?.focus());
      return;
    }
    setSubmitting(true);
    try {
      await signIn(login.trim(), password, totpCode?.trim() || undefined);
    } catch (caught) {
      const refusal = caught instanceof ApiError ? caught : new ApiError(0, 'unknown', '');
      setError(refusal);
      if (refusal.code === 'totp_required' || refusal.code === 'totp_invalid') setTotpCode('');
      else setPassword('');
      requestAnimationFrame(() => alertRef.current?.focus());
    } finally {
      setSubmitting(false);
    }
  };

  const fieldInvalid = (field: 'login' | 'password' | 'totpCode') =>
    error !== undefined &&
    (error.code.startsWith('totp_') ? field === 'totpCode' : error.field === field || error.field === undefined);

  return (
    <Page title={t('signIn.title')} lead={t('signIn.intro')} width="narrow">
      {session.status === 'signed_out' && session.ended ? (
        <Notice tone="warning" live>
          <p>{t('signIn.sessionEnded')}</p>
        </Notice>
      ) : null}
      <div className="card">
        <form onSubmit={submit} noValidate aria-describedby={error ? 'sign-in-error' : undefined}>
          <div ref={alertRef} tabIndex={-1} role="alert" className={error ? 'error-summary' : 'visually-hidden'}>
            {error ? <p id="sign-in-error">{errorText(error)}</p> : null}
          </div>
          <div className="field">
            <label htmlFor="sign-in-login">{t('signIn.login')}</label>
            <input
              id="sign-in-login"
              name="login"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              value={login}
              aria-invalid={fieldInvalid('login')}
              onChange={(event) => setLogin(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="sign-in-password">{t('signIn.password')}</label>
            <input
              id="sign-in-password"
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              aria-invalid={fieldInvalid('password')}
              onChange={(event) => setPassword(event.target.value)}
            />
          </div>
          {totpCode !== undefined ? (
            <div className="field">
              <label htmlFor="sign-in-totp">{t('signIn.totp')}</label>
              <p className="hint" id="sign-in-totp-hint">
                {t('signIn.totpHint')}
              </p>
              <input
                id="sign-in-totp"
                name="totpCode"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                value={totpCode}
                aria-describedby="sign-in-totp-hint"
                aria-invalid={fieldInvalid('totpCode')}
                onChange={(event) => setTotpCode(event.target.value)}
              />
            </div>
          ) : null}
          <button type="submit" className="button button-primary button-block" disabled={submitting}>
            {submitting ? t('signIn.submitting') : t('signIn.submit')}
          </button>
        </form>
        {demo ? (
          <div className="demo-hint">
            <p className="notice-title">{t('signIn.demoTitle')}</p>
            <p>{t('signIn.demoHint')}</p>
          </div>
        ) : null}
      </div>
      <ul className="link-list">
        <li>
          <Link to="/worker">{t('signIn.workerLink')}</Link>
        </li>
        <li>
          <Link to="/public">{t('signIn.publicLink')}</Link>
        </li>
      </ul>
    </Page>
  );
}
