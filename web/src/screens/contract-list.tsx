import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { Buyer, Contract, Firm } from '../api/types.ts';
import { Period, TableRegion, useName, Won } from '../components/display.tsx';
import { ExportLinks } from '../components/export-links.tsx';
import { Page } from '../components/page.tsx';
import { Loaded } from '../components/status.tsx';
import type { SignedInRole } from '../permissions.ts';
import { Link } from '../router.tsx';
import { useMe } from '../session.tsx';
import { useResource } from '../use-resource.ts';

/**
 * The contracts the signed-in party may see (the API scopes the list): all of a buyer's contracts for
 * its officials, the prime's own, and for a subcontractor or supplier the contracts it works under.
 */
export function ContractListScreen() {
  const { t } = useTranslation();
  const me = useMe();
  const name = useName();
  const resource = useResource(
    async (signal) => {
      const [contracts, buyers, firms] = await Promise.all([
        api.list<Contract>('/api/v1/contracts', signal),
        api.list<Buyer>('/api/v1/buyers', signal),
        api.list<Firm>('/api/v1/firms', signal),
      ]);
      return {
        contracts,
        buyers: new Map(buyers.map((buyer) => [buyer.id, buyer])),
        firms: new Map(firms.map((firm) => [firm.id, firm])),
      };
    },
    [me.role],
  );
  const own = me.role === 'subcontractor' || me.role === 'supplier';

  return (
    <Page
      title={t(own ? 'contracts.titleOwn' : 'contracts.title')}
      lead={t(`contracts.lead.${me.role as SignedInRole}`)}
    >
      <Loaded resource={resource}>
        {({ contracts, buyers, firms }) =>
          contracts.length === 0 ? (
            <p className="empty">{t('contracts.empty')}</p>
          ) : (
            <>
              <p className="count">{t('contracts.count', { count: contracts.length })}</p>
              <ExportLinks listPath="/api/v1/contracts" />
              <TableRegion label={t(own ? 'contracts.titleOwn' : 'contracts.title')}>
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col" className="wrap">
                        {t('contracts.columns.title')}
                      </th>
                      <th scope="col">{t('contracts.columns.buyer')}</th>
                      <th scope="col">{t('contracts.columns.prime')}</th>
                      <th scope="col" className="numeric">
                        {t('contracts.columns.amount')}
                      </th>
                      <th scope="col">{t('contracts.columns.period')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {contracts.map((contract) => (
                      <tr key={contract.id}>
                        <td className="wrap">
                          <Link to={`/contracts/${contract.id}`} className="strong-link">
                            {contract.title}
                          </Link>
                          <span className="sub">{contract.contractNumber}</span>
                        </td>
                        <td>{name(buyers.get(contract.buyerId))}</td>
                        <td>{name(firms.get(contract.primeFirmId))}</td>
                        <td className="numeric">
                          <Won amount={contract.amountWon} />
                        </td>
                        <td>
                          <Period start={contract.startsOn} end={contract.endsOn} short />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableRegion>
            </>
          )
        }
      </Loaded>
    </Page>
  );
}
