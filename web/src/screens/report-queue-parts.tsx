import { type ChangeEvent, type FormEvent, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api/client.ts';
import type { CountImport, ReportResult } from '../api/report-intake-types.ts';
import type { Contract } from '../api/types.ts';
import { TableRegion } from '../components/display.tsx';
import { useErrorText } from '../components/error-text.ts';
import { type Check, ErrorSummary, Field, useForm } from '../components/form.tsx';
import { Notice } from '../components/status.tsx';
import { Link } from '../router.tsx';
import { todayInSeoul } from '../today.ts';
import { useResource } from '../use-resource.ts';
import { checkDate, checkPhone, isBlank, parseWonInput } from '../validation.ts';

type OutsideValues = {
  channel: string;
  receivedOn: string;
  kind: string;
  reporterKind: string;
  contractId: string;
  contractReference: string;
  reporterName: string;
  phone: string;
  owedWon: string;
  owedSince: string;
  description: string;
};

/**
 * Recording a report that came by phone, letter, visit or e-mail (POST /api/v1/reports/outside): linked to a
 * contract in Hado when it names one, or kept with a reference to a contract outside Hado.
 */
export function OutsideReportSection({ onRecorded }: { onRecorded: () => void }) {
  const { t } = useTranslation();
  const contracts = useResource((signal) => api.list<Contract>('/api/v1/contracts', signal), []);
  const [made, setMade] = useState<ReportResult | undefined>();
  const today = todayInSeoul();
  const check: Check<OutsideValues> = useCallback(
    (values) => {
      const owed = isBlank(values.owedWon) ? undefined : parseWonInput(values.owedWon);
      return {
        receivedOn: checkDate(values.receivedOn) ?? (values.receivedOn > today ? 'invalid_date' : undefined),
        contractReference: isBlank(values.contractId) && isBlank(values.contractReference) ? 'required' : undefined,
        phone: isBlank(values.phone) ? undefined : checkPhone(values.phone),
        owedWon: owed && 'problem' in owed ? owed.problem : undefined,
        owedSince: isBlank(values.owedSince) ? undefined : checkDate(values.owedSince),
      };
    },
    [today],
  );
  const initial: OutsideValues = {
    channel: 'phone',
    receivedOn: today,
    kind: 'non_payment',
    reporterKind: 'subcontractor',
    contractId: '',
    contractReference: '',
    reporterName: '',
    phone: '',
    owedWon: '',
    owedSince: '',
    description: '',
  };
  const form = useForm<OutsideValues>(initial, check);
  const { values, errors } = form;
  const labels: Record<keyof OutsideValues, string> = {
    channel: t('reportQueue.outside.channel'),
    receivedOn: t('reportQueue.outside.receivedOn'),
    kind: t('reportForm.kind'),
    reporterKind: t('reportQueue.outside.reporterKind'),
    contractId: t('reportForm.contract'),
    contractReference: t('reportQueue.outside.contractReference'),
    reporterName: t('reportQueue.outside.reporterName'),
    phone: t('reportQueue.outside.phone'),
    owedWon: t('reportForm.owedWon'),
    owedSince: t('reportForm.owedSince'),
    description: t('reportForm.description'),
  };
  const text = (field: keyof OutsideValues & string) => ({
    value: values[field],
    onChange: (event: { target: { value: string } }) => form.set(field, event.target.value),
    onBlur: () => form.blur(field),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void form.submit(async (v) => {
      const owed = isBlank(v.owedWon) ? undefined : parseWonInput(v.owedWon);
      const optional = (name: string, value: string) => (value.trim() ? { [name]: value.trim() } : {});
      const result = await api.post<ReportResult>('/api/v1/reports/outside', {
        channel: v.channel,
        receivedOn: v.receivedOn,
        kind: v.kind,
        reporterKind: v.reporterKind,
        ...optional('contractId', v.contractId),
        ...(v.contractId ? {} : optional('contractReference', v.contractReference)),
        ...optional('reporterName', v.reporterName),
        ...optional('phone', v.phone),
        ...(owed && 'amountWon' in owed ? { owedWon: owed.amountWon } : {}),
        ...optional('owedSince', v.owedSince),
        ...optional('description', v.description),
      });
      setMade(result);
      onRecorded();
    });
  };

  return (
    <section className="section" aria-labelledby="outside-title">
      <h2 id="outside-title">{t('reportQueue.outside.title')}</h2>
      <p className="section-lead">{t('reportQueue.outside.lead')}</p>
      {made ? (
        <Notice tone="success" title={t('reportQueue.outside.recorded', { reference: made.record.reference })} live>
          <p>
            <Link to={`/reports/${made.record.id}`}>{t('reportQueue.openReport')}</Link>
          </p>
        </Notice>
      ) : null}
      <form onSubmit={onSubmit} noValidate className="card form report-form" data-testid="outside-form">
        <ErrorSummary errors={errors} formError={form.formError} labels={labels} summaryRef={form.summary} />
        <Field name="channel" label={labels.channel} required>
          {(wiring) => (
            <select {...wiring} {...text('channel')}>
              {(['phone', 'letter', 'visit', 'email', 'other'] as const).map((channel) => (
                <option key={channel} value={channel}>
                  {t(`reportQueue.channels.${channel}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="receivedOn" label={labels.receivedOn} error={errors.receivedOn} required>
          {(wiring) => <input {...wiring} type="date" max={today} {...text('receivedOn')} />}
        </Field>
        <Field name="kind" label={labels.kind} required>
          {(wiring) => (
            <select {...wiring} {...text('kind')}>
              {(['non_payment', 'late_payment'] as const).map((kind) => (
                <option key={kind} value={kind}>
                  {t(`reportForm.kinds.${kind}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="reporterKind" label={labels.reporterKind} required>
          {(wiring) => (
            <select {...wiring} {...text('reporterKind')}>
              {(['subcontractor', 'supplier', 'worker', 'other'] as const).map((kind) => (
                <option key={kind} value={kind}>
                  {t(`reportQueue.reporterKinds.${kind}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="contractId" label={labels.contractId} error={errors.contractId}>
          {(wiring) => (
            <select {...wiring} {...text('contractId')}>
              <option value="">{t('reportQueue.outside.outsideHado')}</option>
              {(contracts.state === 'ready' ? contracts.data : []).map((contract) => (
                <option key={contract.id} value={contract.id}>
                  {contract.title} ({contract.contractNumber})
                </option>
              ))}
            </select>
          )}
        </Field>
        {values.contractId === '' ? (
          <Field
            name="contractReference"
            label={labels.contractReference}
            hint={t('reportQueue.outside.contractReferenceHint')}
            error={errors.contractReference}
            required
          >
            {(wiring) => <input {...wiring} {...text('contractReference')} />}
          </Field>
        ) : null}
        <Field name="reporterName" label={labels.reporterName} error={errors.reporterName}>
          {(wiring) => <input {...wiring} autoComplete="off" {...text('reporterName')} />}
        </Field>
        <Field name="phone" label={labels.phone} hint={t('reportQueue.outside.phoneHint')} error={errors.phone}>
          {(wiring) => <input {...wiring} type="tel" inputMode="tel" autoComplete="off" {...text('phone')} />}
        </Field>
        <Field name="owedWon" label={labels.owedWon} error={errors.owedWon}>
          {(wiring) => <input {...wiring} inputMode="numeric" autoComplete="off" {...text('owedWon')} />}
        </Field>
        <Field name="owedSince" label={labels.owedSince} error={errors.owedSince}>
          {(wiring) => <input {...wiring} type="date" max={today} {...text('owedSince')} />}
        </Field>
        <Field name="description" label={labels.description} error={errors.description}>
          {(wiring) => <textarea {...wiring} rows={3} {...text('description')} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={form.submitting}>
            {form.submitting ? t('forms.submitting') : t('reportQueue.outside.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

/**
 * Importing monthly counts for contracts outside Hado (POST /api/v1/report-counts/import): a dry run lists
 * every row error and writes nothing; the import writes only a wholly valid file.
 */
export function CountImportSection() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [csv, setCsv] = useState('');
  const [replace, setReplace] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<CountImport | undefined>();
  const [problem, setProblem] = useState<string | undefined>();

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) setCsv(await file.text());
  };
  const send = async (dryRun: boolean) => {
    setBusy(true);
    setProblem(undefined);
    setOutcome(undefined);
    try {
      setOutcome(await api.post<CountImport>('/api/v1/report-counts/import', { csv, dryRun, replace }));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'import_invalid') {
        // The refusal carries the row errors; fetch them again as a dry run to list them.
        setOutcome(await api.post<CountImport>('/api/v1/report-counts/import', { csv, dryRun: true, replace }));
      }
      setProblem(errorText(error instanceof ApiError ? error : undefined));
    } finally {
      setBusy(false);
    }
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void send(false);
  };

  return (
    <section className="section" aria-labelledby="count-import-title">
      <h2 id="count-import-title">{t('reportQueue.import.title')}</h2>
      <p className="section-lead">{t('reportQueue.import.lead')}</p>
      <form onSubmit={onSubmit} className="card form report-form" data-testid="count-import">
        <div className="field">
          <label htmlFor="count-import-file">{t('reportQueue.import.file')}</label>
          <input id="count-import-file" type="file" accept=".csv,text/csv" onChange={(event) => void onFile(event)} />
        </div>
        <div className="field">
          <label htmlFor="count-import-csv">{t('reportQueue.import.csv')}</label>
          <p className="hint" id="count-import-csv-hint">
            {t('reportQueue.import.csvHint')}
          </p>
          <textarea
            id="count-import-csv"
            className="report-csv"
            aria-describedby="count-import-csv-hint"
            value={csv}
            onChange={(event) => setCsv(event.target.value)}
            spellCheck={false}
          />
        </div>
        <div className="field">
          <label className="report-check">
            <input type="checkbox" checked={replace} onChange={(event) => setReplace(event.target.checked)} />{' '}
            {t('reportQueue.import.replace')}
          </label>
        </div>
        <div className="form-actions">
          <button
            type="button"
            className="button button-secondary"
            disabled={busy || csv.trim() === ''}
            onClick={() => void send(true)}
          >
            {t('reportQueue.import.dryRun')}
          </button>
          <button type="submit" className="button button-primary" disabled={busy || csv.trim() === ''}>
            {t('reportQueue.import.submit')}
          </button>
        </div>
      </form>
      <div role="status" data-testid="count-import-outcome">
        {problem ? (
          <Notice tone="error" title={problem} />
        ) : outcome ? (
          <Notice
            tone={outcome.errorCount > 0 ? 'error' : 'success'}
            title={
              outcome.errorCount > 0
                ? t('reportQueue.import.errors', { count: outcome.errorCount })
                : t(outcome.dryRun ? 'reportQueue.import.checked' : 'reportQueue.import.imported', {
                    rows: outcome.rows,
                    created: outcome.created,
                    replaced: outcome.replaced,
                    unchanged: outcome.unchanged,
                  })
            }
          />
        ) : null}
      </div>
      {outcome && outcome.errors.length > 0 ? (
        <TableRegion label={t('reportQueue.import.errorsLabel')}>
          <table className="table" data-testid="count-import-errors">
            <thead>
              <tr>
                <th scope="col">{t('reportQueue.import.row')}</th>
                <th scope="col">{t('reportQueue.import.field')}</th>
                <th scope="col" className="wrap">
                  {t('reportQueue.import.message')}
                </th>
              </tr>
            </thead>
            <tbody>
              {outcome.errors.map((error) => (
                <tr key={`${error.row}-${error.field ?? ''}-${error.code}`}>
                  <td>{error.row}</td>
                  <td>{error.field ?? '—'}</td>
                  <td className="wrap">{error.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      ) : null}
    </section>
  );
}
