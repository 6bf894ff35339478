import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { Loan, Portfolio, PortfolioBucket } from '../api/loan-types.ts';
import { CivilDate, TableRegion, Won } from '../components/display.tsx';
import { ExportLinks } from '../components/export-links.tsx';
import { Page } from '../components/page.tsx';
import { Loaded } from '../components/status.tsx';
import { Link } from '../router.tsx';
import { useResource } from '../use-resource.ts';
import { LoanCrumbs, LoansTable, ReceivableStatusBadge } from './loan-parts.tsx';

/**
 * The bank's loan portal (issue 6/7): applications addressed to the bank waiting for its decision (with where the
 * receivable stands: approved, payable, overdue or disputed, and its due date), then the portfolio — open,
 * at risk, repaid and waiting, by count and amount — and every loan with what is due today and for how long.
 */
export function BankLoansScreen() {
  const { t } = useTranslation();
  const resource = useResource((signal) => api.get<Portfolio>('/api/v1/finance/portfolio', signal), []);
  return (
    <Page title={t('loans.bank.title')} lead={t('loans.bank.lead')} breadcrumb={<LoanCrumbs bank />}>
      <Loaded resource={resource}>
        {(portfolio) => {
          const applied = portfolio.items.filter((loan) => loan.status === 'applied');
          const open = portfolio.items.filter((loan) => loan.status === 'advanced' || loan.status === 'at_risk');
          const outstanding = open.reduce((sum, loan) => sum + BigInt(loan.dueWon), 0n);
          return (
            <>
              <ul className="stats loan-stats" data-testid="portfolio-totals" aria-label={t('loans.bank.totals')}>
                <BucketStat label={t('loans.bank.open')} bucket={portfolio.totals.open} testId="total-open" />
                <BucketStat label={t('loans.bank.atRisk')} bucket={portfolio.totals.atRisk} testId="total-at-risk" />
                <BucketStat
                  label={t('loans.bank.repaid')}
                  bucket={portfolio.totals.repaid}
                  testId="total-repaid"
                  repaid
                />
                <BucketStat label={t('loans.bank.applied')} bucket={portfolio.totals.applied} testId="total-applied" />
              </ul>
              <p className="loan-outstanding" data-testid="portfolio-outstanding">
                {t('loans.bank.outstanding')} <Won amount={outstanding.toString()} words />
              </p>
              <section className="section" aria-labelledby="applications-title">
                <div className="section-head">
                  <h2 id="applications-title">{t('loans.bank.applications')}</h2>
                  <span className="count">{t('loans.bank.applicationCount', { count: applied.length })}</span>
                </div>
                {applied.length === 0 ? (
                  <p className="empty">{t('loans.bank.noApplications')}</p>
                ) : (
                  <Applications loans={applied} />
                )}
              </section>
              <section className="section" aria-labelledby="portfolio-title">
                <div className="section-head">
                  <h2 id="portfolio-title">{t('loans.bank.portfolio')}</h2>
                  <span className="count">{t('loans.payee.loanCount', { count: portfolio.items.length })}</span>
                </div>
                {portfolio.items.length === 0 ? (
                  <p className="empty">{t('loans.bank.noLoans')}</p>
                ) : (
                  <>
                    <LoansTable
                      loans={portfolio.items}
                      label={t('loans.bank.portfolio')}
                      show="borrower"
                      testId="portfolio"
                    />
                    <ExportLinks listPath="/api/v1/finance/loans" />
                  </>
                )}
              </section>
            </>
          );
        }}
      </Loaded>
    </Page>
  );
}

function BucketStat({
  label,
  bucket,
  testId,
  repaid = false,
}: {
  label: string;
  bucket: PortfolioBucket;
  testId: string;
  repaid?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <li className="stat" data-testid={testId}>
      <span className="stat-label">{label}</span>
      <span className="stat-value">{t('loans.bank.count', { count: bucket.count })}</span>
      <span className="stat-note">
        {t('loans.columns.principal')} <Won amount={bucket.principalWon} />
        {repaid ? (
          <>
            <br />
            {t('loans.columns.repaid')} <Won amount={bucket.repaidWon} />
          </>
        ) : null}
      </span>
    </li>
  );
}

/** Applications waiting for the bank: who asks, how much, against what, and where that receivable stands. */
function Applications({ loans }: { loans: Loan[] }) {
  const { t } = useTranslation();
  return (
    <TableRegion label={t('loans.bank.applications')}>
      <table className="table loans-table loans-table-stack" data-testid="applications">
        <thead>
          <tr>
            <th scope="col">{t('loans.columns.borrower')}</th>
            <th scope="col">{t('loans.columns.contract')}</th>
            <th scope="col" className="numeric">
              {t('loans.columns.asked')}
            </th>
            <th scope="col" className="numeric">
              {t('loans.columns.outstanding')}
            </th>
            <th scope="col">{t('loans.columns.receivable')}</th>
            <th scope="col">{t('loans.statement.appliedOn')}</th>
            <th scope="col">{t('loans.columns.action')}</th>
          </tr>
        </thead>
        <tbody>
          {loans.map((loan) => (
            <tr key={loan.id} data-loan={loan.id}>
              <th scope="row" data-label={t('loans.columns.borrower')}>
                {loan.borrowerName}
              </th>
              <td data-label={t('loans.columns.contract')} className="nowrap">
                {loan.contractNumber}
              </td>
              <td data-label={t('loans.columns.asked')} className="numeric">
                <Won amount={loan.principalWon} />
              </td>
              <td data-label={t('loans.columns.outstanding')} className="numeric">
                <Won amount={loan.receivableWon} />
              </td>
              <td data-label={t('loans.columns.receivable')}>
                <ReceivableStatusBadge status={loan.receivableStatus} />
                {loan.dueOn ? (
                  <span className="sub">
                    {t('loans.dueBy')} <CivilDate date={loan.dueOn} short />
                  </span>
                ) : null}
              </td>
              <td data-label={t('loans.statement.appliedOn')} className="nowrap">
                <CivilDate date={loan.appliedOn} short />
              </td>
              <td data-label={t('loans.columns.action')}>
                <Link
                  to={`/loans/${loan.id}`}
                  className="button button-primary button-small"
                  aria-label={t('loans.bank.reviewLabel', { borrower: loan.borrowerName, id: loan.id })}
                >
                  {t('loans.bank.review')}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}
