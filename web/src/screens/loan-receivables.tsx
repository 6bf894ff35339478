import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { Loan, Receivable } from '../api/loan-types.ts';
import { CivilDate, TableRegion, Won } from '../components/display.tsx';
import { ExportLinks } from '../components/export-links.tsx';
import { Page } from '../components/page.tsx';
import { Loaded } from '../components/status.tsx';
import { Link } from '../router.tsx';
import { useResource } from '../use-resource.ts';
import { LoansTable, ReceivableStatusBadge } from './loan-parts.tsx';

type FinancingData = { receivables: Receivable[]; loans: Loan[] };

/** Reasons the API gives for a receivable that cannot be borrowed against, each with its own words. */
const ineligibleReasons = [
  'receivable_already_assigned',
  'receivable_paid',
  'receivable_disputed',
  'receivable_not_approved',
  'amount_exceeds_advance_limit',
] as const;

/**
 * A subcontractor's or supplier's financing (issue 6): the receivables it may borrow against — what is owed,
 * what is still outstanding, what is already assigned to a lender, the due date and the most a bank may advance
 * on it — and its own loans with their state. Applying opens the form for one receivable.
 */
export function LoanReceivablesScreen() {
  const { t } = useTranslation();
  const resource = useResource<FinancingData>(async (signal) => {
    const [receivables, loans] = await Promise.all([
      api.get<{ items: Receivable[] }>('/api/v1/finance/receivables', signal).then((answer) => answer.items),
      api.list<Loan>('/api/v1/finance/loans', signal),
    ]);
    return { receivables, loans: [...loans].reverse() };
  }, []);
  return (
    <Page title={t('loans.payee.title')} lead={t('loans.payee.lead')}>
      <Loaded resource={resource}>
        {({ receivables, loans }) => (
          <>
            <section className="section" aria-labelledby="receivables-title">
              <div className="section-head">
                <h2 id="receivables-title">{t('loans.payee.receivables')}</h2>
                <span className="count">{t('loans.payee.receivableCount', { count: receivables.length })}</span>
              </div>
              <p className="section-lead">{t('loans.payee.receivablesLead')}</p>
              {receivables.length === 0 ? (
                <p className="empty">{t('loans.payee.noReceivables')}</p>
              ) : (
                <>
                  <ReceivablesTable receivables={receivables} />
                  <ExportLinks listPath="/api/v1/finance/receivables" />
                </>
              )}
            </section>
            <section className="section" aria-labelledby="my-loans-title">
              <div className="section-head">
                <h2 id="my-loans-title">{t('loans.payee.loans')}</h2>
                <span className="count">{t('loans.payee.loanCount', { count: loans.length })}</span>
              </div>
              {loans.length === 0 ? (
                <p className="empty">{t('loans.payee.noLoans')}</p>
              ) : (
                <>
                  <LoansTable loans={loans} label={t('loans.payee.loans')} show="bank" testId="my-loans" />
                  <ExportLinks listPath="/api/v1/finance/loans" />
                </>
              )}
            </section>
          </>
        )}
      </Loaded>
    </Page>
  );
}

function ReceivablesTable({ receivables }: { receivables: Receivable[] }) {
  const { t } = useTranslation();
  return (
    <TableRegion label={t('loans.payee.receivables')}>
      <table className="table loans-table loans-table-stack" data-testid="receivables">
        <thead>
          <tr>
            <th scope="col">{t('loans.columns.claim')}</th>
            <th scope="col" className="numeric">
              {t('loans.columns.amount')}
            </th>
            <th scope="col" className="numeric">
              {t('loans.columns.outstanding')}
            </th>
            <th scope="col" className="numeric">
              {t('loans.columns.assigned')}
            </th>
            <th scope="col">{t('loans.columns.dueOn')}</th>
            <th scope="col">{t('loans.columns.status')}</th>
            <th scope="col" className="numeric">
              {t('loans.columns.limit')}
            </th>
            <th scope="col">{t('loans.columns.action')}</th>
          </tr>
        </thead>
        <tbody>
          {receivables.map((receivable) => (
            <tr key={receivable.claimLineId} data-claim-line={receivable.claimLineId}>
              <th scope="row" data-label={t('loans.columns.claim')}>
                {receivable.contractNumber}
                <span className="sub">
                  {t('loans.claimSequence', { sequence: receivable.claimSequence })} ·{' '}
                  {t(`loans.kind.${receivable.kind}`)}
                </span>
              </th>
              <td data-label={t('loans.columns.amount')} className="numeric">
                <Won amount={receivable.amountWon} />
              </td>
              <td data-label={t('loans.columns.outstanding')} className="numeric">
                <Won amount={receivable.outstandingWon} />
              </td>
              <td data-label={t('loans.columns.assigned')} className="numeric">
                <Won amount={receivable.assignedWon} />
              </td>
              <td data-label={t('loans.columns.dueOn')} className="nowrap">
                {receivable.dueOn ? <CivilDate date={receivable.dueOn} short /> : t('loans.notYetDue')}
              </td>
              <td data-label={t('loans.columns.status')}>
                <ReceivableStatusBadge status={receivable.status} />
              </td>
              <td data-label={t('loans.columns.limit')} className="numeric" data-testid="limit">
                <Won amount={receivable.maxAdvanceWon} />
              </td>
              <td data-label={t('loans.columns.action')}>
                <ReceivableAction receivable={receivable} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

function ReceivableAction({ receivable }: { receivable: Receivable }) {
  const { t } = useTranslation();
  if (receivable.eligible) {
    return (
      <Link
        to={`/loans/apply/${receivable.claimLineId}`}
        className="button button-primary button-small"
        aria-label={t('loans.payee.applyLabel', {
          contract: receivable.contractNumber,
          sequence: receivable.claimSequence,
        })}
      >
        {t('loans.payee.apply')}
      </Link>
    );
  }
  const reason = receivable.ineligibleReason;
  return (
    <span className="hint">
      {reason && (ineligibleReasons as readonly string[]).includes(reason)
        ? t(`loans.ineligible.${reason as (typeof ineligibleReasons)[number]}`)
        : (reason ?? '—')}
      {receivable.loanId ? (
        <>
          {' '}
          <Link to={`/loans/${receivable.loanId}`}>{t('loans.loanNumber', { id: receivable.loanId })}</Link>
        </>
      ) : null}
    </span>
  );
}
