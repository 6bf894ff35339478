import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { PublicSummary } from '../api/types.ts';
import { CivilDate, TableRegion, useLocale, Won } from '../components/display.tsx';
import { Page } from '../components/page.tsx';
import { Loaded } from '../components/status.tsx';
import { formatCount } from '../format.ts';
import { useResource } from '../use-resource.ts';
import { PublicReportStatistics } from './report-statistics.tsx';

/**
 * The public transparency page: aggregates only, open to anyone without signing in. It shows what the
 * API's public summary gives (counts and sums), never a name, a phone number or an account.
 */
export function PublicSummaryScreen() {
  const { t } = useTranslation();
  const locale = useLocale();
  const resource = useResource((signal) => api.get<PublicSummary>('/api/v1/public/summary', signal), []);
  return (
    <Page title={t('public.title')} lead={t('public.lead')}>
      <Loaded resource={resource}>
        {(summary) => (
          <>
            <p className="as-of">
              {t('public.asOf')} <CivilDate date={summary.asOf} />
            </p>
            <ul className="stats" data-testid="public-stats">
              <li className="stat stat-primary">
                <span className="stat-label">{t('public.contractAmount')}</span>
                <span className="stat-value">
                  <Won amount={summary.contracts.amountWon} words />
                </span>
              </li>
              <li className="stat">
                <span className="stat-label">{t('public.contracts')}</span>
                <span className="stat-value">
                  {t('public.countValue', {
                    count: summary.contracts.count,
                    formatted: formatCount(summary.contracts.count, locale),
                  })}
                </span>
              </li>
              <li className="stat">
                <span className="stat-label">{t('public.buyers')}</span>
                <span className="stat-value">
                  {t('public.buyersValue', { count: summary.buyers, formatted: formatCount(summary.buyers, locale) })}
                </span>
              </li>
              <li className="stat">
                <span className="stat-label">{t('public.supply')}</span>
                <span className="stat-value">
                  <Won amount={summary.supplyContracts.amountWon} />
                </span>
                <span className="stat-note">
                  {t('public.countValue', {
                    count: summary.supplyContracts.count,
                    formatted: formatCount(summary.supplyContracts.count, locale),
                  })}
                </span>
              </li>
              <li className="stat">
                <span className="stat-label">{t('public.workers')}</span>
                <span className="stat-value">
                  {t('public.peopleValue', { count: summary.workers, formatted: formatCount(summary.workers, locale) })}
                </span>
              </li>
            </ul>

            <section className="section" aria-labelledby="tiers-title">
              <h2 id="tiers-title">{t('public.tiersTitle')}</h2>
              <p className="section-lead">{t('public.tiersLead')}</p>
              {summary.subcontractsByTier.length === 0 ? (
                <p className="empty">{t('public.tiersEmpty')}</p>
              ) : (
                <TableRegion label={t('public.tiersTitle')}>
                  <table className="table">
                    <thead>
                      <tr>
                        <th scope="col">{t('public.tierColumn')}</th>
                        <th scope="col" className="numeric">
                          {t('public.countColumn')}
                        </th>
                        <th scope="col" className="numeric">
                          {t('public.amountColumn')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {summary.subcontractsByTier.map((row) => (
                        <tr key={row.tier}>
                          <th scope="row">{t('subcontracts.tier', { tier: row.tier })}</th>
                          <td className="numeric">{formatCount(row.count, locale)}</td>
                          <td className="numeric">
                            <Won amount={row.amountWon} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableRegion>
              )}
            </section>

            <PublicReportStatistics />

            <aside className="notice notice-info" aria-labelledby="privacy-title">
              <p className="notice-title" id="privacy-title">
                {t('public.privacyTitle')}
              </p>
              <p>{t('public.privacy')}</p>
            </aside>
          </>
        )}
      </Loaded>
    </Page>
  );
}
