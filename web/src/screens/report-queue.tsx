import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { Report, ReportKind, ReportState } from '../api/report-intake-types.ts';
import { CivilDate, TableRegion, Won } from '../components/display.tsx';
import { ExportLinks } from '../components/export-links.tsx';
import { Page } from '../components/page.tsx';
import { Loaded } from '../components/status.tsx';
import { Link, navigate, useLocation } from '../router.tsx';
import type { ScreenProps } from '../routes.tsx';
import { useMe } from '../session.tsx';
import { useResource } from '../use-resource.ts';
import { ReportStateBadge } from './report-parts.tsx';
import { CountImportSection, OutsideReportSection } from './report-queue-parts.tsx';

const states: readonly ReportState[] = ['received', 'under_review', 'resolved'];
const kinds: readonly ReportKind[] = ['non_payment', 'late_payment'];

/**
 * The officials' report queue (GET /api/v1/reports, scoped by the API to the official's buyer): filters by
 * state and kind kept in the address, each report linking to its detail; below, recording a report received by
 * phone or letter and importing outside monthly counts. Auditors read the queue and change nothing.
 */
export function ReportQueueScreen(_props: ScreenProps) {
  const { t } = useTranslation();
  const me = useMe();
  const { search } = useLocation();
  const query = new URLSearchParams(search);
  const state = states.find((value) => value === query.get('state'));
  const kind = kinds.find((value) => value === query.get('kind'));
  const [recorded, setRecorded] = useState(0);
  const resource = useResource(
    (signal) => api.list<Report>(`/api/v1/reports${state ? `?state=${state}` : ''}`, signal),
    [state, recorded],
  );
  const setFilter = (name: 'state' | 'kind', value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    const text = next.toString();
    navigate(`/reports${text ? `?${text}` : ''}`, { replace: true });
  };
  const acts = me.role === 'official' || me.role === 'admin';

  return (
    <Page
      title={t('reportQueue.title')}
      lead={t('reportQueue.lead')}
      actions={
        <Link to="/reports/statistics" className="button button-secondary">
          {t('reportQueue.statisticsLink')}
        </Link>
      }
    >
      <search className="report-filters" aria-label={t('reportQueue.filtersLabel')}>
        <div className="field">
          <label htmlFor="filter-state">{t('reportQueue.filterState')}</label>
          <select id="filter-state" value={state ?? ''} onChange={(event) => setFilter('state', event.target.value)}>
            <option value="">{t('reportQueue.all')}</option>
            {states.map((value) => (
              <option key={value} value={value}>
                {t(`reportForm.states.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-kind">{t('reportQueue.filterKind')}</label>
          <select id="filter-kind" value={kind ?? ''} onChange={(event) => setFilter('kind', event.target.value)}>
            <option value="">{t('reportQueue.all')}</option>
            {kinds.map((value) => (
              <option key={value} value={value}>
                {t(`reportForm.kinds.${value}`)}
              </option>
            ))}
          </select>
        </div>
      </search>
      <Loaded resource={resource}>
        {(all) => {
          const reports = [...all].reverse().filter((report) => !kind || report.kind === kind);
          return reports.length === 0 ? (
            <p className="empty">{t('reportQueue.empty')}</p>
          ) : (
            <>
              <p className="count" role="status">
                {t('reportQueue.count', { count: reports.length })}
              </p>
              <TableRegion label={t('reportQueue.title')}>
                <table className="table" data-testid="report-queue">
                  <thead>
                    <tr>
                      <th scope="col">{t('reportQueue.columns.reference')}</th>
                      <th scope="col">{t('reportQueue.columns.received')}</th>
                      <th scope="col">{t('reportQueue.columns.kind')}</th>
                      <th scope="col">{t('reportQueue.columns.reporter')}</th>
                      <th scope="col" className="wrap">
                        {t('reportQueue.columns.contract')}
                      </th>
                      <th scope="col" className="numeric">
                        {t('reportQueue.columns.owed')}
                      </th>
                      <th scope="col">{t('reportQueue.columns.state')}</th>
                      <th scope="col">{t('reportQueue.columns.flagged')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {reports.map((report) => (
                      <tr key={report.id} data-testid="queue-row">
                        <th scope="row">
                          <Link to={`/reports/${report.id}`} className="strong-link">
                            {report.reference}
                          </Link>
                        </th>
                        <td>
                          <CivilDate date={report.receivedOn} short />
                          <span className="sub">{t(`reportQueue.channels.${report.channel}`)}</span>
                        </td>
                        <td>{t(`reportForm.kinds.${report.kind}`)}</td>
                        <td>
                          {t(`reportQueue.reporterKinds.${report.reporterKind}`)}
                          {report.reporterName ? <span className="sub">{report.reporterName}</span> : null}
                        </td>
                        <td className="wrap">{report.contractNumber ?? report.contractReference ?? '—'}</td>
                        <td className="numeric">{report.owedWon ? <Won amount={report.owedWon} /> : '—'}</td>
                        <td>
                          <ReportStateBadge report={report} />
                        </td>
                        <td>{report.flaggedBefore ? t('reportQueue.flaggedYes') : t('reportQueue.flaggedNo')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableRegion>
              <ExportLinks listPath="/api/v1/reports" query={{ state }} />
            </>
          );
        }}
      </Loaded>
      {acts ? (
        <>
          <OutsideReportSection onRecorded={() => setRecorded((n) => n + 1)} />
          <CountImportSection />
        </>
      ) : null}
    </Page>
  );
}
