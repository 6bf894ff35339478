import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { rejectionReasonCodes } from '../../../src/claims/claim.ts';
import type { ClaimDetail, ClaimLine, ClaimResult, Verification } from '../api/claim-types.ts';
import { ApiError, api } from '../api/client.ts';
import type { Contract } from '../api/types.ts';
import { CertificateLink } from '../components/certificate-link.tsx';
import { CivilDate, Period, TableRegion, useLocale, Won } from '../components/display.tsx';
import { useErrorText } from '../components/error-text.ts';
import { ExportLinks } from '../components/export-links.tsx';
import { Page } from '../components/page.tsx';
import { LoadFailed, Loading, Notice } from '../components/status.tsx';
import { Link } from '../router.tsx';
import type { ScreenProps } from '../routes.tsx';
import { useMe } from '../session.tsx';
import { ClaimStatusBadge, JudgementBadge, Section, StepUpPrompt, useLiveData, useStepUp } from './claim-parts.tsx';

type Loaded = { detail: ClaimDetail; contract: Contract; verification: Verification };

async function loadClaim(id: string, signal: AbortSignal): Promise<Loaded> {
  const detail = await api.get<ClaimDetail>(`/api/v1/claims/${encodeURIComponent(id)}`, signal);
  // The verification also says what day it is for the server (the demo's clock runs fast): the payment date.
  const [contract, verification] = await Promise.all([
    api.get<Contract>(`/api/v1/contracts/${detail.claim.contractId}`, signal),
    api.get<Verification>(`/api/v1/claims/${encodeURIComponent(id)}/verification`, signal),
  ]);
  return { detail, contract, verification };
}

/**
 * One progress claim: its division lines, history and rejections; for the official, approving, rejecting lines
 * with a reason code and recording the buyer's payment (with a fresh two-factor code); once paid, each share's
 * transfer as the bank reports it, live.
 */
export function ClaimDetailScreen({ params }: ScreenProps) {
  const { t } = useTranslation();
  const me = useMe();
  const id = params.id!;
  const [contractId, setContractId] = useState<string | undefined>();
  const live = useLiveData(
    async (signal) => {
      const loaded = await loadClaim(id, signal);
      setContractId(loaded.detail.claim.contractId);
      return loaded;
    },
    [id],
    contractId,
  );
  const title =
    live.state === 'ready'
      ? t('claims.detail.title', { sequence: live.data.detail.claim.sequence })
      : t('claims.detail.titleLoading');
  return (
    <Page
      title={title}
      lead={live.state === 'ready' ? live.data.contract.title : undefined}
      breadcrumb={
        live.state === 'ready' ? (
          <nav aria-label={t('common.breadcrumb')} className="breadcrumb">
            <ol>
              <li>
                <Link to={`/contracts/${live.data.contract.id}`}>{live.data.contract.title}</Link>
              </li>
              <li>
                <Link to={`/contracts/${live.data.contract.id}/claims`}>{t('claims.list.short')}</Link>
              </li>
            </ol>
          </nav>
        ) : undefined
      }
    >
      {live.state === 'loading' ? <Loading /> : null}
      {live.state === 'failed' ? <LoadFailed error={live.error} retry={live.reload} /> : null}
      {live.state === 'ready' ? (
        <ClaimBody loaded={live.data} role={me.role} reload={live.reload} updates={live.updates} />
      ) : null}
    </Page>
  );
}

