import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { MoneyFlowData } from '../api/dashboard-types.ts';
import { CivilDate, TableRegion, useLocale, Won } from '../components/display.tsx';
import { Page } from '../components/page.tsx';
import { Loaded } from '../components/status.tsx';
import { formatDate, formatWon } from '../format.ts';
import { Link } from '../router.tsx';
import type { ScreenProps } from '../routes.tsx';
import { Chart, type ChartOption } from './dashboard-chart.tsx';
import { useLiveEvents, useLiveResource } from './dashboard-live.ts';
import './dashboard.css';

type Payee = MoneyFlowData['payees'][number];

const purposes = ['progress', 'labour', 'advance', 'general'] as const;

/** Names of the flow's nodes in the chosen language: dedicated accounts by purpose, payees by kind and tier. */
function useFlowLabels() {
  const { t } = useTranslation();
  const locale = useLocale();
  const purpose = (value: string): string =>
    (purposes as readonly string[]).includes(value)
      ? t(`dashboard.flow.purpose.${value as (typeof purposes)[number]}`)
      : value;
  const payee = (node: Pick<Payee, 'group' | 'tier' | 'name' | 'nameEn'>): string => {
    const name = (locale === 'en' && node.nameEn ? node.nameEn : node.name) ?? '—';
    switch (node.group) {
      case 'prime':
        return t('dashboard.flow.prime');
      case 'labour':
        return t('dashboard.flow.labour');
      case 'subcontract':
        return t('dashboard.flow.subcontractor', { name, tier: node.tier ?? 1 });
      case 'supply':
        return t('dashboard.flow.supplier', { name });
      case 'advance':
        return t('dashboard.flow.advanceTo', { name });
    }
  };
  return { purpose, payee };
}

const statuses = ['not_yet_due', 'upcoming', 'due_today', 'overdue', 'paid_on_time', 'paid_late'] as const;
const statusTone: Record<string, string> = {
  overdue: 'critical',
  paid_late: 'warning',
  due_today: 'warning',
  upcoming: 'info',
  paid_on_time: 'good',
  not_yet_due: 'info',
};

/**
 * One contract's money flow (issue 7): a Sankey diagram from the buyer through the dedicated accounts (by purpose)
 * to every payee — the prime's own share, subcontractors by tier, suppliers, and wages together as labour — and,
 * below it, the same figures as tables and every obligation with its status and dates. The tables are the text
 * alternative of the diagram. Live: it re-reads when the contract's obligations or movements change.
 */
export function MoneyFlowScreen({ params }: ScreenProps) {
  const { t } = useTranslation();
  const id = params.id!;
  const resource = useLiveResource(
    (signal) => api.get<MoneyFlowData>(`/api/v1/contracts/${encodeURIComponent(id)}/money-flow`, signal),
    [id],
  );
  const live = useLiveEvents(['obligations', 'movements'], resource.refresh);
  const title =
    resource.state === 'ready'
      ? t('dashboard.flow.title', { title: resource.data.title })
      : t('dashboard.flow.titleLoading');
  const breadcrumb = (
    <nav aria-label={t('common.breadcrumb')} className="breadcrumb">
      <ol>
        <li>
          <Link to="/dashboard">{t('dashboard.title')}</Link>
        </li>
        <li>
          <Link to={`/contracts/${id}`}>{resource.state === 'ready' ? resource.data.contractNumber : '…'}</Link>
        </li>
        <li aria-current="page">{t('dashboard.flow.crumb')}</li>
      </ol>
    </nav>
  );
  return (
    <Page title={title} breadcrumb={breadcrumb} lead={t('dashboard.flow.lead')}>
      <p className="live-state" data-live={live} data-version={resource.version}>
        <span className="live-dot" aria-hidden="true" />
        {t(`dashboard.live.${live}`)}
      </p>
      <Loaded resource={resource}>{(flow) => <FlowBody flow={flow} />}</Loaded>
    </Page>
  );
}

