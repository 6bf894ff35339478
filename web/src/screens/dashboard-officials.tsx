import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { DashboardData, Figures, FindingItem, SuggestionItem } from '../api/dashboard-types.ts';
import { TableRegion, useLocale, useName, Won } from '../components/display.tsx';
import { Page } from '../components/page.tsx';
import { Loaded } from '../components/status.tsx';
import { formatCount, formatDate, formatWon, type Locale } from '../format.ts';
import { Link } from '../router.tsx';
import { Chart, type ChartOption } from './dashboard-chart.tsx';
import { useLiveEvents, useLiveResource } from './dashboard-live.ts';
import { FindingsList, loadOpenFindings, SuggestionsList, useKindLabel } from './findings-queue.tsx';
import './dashboard.css';

type DashboardLoad = { dashboard: DashboardData; findings: FindingItem[]; suggestions: SuggestionItem[] };

async function loadDashboard(signal: AbortSignal): Promise<DashboardLoad> {
  const [dashboard, findings, suggestions] = await Promise.all([
    api.get<DashboardData>('/api/v1/dashboard', signal),
    loadOpenFindings(signal),
    api.list<SuggestionItem>('/api/v1/direct-payment-suggestions?state=pending', signal),
  ]);
  return { dashboard, findings, suggestions };
}

/** Findings shown on the dashboard itself; the rest are one link away. */
const findingsShownMax = 8;

/**
 * The officials' live dashboard (issue 7): what the buyer paid in, what was divided, paid on time, late and what is
 * overdue — in total and by buyer, prime and contract — with charts, the findings to act on and the direct-payment
 * suggestions to decide. It re-reads its figures whenever a live event says obligations, findings or movements
 * changed.
 */
export function DashboardScreen() {
  const { t } = useTranslation();
  const resource = useLiveResource(loadDashboard, []);
  const live = useLiveEvents(['obligations', 'findings', 'movements'], resource.refresh);
  return (
    <Page title={t('dashboard.title')} lead={t('dashboard.lead')}>
      <p className="live-state" data-live={live} data-version={resource.version}>
        <span className="live-dot" aria-hidden="true" />
        {t(`dashboard.live.${live}`)}
      </p>
      <Loaded resource={resource}>{(data) => <DashboardBody data={data} onChanged={resource.refresh} />}</Loaded>
    </Page>
  );
}