/** An instant as people in Seoul read it (every Hado deadline and record is kept in Seoul time). */
const instantText = (iso: string, locale: 'ko' | 'en') =>
  new Intl.DateTimeFormat(locale === 'ko' ? 'ko-KR' : 'en-GB', {
    timeZone: 'Asia/Seoul',
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(iso));

function ClaimBody({
  loaded,
  role,
  reload,
  updates,
}: {
  loaded: Loaded;
  role: string;
  reload: () => void;
  updates: number;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { claim, lines, transitions } = loaded.detail;
  const [message, setMessage] = useState<string | undefined>();
  return (
    <>
      {message ? (
        <Notice tone="success" live>
          <p>{message}</p>
        </Notice>
      ) : null}
      <dl className="facts card" data-testid="claim-facts">
        <div>
          <dt>{t('claims.columns.status')}</dt>
          <dd>
            <ClaimStatusBadge status={claim.status} />
          </dd>
        </div>
        <div>
          <dt>{t('claims.columns.period')}</dt>
          <dd>
            <Period start={claim.periodStart} end={claim.periodEnd} />
          </dd>
        </div>
        <div>
          <dt>{t('claims.columns.total')}</dt>
          <dd>
            <Won amount={claim.totalWon} words />
          </dd>
        </div>
        <div>
          <dt>{t('claims.columns.version')}</dt>
          <dd>{claim.version}</dd>
        </div>
        <div>
          <dt>{t('claims.columns.submittedOn')}</dt>
          <dd>
            <CivilDate date={claim.submittedOn} />
          </dd>
        </div>
        <div>
          <dt>{t('claims.columns.paidOn')}</dt>
          <dd>
            {claim.paidOn ? <CivilDate date={claim.paidOn} /> : '—'}{' '}
            <CertificateLink claimId={claim.id} status={claim.status} />
          </dd>
        </div>
      </dl>

      {role === 'prime' && claim.status === 'rejected' ? (
        <Notice tone="warning" title={t('claims.detail.rejectedTitle')}>
          <p>{t('claims.detail.rejectedBody')}</p>
          <p>
            <Link to={`/claims/${claim.id}/resubmit`} className="button button-primary">
              {t('claims.detail.resubmit')}
            </Link>
          </p>
        </Notice>
      ) : null}

      {role === 'official' && (claim.status === 'submitted' || claim.status === 'approved') ? (
        <OfficialActions
          loaded={loaded}
          onDone={(text) => {
            setMessage(text);
            reload();
          }}
        />
      ) : null}

      {claim.status === 'paid' || claim.status === 'awaiting_release' ? (
        <Payments verification={loaded.verification} updates={updates} />
      ) : null}

      <Section id="lines" title={t('claims.detail.lines')}>
        <LinesTable lines={lines} />
        <ExportLinks listPath={`/api/v1/claims/${encodeURIComponent(claim.id)}/versions/${claim.version}/lines`} />
      </Section>

      <Section id="history" title={t('claims.detail.history')}>
        <ol className="plain-list" data-testid="history">
          {transitions.map((transition) => (
            <li key={transition.id}>
              <strong>{t(`claims.action.${transition.action}` as 'claims.action.submit')}</strong>{' '}
              <time dateTime={transition.at}>{instantText(transition.at, locale)}</time> ·{' '}
              {t('claims.detail.versionN', { version: transition.version })} · {transition.actor}
              {transition.reasonCode ? (
                <> · {t(`claims.reason.${transition.reasonCode}` as 'claims.reason.other')}</>
              ) : null}
              {transition.note ? <> · “{transition.note}”</> : null}
              {transition.rejectedLines?.length ? (
                <> · {t('claims.detail.rejectedLines', { count: transition.rejectedLines.length })}</>
              ) : null}
            </li>
          ))}
        </ol>
      </Section>
    </>
  );
}

function LinesTable({ lines }: { lines: ClaimLine[] }) {
  const { t } = useTranslation();
  return (
    <TableRegion label={t('claims.detail.lines')}>
      <table className="table" data-testid="claim-lines">
        <thead>
          <tr>
            <th scope="col">{t('claims.columns.lineNo')}</th>
            <th scope="col">{t('claims.columns.kind')}</th>
            <th scope="col">{t('claims.columns.payee')}</th>
            <th scope="col">{t('claims.columns.account')}</th>
            <th scope="col" className="numeric">
              {t('claims.columns.days')}
            </th>
            <th scope="col" className="numeric">
              {t('claims.columns.amount')}
            </th>
            <th scope="col">{t('claims.columns.lineStatus')}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.id}>
              <td className="numeric">{line.lineNo}</td>
              <td>{t(`claims.kind.${line.kind}` as 'claims.kind.own_share')}</td>
              <td>{line.payeeName ?? '—'}</td>
              <td className="nowrap">{line.accountMasked}</td>
              <td className="numeric">
                {line.daysWorked !== null && line.dailyWageWon !== null ? (
                  <>
                    {line.daysWorked} × <Won amount={line.dailyWageWon} />
                  </>
                ) : (
                  '—'
                )}
              </td>
              <td className="numeric">
                <Won amount={line.amountWon} />
              </td>
              <td>
                {line.rejectionCode ? (
                  <span className="claim-status claim-status-rejected">
                    {t(`claims.reason.${line.rejectionCode}` as 'claims.reason.other')}
                  </span>
                ) : (
                  t(`claims.lineStatus.${line.status}` as 'claims.lineStatus.claimed')
                )}
                {line.rejectionNote ? <> · {line.rejectionNote}</> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

/** Each share's transfer as the bank executes and reports it; refreshed live. */
function Payments({ verification, updates }: { verification: Verification; updates: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { summary } = verification;
  return (
    <Section id="payments" title={t('claims.detail.payments')}>
      <p className="live-marker" data-testid="live">
        {t('claims.detail.live')}
        {updates > 0 ? ` · ${t('claims.detail.updates', { count: updates })}` : ''}
      </p>
      <p data-testid="payment-summary" aria-live="polite">
        {t('claims.detail.paidSummary', {
          paid: summary.paidOnTime + summary.paidLate,
          total: summary.obligations,
        })}{' '}
        · <Won amount={summary.paidWon} /> / <Won amount={summary.owedWon} />
      </p>
      <TableRegion label={t('claims.detail.payments')}>
        <table className="table" data-testid="obligations" lang={locale}>
          <thead>
            <tr>
              <th scope="col">{t('claims.columns.payee')}</th>
              <th scope="col">{t('claims.columns.kind')}</th>
              <th scope="col" className="numeric">
                {t('claims.columns.amount')}
              </th>
              <th scope="col" className="numeric">
                {t('claims.columns.paid')}
              </th>
              <th scope="col">{t('claims.columns.dueOn')}</th>
              <th scope="col">{t('claims.columns.paidOn')}</th>
              <th scope="col">{t('claims.columns.judgement')}</th>
            </tr>
          </thead>
          <tbody>
            {verification.obligations.map((obligation) => (
              <tr key={obligation.id} data-judgement={obligation.judgement}>
                <td>{obligation.payeeName ?? '—'}</td>
                <td>{t(`claims.kind.${obligation.kind}` as 'claims.kind.own_share')}</td>
                <td className="numeric">
                  <Won amount={obligation.amountWon} />
                </td>
                <td className="numeric">
                  <Won amount={obligation.paidWon} />
                </td>
                <td className="nowrap">
                  <CivilDate date={obligation.dueOn} short />
                </td>
                <td className="nowrap">{obligation.paidOn ? <CivilDate date={obligation.paidOn} short /> : '—'}</td>
                <td>
                  <JudgementBadge judgement={obligation.judgement} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </Section>
  );
}

/** Approve, reject (whole or by line, with reason codes), record the buyer's payment. */
function OfficialActions({ loaded, onDone }: { loaded: Loaded; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { claim, lines } = loaded.detail;
  const stepUp = useStepUp();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState<string>('');
  const [lineReasons, setLineReasons] = useState<Record<string, string>>({});
  const [paidOn, setPaidOn] = useState(loaded.verification.today);
  const [amount, setAmount] = useState(claim.totalWon);

  const perform = async (action: () => Promise<void>) => {
    setError(undefined);
    setBusy(true);
    try {
      await stepUp.run(action);
    } catch (failure) {
      setError(errorText(failure instanceof ApiError ? failure : undefined));
    } finally {
      setBusy(false);
    }
  };
  const approve = () =>
    perform(async () => {
      const result = await api.post<ClaimResult>(`/api/v1/claims/${claim.id}/approve`, {});
      onDone(t('claims.detail.approved', { sequence: result.claim.sequence }));
    });
  const reject = () => {
    // A claim goes back with a reason code; lines may carry their own.
    if (reason === '') {
      setError(t('claims.detail.chooseReasonFirst'));
      return;
    }
    const chosen = Object.entries(lineReasons).filter(([, code]) => code !== '');
    return perform(async () => {
      await api.post<ClaimResult>(`/api/v1/claims/${claim.id}/reject`, {
        reasonCode: reason,
        ...(chosen.length > 0 ? { lines: chosen.map(([lineId, code]) => ({ lineId, reasonCode: code })) } : {}),
      });
      onDone(t('claims.detail.rejected'));
    });
  };
  const pay = () =>
    perform(async () => {
      await api.post(`/api/v1/claims/${claim.id}/payment`, { paidOn, amountWon: amount.replace(/[,\s₩원]/g, '') });
      onDone(t('claims.detail.paymentRecorded'));
    });

  if (stepUp.pending) {
    return (
      <StepUpPrompt
        action={stepUp.pending}
        onDone={stepUp.clear}
        onCancel={() => {
          stepUp.clear();
          setError(undefined);
        }}
      />
    );
  }
  return (
    <Section id="decide" title={t('claims.detail.decide')}>
      {error ? (
        <Notice tone="error" live>
          <p>{error}</p>
        </Notice>
      ) : null}
      {claim.status === 'submitted' ? (
        <div className="claim-actions">
          <div className="card">
            <h3>{t('claims.detail.approveTitle')}</h3>
            <p>{t('claims.detail.approveBody')}</p>
            <button type="button" className="button button-primary" onClick={approve} disabled={busy}>
              {t('claims.detail.approve')}
            </button>
          </div>
          <div className="card">
            <h3>{t('claims.detail.rejectTitle')}</h3>
            <div className="field">
              <label htmlFor="reject-reason">{t('claims.detail.reason')}</label>
              <select
                id="reject-reason"
                value={reason}
                onChange={(event) => {
                  setReason(event.target.value);
                  setError(undefined);
                }}
              >
                <option value="">{t('claims.detail.chooseReason')}</option>
                {rejectionReasonCodes.map((code) => (
                  <option key={code} value={code}>
                    {t(`claims.reason.${code}`)}
                  </option>
                ))}
              </select>
            </div>
            <details>
              <summary>{t('claims.detail.rejectLines')}</summary>
              {lines.map((line) => (
                <div className="field" key={line.id}>
                  <label htmlFor={`reject-line-${line.id}`}>
                    {line.lineNo}. {line.payeeName ?? t(`claims.kind.${line.kind}` as 'claims.kind.own_share')}
                  </label>
                  <select
                    id={`reject-line-${line.id}`}
                    value={lineReasons[line.id] ?? ''}
                    onChange={(event) => setLineReasons({ ...lineReasons, [line.id]: event.target.value })}
                  >
                    <option value="">{t('claims.detail.lineKept')}</option>
                    {rejectionReasonCodes.map((code) => (
                      <option key={code} value={code}>
                        {t(`claims.reason.${code}`)}
                      </option>
                    ))}
                  </select>
                </div>
              ))}
            </details>
            <button type="button" className="button button-secondary" onClick={reject} disabled={busy}>
              {t('claims.detail.reject')}
            </button>
          </div>
        </div>
      ) : (
        <div className="card">
          <h3>{t('claims.detail.payTitle')}</h3>
          <p>{t('claims.detail.payBody')}</p>
          <div className="field">
            <label htmlFor="pay-on">{t('claims.detail.paidOn')}</label>
            <input id="pay-on" type="date" value={paidOn} onChange={(event) => setPaidOn(event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="pay-amount">{t('claims.detail.paidAmount')}</label>
            <input
              id="pay-amount"
              inputMode="numeric"
              value={amount}
              onChange={(event) => setAmount(event.target.value)}
            />
          </div>
          <button type="button" className="button button-primary" onClick={pay} disabled={busy}>
            {t('claims.detail.pay')}
          </button>
        </div>
      )}
    </Section>
  );
}
