import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type {
  Buyer,
  Contract,
  DedicatedAccount,
  Engagement,
  Firm,
  Me,
  Subcontract,
  SupplyContract,
} from '../api/types.ts';
import { CivilDate, Period, TableRegion, useLocale, useName, Won } from '../components/display.tsx';
import { ExportLinks } from '../components/export-links.tsx';
import { Page } from '../components/page.tsx';
import { Loaded, Notice } from '../components/status.tsx';
import { type Flash, takeFlash } from '../flash.ts';
import { seesSection } from '../permissions.ts';
import { Link } from '../router.tsx';
import type { ScreenProps } from '../routes.tsx';
import { useMe } from '../session.tsx';
import { useResource } from '../use-resource.ts';
import { koreanBankNames } from '../validation.ts';

type ContractData = {
  contract: Contract;
  buyer: Buyer | undefined;
  firms: Map<string, Firm>;
  accounts: DedicatedAccount[] | undefined;
  subcontracts: Subcontract[] | undefined;
  supply: SupplyContract[];
  workers: Engagement[] | undefined;
};

async function loadContract(id: string, me: Me, signal: AbortSignal): Promise<ContractData> {
  const base = `/api/v1/contracts/${encodeURIComponent(id)}`;
  const when = <T,>(shown: boolean, load: () => Promise<T>) => (shown ? load() : Promise.resolve(undefined));
  const [contract, buyers, firms, accounts, subcontracts, supply, workers] = await Promise.all([
    api.get<Contract>(base, signal),
    api.list<Buyer>('/api/v1/buyers', signal),
    api.list<Firm>('/api/v1/firms', signal),
    when(seesSection(me.role, 'dedicatedAccounts'), () =>
      api.get<{ items: DedicatedAccount[] }>(`${base}/dedicated-accounts`, signal).then((page) => page.items),
    ),
    when(seesSection(me.role, 'subcontracts'), () => api.list<Subcontract>(`${base}/subcontracts`, signal)),
    api.list<SupplyContract>(`${base}/supply-contracts`, signal),
    when(seesSection(me.role, 'workers'), () => api.list<Engagement>(`${base}/workers`, signal)),
  ]);
  return {
    contract,
    buyer: buyers.find((buyer) => buyer.id === contract.buyerId),
    firms: new Map(firms.map((firm) => [firm.id, firm])),
    accounts,
    subcontracts,
    supply,
    workers,
  };
}

/**
 * One contract: its facts, the dedicated accounts money must pass through, the subcontract tree by tier,
 * supply contracts and workers, each shown only to the roles the API shows it to.
 */
export function ContractScreen({ params }: ScreenProps) {
  const { t } = useTranslation();
  const me = useMe();
  const id = params.id!;
  const [flash] = useState<Flash | undefined>(takeFlash);
  const resource = useResource((signal) => loadContract(id, me, signal), [id, me.role]);

  useEffect(() => {
    if (resource.state !== 'ready' || !window.location.hash) return;
    document.getElementById(window.location.hash.slice(1))?.scrollIntoView();
  }, [resource.state]);

  const title = resource.state === 'ready' ? resource.data.contract.title : t('contract.titleLoading');
  const breadcrumb = (
    <nav aria-label={t('common.breadcrumb')} className="breadcrumb">
      <ol>
        <li>
          <Link to="/contracts">
            {t(me.role === 'subcontractor' || me.role === 'supplier' ? 'contracts.titleOwn' : 'contracts.title')}
          </Link>
        </li>
        <li aria-current="page">{resource.state === 'ready' ? resource.data.contract.contractNumber : '…'}</li>
      </ol>
    </nav>
  );
  const claimsLink = ['admin', 'official', 'auditor', 'prime', 'bank'].includes(me.role) ? (
    <Link to={`/contracts/${id}/claims`} className="button button-secondary" data-testid="claims-link">
      {t('claims.list.short')}
    </Link>
  ) : null;
  const actions =
    me.role === 'prime' || me.role === 'subcontractor' ? (
      <>
        {claimsLink}
        <Link to={`/contracts/${id}/subcontracts/new`} className="button button-secondary">
          {t(me.role === 'prime' ? 'contract.actions.registerSubcontract' : 'contract.actions.registerTier2')}
        </Link>
        {me.role === 'prime' ? (
          <Link to={`/contracts/${id}/supply-contracts/new`} className="button button-secondary">
            {t('supplyForm.link')}
          </Link>
        ) : null}
        <Link to={`/contracts/${id}/workers/import`} className="button button-secondary">
          {t('roster.link')}
        </Link>
        <Link to={`/contracts/${id}/workers/new`} className="button button-primary">
          {t('contract.actions.registerWorker')}
        </Link>
      </>
    ) : me.role === 'official' || me.role === 'admin' || me.role === 'auditor' ? (
      <>
        {claimsLink}
        <Link to={`/contracts/${id}/money-flow`} className="button button-secondary">
          {t('dashboard.flow.link')}
        </Link>
      </>
    ) : (
      (claimsLink ?? undefined)
    );

  return (
    <Page title={title} breadcrumb={breadcrumb} actions={actions}>
      {flash ? (
        <Notice tone="success" live>
          <p>{flash.text}</p>
        </Notice>
      ) : null}
      <Loaded resource={resource}>{(data) => <ContractBody data={data} me={me} flash={flash} />}</Loaded>
    </Page>
  );
}

