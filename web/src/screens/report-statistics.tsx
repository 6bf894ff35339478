import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { ReportStatistics } from '../api/report-types.ts';
import { TableRegion } from '../components/display.tsx';
import { Page } from '../components/page.tsx';
import { Loaded } from '../components/status.tsx';
import { useResource } from '../use-resource.ts';
import { HeadlineStats, MonthlyChart, PeriodLine, RateComparison } from './report-statistics-parts.tsx';

/**
 * The officials' report statistics (issue 10, docs/REPORTS.md): reports in a period against the same period a
 * year earlier, reports per 100 contracts on Hado and not, time to resolution, what Hado flagged first, a monthly
 * chart, and CSV/XLSX exports. Officials see their own agency; admins and auditors every agency together.
 */
export function ReportStatisticsScreen() {
  const { t } = useTranslation();
  const [period, setPeriod] = useState<{ from: string; to: string }>({ from: '', to: '' });
  const [draft, setDraft] = useState(period);
  const query = period.from && period.to ? `?from=${period.from}&to=${period.to}` : '';
  const resource = useResource(
    (signal) => api.get<ReportStatistics>(`/api/v1/report-statistics${query}`, signal),
    [query],
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setPeriod(draft);
  };
  const exportQuery = (format: 'csv' | 'xlsx') =>
    `/api/v1/report-statistics/export?format=${format}${query ? `&${query.slice(1)}` : ''}`;
  return (
    <Page
      title={t('reports.title')}
      lead={t('reports.lead')}
      actions={
        <>
          <a className="button button-secondary" href={exportQuery('csv')} download>
            {t('reports.exportCsv')}
          </a>
          <a className="button button-secondary" href={exportQuery('xlsx')} download>
            {t('reports.exportXlsx')}
          </a>
        </>
      }
    >
      <form className="form-inline" onSubmit={submit}>
        <fieldset>
          <legend>{t('reports.periodLegend')}</legend>
          <label>
            {t('reports.from')}{' '}
            <input
              type="date"
              value={draft.from}
              onChange={(event) => setDraft({ ...draft, from: event.target.value })}
            />
          </label>{' '}
          <label>
            {t('reports.to')}{' '}
            <input type="date" value={draft.to} onChange={(event) => setDraft({ ...draft, to: event.target.value })} />
          </label>{' '}
          <button type="submit" className="button">
            {t('reports.apply')}
          </button>
        </fieldset>
      </form>
      <Loaded resource={resource}>
        {(statistics) => (
          <>
            <PeriodLine statistics={statistics} />
            <HeadlineStats statistics={statistics} />
            <RateComparison statistics={statistics} />
            <section className="section" aria-labelledby="report-resolution-title">
              <h2 id="report-resolution-title">{t('reports.resolutionTitle')}</h2>
              <TableRegion label={t('reports.resolutionTitle')}>
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t('reports.group')}</th>
                      <th scope="col" className="numeric">
                        {t('reports.period')}
                      </th>
                      <th scope="col" className="numeric">
                        {t('reports.previousPeriod')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {(['paid', 'direct_payment', 'referred', 'open', 'unrecorded'] as const).map((outcome) => (
                      <tr key={outcome}>
                        <th scope="row">{t(`reports.outcome.${outcome}`)}</th>
                        <td className="numeric">{statistics.current.byOutcome[outcome]}</td>
                        <td className="numeric">{statistics.previous.byOutcome[outcome]}</td>
                      </tr>
                    ))}
                    {(['meanDays', 'medianDays'] as const).map((key) => (
                      <tr key={key}>
                        <th scope="row">{t(`reports.${key}`)}</th>
                        {[statistics.current, statistics.previous].map((figures) => (
                          <td key={figures.from} className="numeric">
                            {figures.resolution[key] === null
                              ? t('reports.notAvailable')
                              : t('reports.days', { days: figures.resolution[key] })}
                          </td>
                        ))}
                      </tr>
                    ))}
                    <tr>
                      <th scope="row">{t('reports.flagged')}</th>
                      {[statistics.current, statistics.previous].map((figures) => (
                        <td key={figures.from} className="numeric">
                          {figures.flaggedBefore.percent === null
                            ? t('reports.notAvailable')
                            : `${figures.flaggedBefore.percent}%`}
                          <br />
                          <span className="stat-note">
                            {t('reports.flaggedDetail', {
                              flagged: figures.flaggedBefore.flagged,
                              reports: figures.flaggedBefore.reportsOnHadoContracts,
                            })}
                          </span>
                        </td>
                      ))}
                    </tr>
                  </tbody>
                </table>
              </TableRegion>
            </section>
            <MonthlyChart statistics={statistics} />
            {statistics.partialMonths.length > 0 ? (
              <p className="stat-note">{t('reports.partialMonths', { months: statistics.partialMonths.join(', ') })}</p>
            ) : null}
          </>
        )}
      </Loaded>
    </Page>
  );
}

/** The aggregate on the public page: the last twelve months against the year before, no personal data. */
export function PublicReportStatistics() {
  const { t } = useTranslation();
  const resource = useResource((signal) => api.get<ReportStatistics>('/api/v1/public/report-statistics', signal), []);
  return (
    <section className="section" aria-labelledby="public-reports-title">
      <h2 id="public-reports-title">{t('reports.publicTitle')}</h2>
      <p className="section-lead">{t('reports.publicLead')}</p>
      <Loaded resource={resource}>
        {(statistics) => (
          <>
            <PeriodLine statistics={statistics} />
            <HeadlineStats statistics={statistics} />
            <RateComparison statistics={statistics} />
            <MonthlyChart statistics={statistics} />
          </>
        )}
      </Loaded>
    </section>
  );
}
