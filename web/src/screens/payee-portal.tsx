import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Claim, OwnObligation } from '../api/claim-types.ts';
import { ApiError, api } from '../api/client.ts';
import type { Contract } from '../api/types.ts';
import { CertificateLink } from '../components/certificate-link.tsx';
import { CivilDate, TableRegion, Won } from '../components/display.tsx';
import { useErrorText } from '../components/error-text.ts';
import { ExportLinks } from '../components/export-links.tsx';
import { Page } from '../components/page.tsx';
import { LoadFailed, Loading, Notice } from '../components/status.tsx';
import { formatWon } from '../format.ts';
import { Link } from '../router.tsx';
import { JudgementBadge, useLiveData } from './claim-parts.tsx';

type PortalData = { obligations: OwnObligation[]; contracts: Map<string, Contract>; paidClaims: Set<string> };

/**
 * The subcontractor's and supplier's portal: every share owed to the firm, when it is due, what was paid and the
 * bank's reference for it, and confirming receipt of a paid one. Refreshed live when a payment arrives.
 */
export function PayeePortalScreen() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [message, setMessage] = useState<
    { tone: 'success'; key: 'payee.confirmed' } | { tone: 'error'; text: string } | undefined
  >();
  const [busy, setBusy] = useState<string | undefined>();
  const live = useLiveData<PortalData>(
    async (signal) => {
      const [obligations, contracts, paidClaims] = await Promise.all([
        api.list<OwnObligation>('/api/v1/payee/obligations', signal),
        api.list<Contract>('/api/v1/contracts', signal),
        api.list<Claim>('/api/v1/claims?status=paid', signal),
      ]);
      return {
        obligations,
        contracts: new Map(contracts.map((contract) => [contract.id, contract])),
        paidClaims: new Set(paidClaims.map((claim) => claim.id)),
      };
    },
    [],
    '*',
  );

  const confirm = async (obligation: OwnObligation) => {
    setBusy(obligation.id);
    setMessage(undefined);
    try {
      await api.post(`/api/v1/obligations/${obligation.id}/receipt-confirmation`, {});
      setMessage({ tone: 'success', key: 'payee.confirmed' });
      live.reload();
    } catch (failure) {
      setMessage({ tone: 'error', text: errorText(failure instanceof ApiError ? failure : undefined) });
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Page
      title={t('payee.title')}
      lead={t('payee.lead')}
      actions={
        <Link to="/reports/new" className="button button-secondary">
          {t('payee.report')}
        </Link>
      }
    >
      {message ? (
        <Notice tone={message.tone} live>
          <p>{message.tone === 'success' ? t(message.key) : message.text}</p>
        </Notice>
      ) : null}
      {live.state === 'loading' ? <Loading /> : null}
      {live.state === 'failed' ? <LoadFailed error={live.error} retry={live.reload} /> : null}
      {live.state === 'ready' ? (
        <>
          <Totals obligations={live.data.obligations} />
          {live.data.obligations.length === 0 ? (
            <p className="empty">{t('payee.empty')}</p>
          ) : (
            <TableRegion label={t('payee.tableLabel')}>
              <table className="table" data-testid="own-obligations">
                <thead>
                  <tr>
                    <th scope="col">{t('payee.columns.contract')}</th>
                    <th scope="col" className="numeric">
                      {t('payee.columns.owed')}
                    </th>
                    <th scope="col">{t('payee.columns.due')}</th>
                    <th scope="col" className="numeric">
                      {t('payee.columns.paid')}
                    </th>
                    <th scope="col">{t('payee.columns.reference')}</th>
                    <th scope="col">{t('payee.columns.status')}</th>
                    <th scope="col">{t('payee.columns.receipt')}</th>
                  </tr>
                </thead>
                <tbody>
                  {live.data.obligations.map((obligation) => {
                    const contract = live.data.contracts.get(obligation.contractId);
                    const paidInFull = obligation.outstandingWon === '0';
                    return (
                      <tr key={obligation.id} data-obligation={obligation.id}>
                        <td>
                          <span className="nowrap" title={contract?.title}>
                            {contract?.contractNumber ?? obligation.contractId}
                          </span>
                          <span className="hint">
                            {' '}
                            · {t(`claims.kind.${obligation.kind}` as 'claims.kind.own_share')}
                          </span>
                        </td>
                        <td className="numeric">
                          <Won amount={obligation.amountWon} />
                        </td>
                        <td className="nowrap">
                          <CivilDate date={obligation.dueOn} short />
                        </td>
                        <td className="numeric">
                          <Won amount={obligation.paidWon} />
                          {obligation.paidOn ? (
                            <>
                              <br />
                              <span className="hint nowrap">
                                <CivilDate date={obligation.paidOn} short />
                              </span>
                            </>
                          ) : null}
                          {live.data.paidClaims.has(obligation.claimId) ? (
                            <>
                              <br />
                              <CertificateLink claimId={obligation.claimId} status="paid" />
                            </>
                          ) : null}
                        </td>
                        <td data-testid="reference">
                          {obligation.bankReferences.length > 0
                            ? obligation.bankReferences.join(', ')
                            : paidInFull || obligation.paidWon !== '0'
                              ? `${obligation.endToEndId} (${t('payee.endToEnd')})`
                              : '—'}
                        </td>
                        <td>
                          <JudgementBadge judgement={obligation.judgement} />
                          {obligation.daysLate > 0 ? (
                            <span className="hint nowrap">
                              <br />
                              {t('payee.daysLate', { count: obligation.daysLate })}
                            </span>
                          ) : null}
                          {paidInFull || obligation.daysLate === 0 ? null : (
                            <>
                              <br />
                              <Link
                                to={`/reports/new?contractId=${encodeURIComponent(obligation.contractId)}`}
                                className="strong-link nowrap"
                                data-testid="report-link"
                                aria-label={t('payee.reportLabel', { contract: contract?.title ?? '' })}
                              >
                                {t('payee.report')}
                              </Link>
                            </>
                          )}
                        </td>
                        <td>
                          {obligation.receiptConfirmedOn ? (
                            <span data-testid="receipt-confirmed">
                              {t('payee.confirmedOn')}
                              <br />
                              <CivilDate date={obligation.receiptConfirmedOn} short />
                            </span>
                          ) : paidInFull ? (
                            <button
                              type="button"
                              className="button button-secondary button-small"
                              disabled={busy === obligation.id}
                              onClick={() => confirm(obligation)}
                              aria-label={t('payee.confirmLabel', {
                                amount: formatWon(obligation.amountWon),
                                contract: contract?.title ?? '',
                              })}
                            >
                              {t('payee.confirm')}
                            </button>
                          ) : (
                            <span className="hint">{t('payee.notYetPaid')}</span>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableRegion>
          )}
          {live.data.obligations.length > 0 ? <ExportLinks listPath="/api/v1/payee/obligations" /> : null}
        </>
      ) : null}
    </Page>
  );
}

function Totals({ obligations }: { obligations: OwnObligation[] }) {
  const { t } = useTranslation();
  let owed = 0n;
  let paid = 0n;
  let outstanding = 0n;
  for (const obligation of obligations) {
    owed += BigInt(obligation.amountWon);
    paid += BigInt(obligation.paidWon);
    outstanding += BigInt(obligation.outstandingWon);
  }
  return (
    <dl className="facts card" data-testid="payee-totals">
      <div>
        <dt>{t('payee.totals.owed')}</dt>
        <dd>
          <Won amount={String(owed)} words />
        </dd>
      </div>
      <div>
        <dt>{t('payee.totals.paid')}</dt>
        <dd>
          <Won amount={String(paid)} words />
        </dd>
      </div>
      <div>
        <dt>{t('payee.totals.outstanding')}</dt>
        <dd>
          <Won amount={String(outstanding)} words />
        </dd>
      </div>
    </dl>
  );
}
