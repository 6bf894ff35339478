import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api/client.ts';
import type { FindingItem, SuggestionItem } from '../api/dashboard-types.ts';
import type { DirectPaymentItem } from '../api/direct-payment-types.ts';
import { CivilDate, TableRegion, Won } from '../components/display.tsx';
import { useErrorText } from '../components/error-text.ts';
import { ExportLinks } from '../components/export-links.tsx';
import { Page } from '../components/page.tsx';
import { Loaded, Notice } from '../components/status.tsx';
import { Link } from '../router.tsx';
import { useMe } from '../session.tsx';
import { useLiveEvents, useLiveResource } from './dashboard-live.ts';
import './dashboard.css';

/** Findings an official acts on first: the critical ones, then the oldest. */
const severityOrder: Record<string, number> = { critical: 0, warning: 1, info: 2 };
export const sortFindings = (items: readonly FindingItem[]) =>
  [...items].sort(
    (a, b) =>
      (severityOrder[a.severity] ?? 3) - (severityOrder[b.severity] ?? 3) || a.raisedAt.localeCompare(b.raisedAt),
  );

export async function loadOpenFindings(signal: AbortSignal): Promise<FindingItem[]> {
  const [open, acknowledged] = await Promise.all([
    api.list<FindingItem>('/api/v1/findings?state=open', signal),
    api.list<FindingItem>('/api/v1/findings?state=acknowledged', signal),
  ]);
  return sortFindings([...open, ...acknowledged]);
}

/** Who may change findings and decide suggestions (the API's declared roles; auditors only read). */
const mayAct = (role: string) => role === 'official' || role === 'admin';

/**
 * The queue of findings to act on: each with what it is, how much, since when, and — for officials and
 * administrators — acknowledging or resolving it with a reason (`POST /api/v1/findings/:id/acknowledge|resolve`).
 */
