import { useTranslation } from 'react-i18next';
import type { ReportChange, ReportRate, ReportStatistics } from '../api/report-types.ts';
import { CivilDate, TableRegion, useLocale } from '../components/display.tsx';
import { formatCount } from '../format.ts';

/** The pieces of the report statistics shared by the officials' screen and the public page. */
export function ChangeText({ change }: { change: ReportChange }) {
  const { t } = useTranslation();
  if (change.percent === null) return <>{t('reports.changeUnknown')}</>;
  if (change.direction === 'unchanged') return <>{t('reports.changeNone')}</>;
  const percent = String(Math.abs(change.percent));
  return (
    <>
      {change.direction === 'decrease'
        ? t('reports.changeDecrease', { percent })
        : t('reports.changeIncrease', { percent })}
    </>
  );
}

export function HeadlineStats({ statistics }: { statistics: ReportStatistics }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const cards = [
    { label: t('reports.total'), change: statistics.change.total, primary: true },
    { label: t('reports.nonPayment'), change: statistics.change.non_payment, primary: false },
    { label: t('reports.latePayment'), change: statistics.change.late_payment, primary: false },
  ];
  return (
    <ul className="stats" data-testid="report-stats">
      {cards.map((card) => (
        <li key={card.label} className={card.primary ? 'stat stat-primary' : 'stat'}>
          <span className="stat-label">{card.label}</span>
          <span className="stat-value">
            {t('reports.count', { formatted: formatCount(card.change.current, locale) })}
          </span>
          <span className="stat-note" style={card.primary ? { color: '#dce8fc' } : undefined}>
            <ChangeText change={card.change} /> ·{' '}
            {t('reports.previousValue', { value: formatCount(card.change.previous, locale) })}
          </span>
        </li>
      ))}
    </ul>
  );
}

function RateCell({ rate }: { rate: ReportRate }) {
  const { t } = useTranslation();
  return (
    <td className="numeric">
      <span>
        {rate.per100Contracts === null ? t('reports.rateHidden') : t('reports.rate', { rate: rate.per100Contracts })}
      </span>
      <br />
      <span className="stat-note">{t('reports.rateDetail', { reports: rate.reports, contracts: rate.contracts })}</span>
    </td>
  );
}

export function RateComparison({ statistics }: { statistics: ReportStatistics }) {
  const { t } = useTranslation();
  const groups = ['agenciesOnHado', 'agenciesNotOnHado', 'contractsOnHado', 'contractsNotOnHado'] as const;
  return (
    <section className="section" aria-labelledby="report-rates-title">
      <h2 id="report-rates-title">{t('reports.compareTitle')}</h2>
      <p className="section-lead">{t('reports.compareLead')}</p>
      <TableRegion label={t('reports.compareTitle')}>
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
            {groups.map((group) => (
              <tr key={group}>
                <th scope="row">{t(`reports.${group}`)}</th>
                <RateCell rate={statistics.current.perHundredContracts[group]} />
                <RateCell rate={statistics.previous.perHundredContracts[group]} />
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </section>
  );
}

/**
 * Reports by month as bars (this period and the same month a year earlier), drawn in SVG with the same figures in
 * a table for screen readers and keyboard users.
 */
export function MonthlyChart({ statistics }: { statistics: ReportStatistics }) {
  const { t } = useTranslation();
  const months = statistics.monthly;
  const highest = Math.max(1, ...months.flatMap((month) => [month.reports, month.previousYear]));
  const width = 640;
  const height = 200;
  const slot = width / Math.max(1, months.length);
  const bar = Math.max(2, slot / 2 - 4);
  const scale = (value: number) => Math.round((value / highest) * (height - 20));
  return (
    <section className="section" aria-labelledby="report-monthly-title">
      <h2 id="report-monthly-title">{t('reports.monthlyTitle')}</h2>
      <svg viewBox={`0 0 ${width} ${height + 20}`} role="img" aria-label={t('reports.monthlyChart')} className="chart">
        {months.map((month, index) => (
          <g key={month.month} transform={`translate(${index * slot + 4}, 0)`}>
            <rect
              x={0}
              y={height - scale(month.previousYear)}
              width={bar}
              height={scale(month.previousYear)}
              fill="#9aa5b1"
            >
              <title>{`${month.month} ${t('reports.lastYear')}: ${month.previousYear}`}</title>
            </rect>
            <rect
              x={bar + 2}
              y={height - scale(month.reports)}
              width={bar}
              height={scale(month.reports)}
              fill="#0b50d0"
            >
              <title>{`${month.month} ${t('reports.thisYear')}: ${month.reports}`}</title>
            </rect>
            <text x={bar} y={height + 14} fontSize="10" textAnchor="middle" fill="#1e2124">
              {month.month.slice(5)}
            </text>
          </g>
        ))}
      </svg>
      <p className="stat-note">
        <span style={{ color: '#0b50d0' }}>■</span> {t('reports.thisYear')} <span style={{ color: '#9aa5b1' }}>■</span>{' '}
        {t('reports.lastYear')}
      </p>
      <details>
        <summary>{t('reports.monthlyChart')}</summary>
        <TableRegion label={t('reports.monthlyTitle')}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('reports.month')}</th>
                <th scope="col" className="numeric">
                  {t('reports.thisYear')}
                </th>
                <th scope="col" className="numeric">
                  {t('reports.lastYear')}
                </th>
              </tr>
            </thead>
            <tbody>
              {months.map((month) => (
                <tr key={month.month}>
                  <th scope="row">{month.month}</th>
                  <td className="numeric">{month.reports}</td>
                  <td className="numeric">{month.previousYear}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      </details>
    </section>
  );
}

export function PeriodLine({ statistics }: { statistics: ReportStatistics }) {
  const { t } = useTranslation();
  return (
    <p className="as-of">
      {t('reports.period')}: <CivilDate date={statistics.current.from} /> ~ <CivilDate date={statistics.current.to} /> ·{' '}
      {t('reports.previousPeriod')}: <CivilDate date={statistics.previous.from} /> ~{' '}
      <CivilDate date={statistics.previous.to} />
    </p>
  );
}