function DashboardBody({ data, onChanged }: { data: DashboardLoad; onChanged: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const name = useName();
  const kindLabel = useKindLabel();
  const { dashboard } = data;
  const contractLabels = useMemo(
    () => new Map(dashboard.byContract.map((row) => [row.contractId, row.contractNumber])),
    [dashboard.byContract],
  );
  const openFindings = dashboard.findings.reduce((sum, row) => sum + row.open, 0);
  return (
    <>
      <p className="as-of">{t('dashboard.asOf', { date: formatDate(dashboard.asOf, locale) })}</p>
      <Totals figures={dashboard.totals} />

      <section className="section" aria-labelledby="dashboard-findings-title">
        <div className="section-head">
          <h2 id="dashboard-findings-title">{t('dashboard.findings.title')}</h2>
          <span className="count">{t('dashboard.findings.openCount', { count: openFindings })}</span>
        </div>
        {dashboard.findings.length > 0 ? (
          <ul className="kind-chips" aria-label={t('dashboard.findings.byKind')}>
            {dashboard.findings.map((row) => (
              <li key={row.kind}>
                {kindLabel(row.kind)} <strong>{formatCount(row.open + row.acknowledged, locale)}</strong>
              </li>
            ))}
          </ul>
        ) : null}
        <FindingsList
          findings={data.findings}
          contractLabels={contractLabels}
          onChanged={onChanged}
          limit={findingsShownMax}
        />
      </section>

      <section className="section" aria-labelledby="dashboard-suggestions-title">
        <div className="section-head">
          <h2 id="dashboard-suggestions-title">{t('dashboard.suggestions.title')}</h2>
          <span className="count">{t('dashboard.suggestions.pending', { count: data.suggestions.length })}</span>
        </div>
        <p className="section-lead">{t('dashboard.suggestions.lead')}</p>
        <SuggestionsList
          suggestions={data.suggestions.slice(0, findingsShownMax)}
          contractLabels={contractLabels}
          onChanged={onChanged}
        />
        {data.suggestions.length > findingsShownMax ? (
          <p className="count">
            {t('dashboard.suggestions.more', { count: data.suggestions.length - findingsShownMax })}
          </p>
        ) : null}
      </section>

      <section className="section" aria-labelledby="dashboard-charts-title">
        <h2 id="dashboard-charts-title">{t('dashboard.charts.title')}</h2>
        <div className="chart-grid">
          <PaymentDaysChart dashboard={dashboard} locale={locale} />
          <OnTimeChart dashboard={dashboard} locale={locale} />
          <OverdueByPrimeChart dashboard={dashboard} />
        </div>
      </section>

      <FiguresTable
        id="by-buyer"
        title={t('dashboard.byBuyer')}
        rows={dashboard.byBuyer.map((row) => ({ key: row.buyerId, label: name(row), figures: row.figures }))}
      />
      <FiguresTable
        id="by-prime"
        title={t('dashboard.byPrime')}
        rows={dashboard.byPrime.map((row) => ({ key: row.firmId, label: name(row), figures: row.figures }))}
      />
      <FiguresTable
        id="by-contract"
        title={t('dashboard.byContract')}
        rows={dashboard.byContract.map((row) => ({
          key: row.contractId,
          label: (
            <Link to={`/contracts/${row.contractId}/money-flow`}>
              {row.contractNumber} {row.title}
            </Link>
          ),
          figures: row.figures,
        }))}
      />
    </>
  );
}

function Totals({ figures }: { figures: Figures }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const count = (n: number) => t('dashboard.obligations', { count: n, formatted: formatCount(n, locale) });
  const tiles: { key: string; label: string; amount: string; note?: string; tone?: string }[] = [
    { key: 'paidIn', label: t('dashboard.figures.paidIn'), amount: figures.paidInWon },
    {
      key: 'divided',
      label: t('dashboard.figures.divided'),
      amount: figures.dividedWon,
      note: count(figures.obligationCount),
    },
    { key: 'paidOut', label: t('dashboard.figures.paidOut'), amount: figures.paidOutWon },
    {
      key: 'onTime',
      label: t('dashboard.figures.onTime'),
      amount: figures.paidOnTimeWon,
      note: count(figures.paidOnTimeCount),
      tone: 'good',
    },
    {
      key: 'late',
      label: t('dashboard.figures.late'),
      amount: figures.paidLateWon,
      note: count(figures.paidLateCount),
      tone: 'warn',
    },
    {
      key: 'overdue',
      label: t('dashboard.figures.overdue'),
      amount: figures.overdueWon,
      note: count(figures.overdueCount),
      tone: 'bad',
    },
  ];
  return (
    <ul className="stats dashboard-totals" data-testid="dashboard-totals" aria-label={t('dashboard.totalsLabel')}>
      {tiles.map((tile) => (
        <li key={tile.key} className={`stat${tile.tone ? ` stat-${tile.tone}` : ''}`} data-figure={tile.key}>
          <span className="stat-label">{tile.label}</span>
          <span className="stat-value" data-amount={tile.amount}>
            <Won amount={tile.amount} words />
          </span>
          {tile.note ? <span className="stat-note">{tile.note}</span> : null}
        </li>
      ))}
    </ul>
  );
}

function FiguresTable({
  id,
  title,
  rows,
}: {
  id: string;
  title: string;
  rows: { key: string; label: React.ReactNode; figures: Figures }[];
}) {
  const { t } = useTranslation();
  const columns = [
    ['paidInWon', 'dashboard.figures.paidIn'],
    ['dividedWon', 'dashboard.figures.divided'],
    ['paidOnTimeWon', 'dashboard.figures.onTime'],
    ['paidLateWon', 'dashboard.figures.late'],
    ['overdueWon', 'dashboard.figures.overdue'],
  ] as const;
  return (
    <section className="section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {rows.length === 0 ? (
        <p className="empty">{t('dashboard.none')}</p>
      ) : (
        <TableRegion label={title}>
          <table className="table" data-testid={id}>
            <thead>
              <tr>
                <th scope="col">{t('dashboard.name')}</th>
                {columns.map(([key, label]) => (
                  <th scope="col" className="numeric" key={key}>
                    {t(label)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key}>
                  <th scope="row">{row.label}</th>
                  {columns.map(([key]) => (
                    <td className="numeric" key={key} data-column={key}>
                      <Won amount={row.figures[key]} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </section>
  );
}

/**
 * Chart geometry needs numbers: amounts are drawn as millions of won from the exact text (a display scale only;
 * every exact figure is in the table beside the chart and in the tooltip).
 */
const millionsOf = (amountText: string) => Number(BigInt(amountText) / 10_000n) / 100;

function PaymentDaysChart({ dashboard, locale }: { dashboard: DashboardData; locale: Locale }) {
  const { t } = useTranslation();
  const labels = dashboard.paymentDays.map((bucket) =>
    bucket.toDays === null
      ? t('dashboard.charts.daysOver', { from: bucket.fromDays })
      : t('dashboard.charts.daysRange', { from: bucket.fromDays, to: bucket.toDays }),
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: the labels follow the data, the language and t; a new option redraws the chart.
  const option: ChartOption = useMemo(
    () => ({
      grid: { left: 48, right: 16, top: 24, bottom: 40 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, fontSize: 11 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('dashboard.charts.payees'),
          data: dashboard.paymentDays.map((bucket) => bucket.count),
          itemStyle: { color: '#1d5fbf' },
        },
      ],
    }),
    [dashboard.paymentDays, labels.join('|'), t],
  );
  return (
    <figure className="chart-card">
      <figcaption>
        <h3 id="chart-days-title">{t('dashboard.charts.days')}</h3>
        <p className="section-lead">{t('dashboard.charts.daysLead')}</p>
      </figcaption>
      <Chart option={option} label={t('dashboard.charts.days')} describedBy="chart-days-table" testId="chart-days" />
      <TableRegion label={t('dashboard.charts.days')}>
        <table className="table table-compact" id="chart-days-table" data-testid="chart-days-table">
          <thead>
            <tr>
              <th scope="col">{t('dashboard.charts.daysColumn')}</th>
              <th scope="col" className="numeric">
                {t('dashboard.charts.payees')}
              </th>
              <th scope="col" className="numeric">
                {t('dashboard.charts.amount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {dashboard.paymentDays.map((bucket, index) => (
              <tr key={bucket.fromDays}>
                <th scope="row">{labels[index]}</th>
                <td className="numeric">{formatCount(bucket.count, locale)}</td>
                <td className="numeric">{formatWon(bucket.amountWon)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </figure>
  );
}

/** On-time share in whole percent (rounded down), or null when nothing fell due. */
const percentOf = (part: number, whole: number) => (whole === 0 ? null : Math.floor((part * 100) / whole));

function OnTimeChart({ dashboard, locale }: { dashboard: DashboardData; locale: Locale }) {
  const { t } = useTranslation();
  const months = dashboard.onTimeByMonth;
  const monthLabel = (month: string) =>
    locale === 'ko' ? `${month.slice(0, 4)}.${month.slice(5)}` : `${month.slice(5)}/${month.slice(2, 4)}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the labels follow the data, the language and t; a new option redraws the chart.
  const option: ChartOption = useMemo(
    () => ({
      grid: { left: 48, right: 16, top: 24, bottom: 40 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: months.map((row) => monthLabel(row.month)), axisLabel: { fontSize: 11 } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          type: 'line',
          name: t('dashboard.charts.onTimeRate'),
          connectNulls: false,
          data: months.map((row) => percentOf(row.onTimeCount, row.dueCount)),
          itemStyle: { color: '#137333' },
        },
      ],
    }),
    [months, locale, t],
  );
  return (
    <figure className="chart-card">
      <figcaption>
        <h3>{t('dashboard.charts.onTime')}</h3>
        <p className="section-lead">{t('dashboard.charts.onTimeLead')}</p>
      </figcaption>
      <Chart
        option={option}
        label={t('dashboard.charts.onTime')}
        describedBy="chart-on-time-table"
        testId="chart-on-time"
      />
      <TableRegion label={t('dashboard.charts.onTime')}>
        <table className="table table-compact" id="chart-on-time-table" data-testid="chart-on-time-table">
          <thead>
            <tr>
              <th scope="col">{t('dashboard.charts.month')}</th>
              <th scope="col" className="numeric">
                {t('dashboard.charts.due')}
              </th>
              <th scope="col" className="numeric">
                {t('dashboard.figures.onTime')}
              </th>
              <th scope="col" className="numeric">
                {t('dashboard.charts.onTimeRate')}
              </th>
            </tr>
          </thead>
          <tbody>
            {months
              .filter((row) => row.dueCount > 0)
              .map((row) => {
                const percent = percentOf(row.onTimeCount, row.dueCount);
                return (
                  <tr key={row.month}>
                    <th scope="row">{monthLabel(row.month)}</th>
                    <td className="numeric">{formatCount(row.dueCount, locale)}</td>
                    <td className="numeric">{formatCount(row.onTimeCount, locale)}</td>
                    <td className="numeric">{percent === null ? '—' : `${percent}%`}</td>
                  </tr>
                );
              })}
          </tbody>
        </table>
      </TableRegion>
    </figure>
  );
}

function OverdueByPrimeChart({ dashboard }: { dashboard: DashboardData }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const primes = dashboard.byPrime;
  const name = (prime: { name: string; nameEn: string | null }) =>
    locale === 'en' && prime.nameEn ? prime.nameEn : prime.name;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the labels follow the data, the language and t; a new option redraws the chart.
  const option: ChartOption = useMemo(
    () => ({
      grid: { left: 16, right: 24, top: 16, bottom: 40, containLabel: true },
      tooltip: {
        trigger: 'item',
        formatter: (item: { dataIndex: number }) => {
          const prime = primes[item.dataIndex];
          return prime ? `${name(prime)}: ${formatWon(prime.figures.overdueWon)}` : '';
        },
      },
      xAxis: { type: 'value', name: t('dashboard.charts.millionWon'), nameLocation: 'middle', nameGap: 28 },
      yAxis: {
        type: 'category',
        data: primes.map((prime) => name(prime)),
        axisLabel: { width: 110, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          name: t('dashboard.figures.overdue'),
          data: primes.map((prime) => millionsOf(prime.figures.overdueWon)),
          itemStyle: { color: '#b3261e' },
        },
      ],
    }),
    [primes, locale, t],
  );
  return (
    <figure className="chart-card">
      <figcaption>
        <h3>{t('dashboard.charts.overdueByPrime')}</h3>
        <p className="section-lead">{t('dashboard.charts.overdueByPrimeLead')}</p>
      </figcaption>
      <Chart
        option={option}
        label={t('dashboard.charts.overdueByPrime')}
        describedBy="chart-overdue-table"
        height={Math.max(160, 48 * primes.length + 60)}
        testId="chart-overdue"
      />
      <TableRegion label={t('dashboard.charts.overdueByPrime')}>
        <table className="table table-compact" id="chart-overdue-table" data-testid="chart-overdue-table">
          <thead>
            <tr>
              <th scope="col">{t('dashboard.charts.prime')}</th>
              <th scope="col" className="numeric">
                {t('dashboard.figures.overdue')}
              </th>
            </tr>
          </thead>
          <tbody>
            {primes.map((prime) => (
              <tr key={prime.firmId}>
                <th scope="row">{name(prime)}</th>
                <td className="numeric">{formatWon(prime.figures.overdueWon)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </figure>
  );
}
