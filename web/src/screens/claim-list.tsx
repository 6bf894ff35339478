import { useTranslation } from 'react-i18next';
import type { Claim } from '../api/claim-types.ts';
import { api } from '../api/client.ts';
import type { Contract } from '../api/types.ts';
import { CertificateLink } from '../components/certificate-link.tsx';
import { CivilDate, Period, TableRegion, Won } from '../components/display.tsx';
import { ExportLinks } from '../components/export-links.tsx';
import { Page } from '../components/page.tsx';
import { Loaded } from '../components/status.tsx';
import { Link } from '../router.tsx';
import type { ScreenProps } from '../routes.tsx';
import { useMe } from '../session.tsx';
import { useResource } from '../use-resource.ts';
import { ClaimStatusBadge } from './claim-parts.tsx';

/** A contract's progress claims (기성 청구): period, status, version, total; the prime submits a new one here. */
export function ClaimListScreen({ params }: ScreenProps) {
  const { t } = useTranslation();
  const me = useMe();
  const id = params.id!;
  const resource = useResource(
    async (signal) => {
      const [contract, claims] = await Promise.all([
        api.get<Contract>(`/api/v1/contracts/${encodeURIComponent(id)}`, signal),
        api.list<Claim>(`/api/v1/claims?contractId=${encodeURIComponent(id)}`, signal),
      ]);
      return { contract, claims: [...claims].sort((a, b) => b.sequence - a.sequence) };
    },
    [id],
  );
  const title =
    resource.state === 'ready'
      ? t('claims.list.title', { title: resource.data.contract.title })
      : t('claims.list.titleLoading');
  return (
    <Page
      title={title}
      lead={t('claims.list.lead')}
      breadcrumb={
        <nav aria-label={t('common.breadcrumb')} className="breadcrumb">
          <ol>
            <li>
              <Link to="/contracts">{t('nav.contracts')}</Link>
            </li>
            <li>
              <Link to={`/contracts/${id}`}>{resource.state === 'ready' ? resource.data.contract.title : '…'}</Link>
            </li>
          </ol>
        </nav>
      }
      actions={
        me.role === 'prime' ? (
          <Link to={`/contracts/${id}/claims/new`} className="button button-primary">
            {t('claims.list.new')}
          </Link>
        ) : undefined
      }
    >
      <Loaded resource={resource}>
        {({ claims }) =>
          claims.length === 0 ? (
            <p className="empty">{t('claims.list.empty')}</p>
          ) : (
            <>
              <TableRegion label={t('claims.list.tableLabel')}>
                <table className="table" data-testid="claims">
                  <thead>
                    <tr>
                      <th scope="col">{t('claims.columns.sequence')}</th>
                      <th scope="col">{t('claims.columns.period')}</th>
                      <th scope="col">{t('claims.columns.status')}</th>
                      <th scope="col" className="numeric">
                        {t('claims.columns.version')}
                      </th>
                      <th scope="col" className="numeric">
                        {t('claims.columns.total')}
                      </th>
                      <th scope="col">{t('claims.columns.submittedOn')}</th>
                      <th scope="col">{t('claims.columns.paidOn')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {claims.map((claim) => (
                      <tr key={claim.id}>
                        <th scope="row">
                          <Link to={`/claims/${claim.id}`} className="strong-link">
                            {t('claims.sequence', { sequence: claim.sequence })}
                          </Link>
                        </th>
                        <td>
                          <Period start={claim.periodStart} end={claim.periodEnd} short />
                        </td>
                        <td>
                          <ClaimStatusBadge status={claim.status} />
                        </td>
                        <td className="numeric">{claim.version}</td>
                        <td className="numeric">
                          <Won amount={claim.totalWon} />
                        </td>
                        <td className="nowrap">
                          <CivilDate date={claim.submittedOn} short />
                        </td>
                        <td className="nowrap">
                          {claim.paidOn ? <CivilDate date={claim.paidOn} short /> : '—'}{' '}
                          <CertificateLink claimId={claim.id} status={claim.status} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableRegion>
              <ExportLinks listPath="/api/v1/claims" query={{ contractId: id }} />
            </>
          )
        }
      </Loaded>
    </Page>
  );
}
