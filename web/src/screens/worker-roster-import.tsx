import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api/client.ts';
import { type RosterAnswer, rosterColumnKeys, rosterTemplateCsv, uploadRoster } from '../api/roster-types.ts';
import type { Contract } from '../api/types.ts';
import { useLocale } from '../components/display.tsx';
import { Page } from '../components/page.tsx';
import { Loaded, Notice } from '../components/status.tsx';
import { setFlash } from '../flash.ts';
import { Link, navigate } from '../router.tsx';
import type { ScreenProps } from '../routes.tsx';
import { useResource } from '../use-resource.ts';
import { Crumbs } from './register-worker.tsx';
import './worker-roster.css';

/** The template as a download: UTF-8 with a BOM so spreadsheet programs read the Korean headers. */
const templateHref = `data:text/csv;charset=utf-8,${encodeURIComponent(`\uFEFF${rosterTemplateCsv}`)}`;

/**
 * Imports a worker roster from CSV or XLSX (POST /api/v1/contracts/:id/workers/import): "검사" checks the
 * whole file and lists every error by row without writing anything; "가져오기" registers every row at once,
 * and only when the whole file is valid.
 */
export function WorkerRosterImportScreen({ params }: ScreenProps) {
  const { t } = useTranslation();
  const id = params.id!;
  const resource = useResource(
    (signal) => api.get<Contract>(`/api/v1/contracts/${encodeURIComponent(id)}`, signal),
    [id],
  );
  return (
    <Page
      title={t('roster.title')}
      lead={t('roster.lead')}
      width="narrow"
      breadcrumb={<Crumbs id={id} contract={resource.state === 'ready' ? resource.data : undefined} />}
    >
      <Loaded resource={resource}>{(contract) => <RosterForm contract={contract} />}</Loaded>
    </Page>
  );
}

function RosterForm({ contract }: { contract: Contract }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [file, setFile] = useState<File | undefined>();
  const [answer, setAnswer] = useState<RosterAnswer | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const outcome = useRef<HTMLDivElement>(null);

  const send = async (dryRun: boolean) => {
    if (!file) {
      setFailure(t('roster.chooseFirst'));
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      const result = await uploadRoster(contract.id, file, dryRun, locale);
      if (result.result === 'imported') {
        setFlash({ text: t('roster.imported', { created: result.created, exists: result.exists }) });
        navigate(`/contracts/${contract.id}#workers`);
        return;
      }
      setAnswer(result);
    } catch (error) {
      setAnswer(undefined);
      setFailure(error instanceof ApiError ? error.message : String(error));
    } finally {
      setBusy(false);
      outcome.current?.focus();
    }
  };
  const onCheck = (event: FormEvent) => {
    event.preventDefault();
    void send(true);
  };
  const columnLabel = (field: string | null): string => {
    const column = rosterColumnKeys.find((key) => key === field);
    return column ? t(`roster.columns.${column}`) : (field ?? '—');
  };

  return (
    <form onSubmit={onCheck} noValidate className="card form roster-form">
      <p className="form-context">
        {t('forms.contextContract')} <strong>{contract.title}</strong>
      </p>
      <p className="hint">{t('roster.columnsHint', { columns: rosterTemplateCsv.trim().split(',').join(', ') })}</p>
      <p>
        <a href={templateHref} download="worker-roster-template.csv" data-testid="roster-template">
          {t('roster.template')}
        </a>
      </p>
      <div className="field">
        <label htmlFor="roster-file">{t('roster.file')}</label>
        <p className="hint" id="roster-file-hint">
          {t('roster.fileHint')}
        </p>
        <input
          id="roster-file"
          name="file"
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-describedby="roster-file-hint"
          onChange={(event) => {
            setFile(event.target.files?.[0]);
            setAnswer(undefined);
            setFailure(undefined);
          }}
        />
      </div>
      <div ref={outcome} tabIndex={-1} className="roster-outcome">
        {failure ? (
          <Notice tone="error" live>
            <p>{failure}</p>
          </Notice>
        ) : null}
        {answer?.result === 'valid' ? (
          <Notice tone="success" live title={t('roster.valid', { rows: answer.rows })}>
            <p>{t('roster.validDetail', { created: answer.created, exists: answer.exists })}</p>
          </Notice>
        ) : null}
        {answer?.result === 'invalid' ? (
          <>
            <Notice tone="error" live title={t('roster.invalid', { count: answer.errors.length, rows: answer.rows })}>
              <p>{t('roster.invalidDetail')}</p>
            </Notice>
            <table className="table roster-errors" data-testid="roster-errors">
              <caption>{t('roster.errorsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('roster.row')}</th>
                  <th scope="col">{t('roster.column')}</th>
                  <th scope="col">{t('roster.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {answer.errors.map((error) => (
                  <tr key={`${error.row}:${error.field}:${error.code}`}>
                    <td>{error.row}</td>
                    <td>{columnLabel(error.field)}</td>
                    <td>{error.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : null}
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-secondary" disabled={busy}>
          {t('roster.check')}
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={busy || answer?.result !== 'valid'}
          onClick={() => void send(false)}
        >
          {t('roster.import')}
        </button>
        <Link to={`/contracts/${contract.id}`} className="button button-quiet">
          {t('common.cancel')}
        </Link>
      </div>
    </form>
  );
}
