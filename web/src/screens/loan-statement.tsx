import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Obligation } from '../api/claim-types.ts';
import { ApiError, api } from '../api/client.ts';
import {
  dailyInterestWon,
  type Loan,
  type LoanEvent,
  type LoanResult,
  type LoanStatement,
  ppmAsPercent,
} from '../api/loan-types.ts';
import { CivilDate, Won } from '../components/display.tsx';
import { useErrorText } from '../components/error-text.ts';
import { Field, type FieldError } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { Loaded, Notice } from '../components/status.tsx';
import { type Flash, takeFlash } from '../flash.ts';
import type { ScreenProps } from '../routes.tsx';
import { useMe } from '../session.tsx';
import { useResource } from '../use-resource.ts';
import { JudgementBadge, Section, StepUpPrompt, useStepUp } from './claim-parts.tsx';
import { LoanCrumbs, LoanStatusBadge, ReceivableStatusBadge } from './loan-parts.tsx';

/**
 * A loan's statement (`GET /api/v1/finance/loans/:id`): the principal, the rates it keeps, interest accrued to
 * today and per day, what was repaid (interest first, then principal), days outstanding, and the timeline of
 * what happened. The lending bank decides an application here: approve (naming its repayment account, with a
 * fresh two-factor code) or decline with a reason.
 */
export function LoanStatementScreen({ params }: ScreenProps) {
  const { t } = useTranslation();
  const me = useMe();
  const id = params.id!;
  const [flash, setFlash] = useState<Flash | undefined>(takeFlash);
  const resource = useResource(
    (signal) => api.get<LoanStatement>(`/api/v1/finance/loans/${encodeURIComponent(id)}`, signal),
    [id],
  );
  const bank = me.role === 'bank';
  return (
    <Page title={t('loans.statement.title', { id })} breadcrumb={<LoanCrumbs bank={bank} />}>
      <div aria-live="polite">
        {flash ? (
          <Notice tone="success">
            <p data-testid="loan-flash">{flash.text}</p>
          </Notice>
        ) : null}
      </div>
      <Loaded resource={resource}>
        {({ loan, events }) => (
          <>
            <p className="loan-headline">
              <LoanStatusBadge status={loan.status} />
              <span>
                {loan.borrowerName} → {loan.bankName}
              </span>
            </p>
            {bank && loan.status === 'applied' ? <PrimeRecord contractId={loan.contractId} /> : null}
            {bank && loan.status === 'applied' ? (
              <BankDecision
                loan={loan}
                onDone={(text) => {
                  setFlash({ text });
                  resource.reload();
                }}
              />
            ) : null}
            <LoanFacts loan={loan} />
            <Timeline events={events} />
          </>
        )}
      </Loaded>
    </Page>
  );
}

/** The order judgements are listed in: the troubling ones first. */
const judgementOrder = ['overdue', 'paid_late', 'held', 'not_yet_due', 'paid_on_time'];

/**
 * How the contract's shares (subcontracts, supplies, wages: everything but the prime's own) have been paid so far,
 * as the obligations list gives it: what a lender weighs before buying a receivable on that contract.
 */