function FlowBody({ flow }: { flow: MoneyFlowData }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const buyer = locale === 'en' && flow.buyerNameEn ? flow.buyerNameEn : flow.buyerName;
  const labels = useFlowLabels();
  const payees = useMemo(() => new Map(flow.payees.map((payee) => [payee.key, payee])), [flow.payees]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the labels follow the data, the language and t; a new option redraws the chart.
  const option: ChartOption = useMemo(() => {
    const buyerNode = `buyer`;
    const accountNode = (purpose: string) => `account:${purpose}`;
    const names = new Map<string, string>([[buyerNode, buyer]]);
    for (const account of flow.accounts) names.set(accountNode(account.purpose), labels.purpose(account.purpose));
    for (const payee of flow.payees) names.set(payee.key, labels.payee(payee));
    const exact = new Map<string, string>();
    const links = [
      ...flow.accounts
        .filter((account) => BigInt(account.paidInWon) > 0n)
        .map((account) => {
          exact.set(`${buyerNode}>${accountNode(account.purpose)}`, account.paidInWon);
          return { source: buyerNode, target: accountNode(account.purpose), value: Number(BigInt(account.paidInWon)) };
        }),
      ...flow.links
        .filter((link) => BigInt(link.dividedWon) > 0n)
        .map((link) => {
          exact.set(`${accountNode(link.purpose)}>${link.payeeKey}`, link.dividedWon);
          return { source: accountNode(link.purpose), target: link.payeeKey, value: Number(BigInt(link.dividedWon)) };
        }),
    ];
    const used = new Set(links.flatMap((link) => [link.source, link.target]));
    const depthOf = (node: string) => (node === buyerNode ? 0 : node.startsWith('account:') ? 1 : 2);
    return {
      tooltip: {
        trigger: 'item',
        formatter: (item: { dataType: string; data: { source?: string; target?: string; name?: string } }) => {
          if (item.dataType === 'edge' && item.data.source && item.data.target) {
            const amount = exact.get(`${item.data.source}>${item.data.target}`);
            return `${names.get(item.data.source)} → ${names.get(item.data.target)}: ${amount ? formatWon(amount) : ''}`;
          }
          return names.get(item.data.name ?? '') ?? '';
        },
      },
      series: [
        {
          type: 'sankey',
          left: 8,
          right: 230,
          top: 16,
          bottom: 16,
          nodeGap: 10,
          draggable: false,
          emphasis: { focus: 'adjacency' },
          lineStyle: { color: 'gradient', opacity: 0.4 },
          label: {
            fontSize: 12,
            color: '#1b1f24',
            width: 220,
            overflow: 'truncate',
            formatter: (item: { name: string }) => names.get(item.name) ?? item.name,
          },
          data: [...used].map((node) => ({ name: node, depth: depthOf(node) })),
          links,
        },
      ],
    };
  }, [flow, buyer, locale, t]);

  const nothingYet = BigInt(flow.paidInWon) === 0n && flow.links.length === 0;
  return (
    <>
      <p className="as-of">{t('dashboard.asOf', { date: formatDate(flow.asOf, locale) })}</p>
      <section className="section" aria-labelledby="flow-diagram-title">
        <h2 id="flow-diagram-title">{t('dashboard.flow.diagram')}</h2>
        {nothingYet ? (
          <p className="empty">{t('dashboard.flow.nothingYet')}</p>
        ) : (
          <Chart
            option={option}
            label={t('dashboard.flow.diagramLabel', { buyer, amount: formatWon(flow.paidInWon) })}
            describedBy="flow-accounts-table flow-links-table"
            height={Math.max(320, 36 * flow.payees.length + 80)}
            testId="flow-sankey"
          />
        )}
      </section>

      <section className="section" aria-labelledby="flow-accounts-title">
        <h2 id="flow-accounts-title">{t('dashboard.flow.accounts')}</h2>
        <TableRegion label={t('dashboard.flow.accounts')}>
          <table className="table" id="flow-accounts-table" data-testid="flow-accounts">
            <caption className="visually-hidden">{t('dashboard.flow.accountsCaption', { buyer })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dashboard.flow.account')}</th>
                <th scope="col" className="numeric">
                  {t('dashboard.flow.paidIn')}
                </th>
                <th scope="col" className="numeric">
                  {t('dashboard.flow.balance')}
                </th>
              </tr>
            </thead>
            <tbody>
              {flow.accounts.map((account) => (
                <tr key={account.purpose}>
                  <th scope="row">{labels.purpose(account.purpose)}</th>
                  <td className="numeric">
                    <Won amount={account.paidInWon} />
                  </td>
                  <td className="numeric">{formatWon(account.balanceWon)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('dashboard.flow.total')}</th>
                <td className="numeric">
                  <Won amount={flow.paidInWon} />
                </td>
                <td />
              </tr>
            </tfoot>
          </table>
        </TableRegion>
      </section>

      <section className="section" aria-labelledby="flow-links-title">
        <h2 id="flow-links-title">{t('dashboard.flow.payees')}</h2>
        <TableRegion label={t('dashboard.flow.payees')}>
          <table className="table" id="flow-links-table" data-testid="flow-links">
            <thead>
              <tr>
                <th scope="col">{t('dashboard.flow.account')}</th>
                <th scope="col">{t('dashboard.flow.payee')}</th>
                <th scope="col" className="numeric">
                  {t('dashboard.flow.divided')}
                </th>
                <th scope="col" className="numeric">
                  {t('dashboard.flow.paid')}
                </th>
              </tr>
            </thead>
            <tbody>
              {flow.links.map((link) => {
                const payee = payees.get(link.payeeKey);
                return (
                  <tr key={`${link.purpose}>${link.payeeKey}`}>
                    <td>{labels.purpose(link.purpose)}</td>
                    <th scope="row">{payee ? labels.payee(payee) : link.payeeKey}</th>
                    <td className="numeric">{formatWon(link.dividedWon)}</td>
                    <td className="numeric">{formatWon(link.paidWon)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableRegion>
      </section>

      <section className="section" aria-labelledby="flow-obligations-title">
        <h2 id="flow-obligations-title">{t('dashboard.flow.obligations')}</h2>
        <p className="section-lead">{t('dashboard.flow.obligationsLead')}</p>
        {flow.truncated ? <p className="notice notice-warning">{t('dashboard.flow.truncated')}</p> : null}
        <TableRegion label={t('dashboard.flow.obligations')}>
          <table className="table" data-testid="flow-obligations">
            <thead>
              <tr>
                <th scope="col">{t('dashboard.flow.claim')}</th>
                <th scope="col">{t('dashboard.flow.payee')}</th>
                <th scope="col" className="numeric">
                  {t('dashboard.flow.amount')}
                </th>
                <th scope="col" className="numeric">
                  {t('dashboard.flow.paid')}
                </th>
                <th scope="col">{t('dashboard.flow.timeline')}</th>
                <th scope="col">{t('dashboard.flow.status')}</th>
              </tr>
            </thead>
            <tbody>
              {flow.obligations.map((row) => {
                const payee = payees.get(row.payeeKey);
                return (
                  <tr key={row.id} data-status={row.status}>
                    <td className="nowrap">{t('dashboard.flow.claimNumber', { sequence: row.claimSequence })}</td>
                    <th scope="row">
                      {payee ? labels.payee(payee) : (row.payeeName ?? '—')}
                      <span className="sub">{labels.purpose(row.purpose)}</span>
                    </th>
                    <td className="numeric">{formatWon(row.amountWon)}</td>
                    <td className="numeric">{formatWon(row.paidWon)}</td>
                    <td>
                      <ol className="timeline">
                        {row.buyerPaidOn ? (
                          <li>
                            {t('dashboard.flow.buyerPaid')} <CivilDate date={row.buyerPaidOn} short />
                          </li>
                        ) : null}
                        <li>
                          {t('dashboard.flow.due')} <CivilDate date={row.dueOn} short />
                        </li>
                        {row.paidOn ? (
                          <li>
                            {t('dashboard.flow.paidOn')} <CivilDate date={row.paidOn} short />
                          </li>
                        ) : null}
                      </ol>
                    </td>
                    <td>
                      <span className={`badge badge-${statusTone[row.status] ?? 'info'}`}>
                        {(statuses as readonly string[]).includes(row.status)
                          ? t(`dashboard.flow.statuses.${row.status as (typeof statuses)[number]}`)
                          : row.status}
                      </span>
                      {row.daysLate > 0 ? (
                        <span className="sub">{t('dashboard.flow.daysLate', { count: row.daysLate })}</span>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableRegion>
      </section>
    </>
  );
}