export function FindingsList({
  findings,
  contractLabels,
  onChanged,
  limit,
}: {
  findings: readonly FindingItem[];
  contractLabels: ReadonlyMap<string, string>;
  onChanged: () => void;
  limit?: number;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const kindLabel = useKindLabel();
  const [done, setDone] = useState<string | undefined>();
  const shown = limit === undefined ? findings : findings.slice(0, limit);
  if (findings.length === 0) return <p className="empty">{t('dashboard.findings.empty')}</p>;
  return (
    <>
      <div aria-live="polite" className="dashboard-status">
        {done ? <Notice tone="success">{<p>{done}</p>}</Notice> : null}
      </div>
      <ul className="finding-list" data-testid="findings">
        {shown.map((finding) => (
          <li
            key={finding.id}
            className={`finding-card finding-${finding.severity}`}
            data-testid="finding"
            data-finding-id={finding.id}
            data-state={finding.state}
          >
            <div className="finding-head">
              <span className={`badge badge-${finding.severity}`}>
                {t(`dashboard.severity.${severityKey(finding.severity)}`)}
              </span>
              <strong className="finding-kind">{kindLabel(finding.kind)}</strong>
              <span className="finding-state">{t(`dashboard.findings.state.${stateKey(finding.state)}`)}</span>
            </div>
            <dl className="finding-facts">
              {finding.contractId ? (
                <div>
                  <dt>{t('dashboard.findings.contract')}</dt>
                  <dd>
                    <Link to={`/contracts/${finding.contractId}/money-flow`}>
                      {contractLabels.get(finding.contractId) ?? finding.contractId}
                    </Link>
                  </dd>
                </div>
              ) : null}
              {finding.amountWon ? (
                <div>
                  <dt>{t('dashboard.findings.amount')}</dt>
                  <dd>
                    <Won amount={finding.amountWon} />
                  </dd>
                </div>
              ) : null}
              {finding.dueOn ? (
                <div>
                  <dt>{t('dashboard.findings.dueOn')}</dt>
                  <dd>
                    <CivilDate date={finding.dueOn} short />
                  </dd>
                </div>
              ) : null}
              {finding.daysLate ? (
                <div>
                  <dt>{t('dashboard.findings.daysLate')}</dt>
                  <dd>{t('dashboard.days', { count: finding.daysLate })}</dd>
                </div>
              ) : null}
            </dl>
            {mayAct(me.role) ? (
              <FindingAction
                finding={finding}
                onDone={(text) => {
                  setDone(text);
                  onChanged();
                }}
              />
            ) : null}
          </li>
        ))}
      </ul>
      {limit !== undefined && findings.length > limit ? (
        <p>
          <Link to="/findings">{t('dashboard.findings.all', { count: findings.length })}</Link>
        </p>
      ) : null}
    </>
  );
}

const knownKinds = [
  'upcoming',
  'due_today',
  'overdue',
  'paid_late',
  'short_paid',
  'returned',
  'diverted',
  'unpaid_wage',
  'overpaid',
  'transfer_rejected',
] as const;

/** A finding kind in the chosen language (a kind this screen does not know shows as its code). */
export function useKindLabel() {
  const { t } = useTranslation();
  return (kind: string): string =>
    (knownKinds as readonly string[]).includes(kind)
      ? t(`dashboard.kinds.${kind as (typeof knownKinds)[number]}`)
      : kind;
}
const severityKey = (severity: string) =>
  severity === 'critical' || severity === 'warning' ? severity : ('info' as const);
const stateKey = (state: string) => (state === 'acknowledged' || state === 'resolved' ? state : ('open' as const));

/**
 * An official's action that needs a reason (acknowledging, resolving, deciding a direct payment): the reason is
 * required, the request runs once at a time, and a refusal shows under the reason.
 */
function useReasonedAction() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const perform = async (send: (reason: string) => Promise<void>) => {
    if (reason.trim() === '') {
      setError(t('dashboard.findings.reasonRequired'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await send(reason.trim());
    } catch (failure) {
      setError(errorText(failure instanceof ApiError ? failure : undefined));
    } finally {
      setBusy(false);
    }
  };
  return { reason, setReason, error, busy, perform };
}

function ReasonField({
  reason,
  onChange,
  error,
}: {
  reason: string;
  onChange: (reason: string) => void;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={`${id}-reason`}>{t('dashboard.findings.reason')}</label>
      <textarea
        id={`${id}-reason`}
        value={reason}
        rows={2}
        maxLength={2000}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

function FindingAction({ finding, onDone }: { finding: FindingItem; onDone: (text: string) => void }) {
  const { t } = useTranslation();
  const kindLabel = useKindLabel();
  const [open, setOpen] = useState(false);
  const { reason, setReason, error, busy, perform } = useReasonedAction();
  const act = (action: 'acknowledge' | 'resolve') =>
    perform(async (given) => {
      await api.post(`/api/v1/findings/${finding.id}/${action}`, { reason: given });
      setOpen(false);
      setReason('');
      onDone(
        t(`dashboard.findings.${action === 'acknowledge' ? 'acknowledged' : 'resolved'}`, {
          kind: kindLabel(finding.kind),
        }),
      );
    });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(finding.state === 'open' ? 'acknowledge' : 'resolve');
  };
  if (!open) {
    return (
      <button type="button" className="button button-secondary button-small" onClick={() => setOpen(true)}>
        {t('dashboard.findings.act')}
      </button>
    );
  }
  return (
    <form className="finding-form" onSubmit={submit} noValidate>
      <ReasonField reason={reason} onChange={setReason} error={error} />
      <div className="form-actions">
        {finding.state === 'open' ? (
          <button
            type="button"
            className="button button-primary button-small"
            disabled={busy}
            onClick={() => void act('acknowledge')}
          >
            {t('dashboard.findings.acknowledge')}
          </button>
        ) : null}
        <button
          type="button"
          className="button button-secondary button-small"
          disabled={busy}
          onClick={() => void act('resolve')}
        >
          {t('dashboard.findings.resolve')}
        </button>
        <button type="button" className="button button-quiet button-small" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/**
 * Direct payment by the buyer (Framework Act §35) the monitor suggests after a long delay: the official takes or
 * declines each with a reason (`POST /api/v1/direct-payment-suggestions/:id/decision`).
 */
export function SuggestionsList({
  suggestions,
  contractLabels,
  onChanged,
}: {
  suggestions: readonly SuggestionItem[];
  contractLabels: ReadonlyMap<string, string>;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  if (suggestions.length === 0) return <p className="empty">{t('dashboard.suggestions.empty')}</p>;
  return (
    <ul className="finding-list" data-testid="suggestions">
      {suggestions.map((suggestion) => (
        <li key={suggestion.id} className="finding-card finding-warning">
          <div className="finding-head">
            <strong>{contractLabels.get(suggestion.contractId) ?? suggestion.contractId}</strong>
          </div>
          <dl className="finding-facts">
            <div>
              <dt>{t('dashboard.suggestions.outstanding')}</dt>
              <dd>
                <Won amount={suggestion.outstandingWon} />
              </dd>
            </div>
            <div>
              <dt>{t('dashboard.findings.daysLate')}</dt>
              <dd>{t('dashboard.days', { count: suggestion.daysOverdue })}</dd>
            </div>
          </dl>
          {mayAct(me.role) ? <SuggestionDecision suggestion={suggestion} onDone={onChanged} /> : null}
        </li>
      ))}
    </ul>
  );
}

function SuggestionDecision({ suggestion, onDone }: { suggestion: SuggestionItem; onDone: () => void }) {
  const { t } = useTranslation();
  const { reason, setReason, error, busy, perform } = useReasonedAction();
  const decide = (decision: 'take' | 'decline') =>
    perform(async (given) => {
      await api.post(`/api/v1/direct-payment-suggestions/${suggestion.id}/decision`, { decision, reason: given });
      onDone();
    });
  return (
    <form className="finding-form" onSubmit={(event) => event.preventDefault()} noValidate>
      <ReasonField reason={reason} onChange={setReason} error={error} />
      <div className="form-actions">
        <button
          type="button"
          className="button button-primary button-small"
          disabled={busy}
          onClick={() => void decide('take')}
        >
          {t('dashboard.suggestions.take')}
        </button>
        <button
          type="button"
          className="button button-secondary button-small"
          disabled={busy}
          onClick={() => void decide('decline')}
        >
          {t('dashboard.suggestions.decline')}
        </button>
      </div>
    </form>
  );
}

/**
 * Direct payments the buyer made (Framework Act §35, `GET /api/v1/direct-payments`): whether the bank has settled
 * each, how much went to the payee and how much it took off the prime's claim.
 */
export function DirectPaymentsTable({
  payments,
  contractLabels,
}: {
  payments: readonly DirectPaymentItem[];
  contractLabels: ReadonlyMap<string, string>;
}) {
  const { t } = useTranslation();
  if (payments.length === 0) return <p className="empty">{t('dashboard.directPayments.empty')}</p>;
  return (
    <TableRegion label={t('dashboard.directPayments.title')}>
      <table className="table" data-testid="direct-payments">
        <thead>
          <tr>
            <th scope="col">{t('dashboard.findings.contract')}</th>
            <th scope="col">{t('dashboard.directPayments.state')}</th>
            <th scope="col" className="numeric">
              {t('dashboard.directPayments.amount')}
            </th>
            <th scope="col" className="numeric">
              {t('dashboard.directPayments.claimReducedBy')}
            </th>
            <th scope="col">{t('dashboard.directPayments.paidOn')}</th>
            <th scope="col">{t('dashboard.directPayments.claim')}</th>
          </tr>
        </thead>
        <tbody>
          {payments.map((payment) => (
            <tr key={payment.id}>
              <th scope="row">{contractLabels.get(payment.contractId) ?? payment.contractId}</th>
              <td data-state={payment.state}>
                {t(`dashboard.directPayments.states.${payment.state}`)}
                {payment.rejectionReason ? ` (${payment.rejectionReason})` : ''}
              </td>
              <td className="numeric">
                <Won amount={payment.amountWon} />
              </td>
              <td className="numeric">
                <Won amount={payment.claimReducedByWon} />
              </td>
              <td className="nowrap">{payment.paidOn ? <CivilDate date={payment.paidOn} short /> : '—'}</td>
              <td>
                <Link to={`/claims/${payment.claimId}`}>{t('dashboard.directPayments.openClaim')}</Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

/** Every open and acknowledged finding the caller may see, live; below, the buyer's direct payments. */
export function FindingsScreen() {
  const { t } = useTranslation();
  const resource = useLiveResource(async (signal) => {
    const [findings, contracts, directPayments] = await Promise.all([
      loadOpenFindings(signal),
      api.list<{ id: string; contractNumber: string }>('/api/v1/contracts', signal),
      api.list<DirectPaymentItem>('/api/v1/direct-payments', signal),
    ]);
    return {
      findings,
      directPayments,
      labels: new Map(contracts.map((contract) => [contract.id, contract.contractNumber])),
    };
  }, []);
  const live = useLiveEvents(['findings'], resource.refresh);
  return (
    <Page title={t('dashboard.findings.title')} lead={t('dashboard.findings.lead')}>
      <p className="live-state" data-live={live}>
        {t(`dashboard.live.${live}`)}
      </p>
      <Loaded resource={resource}>
        {(data) => (
          <>
            <FindingsList findings={data.findings} contractLabels={data.labels} onChanged={resource.refresh} />
            <ExportLinks
              listPath="/api/v1/findings"
              query={{ state: 'open' }}
              label={t('dashboard.findings.exportOpen')}
            />
            <ExportLinks
              listPath="/api/v1/findings"
              query={{ state: 'acknowledged' }}
              label={t('dashboard.findings.exportAcknowledged')}
            />
            <section className="section" aria-labelledby="direct-payments-title">
              <h2 id="direct-payments-title">{t('dashboard.directPayments.title')}</h2>
              <p className="section-lead">{t('dashboard.directPayments.lead')}</p>
              <DirectPaymentsTable payments={data.directPayments} contractLabels={data.labels} />
              <ExportLinks listPath="/api/v1/direct-payments" />
            </section>
          </>
        )}
      </Loaded>
    </Page>
  );
}