function ContractBody({ data, me, flash }: { data: ContractData; me: Me; flash: Flash | undefined }) {
  const { t } = useTranslation();
  const name = useName();
  const { contract } = data;
  const sections = [
    { id: 'facts', label: t('contract.sections.facts') },
    ...(data.accounts ? [{ id: 'accounts', label: t('contract.sections.accounts') }] : []),
    ...(data.subcontracts ? [{ id: 'subcontracts', label: t('contract.sections.subcontracts') }] : []),
    { id: 'supply', label: t('contract.sections.supply') },
    ...(data.workers ? [{ id: 'workers', label: t('contract.sections.workers') }] : []),
  ];
  const tierOne = (data.subcontracts ?? []).filter((sub) => sub.tier === 1);
  const tierOneTotal = tierOne.reduce((sum, sub) => sum + BigInt(sub.amountWon), 0n);
  const own = (data.subcontracts ?? []).filter((sub) => sub.firmId === me.firmId);
  const ownTotal = own.reduce((sum, sub) => sum + BigInt(sub.amountWon), 0n);
  const supplyTotal = data.supply.reduce((sum, supply) => sum + BigInt(supply.amountWon), 0n);

  return (
    <>
      <nav className="in-page" aria-label={t('contract.sectionsNav')}>
        <ul>
          {sections.map((section) => (
            <li key={section.id}>
              <a href={`#${section.id}`}>{section.label}</a>
            </li>
          ))}
        </ul>
      </nav>

      <section id="facts" aria-labelledby="facts-title" className="section">
        <h2 id="facts-title">{t('contract.sections.facts')}</h2>
        <dl className="facts">
          <div>
            <dt>{t('contract.facts.contractNumber')}</dt>
            <dd>{contract.contractNumber}</dd>
          </div>
          <div>
            <dt>{t('contract.facts.buyer')}</dt>
            <dd>{name(data.buyer)}</dd>
          </div>
          <div>
            <dt>{t('contract.facts.prime')}</dt>
            <dd>{name(data.firms.get(contract.primeFirmId))}</dd>
          </div>
          <div>
            <dt>{t('contract.facts.amount')}</dt>
            <dd>
              <Won amount={contract.amountWon} words />
            </dd>
          </div>
          <div>
            <dt>{t('contract.facts.advance')}</dt>
            <dd>
              <Won amount={contract.advanceWon} words />
            </dd>
          </div>
          <div>
            <dt>{t('contract.facts.period')}</dt>
            <dd>
              <Period start={contract.startsOn} end={contract.endsOn} />
            </dd>
          </div>
          <div className="facts-wide">
            <dt>{t('contract.facts.site')}</dt>
            <dd>{contract.site}</dd>
          </div>
          <div className="facts-wide">
            <dt>{t('contract.facts.paymentFlow')}</dt>
            <dd>
              {t(contract.paymentFlow === 'prime_approval' ? 'contract.flow.primeApproval' : 'contract.flow.direct')}
            </dd>
          </div>
        </dl>
        <ul className="tiles">
          {data.subcontracts && me.role === 'subcontractor' ? (
            <li className="tile">
              <span className="tile-label">{t('contract.tiles.own')}</span>
              <span className="tile-value">
                <Won amount={String(ownTotal)} />
              </span>
              <span className="tile-note">{t('contract.tiles.ownNote', { count: own.length })}</span>
            </li>
          ) : data.subcontracts ? (
            <li className="tile">
              <span className="tile-label">{t('contract.tiles.tierOne')}</span>
              <span className="tile-value">
                <Won amount={String(tierOneTotal)} />
              </span>
              <span className="tile-note">
                {t('contract.tiles.tierOneNote', {
                  count: tierOne.length,
                  percent: percentOf(tierOneTotal, BigInt(contract.amountWon)),
                })}
              </span>
            </li>
          ) : null}
          <li className="tile">
            <span className="tile-label">{t('contract.tiles.supply')}</span>
            <span className="tile-value">
              <Won amount={String(supplyTotal)} />
            </span>
            <span className="tile-note">{t('contract.tiles.supplyNote', { count: data.supply.length })}</span>
          </li>
          {data.workers ? (
            <li className="tile">
              <span className="tile-label">{t('contract.tiles.workers')}</span>
              <span className="tile-value">{t('contract.tiles.workersValue', { count: data.workers.length })}</span>
              <span className="tile-note">{t('contract.tiles.workersNote')}</span>
            </li>
          ) : null}
        </ul>
      </section>

      {data.accounts ? <AccountsSection accounts={data.accounts} /> : null}
      {data.subcontracts ? <SubcontractTree subcontracts={data.subcontracts} firms={data.firms} me={me} /> : null}
      <SupplySection supply={data.supply} firms={data.firms} me={me} />
      {data.workers ? (
        <WorkersSection
          workers={data.workers}
          firms={data.firms}
          highlight={flash?.highlight}
          canRegister={me.role === 'prime' || me.role === 'subcontractor'}
          contractId={contract.id}
        />
      ) : null}
    </>
  );
}

