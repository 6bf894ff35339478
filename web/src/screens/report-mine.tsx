import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { Report } from '../api/report-intake-types.ts';
import { CivilDate, Won } from '../components/display.tsx';
import { ExportLinks } from '../components/export-links.tsx';
import { Page } from '../components/page.tsx';
import { Loaded } from '../components/status.tsx';
import { Link } from '../router.tsx';
import type { ScreenProps } from '../routes.tsx';
import { useResource } from '../use-resource.ts';
import { ReportStateBadge, ReportSteps } from './report-parts.tsx';

/**
 * The reporter's own reports (GET /api/v1/reports, scoped to the reporter by the API), newest first, each with
 * its steps: received, under review, resolved with the outcome.
 */
export function ReportMineScreen(_props: ScreenProps) {
  const { t } = useTranslation();
  const resource = useResource((signal) => api.list<Report>('/api/v1/reports', signal), []);
  return (
    <Page
      title={t('reportForm.mineTitle')}
      lead={t('reportForm.mineLead')}
      actions={
        <Link to="/reports/new" className="button button-primary">
          {t('reportForm.newLink')}
        </Link>
      }
    >
      <Loaded resource={resource}>
        {(reports) =>
          reports.length === 0 ? (
            <p className="empty">{t('reportForm.mineEmpty')}</p>
          ) : (
            <>
              <ul className="report-list" data-testid="my-reports">
                {[...reports].reverse().map((report) => (
                  <li key={report.id} className="card" data-testid="my-report">
                    <div className="report-card-head">
                      <h2>
                        <Link to={`/reports/${report.id}`} className="strong-link">
                          {report.reference}
                        </Link>
                      </h2>
                      <ReportStateBadge report={report} />
                      <span className="sub">
                        {t(`reportForm.kinds.${report.kind}`)}
                        {report.owedWon ? (
                          <>
                            {' · '}
                            <Won amount={report.owedWon} />
                          </>
                        ) : null}
                        {' · '}
                        {report.agencyName}
                      </span>
                    </div>
                    <ReportSteps report={report} />
                    {report.hadoSaw ? <p className="hint">{report.hadoSaw}</p> : null}
                    {report.owedSince ? (
                      <p className="sub">
                        {t('reportForm.owedSince')}: <CivilDate date={report.owedSince} />
                      </p>
                    ) : null}
                  </li>
                ))}
              </ul>
              <ExportLinks listPath="/api/v1/reports" />
            </>
          )
        }
      </Loaded>
    </Page>
  );
}
