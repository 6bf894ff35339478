import QRCode from 'qrcode';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api/client.ts';
import { useErrorText } from '../components/error-text.ts';
import { type Check, ErrorSummary, Field, useForm } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { Notice } from '../components/status.tsx';
import { Link, navigate, useLocation } from '../router.tsx';
import type { ScreenProps } from '../routes.tsx';
import { useMe } from '../session.tsx';
import './reports.css';

type Enrolment = { secret: string; uri: string; qrSvg: string };

/** Roles that must use two-factor sign-in where it is enforced (src/auth/totp.ts: officials, banks, admins). */
const requiredFor = new Set(['official', 'bank', 'admin']);

/** The secret in groups of four, as people type it into an authenticator app. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

/**
 * Enrolling two-factor sign-in (POST /api/v1/auth/totp/enroll, then /confirm): the authenticator app reads the
 * QR code (or the secret typed by hand), and a code from it confirms the enrolment. From then on every sign-in
 * asks for a code. Reached from the account menu, and whenever the API answers "enrol two-factor first".
 */
export function SecurityTotpScreen(_props: ScreenProps) {
  const { t } = useTranslation();
  const me = useMe();
  const errorText = useErrorText();
  const { search } = useLocation();
  const next = new URLSearchParams(search).get('next');
  const [enrolment, setEnrolment] = useState<Enrolment | undefined>();
  const [state, setState] = useState<'start' | 'active' | 'confirmed'>('start');
  const [problem, setProblem] = useState<string | undefined>();
  const [starting, setStarting] = useState(false);
  const required = requiredFor.has(me.role);

  const start = async () => {
    setStarting(true);
    setProblem(undefined);
    try {
      const answer = await api.post<{ secret: string; uri: string }>('/api/v1/auth/totp/enroll', {});
      const qrSvg = await QRCode.toString(answer.uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
      setEnrolment({ ...answer, qrSvg });
    } catch (error) {
      // The API refuses a second enrolment while two-factor sign-in is active.
      if (error instanceof ApiError && error.code === 'conflict') setState('active');
      else setProblem(errorText(error instanceof ApiError ? error : undefined));
    } finally {
      setStarting(false);
    }
  };

  return (
    <Page title={t('security.title')} lead={t('security.lead')} width="narrow">
      {next ? (
        <Notice tone="warning" title={t('security.requiredTitle')} live>
          <p>{t('security.requiredBody')}</p>
        </Notice>
      ) : null}
      {state === 'confirmed' ? (
        <Notice tone="success" title={t('security.confirmedTitle')} live>
          <p>{t('security.confirmedBody')}</p>
          <p>
            <Link to={next ?? '/'}>{next ? t('security.continue') : t('common.home')}</Link>
          </p>
        </Notice>
      ) : state === 'active' ? (
        <Notice tone="info" title={t('security.activeTitle')} live>
          <p>{t('security.activeBody')}</p>
        </Notice>
      ) : enrolment ? (
        <EnrolmentSteps enrolment={enrolment} onConfirmed={() => setState('confirmed')} />
      ) : (
        <section className="card section" aria-labelledby="totp-start-title">
          <h2 id="totp-start-title">{t('security.startTitle')}</h2>
          <p>{required ? t('security.startRequired') : t('security.startOptional')}</p>
          {problem ? <Notice tone="error" title={problem} live /> : null}
          <div className="form-actions">
            <button type="button" className="button button-primary" disabled={starting} onClick={() => void start()}>
              {starting ? t('forms.submitting') : t('security.start')}
            </button>
          </div>
        </section>
      )}
    </Page>
  );
}

function EnrolmentSteps({ enrolment, onConfirmed }: { enrolment: Enrolment; onConfirmed: () => void }) {
  const { t } = useTranslation();
  const check: Check<{ code: string }> = useCallback(
    (values) => ({ code: /^\d{6}$/.test(values.code.trim()) ? undefined : 'required' }),
    [],
  );
  const form = useForm({ code: '' }, check);
  const labels = { code: t('security.code') };
  const qrSource = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qrSvg)}`;
  useEffect(() => {
    document.getElementById('totp-scan-title')?.focus();
  }, []);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void form.submit(async (values) => {
      await api.post('/api/v1/auth/totp/confirm', { code: values.code.trim() });
      onConfirmed();
    });
  };
  return (
    <>
      <section className="card section" aria-labelledby="totp-scan-title">
        <h2 id="totp-scan-title" tabIndex={-1}>
          {t('security.scanTitle')}
        </h2>
        <ol className="plain-list">
          <li>{t('security.stepApp')}</li>
          <li>{t('security.stepScan')}</li>
          <li>{t('security.stepCode')}</li>
        </ol>
        <p className="totp-qr">
          <img src={qrSource} alt={t('security.qrAlt')} width={192} height={192} data-testid="totp-qr" />
        </p>
        <p>{t('security.manual')}</p>
        <p>
          <code className="totp-secret" data-testid="totp-secret">
            {grouped(enrolment.secret)}
          </code>
        </p>
      </section>
      <form onSubmit={onSubmit} noValidate className="card form report-form" data-testid="totp-confirm">
        <ErrorSummary errors={form.errors} formError={form.formError} labels={labels} summaryRef={form.summary} />
        <Field name="code" label={labels.code} hint={t('security.codeHint')} error={form.errors.code} required>
          {(wiring) => (
            <input
              {...wiring}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              value={form.values.code}
              onChange={(event) => form.set('code', event.target.value)}
            />
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={form.submitting}>
            {form.submitting ? t('forms.submitting') : t('security.confirm')}
          </button>
        </div>
      </form>
    </>
  );
}

/** Where the application sends someone whose role must enrol two-factor sign-in first, and back afterwards. */
export const totpEnrolmentPath = '/security/totp';

/** Moves to the enrolment screen (keeping where the person was going) when the API asks for enrolment. */
export function goToTotpEnrolment() {
  const here = window.location.pathname + window.location.search;
  if (window.location.pathname === totpEnrolmentPath) return;
  navigate(`${totpEnrolmentPath}?next=${encodeURIComponent(here)}`);
}