/** `part / whole` as a percentage with one decimal, computed exactly and rounded down. */
function percentOf(part: bigint, whole: bigint): string {
  if (whole <= 0n) return '0';
  const tenths = (part * 1000n) / whole;
  return `${tenths / 10n}.${tenths % 10n}`;
}

function BankName({ code }: { code: string }) {
  const locale = useLocale();
  const bank = koreanBankNames[code];
  return <>{bank ? bank[locale] : code}</>;
}

function AccountsSection({ accounts }: { accounts: DedicatedAccount[] }) {
  const { t } = useTranslation();
  return (
    <section id="accounts" aria-labelledby="accounts-title" className="section">
      <h2 id="accounts-title">{t('contract.sections.accounts')}</h2>
      <p className="section-lead">{t('accounts.lead')}</p>
      {accounts.length === 0 ? (
        <p className="empty">{t('accounts.empty')}</p>
      ) : (
        <ul className="account-cards">
          {accounts.map((account) => (
            <li key={account.id} className="account-card">
              <span className={`purpose purpose-${account.purpose}`}>{t(`accounts.purpose.${account.purpose}`)}</span>
              <span className="account-bank">
                <BankName code={account.bankCode} />
              </span>
              <span className="account-number">{account.accountNumber}</span>
              <span className="account-holder">{account.holderName}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

type TreeNode = { subcontract: Subcontract; children: TreeNode[] };

/** Subcontracts as a tree: a tier-2 under its tier-1 parent; one whose parent is not visible stands alone. */
function buildTree(subcontracts: Subcontract[]): TreeNode[] {
  const nodes = new Map(subcontracts.map((sub) => [sub.id, { subcontract: sub, children: [] as TreeNode[] }]));
  const roots: TreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.subcontract.parentSubcontractId ? nodes.get(node.subcontract.parentSubcontractId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const byReference = (a: TreeNode, b: TreeNode) => a.subcontract.reference.localeCompare(b.subcontract.reference);
  const sort = (list: TreeNode[]) => {
    list.sort(byReference);
    for (const node of list) sort(node.children);
  };
  sort(roots);
  return roots;
}

function SubcontractTree({
  subcontracts,
  firms,
  me,
}: {
  subcontracts: Subcontract[];
  firms: Map<string, Firm>;
  me: Me;
}) {
  const { t } = useTranslation();
  const name = useName();
  const tree = buildTree(subcontracts);
  const renderNodes = (nodes: TreeNode[]) => (
    <ul className="tree">
      {nodes.map(({ subcontract, children }) => {
        const own = subcontract.firmId === me.firmId;
        return (
          <li key={subcontract.id} data-testid="subcontract" data-firm-id={subcontract.firmId}>
            <div className={`tree-card${own ? ' tree-card-own' : ''}`}>
              <div className="tree-card-head">
                <span className={`tier tier-${Math.min(subcontract.tier, 3)}`}>
                  {t('subcontracts.tier', { tier: subcontract.tier })}
                </span>
                <span className="tree-firm">{name(firms.get(subcontract.firmId))}</span>
                {own ? <span className="badge">{t('subcontracts.yours')}</span> : null}
              </div>
              <p className="tree-title">{subcontract.title}</p>
              <dl className="tree-facts">
                <div>
                  <dt>{t('subcontracts.amount')}</dt>
                  <dd>
                    <Won amount={subcontract.amountWon} words />
                  </dd>
                </div>
                <div>
                  <dt>{t('subcontracts.period')}</dt>
                  <dd>
                    <Period start={subcontract.startsOn} end={subcontract.endsOn} short />
                  </dd>
                </div>
                <div>
                  <dt>{t('subcontracts.reference')}</dt>
                  <dd>{subcontract.reference}</dd>
                </div>
                <div>
                  <dt>{t('subcontracts.letBy')}</dt>
                  <dd>{name(firms.get(subcontract.contractorFirmId))}</dd>
                </div>
              </dl>
            </div>
            {children.length > 0 ? renderNodes(children) : null}
          </li>
        );
      })}
    </ul>
  );
  return (
    <section id="subcontracts" aria-labelledby="subcontracts-title" className="section">
      <h2 id="subcontracts-title">{t('contract.sections.subcontracts')}</h2>
      <p className="section-lead">{t(`subcontracts.lead.${me.role === 'subcontractor' ? 'own' : 'all'}`)}</p>
      {tree.length === 0 ? <p className="empty">{t('subcontracts.empty')}</p> : renderNodes(tree)}
      {subcontracts[0] ? (
        <ExportLinks listPath={`/api/v1/contracts/${subcontracts[0].contractId}/subcontracts`} />
      ) : null}
    </section>
  );
}

function SupplySection({ supply, firms, me }: { supply: SupplyContract[]; firms: Map<string, Firm>; me: Me }) {
  const { t } = useTranslation();
  const name = useName();
  return (
    <section id="supply" aria-labelledby="supply-title" className="section">
      <h2 id="supply-title">{t('contract.sections.supply')}</h2>
      {supply[0] ? <ExportLinks listPath={`/api/v1/contracts/${supply[0].contractId}/supply-contracts`} /> : null}
      {supply.length === 0 ? (
        <p className="empty">{t('supply.empty')}</p>
      ) : (
        <TableRegion label={t('contract.sections.supply')}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('supply.columns.supplier')}</th>
                <th scope="col">{t('supply.columns.kind')}</th>
                <th scope="col">{t('supply.columns.title')}</th>
                <th scope="col" className="numeric">
                  {t('supply.columns.amount')}
                </th>
                <th scope="col">{t('supply.columns.orderedBy')}</th>
                <th scope="col">{t('supply.columns.reference')}</th>
              </tr>
            </thead>
            <tbody>
              {supply.map((item) => (
                <tr key={item.id} className={item.firmId === me.firmId ? 'row-own' : undefined}>
                  <td>{name(firms.get(item.firmId))}</td>
                  <td>{t(`supply.kind.${item.kind}`)}</td>
                  <td>{item.title}</td>
                  <td className="numeric">
                    <Won amount={item.amountWon} />
                  </td>
                  <td>{name(firms.get(item.buyerFirmId))}</td>
                  <td>{item.reference}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </section>
  );
}

function WorkersSection({
  workers,
  firms,
  highlight,
  canRegister,
  contractId,
}: {
  workers: Engagement[];
  firms: Map<string, Firm>;
  highlight: string | undefined;
  canRegister: boolean;
  contractId: string;
}) {
  const { t } = useTranslation();
  const name = useName();
  return (
    <section id="workers" aria-labelledby="workers-title" className="section">
      <div className="section-head">
        <h2 id="workers-title">{t('contract.sections.workers')}</h2>
        {canRegister ? (
          <Link to={`/contracts/${contractId}/workers/new`} className="button button-secondary button-small">
            {t('contract.actions.registerWorker')}
          </Link>
        ) : null}
      </div>
      <p className="section-lead">{t('workers.privacy')}</p>
      {workers.length > 0 ? <ExportLinks listPath={`/api/v1/contracts/${contractId}/workers`} /> : null}
      {workers.length === 0 ? (
        <p className="empty">{t('workers.empty')}</p>
      ) : (
        <TableRegion label={t('contract.sections.workers')}>
          <table className="table" data-testid="workers">
            <thead>
              <tr>
                <th scope="col">{t('workers.columns.name')}</th>
                <th scope="col">{t('workers.columns.trade')}</th>
                <th scope="col">{t('workers.columns.employer')}</th>
                <th scope="col" className="numeric">
                  {t('workers.columns.dailyWage')}
                </th>
                <th scope="col">{t('workers.columns.startsOn')}</th>
                <th scope="col">{t('workers.columns.phone')}</th>
              </tr>
            </thead>
            <tbody>
              {workers.map((worker) => (
                <tr key={worker.id} className={worker.id === highlight ? 'row-new' : undefined}>
                  <td>{worker.workerName ?? t('workers.erased')}</td>
                  <td>{worker.trade}</td>
                  <td>{name(firms.get(worker.employerFirmId))}</td>
                  <td className="numeric">
                    <Won amount={worker.dailyWageWon} />
                  </td>
                  <td>
                    <CivilDate date={worker.startsOn} short />
                  </td>
                  <td className="nowrap">{worker.phoneMasked ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </section>
  );
}
