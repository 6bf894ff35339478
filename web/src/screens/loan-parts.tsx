import { useTranslation } from 'react-i18next';
import { type Loan, type LoanStatus, loanStatuses, type ReceivableStatus } from '../api/loan-types.ts';
import { CivilDate, TableRegion, Won } from '../components/display.tsx';
import { Link } from '../router.tsx';
import './loans.css';

/** A loan's status as a labelled badge (the word is always there; colour only repeats it). */
export function LoanStatusBadge({ status }: { status: LoanStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`loan-status loan-status-${status}`} data-testid="loan-status">
      {t(`loans.status.${status}`)}
    </span>
  );
}

/** Where the receivable behind a loan stands: approved (not yet paid by the buyer), payable, overdue, paid, disputed. */
export function ReceivableStatusBadge({ status }: { status: ReceivableStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`receivable-status receivable-status-${status}`} data-testid="receivable-status">
      {t(`loans.receivableStatus.${status}`)}
    </span>
  );
}

export const isLoanStatus = (text: string): text is LoanStatus => (loanStatuses as readonly string[]).includes(text);

/** The way back from a loan screen: the payee's financing page, or the bank's loan portal. */
export function LoanCrumbs({ bank }: { bank: boolean }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('common.breadcrumb')} className="breadcrumb">
      <ol>
        <li>
          {bank ? <Link to="/bank">{t('bankPortal.title')}</Link> : <Link to="/loans">{t('loans.payee.title')}</Link>}
        </li>
        {bank ? (
          <li>
            <Link to="/loans/bank">{t('loans.bank.title')}</Link>
          </li>
        ) : null}
      </ol>
    </nav>
  );
}

/**
 * Loans as a table: who borrowed from whom, against which receivable, the principal, the state, what is due today
 * (principal and interest outstanding) and for how many days. Each row opens the loan's statement.
 */
export function LoansTable({
  loans,
  label,
  show,
  testId,
}: {
  loans: readonly Loan[];
  label: string;
  show: 'borrower' | 'bank';
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <TableRegion label={label}>
      <table className="table loans-table loans-table-stack" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{t('loans.columns.loan')}</th>
            <th scope="col">{show === 'borrower' ? t('loans.columns.borrower') : t('loans.columns.bank')}</th>
            <th scope="col">{t('loans.columns.status')}</th>
            <th scope="col" className="numeric">
              {t('loans.columns.principal')}
            </th>
            <th scope="col" className="numeric">
              {t('loans.columns.repaid')}
            </th>
            <th scope="col" className="numeric">
              {t('loans.columns.due')}
            </th>
            <th scope="col" className="numeric">
              {t('loans.columns.days')}
            </th>
            <th scope="col">{t('loans.columns.receivable')}</th>
          </tr>
        </thead>
        <tbody>
          {loans.map((loan) => (
            <tr key={loan.id} data-loan={loan.id}>
              <th scope="row" data-label={t('loans.columns.loan')} className="nowrap">
                <Link to={`/loans/${loan.id}`}>{t('loans.loanNumber', { id: loan.id })}</Link>
                <span className="sub">
                  <CivilDate date={loan.advancedOn ?? loan.appliedOn} short />
                </span>
              </th>
              <td data-label={show === 'borrower' ? t('loans.columns.borrower') : t('loans.columns.bank')}>
                {show === 'borrower' ? loan.borrowerName : loan.bankName}
                <span className="sub">{loan.contractNumber}</span>
              </td>
              <td data-label={t('loans.columns.status')}>
                <LoanStatusBadge status={loan.status} />
              </td>
              <td data-label={t('loans.columns.principal')} className="numeric">
                <Won amount={loan.principalWon} />
              </td>
              <td data-label={t('loans.columns.repaid')} className="numeric">
                <Won amount={loan.repaidWon} />
              </td>
              <td data-label={t('loans.columns.due')} className="numeric" data-testid="loan-due">
                {loan.status === 'advanced' || loan.status === 'at_risk' ? <Won amount={loan.dueWon} /> : '—'}
              </td>
              <td data-label={t('loans.columns.days')} className="numeric">
                {loan.advancedOn ? t('loans.days', { count: loan.daysOutstanding }) : '—'}
              </td>
              <td data-label={t('loans.columns.receivable')}>
                <ReceivableStatusBadge status={loan.receivableStatus} />
                {loan.dueOn ? (
                  <span className="sub">
                    {t('loans.dueBy')} <CivilDate date={loan.dueOn} short />
                  </span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}
