import { type ChangeEvent, type FormEvent, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api/client.ts';
import {
  type ReportDetail,
  type ReportResult,
  reportAttachmentBytesMax,
  reportAttachmentsMax,
  reportAttachmentTypes,
  reportTextLengthMax,
  type WorkerWage,
} from '../api/report-intake-types.ts';
import type { Contract } from '../api/types.ts';
import { CivilDate, Won } from '../components/display.tsx';
import { useErrorText } from '../components/error-text.ts';
import { type Check, ErrorSummary, Field, useForm } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { Loaded, Loading, Notice } from '../components/status.tsx';
import { Link, useLocation } from '../router.tsx';
import type { ScreenProps } from '../routes.tsx';
import { useSession } from '../session.tsx';
import { todayInSeoul } from '../today.ts';
import { useResource } from '../use-resource.ts';
import { checkDate, checkPhone, isBlank, parseWonInput } from '../validation.ts';
import { ReportStateBadge, ReportSteps, WhatHadoSaw } from './report-parts.tsx';

/** Roles that report through Hado: the prime is the party reported and never reports or sees reports. */
const reporterRoles = ['subcontractor', 'supplier', 'worker'] as const;
type ReporterRole = (typeof reporterRoles)[number];
const isReporter = (role: string): role is ReporterRole => (reporterRoles as readonly string[]).includes(role);

/**
 * Reporting a non-payment or late payment (POST /api/v1/reports; docs/REPORTS.md): a subcontractor's or
 * supplier's user signed in, or a worker who proves a phone number with a one-time code on this page. After
 * sending, the page shows the report's state and what Hado already knew about the payment.
 */
export function ReportNewScreen(_props: ScreenProps) {
  const { t } = useTranslation();
  const { session } = useSession();
  const [made, setMade] = useState<ReportResult | undefined>();
  let body: React.ReactNode;
  if (made) body = <ReportReceipt result={made} />;
  else if (session.status === 'loading') body = <Loading />;
  else if (session.status === 'signed_out') body = <WorkerPhoneSignIn />;
  else if (isReporter(session.me.role)) body = <ReportForm role={session.me.role} onMade={setMade} />;
  else
    body = (
      <Notice tone="info" title={t('reportForm.notReporterTitle')}>
        <p>{t('reportForm.notReporter')}</p>
      </Notice>
    );
  return (
    <Page title={t('reportForm.title')} lead={t('reportForm.lead')} width="narrow">
      {body}
    </Page>
  );
}

/** The worker's way in: the phone number, then the code sent to it by SMS (POST /api/v1/worker/otp, /session). */
function WorkerPhoneSignIn() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [step, setStep] = useState<'phone' | 'code'>('phone');
  const [notice, setNotice] = useState<string | undefined>();
  const check: Check<{ phone: string; code: string }> = useCallback(
    (values) => ({
      phone: checkPhone(values.phone),
      code: step === 'code' && !/^\d{6}$/.test(values.code.trim()) ? 'required' : undefined,
    }),
    [step],
  );
  const form = useForm({ phone: '', code: '' }, check);
  const labels = { phone: t('reportForm.workerPhone'), code: t('reportForm.workerCode') };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void form.submit(async (values) => {
      if (step === 'phone') {
        const answer = await api.post<{ message: string }>('/api/v1/worker/otp', { phone: values.phone.trim() });
        setNotice(answer.message);
        setStep('code');
        return;
      }
      try {
        const session = await api.post<{ csrfToken: string }>('/api/v1/worker/session', {
          phone: values.phone.trim(),
          code: values.code.trim(),
        });
        api.setCsrfToken(session.csrfToken);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'otp_invalid') {
          throw new ApiError(error.status, error.code, errorText(error), 'code');
        }
        throw error;
      }
      // A fresh load lets the whole application see the worker's session (GET /api/v1/auth/me).
      window.location.assign('/reports/new');
    });
  };

  return (
    <>
      <Notice tone="info" title={t('reportForm.firmSignInTitle')}>
        <p>
          {t('reportForm.firmSignIn')}{' '}
          <Link to={`/sign-in?next=${encodeURIComponent('/reports/new')}`}>{t('reportForm.firmSignInLink')}</Link>
        </p>
      </Notice>
      <form onSubmit={onSubmit} noValidate className="card form report-form" aria-labelledby="worker-sign-in-title">
        <h2 id="worker-sign-in-title">{t('reportForm.workerTitle')}</h2>
        <p className="hint">{t('reportForm.workerLead')}</p>
        <ErrorSummary errors={form.errors} formError={form.formError} labels={labels} summaryRef={form.summary} />
        <Field
          name="phone"
          label={labels.phone}
          hint={t('reportForm.workerPhoneHint')}
          error={form.errors.phone}
          required
        >
          {(wiring) => (
            <input
              {...wiring}
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              value={form.values.phone}
              readOnly={step === 'code'}
              onChange={(event) => form.set('phone', event.target.value)}
              onBlur={() => form.blur('phone')}
            />
          )}
        </Field>
        {step === 'code' ? (
          <>
            {notice ? (
              <p className="hint" role="status">
                {notice}
              </p>
            ) : null}
            <Field
              name="code"
              label={labels.code}
              hint={t('reportForm.workerCodeHint')}
              error={form.errors.code}
              required
            >
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
          </>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={form.submitting}>
            {form.submitting
              ? t('forms.submitting')
              : step === 'phone'
                ? t('reportForm.workerSendCode')
                : t('reportForm.workerConfirm')}
          </button>
        </div>
      </form>
    </>
  );
}

type ReportValues = {
  contractId: string;
  site: string;
  kind: string;
  owedWon: string;
  owedSince: string;
  description: string;
  phone: string;
  attachments: string;
};

/** "By site" in the contract list: the reporter names the site and the API finds the one contract it means. */
const bySite = 'site';

type ContractChoice = { id: string; label: string };

function ReportForm({ role, onMade }: { role: ReporterRole; onMade: (result: ReportResult) => void }) {
  const { t } = useTranslation();
  const { search } = useLocation();
  const wanted = new URLSearchParams(search).get('contractId') ?? '';
  const resource = useResource(
    async (signal): Promise<ContractChoice[]> => {
      if (role === 'worker') {
        const wages = await api.list<WorkerWage>('/api/v1/worker/wages', signal);
        const byContract = new Map(wages.map((wage) => [wage.contractId, wage.contractTitle]));
        return [...byContract].map(([id, title]) => ({ id, label: title }));
      }
      const contracts = await api.list<Contract>('/api/v1/contracts', signal);
      return contracts.map((contract) => ({
        id: contract.id,
        label: `${contract.title} (${contract.contractNumber})`,
      }));
    },
    [role],
  );
  return (
    <Loaded resource={resource}>
      {(contracts) => {
        // A link may name a contract (?contractId=); the API decides whether the reporter is party to it.
        const choices =
          wanted && !contracts.some((choice) => choice.id === wanted)
            ? [...contracts, { id: wanted, label: t('reportForm.contractById', { id: wanted }) }]
            : contracts;
        return (
          <ReportFormFields
            role={role}
            choices={choices}
            initialContract={wanted || (choices.length === 1 ? choices[0]!.id : '')}
            onMade={onMade}
          />
        );
      }}
    </Loaded>
  );
}

type PickedFile = { fileName: string; mediaType: string; contentBase64: string; byteCount: number };

function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function ReportFormFields({
  role,
  choices,
  initialContract,
  onMade,
}: {
  role: ReporterRole;
  choices: ContractChoice[];
  initialContract: string;
  onMade: (result: ReportResult) => void;
}) {
  const { t } = useTranslation();
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [fileProblem, setFileProblem] = useState<string | undefined>();
  const today = todayInSeoul();
  const check: Check<ReportValues> = useCallback(
    (values) => {
      const owed = parseWonInput(values.owedWon);
      return {
        contractId: isBlank(values.contractId) ? 'required' : undefined,
        site: values.contractId === bySite && values.site.trim().length < 2 ? 'required' : undefined,
        owedWon: 'problem' in owed ? owed.problem : undefined,
        owedSince: checkDate(values.owedSince) ?? (values.owedSince > today ? 'invalid_date' : undefined),
        phone: role !== 'worker' && !isBlank(values.phone) ? checkPhone(values.phone) : undefined,
      };
    },
    [role, today],
  );
  const form = useForm<ReportValues>(
    {
      contractId: initialContract,
      site: '',
      kind: 'non_payment',
      owedWon: '',
      owedSince: '',
      description: '',
      phone: '',
      attachments: '',
    },
    check,
  );
  const { values, errors } = form;
  const labels: Record<keyof ReportValues, string> = {
    contractId: t('reportForm.contract'),
    site: t('reportForm.site'),
    kind: t('reportForm.kind'),
    owedWon: t('reportForm.owedWon'),
    owedSince: t('reportForm.owedSince'),
    description: t('reportForm.description'),
    phone: t('reportForm.phone'),
    attachments: t('reportForm.attachments'),
  };

  const onFiles = async (event: ChangeEvent<HTMLInputElement>) => {
    const picked = [...(event.target.files ?? [])];
    setFileProblem(undefined);
    if (picked.length > reportAttachmentsMax) {
      setFileProblem(t('reportForm.tooManyFiles', { count: reportAttachmentsMax }));
      return;
    }
    for (const file of picked) {
      if (!(reportAttachmentTypes as readonly string[]).includes(file.type)) {
        setFileProblem(t('reportForm.fileType', { name: file.name }));
        return;
      }
      if (file.size > reportAttachmentBytesMax) {
        setFileProblem(t('reportForm.fileSize', { name: file.name }));
        return;
      }
    }
    setFiles(
      await Promise.all(
        picked.map(async (file) => ({
          fileName: file.name,
          mediaType: file.type,
          contentBase64: await base64Of(file),
          byteCount: file.size,
        })),
      ),
    );
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (fileProblem) return;
    void form.submit(async (v) => {
      const owed = parseWonInput(v.owedWon);
      const result = await api.post<ReportResult>('/api/v1/reports', {
        ...(v.contractId === bySite ? { site: v.site.trim() } : { contractId: v.contractId }),
        kind: v.kind,
        owedWon: 'amountWon' in owed ? owed.amountWon : v.owedWon,
        owedSince: v.owedSince,
        ...(v.description.trim() ? { description: v.description.trim() } : {}),
        ...(role !== 'worker' && v.phone.trim() ? { phone: v.phone.trim() } : {}),
        ...(files.length > 0
          ? {
              attachments: files.map((file) => ({
                fileName: file.fileName,
                mediaType: file.mediaType,
                contentBase64: file.contentBase64,
              })),
            }
          : {}),
      });
      onMade(result);
    });
  };

  const text = (field: keyof ReportValues & string) => ({
    value: values[field],
    onChange: (event: { target: { value: string } }) => form.set(field, event.target.value),
    onBlur: () => form.blur(field),
  });

  return (
    <form onSubmit={onSubmit} noValidate className="card form report-form" data-testid="report-form">
      <ErrorSummary errors={errors} formError={form.formError} labels={labels} summaryRef={form.summary} />
      <fieldset>
        <legend>{t('reportForm.whereLegend')}</legend>
        <Field name="contractId" label={labels.contractId} error={errors.contractId} required>
          {(wiring) => (
            <select {...wiring} {...text('contractId')}>
              <option value="">{t('reportForm.chooseContract')}</option>
              {choices.map((choice) => (
                <option key={choice.id} value={choice.id}>
                  {choice.label}
                </option>
              ))}
              <option value={bySite}>{t('reportForm.bySite')}</option>
            </select>
          )}
        </Field>
        {values.contractId === bySite ? (
          <Field name="site" label={labels.site} hint={t('reportForm.siteHint')} error={errors.site} required>
            {(wiring) => <input {...wiring} {...text('site')} />}
          </Field>
        ) : null}
      </fieldset>
      <fieldset>
        <legend>{t('reportForm.whatLegend')}</legend>
        <fieldset className="report-choice-group">
          <legend>{labels.kind}</legend>
          <div className="report-choice">
            {(['non_payment', 'late_payment'] as const).map((kind) => (
              <label key={kind}>
                <input
                  type="radio"
                  name="kind"
                  value={kind}
                  checked={values.kind === kind}
                  onChange={() => form.set('kind', kind)}
                />
                {t(`reportForm.kinds.${kind}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <Field name="owedWon" label={labels.owedWon} hint={t('reportForm.owedWonHint')} error={errors.owedWon} required>
          {(wiring) => (
            <div className="input-affix">
              <span aria-hidden="true">₩</span>
              <input {...wiring} inputMode="numeric" autoComplete="off" {...text('owedWon')} />
            </div>
          )}
        </Field>
        <Field
          name="owedSince"
          label={labels.owedSince}
          hint={t('reportForm.owedSinceHint')}
          error={errors.owedSince}
          required
        >
          {(wiring) => <input {...wiring} type="date" max={today} {...text('owedSince')} />}
        </Field>
        <Field
          name="description"
          label={labels.description}
          hint={t('reportForm.descriptionHint', { count: reportTextLengthMax })}
          error={errors.description}
        >
          {(wiring) => <textarea {...wiring} rows={5} maxLength={reportTextLengthMax} {...text('description')} />}
        </Field>
        <Field
          name="attachments"
          label={labels.attachments}
          hint={t('reportForm.attachmentsHint', { count: reportAttachmentsMax })}
          error={fileProblem ? { text: fileProblem } : undefined}
        >
          {(wiring) => (
            <input
              {...wiring}
              type="file"
              multiple
              accept={reportAttachmentTypes.join(',')}
              onChange={(event) => void onFiles(event)}
            />
          )}
        </Field>
        {files.length > 0 ? (
          <ul className="report-file-list">
            {files.map((file) => (
              <li key={file.fileName}>
                {file.fileName} ({Math.ceil(file.byteCount / 1024)} KB)
              </li>
            ))}
          </ul>
        ) : null}
      </fieldset>
      {role !== 'worker' ? (
        <fieldset>
          <legend>{t('reportForm.contactLegend')}</legend>
          <Field name="phone" label={labels.phone} hint={t('reportForm.phoneHint')} error={errors.phone}>
            {(wiring) => <input {...wiring} type="tel" inputMode="tel" autoComplete="tel" {...text('phone')} />}
          </Field>
        </fieldset>
      ) : (
        <p className="hint">{t('reportForm.workerContact')}</p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={form.submitting}>
          {form.submitting ? t('forms.submitting') : t('reportForm.submit')}
        </button>
        <Link to="/reports/mine" className="button button-quiet">
          {t('reportForm.myReportsLink')}
        </Link>
      </div>
      <p className="form-footnote">{t('reportForm.privacy')}</p>
    </form>
  );
}

/** What the reporter sees once the report is in: its reference and state, and what Hado already knew. */
function ReportReceipt({ result }: { result: ReportResult }) {
  const { t } = useTranslation();
  const report: ReportDetail = result.record;
  return (
    <div data-testid="report-receipt">
      <Notice
        tone="success"
        title={t(result.result === 'exists' ? 'reportForm.exists' : 'reportForm.created', {
          reference: report.reference,
        })}
        live
      >
        <p>{t('reportForm.sentTo', { agency: report.agencyName })}</p>
      </Notice>
      <section className="card section" aria-labelledby="receipt-title">
        <div className="report-card-head">
          <h2 id="receipt-title">{report.reference}</h2>
          <ReportStateBadge report={report} />
        </div>
        <ReportSteps report={report} />
        <dl className="facts">
          <div>
            <dt>{t('reportForm.kind')}</dt>
            <dd>{t(`reportForm.kinds.${report.kind}`)}</dd>
          </div>
          {report.owedWon ? (
            <div>
              <dt>{t('reportForm.owedWon')}</dt>
              <dd>
                <Won amount={report.owedWon} />
              </dd>
            </div>
          ) : null}
          {report.owedSince ? (
            <div>
              <dt>{t('reportForm.owedSince')}</dt>
              <dd>
                <CivilDate date={report.owedSince} />
              </dd>
            </div>
          ) : null}
        </dl>
      </section>
      <WhatHadoSaw report={report} />
      <p>
        <Link to={`/reports/${report.id}`} className="strong-link">
          {t('reportForm.openReport')}
        </Link>
        {' · '}
        <Link to="/reports/mine">{t('reportForm.myReportsLink')}</Link>
      </p>
    </div>
  );
}