function PrimeRecord({ contractId }: { contractId: string }) {
  const { t } = useTranslation();
  const resource = useResource(
    (signal) => api.list<Obligation>(`/api/v1/obligations?contractId=${encodeURIComponent(contractId)}`, signal),
    [contractId],
  );
  return (
    <Section id="record" title={t('loans.record.title')}>
      <p className="section-lead">{t('loans.record.lead')}</p>
      <Loaded resource={resource}>
        {(obligations) => {
          const shares = obligations.filter((obligation) => obligation.kind !== 'own_share');
          const counts = new Map<string, { count: number; outstanding: bigint }>();
          for (const share of shares) {
            const current = counts.get(share.judgement) ?? { count: 0, outstanding: 0n };
            counts.set(share.judgement, {
              count: current.count + 1,
              outstanding: current.outstanding + BigInt(share.outstandingWon),
            });
          }
          const rank = (judgement: string) => {
            const index = judgementOrder.indexOf(judgement);
            return index === -1 ? judgementOrder.length : index;
          };
          const judgements = [...counts.keys()].sort((a, b) => rank(a) - rank(b));
          return shares.length === 0 ? (
            <p className="empty">{t('loans.record.none')}</p>
          ) : (
            <ul className="loan-record" data-testid="prime-record">
              {judgements.map((judgement) => {
                const entry = counts.get(judgement)!;
                return (
                  <li key={judgement}>
                    <JudgementBadge judgement={judgement} />{' '}
                    <strong>{t('loans.bank.count', { count: entry.count })}</strong>
                    {entry.outstanding > 0n && judgement === 'overdue' ? (
                      <>
                        {' '}
                        · {t('loans.record.unpaid')} <Won amount={entry.outstanding.toString()} />
                      </>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          );
        }}
      </Loaded>
    </Section>
  );
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

function LoanFacts({ loan }: { loan: Loan }) {
  const { t } = useTranslation();
  const running = loan.status === 'advanced' || loan.status === 'at_risk';
  return (
    <Section id="position" title={t('loans.statement.position')}>
      <dl className="facts loan-facts" data-testid="loan-facts">
        <Fact label={t('loans.columns.principal')} testId="loan-principal">
          <Won amount={loan.principalWon} words />
        </Fact>
        <Fact label={t('loans.statement.rates')}>
          {t('loans.statement.ratesValue', {
            annual: ppmAsPercent(loan.annualRatePpm),
            advance: ppmAsPercent(loan.advanceRatePpm),
          })}
        </Fact>
        {loan.advancedOn ? (
          <>
            <Fact label={t('loans.statement.principalOutstanding')}>
              <Won amount={loan.principalOutstandingWon} />
            </Fact>
            <Fact label={t('loans.statement.interestAccrued')}>
              <Won amount={loan.interestAccruedWon} />
            </Fact>
            <Fact label={t('loans.statement.dailyInterest')} testId="loan-daily-interest">
              {running ? <Won amount={dailyInterestWon(loan)} /> : '—'}
            </Fact>
            <Fact label={t('loans.statement.dueNow')} testId="loan-due-now">
              {running ? <Won amount={loan.dueWon} words /> : '—'}
            </Fact>
            <Fact label={t('loans.columns.repaid')}>
              <Won amount={loan.repaidWon} />
              <span className="sub">
                {t('loans.statement.ofWhichInterest')} <Won amount={loan.interestPaidWon} />
              </span>
            </Fact>
            <Fact label={t('loans.columns.days')} testId="loan-days">
              {t('loans.days', { count: loan.daysOutstanding })}
            </Fact>
          </>
        ) : null}
        <Fact label={t('loans.statement.appliedOn')}>
          <CivilDate date={loan.appliedOn} />
        </Fact>
        {loan.advancedOn ? (
          <Fact label={t('loans.statement.advancedOn')}>
            <CivilDate date={loan.advancedOn} />
          </Fact>
        ) : null}
        {loan.closedOn ? (
          <Fact label={t('loans.statement.closedOn')}>
            <CivilDate date={loan.closedOn} />
          </Fact>
        ) : null}
        <Fact label={t('loans.statement.receivable')}>
          <Won amount={loan.receivableWon} /> <ReceivableStatusBadge status={loan.receivableStatus} />
          <span className="sub">
            {loan.contractNumber}
            {loan.dueOn ? (
              <>
                {' · '}
                {t('loans.dueBy')} <CivilDate date={loan.dueOn} />
              </>
            ) : null}
          </span>
        </Fact>
        {loan.lenderAccountMasked ? (
          <Fact label={t('loans.statement.lenderAccount')}>
            <span className="account-number">{loan.lenderAccountMasked}</span>
          </Fact>
        ) : null}
        {loan.declineReason ? <Fact label={t('loans.statement.declineReason')}>{loan.declineReason}</Fact> : null}
        {loan.atRiskReason ? (
          <Fact label={t('loans.statement.atRiskReason')}>{t(`loans.atRisk.${loan.atRiskReason}`)}</Fact>
        ) : null}
      </dl>
    </Section>
  );
}

function Timeline({ events }: { events: LoanEvent[] }) {
  const { t } = useTranslation();
  return (
    <Section id="timeline" title={t('loans.statement.timeline')}>
      <ol className="loan-timeline" data-testid="loan-timeline">
        {events.map((event, index) => (
          <li key={`${event.kind}-${event.entryId ?? index}`} className={`loan-event loan-event-${event.kind}`}>
            <span className="loan-event-date">{event.on ? <CivilDate date={event.on} short /> : '—'}</span>
            <div>
              <strong>{t(`loans.event.${event.kind}`)}</strong>
              {event.amountWon !== null ? (
                <>
                  {' '}
                  <Won amount={event.amountWon.replace(/^-/, '')} />
                </>
              ) : null}
              {event.kind === 'repayment' || event.kind === 'returned' || event.kind === 'repaid' ? (
                <span className="sub">
                  {t('loans.statement.principalPart')} <Won amount={(event.principalWon ?? '0').replace(/^-/, '')} />
                  {' · '}
                  {t('loans.statement.interestPart')} <Won amount={(event.interestWon ?? '0').replace(/^-/, '')} />
                </span>
              ) : null}
              {event.note ? (
                <span className="sub">
                  {event.kind === 'at_risk' && (event.note === 'returned' || event.note === 'diverted')
                    ? t(`loans.atRisk.${event.note}`)
                    : event.note}
                </span>
              ) : null}
            </div>
          </li>
        ))}
      </ol>
    </Section>
  );
}

/** The fields of the decision forms a refusal may name. */
const decisionFields = ['repaymentAccountNumber', 'repaymentHolderName', 'note', 'reason'];

type ApproveValues = { repaymentAccountNumber: string; repaymentHolderName: string; note: string };

/** The bank's decision on an application addressed to it: approve with its repayment account, or decline. */
function BankDecision({ loan, onDone }: { loan: Loan; onDone: (text: string) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const stepUp = useStepUp();
  const [approve, setApprove] = useState<ApproveValues>({
    repaymentAccountNumber: '',
    repaymentHolderName: '',
    note: '',
  });
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Partial<Record<keyof ApproveValues | 'reason', FieldError>>>({});
  const [formError, setFormError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  /** A refusal lands on the field it names, or above the forms; whether sent at once or after the code prompt. */
  const showRefusal = (failure: unknown) => {
    const apiError = failure instanceof ApiError ? failure : undefined;
    if (apiError?.field && decisionFields.includes(apiError.field)) {
      setErrors({ [apiError.field]: { text: errorText(apiError) } });
    } else {
      setFormError(errorText(apiError));
    }
  };
  const perform = async (send: () => Promise<void>) => {
    setFormError(undefined);
    setBusy(true);
    try {
      // Only "a fresh code is needed" goes back to the step-up prompt; every other refusal is shown here.
      await stepUp.run(async () => {
        try {
          await send();
        } catch (failure) {
          if (failure instanceof ApiError && failure.code === 'step_up_required') throw failure;
          showRefusal(failure);
        }
      });
    } catch (failure) {
      showRefusal(failure);
    } finally {
      setBusy(false);
    }
  };

  const submitApprove = (event: FormEvent) => {
    event.preventDefault();
    const account = approve.repaymentAccountNumber.replace(/[\s-]/g, '');
    const found: typeof errors = {};
    if (!/^[0-9]{10,16}$/.test(account))
      found.repaymentAccountNumber = { problem: account === '' ? 'required' : 'invalid_account_number' };
    if (approve.repaymentHolderName.trim() === '') found.repaymentHolderName = { problem: 'required' };
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    return perform(async () => {
      const answer = await api.post<LoanResult>(`/api/v1/finance/loans/${loan.id}/approve`, {
        repaymentAccountNumber: account,
        repaymentHolderName: approve.repaymentHolderName.trim(),
        ...(approve.note.trim() ? { note: approve.note.trim() } : {}),
      });
      onDone(t('loans.decide.approved', { id: answer.loan.id }));
    });
  };

  const submitDecline = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() === '') {
      setErrors({ reason: { text: t('loans.decide.reasonRequired') } });
      return;
    }
    setErrors({});
    return perform(async () => {
      const answer = await api.post<LoanResult>(`/api/v1/finance/loans/${loan.id}/decline`, { reason: reason.trim() });
      onDone(t('loans.decide.declined', { id: answer.loan.id }));
    });
  };

  if (stepUp.pending) {
    return (
      <StepUpPrompt
        action={stepUp.pending}
        onDone={stepUp.clear}
        onCancel={() => {
          stepUp.clear();
          setFormError(undefined);
        }}
      />
    );
  }
  return (
    <Section id="decide" title={t('loans.decide.title')}>
      <p className="section-lead">
        {t('loans.decide.lead')} <Won amount={loan.principalWon} words />
      </p>
      {formError ? (
        <Notice tone="error" live>
          <p>{formError}</p>
        </Notice>
      ) : null}
      <div className="loan-decisions">
        <form
          className="card"
          onSubmit={(event) => void submitApprove(event)}
          noValidate
          aria-labelledby="approve-title"
        >
          <h3 id="approve-title">{t('loans.decide.approveTitle')}</h3>
          <p className="hint">{t('loans.decide.approveBody')}</p>
          <Field
            name="repaymentAccountNumber"
            label={t('loans.decide.account')}
            hint={t('loans.decide.accountHint')}
            error={errors.repaymentAccountNumber}
            required
          >
            {(wiring) => (
              <input
                {...wiring}
                inputMode="numeric"
                autoComplete="off"
                value={approve.repaymentAccountNumber}
                onChange={(event) => setApprove({ ...approve, repaymentAccountNumber: event.target.value })}
              />
            )}
          </Field>
          <Field
            name="repaymentHolderName"
            label={t('loans.decide.holder')}
            error={errors.repaymentHolderName}
            required
          >
            {(wiring) => (
              <input
                {...wiring}
                autoComplete="off"
                value={approve.repaymentHolderName}
                onChange={(event) => setApprove({ ...approve, repaymentHolderName: event.target.value })}
              />
            )}
          </Field>
          <Field name="note" label={t('loans.decide.note')} error={errors.note}>
            {(wiring) => (
              <input
                {...wiring}
                autoComplete="off"
                maxLength={2000}
                value={approve.note}
                onChange={(event) => setApprove({ ...approve, note: event.target.value })}
              />
            )}
          </Field>
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {t('loans.decide.approve')}
            </button>
          </div>
        </form>
        <form
          className="card"
          onSubmit={(event) => void submitDecline(event)}
          noValidate
          aria-labelledby="decline-title"
        >
          <h3 id="decline-title">{t('loans.decide.declineTitle')}</h3>
          <Field name="reason" label={t('loans.decide.reason')} error={errors.reason} required>
            {(wiring) => (
              <textarea
                {...wiring}
                rows={3}
                maxLength={500}
                value={reason}
                onChange={(event) => setReason(event.target.value)}
              />
            )}
          </Field>
          <div className="form-actions">
            <button type="submit" className="button button-secondary" disabled={busy}>
              {t('loans.decide.decline')}
            </button>
          </div>
        </form>
      </div>
    </Section>
  );
}
