import { type FormEvent, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { ReportDetail, ReportResult } from '../api/report-intake-types.ts';
import { CivilDate, TableRegion, useLocale, Won } from '../components/display.tsx';
import { type Check, ErrorSummary, Field, useForm } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { Loaded, Notice } from '../components/status.tsx';
import { Link } from '../router.tsx';
import type { ScreenProps } from '../routes.tsx';
import { useMe } from '../session.tsx';
import { useResource } from '../use-resource.ts';
import { isBlank } from '../validation.ts';
import { ReportStateBadge, ReportSteps, WhatHadoSaw } from './report-parts.tsx';

/**
 * One report (GET /api/v1/reports/:id): its facts, steps, what Hado already knew, attachments and every
 * transition. An official of the contract's buyer (or an admin) takes it under review and resolves it: paid,
 * direct payment decided, or referred, always with a reason. Reporters see their own report the same way.
 */
export function ReportDetailScreen({ params }: ScreenProps) {
  const { t } = useTranslation();
  const me = useMe();
  const id = params.id!;
  const [changed, setChanged] = useState<string | undefined>();
  const [version, setVersion] = useState(0);
  const resource = useResource(
    (signal) => api.get<ReportDetail>(`/api/v1/reports/${encodeURIComponent(id)}`, signal),
    [id, version],
  );
  const acts = me.role === 'official' || me.role === 'admin';
  const after = (result: ReportResult, text: string) => {
    setChanged(text);
    setVersion((n) => n + 1);
    return result;
  };
  const title = resource.state === 'ready' ? resource.data.reference : t('reportQueue.detailTitle');
  return (
    <Page
      title={title}
      breadcrumb={
        <nav aria-label={t('common.breadcrumb')} className="breadcrumb">
          <ol>
            <li>
              <Link to={acts || me.role === 'auditor' ? '/reports' : '/reports/mine'}>
                {acts || me.role === 'auditor' ? t('reportQueue.title') : t('reportForm.mineTitle')}
              </Link>
            </li>
          </ol>
        </nav>
      }
    >
      {changed ? <Notice tone="success" title={changed} live /> : null}
      <Loaded resource={resource}>
        {(report) => (
          <>
            <section className="card section" aria-labelledby="report-facts-title">
              <div className="report-card-head">
                <h2 id="report-facts-title">{t('reportQueue.factsTitle')}</h2>
                <ReportStateBadge report={report} />
              </div>
              <ReportSteps report={report} />
              <ReportFacts report={report} />
            </section>
            <WhatHadoSaw report={report} />
            {acts && report.state !== 'resolved' ? (
              <ReportActions report={report} onDone={(result, text) => after(result, text)} />
            ) : null}
            <Transitions report={report} />
          </>
        )}
      </Loaded>
    </Page>
  );
}

function ReportFacts({ report }: { report: ReportDetail }) {
  const { t } = useTranslation();
  return (
    <dl className="facts">
      <div>
        <dt>{t('reportForm.kind')}</dt>
        <dd>{t(`reportForm.kinds.${report.kind}`)}</dd>
      </div>
      <div>
        <dt>{t('reportQueue.columns.received')}</dt>
        <dd>
          <CivilDate date={report.receivedOn} /> · {t(`reportQueue.channels.${report.channel}`)}
        </dd>
      </div>
      <div>
        <dt>{t('reportQueue.columns.reporter')}</dt>
        <dd>
          {t(`reportQueue.reporterKinds.${report.reporterKind}`)}
          {report.reporterName ? ` · ${report.reporterName}` : ''}
          {report.phoneMasked ? ` · ${report.phoneMasked}` : ''}
        </dd>
      </div>
      <div>
        <dt>{t('reportQueue.columns.contract')}</dt>
        <dd>
          {report.contractId ? (
            <Link to={`/contracts/${report.contractId}`}>{report.contractNumber ?? report.contractId}</Link>
          ) : (
            (report.contractReference ?? '—')
          )}
        </dd>
      </div>
      <div>
        <dt>{t('reportForm.owedWon')}</dt>
        <dd>{report.owedWon ? <Won amount={report.owedWon} /> : '—'}</dd>
      </div>
      <div>
        <dt>{t('reportForm.owedSince')}</dt>
        <dd>{report.owedSince ? <CivilDate date={report.owedSince} /> : '—'}</dd>
      </div>
      <div>
        <dt>{t('reportQueue.agency')}</dt>
        <dd>{report.agencyName}</dd>
      </div>
      <div>
        <dt>{t('reportQueue.assignedTo')}</dt>
        <dd>{report.assignedTo ?? '—'}</dd>
      </div>
      {report.description ? (
        <div className="facts-wide">
          <dt>{t('reportForm.description')}</dt>
          <dd className="report-description">{report.description}</dd>
        </div>
      ) : null}
      {report.attachments.length > 0 ? (
        <div className="facts-wide">
          <dt>{t('reportForm.attachments')}</dt>
          <dd>
            <ul className="report-file-list">
              {report.attachments.map((attachment) => (
                <li key={attachment.id}>
                  <a href={`/api/v1/reports/${report.id}/attachments/${attachment.id}`}>{attachment.fileName}</a> (
                  {Math.ceil(attachment.byteCount / 1024)} KB)
                </li>
              ))}
            </ul>
          </dd>
        </div>
      ) : null}
    </dl>
  );
}

type ActionValues = { action: string; outcome: string; referredTo: string; reason: string };

/** Under review (a reason is optional) or resolved with an outcome (a reason is required; referred says to whom). */
function ReportActions({
  report,
  onDone,
}: {
  report: ReportDetail;
  onDone: (result: ReportResult, text: string) => void;
}) {
  const { t } = useTranslation();
  const check: Check<ActionValues> = useCallback(
    (values) => ({
      reason: values.action === 'resolve' && isBlank(values.reason) ? 'required' : undefined,
      referredTo:
        values.action === 'resolve' && values.outcome === 'referred' && isBlank(values.referredTo)
          ? 'required'
          : undefined,
    }),
    [],
  );
  const form = useForm<ActionValues>(
    { action: report.state === 'received' ? 'review' : 'resolve', outcome: 'paid', referredTo: '', reason: '' },
    check,
  );
  const { values, errors } = form;
  const labels = {
    action: t('reportQueue.actions.action'),
    outcome: t('reportQueue.actions.outcome'),
    referredTo: t('reportQueue.actions.referredTo'),
    reason: t('reportQueue.actions.reason'),
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void form.submit(async (v) => {
      if (v.action === 'review') {
        const result = await api.post<ReportResult>(`/api/v1/reports/${report.id}/review`, {
          ...(v.reason.trim() ? { reason: v.reason.trim() } : {}),
        });
        onDone(result, t('reportQueue.actions.reviewed', { reference: report.reference }));
        return;
      }
      const result = await api.post<ReportResult>(`/api/v1/reports/${report.id}/resolve`, {
        outcome: v.outcome,
        reason: v.reason.trim(),
        ...(v.outcome === 'referred' ? { referredTo: v.referredTo.trim() } : {}),
      });
      onDone(result, t('reportQueue.actions.resolved', { reference: report.reference }));
    });
  };
  return (
    <section className="section" aria-labelledby="report-actions-title">
      <h2 id="report-actions-title">{t('reportQueue.actions.title')}</h2>
      <form onSubmit={onSubmit} noValidate className="card form report-form" data-testid="report-actions">
        <ErrorSummary errors={errors} formError={form.formError} labels={labels} summaryRef={form.summary} />
        <fieldset className="report-choice-group">
          <legend>{labels.action}</legend>
          <div className="report-choice">
            {report.state === 'received' ? (
              <label>
                <input
                  type="radio"
                  name="action"
                  value="review"
                  checked={values.action === 'review'}
                  onChange={() => form.set('action', 'review')}
                />
                {t('reportQueue.actions.review')}
              </label>
            ) : null}
            <label>
              <input
                type="radio"
                name="action"
                value="resolve"
                checked={values.action === 'resolve'}
                onChange={() => form.set('action', 'resolve')}
              />
              {t('reportQueue.actions.resolve')}
            </label>
          </div>
        </fieldset>
        {values.action === 'resolve' ? (
          <>
            <Field name="outcome" label={labels.outcome} required>
              {(wiring) => (
                <select
                  {...wiring}
                  value={values.outcome}
                  onChange={(event) => form.set('outcome', event.target.value)}
                >
                  {(['paid', 'direct_payment', 'referred'] as const).map((outcome) => (
                    <option key={outcome} value={outcome}>
                      {t(`reportForm.outcomes.${outcome}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {values.outcome === 'referred' ? (
              <Field name="referredTo" label={labels.referredTo} error={errors.referredTo} required>
                {(wiring) => (
                  <input
                    {...wiring}
                    value={values.referredTo}
                    onChange={(event) => form.set('referredTo', event.target.value)}
                    onBlur={() => form.blur('referredTo')}
                  />
                )}
              </Field>
            ) : null}
          </>
        ) : null}
        <Field
          name="reason"
          label={labels.reason}
          hint={values.action === 'resolve' ? t('reportQueue.actions.reasonRequired') : undefined}
          error={errors.reason}
          required={values.action === 'resolve'}
        >
          {(wiring) => (
            <textarea
              {...wiring}
              rows={3}
              value={values.reason}
              onChange={(event) => form.set('reason', event.target.value)}
              onBlur={() => form.blur('reason')}
            />
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={form.submitting}>
            {form.submitting
              ? t('forms.submitting')
              : values.action === 'review'
                ? t('reportQueue.actions.reviewSubmit')
                : t('reportQueue.actions.resolveSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}

function Transitions({ report }: { report: ReportDetail }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const when = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'ko-KR', {
    timeZone: 'Asia/Seoul',
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  return (
    <section className="section" aria-labelledby="report-history-title">
      <h2 id="report-history-title">{t('reportQueue.historyTitle')}</h2>
      <TableRegion label={t('reportQueue.historyTitle')}>
        <table className="table" data-testid="report-transitions">
          <thead>
            <tr>
              <th scope="col">{t('reportQueue.history.at')}</th>
              <th scope="col">{t('reportQueue.history.step')}</th>
              <th scope="col">{t('reportQueue.history.actor')}</th>
              <th scope="col" className="wrap">
                {t('reportQueue.history.reason')}
              </th>
            </tr>
          </thead>
          <tbody>
            {report.transitions.map((transition) => (
              <tr key={`${transition.at}-${transition.toState}`}>
                <td>{when.format(new Date(transition.at))}</td>
                <td>
                  {t(`reportForm.states.${transition.toState}`)}
                  {transition.outcome ? ` · ${t(`reportForm.outcomes.${transition.outcome}`)}` : ''}
                  {transition.referredTo ? ` (${transition.referredTo})` : ''}
                </td>
                <td>{transition.actor}</td>
                <td className="wrap">{transition.reason ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </section>
  );
}
