import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api/client.ts';
import type { BankExceptionItem, BankMessageItem, BankMovementItem } from '../api/dashboard-types.ts';
import { CivilDate, TableRegion } from '../components/display.tsx';
import { useErrorText } from '../components/error-text.ts';
import { ExportLinks } from '../components/export-links.tsx';
import { Page } from '../components/page.tsx';
import { Loaded, Notice } from '../components/status.tsx';
import { formatWon } from '../format.ts';
import { Link } from '../router.tsx';
import { useMe } from '../session.tsx';
import { useLiveEvents, useLiveResource } from './dashboard-live.ts';
import './dashboard.css';

type PortalData = { exceptions: BankExceptionItem[]; messages: BankMessageItem[]; movements: BankMovementItem[] };

/** Movements shown under "recent movements": the latest of what the bank reported. */
const recentMovementsMax = 30;

async function loadPortal(signal: AbortSignal): Promise<PortalData> {
  const [exceptions, messages, movements] = await Promise.all([
    api.list<BankExceptionItem>('/api/v1/bank/exceptions?state=open', signal),
    api.get<{ items: BankMessageItem[] }>('/api/v1/bank-portal/messages', signal).then((page) => page.items),
    api.list<BankMovementItem>('/api/v1/bank/movements', signal),
  ]);
  return { exceptions, messages, movements: movements.slice(-recentMovementsMax).reverse() };
}

const exceptionKinds = [
  'unknown_account',
  'inexact_amount',
  'not_booked',
  'no_amount',
  'unmatched',
  'ledger_refused',
] as const;

function ExceptionKind({ kind }: { kind: string }) {
  const { t } = useTranslation();
  if (!(exceptionKinds as readonly string[]).includes(kind)) return <>{kind}</>;
  return <>{t(`bankPortal.kinds.${kind as (typeof exceptionKinds)[number]}`)}</>;
}

/** Who may resolve an exception (the API's declared roles); auditors only read. */
const mayResolve = (role: string) => role === 'bank' || role === 'official' || role === 'admin';

/**
 * The bank portal (issue 7): the exception queue — movements reconciliation could not book, each matched to an
 * obligation or dismissed with a reason by hand (`POST /api/v1/bank/exceptions/:id/resolve`) — then the latest bank
 * messages and movements. Banks see what they reported and the accounts they hold; officials their buyer's
 * contracts. Live: it re-reads when movements arrive. Loans against receivables will have their place below.
 */
export function BankPortalScreen() {
  const { t } = useTranslation();
  const me = useMe();
  const resource = useLiveResource(loadPortal, []);
  const live = useLiveEvents(['movements'], resource.refresh);
  const [done, setDone] = useState<string | undefined>();
  return (
    <Page title={t('bankPortal.title')} lead={t('bankPortal.lead')}>
      <p className="live-state" data-live={live} data-version={resource.version}>
        <span className="live-dot" aria-hidden="true" />
        {t(`dashboard.live.${live}`)}
      </p>
      <nav className="in-page" aria-label={t('bankPortal.sections')}>
        <ul>
          <li>
            <a href="#exceptions">{t('bankPortal.exceptions')}</a>
          </li>
          <li>
            <a href="#messages">{t('bankPortal.messages')}</a>
          </li>
          <li>
            <a href="#movements">{t('bankPortal.movements')}</a>
          </li>
          {me.role === 'bank' ? (
            <li>
              <a href="#loans">{t('bankPortal.loans')}</a>
            </li>
          ) : null}
        </ul>
      </nav>
      <div aria-live="polite" className="dashboard-status">
        {done ? (
          <Notice tone="success">
            <p>{done}</p>
          </Notice>
        ) : null}
      </div>
      <Loaded resource={resource}>
        {(data) => (
          <>
            <section id="exceptions" className="section" aria-labelledby="exceptions-title">
              <div className="section-head">
                <h2 id="exceptions-title">{t('bankPortal.exceptions')}</h2>
                <span className="count">{t('bankPortal.openCount', { count: data.exceptions.length })}</span>
              </div>
              <p className="section-lead">{t('bankPortal.exceptionsLead')}</p>
              {data.exceptions.length === 0 ? (
                <p className="empty">{t('bankPortal.noExceptions')}</p>
              ) : (
                <ul className="finding-list" data-testid="exceptions">
                  {data.exceptions.map((exception) => (
                    <ExceptionCard
                      key={exception.id}
                      exception={exception}
                      canResolve={mayResolve(me.role)}
                      onResolved={(text) => {
                        setDone(text);
                        resource.refresh();
                      }}
                    />
                  ))}
                </ul>
              )}
              <ExportLinks
                listPath="/api/v1/bank/exceptions"
                query={{ state: 'open' }}
                label={t('documents.export.labelOf', { list: t('bankPortal.exceptions') })}
              />
            </section>
            <MessagesTable messages={data.messages} />
            <MovementsTable movements={data.movements} />
          </>
        )}
      </Loaded>
      {me.role === 'bank' ? (
        <section id="loans" className="section" aria-labelledby="loans-title" data-testid="loans-placeholder">
          <h2 id="loans-title">{t('bankPortal.loans')}</h2>
          <p>
            <Link to="/loans/bank" className="strong-link" data-testid="bank-loans-link">
              {t('loans.bank.portalLink')}
            </Link>
          </p>
        </section>
      ) : null}
    </Page>
  );
}

const amountText = (amount: string | null, currency: string) =>
  amount === null ? '—' : currency === 'KRW' ? formatWon(amount) : `${amount} ${currency}`;

function ExceptionCard({
  exception,
  canResolve,
  onResolved,
}: {
  exception: BankExceptionItem;
  canResolve: boolean;
  onResolved: (text: string) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const id = useId();
  const [decision, setDecision] = useState<'match' | 'dismiss'>('dismiss');
  const [obligationId, setObligationId] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<{ obligationId?: string; note?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  const movement = exception.movement;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (decision === 'match' && !/^[1-9][0-9]{0,17}$/.test(obligationId.trim()))
      found.obligationId = t('bankPortal.obligationRequired');
    if (decision === 'dismiss' && note.trim() === '') found.note = t('bankPortal.noteRequired');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await api.post(
        `/api/v1/bank/exceptions/${exception.id}/resolve`,
        decision === 'match'
          ? { decision, obligationId: obligationId.trim(), ...(note.trim() ? { note: note.trim() } : {}) }
          : { decision, note: note.trim() },
      );
      onResolved(t(decision === 'match' ? 'bankPortal.matched' : 'bankPortal.dismissed'));
    } catch (failure) {
      const apiError = failure instanceof ApiError ? failure : undefined;
      setErrors(
        apiError?.code === 'unknown_obligation' || apiError?.code === 'not_matchable'
          ? { obligationId: errorText(apiError) }
          : { form: errorText(apiError) },
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="finding-card finding-warning" data-testid="exception" data-exception-id={exception.id}>
      <div className="finding-head">
        <span className="badge badge-warning">
          <ExceptionKind kind={exception.kind} />
        </span>
        <strong>{amountText(movement.amount, movement.currency)}</strong>
        <span className="finding-state">
          {movement.direction === 'debit' ? t('bankPortal.debit') : t('bankPortal.credit')}
        </span>
      </div>
      <dl className="finding-facts">
        <div>
          <dt>{t('bankPortal.account')}</dt>
          <dd className="account-number">{movement.account}</dd>
        </div>
        {movement.bookedOn ? (
          <div>
            <dt>{t('bankPortal.bookedOn')}</dt>
            <dd>
              <CivilDate date={movement.bookedOn} short />
            </dd>
          </div>
        ) : null}
        {movement.counterpartyName || movement.counterpartyAccount ? (
          <div>
            <dt>{t('bankPortal.counterparty')}</dt>
            <dd>{[movement.counterpartyName, movement.counterpartyAccount].filter(Boolean).join(' · ')}</dd>
          </div>
        ) : null}
        {movement.endToEndId ? (
          <div>
            <dt>{t('bankPortal.endToEndId')}</dt>
            <dd>{movement.endToEndId}</dd>
          </div>
        ) : null}
        {movement.remittance ? (
          <div>
            <dt>{t('bankPortal.remittance')}</dt>
            <dd>{movement.remittance}</dd>
          </div>
        ) : null}
      </dl>
      {canResolve ? (
        <form className="finding-form" onSubmit={(event) => void submit(event)} noValidate>
          {errors.form ? (
            <p className="field-error" role="alert">
              {errors.form}
            </p>
          ) : null}
          <fieldset className="choice">
            <legend>{t('bankPortal.decision')}</legend>
            <label>
              <input
                type="radio"
                name={`${id}-decision`}
                checked={decision === 'dismiss'}
                onChange={() => setDecision('dismiss')}
              />{' '}
              {t('bankPortal.dismiss')}
            </label>
            <label>
              <input
                type="radio"
                name={`${id}-decision`}
                checked={decision === 'match'}
                onChange={() => setDecision('match')}
              />{' '}
              {t('bankPortal.match')}
            </label>
          </fieldset>
          {decision === 'match' ? (
            <div className={`field${errors.obligationId ? ' field-invalid' : ''}`}>
              <label htmlFor={`${id}-obligation`}>{t('bankPortal.obligationId')}</label>
              <input
                id={`${id}-obligation`}
                inputMode="numeric"
                value={obligationId}
                aria-invalid={errors.obligationId ? true : undefined}
                aria-describedby={errors.obligationId ? `${id}-obligation-error` : undefined}
                onChange={(event) => setObligationId(event.target.value)}
              />
              {errors.obligationId ? (
                <p className="field-error" id={`${id}-obligation-error`}>
                  {errors.obligationId}
                </p>
              ) : null}
            </div>
          ) : null}
          <div className={`field${errors.note ? ' field-invalid' : ''}`}>
            <label htmlFor={`${id}-note`}>
              {t(decision === 'dismiss' ? 'bankPortal.note' : 'bankPortal.noteOptional')}
            </label>
            <textarea
              id={`${id}-note`}
              rows={2}
              maxLength={2000}
              value={note}
              aria-invalid={errors.note ? true : undefined}
              aria-describedby={errors.note ? `${id}-note-error` : undefined}
              onChange={(event) => setNote(event.target.value)}
            />
            {errors.note ? (
              <p className="field-error" id={`${id}-note-error`}>
                {errors.note}
              </p>
            ) : null}
          </div>
          <div className="form-actions">
            <button type="submit" className="button button-primary button-small" disabled={busy}>
              {t('bankPortal.resolve')}
            </button>
          </div>
        </form>
      ) : null}
    </li>
  );
}

function MessagesTable({ messages }: { messages: BankMessageItem[] }) {
  const { t, i18n } = useTranslation();
  const time = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'ko-KR', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'Asia/Seoul',
  });
  return (
    <section id="messages" className="section" aria-labelledby="messages-title">
      <h2 id="messages-title">{t('bankPortal.messages')}</h2>
      {messages.length === 0 ? (
        <p className="empty">{t('bankPortal.noMessages')}</p>
      ) : (
        <TableRegion label={t('bankPortal.messages')}>
          <table className="table" data-testid="bank-messages">
            <thead>
              <tr>
                <th scope="col">{t('bankPortal.receivedAt')}</th>
                <th scope="col">{t('bankPortal.message')}</th>
                <th scope="col">{t('bankPortal.bank')}</th>
                <th scope="col" className="numeric">
                  {t('bankPortal.movementCount')}
                </th>
                <th scope="col" className="numeric">
                  {t('bankPortal.exceptionCount')}
                </th>
                <th scope="col">{t('bankPortal.state')}</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((message) => (
                <tr key={message.id}>
                  <td className="nowrap">
                    <time dateTime={message.receivedAt}>{time.format(new Date(message.receivedAt))}</time>
                  </td>
                  <th scope="row">
                    {message.format ?? '—'}
                    <span className="sub">{message.messageId ?? message.name ?? ''}</span>
                  </th>
                  <td>{message.bankName ?? '—'}</td>
                  <td className="numeric">{message.movementCount}</td>
                  <td className="numeric">{message.exceptionCount}</td>
                  <td>
                    {t(`bankPortal.messageStates.${messageStateKey(message.state)}`)}
                    {message.refusal ? <span className="sub">{message.refusal}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      <ExportLinks
        listPath="/api/v1/bank-portal/messages"
        label={t('documents.export.labelOf', { list: t('bankPortal.messages') })}
      />
    </section>
  );
}

const messageStateKey = (state: string) =>
  state === 'receiving' || state === 'refused' ? state : ('ingested' as const);

const movementStates = [
  'matched',
  'unmatched',
  'diverted',
  'returned',
  'deposit',
  'own_transfer',
  'exception',
  'resolved',
  'superseded',
  'received',
] as const;

function MovementsTable({ movements }: { movements: BankMovementItem[] }) {
  const { t } = useTranslation();
  return (
    <section id="movements" className="section" aria-labelledby="movements-title">
      <h2 id="movements-title">{t('bankPortal.movements')}</h2>
      {movements.length === 0 ? (
        <p className="empty">{t('bankPortal.noMovements')}</p>
      ) : (
        <TableRegion label={t('bankPortal.movements')}>
          <table className="table" data-testid="bank-movements">
            <thead>
              <tr>
                <th scope="col">{t('bankPortal.bookedOn')}</th>
                <th scope="col">{t('bankPortal.account')}</th>
                <th scope="col">{t('bankPortal.counterparty')}</th>
                <th scope="col" className="numeric">
                  {t('bankPortal.amount')}
                </th>
                <th scope="col">{t('bankPortal.state')}</th>
              </tr>
            </thead>
            <tbody>
              {movements.map((movement) => (
                <tr key={movement.id}>
                  <td className="nowrap">{movement.bookedOn ? <CivilDate date={movement.bookedOn} short /> : '—'}</td>
                  <th scope="row" className="account-number">
                    {movement.account}
                  </th>
                  <td>{movement.counterpartyName ?? '—'}</td>
                  <td className="numeric">
                    {movement.direction === 'debit' ? '−' : '+'}
                    {amountText(movement.amount, movement.currency)}
                  </td>
                  <td>
                    {(movementStates as readonly string[]).includes(movement.state)
                      ? t(`bankPortal.states.${movement.state as (typeof movementStates)[number]}`)
                      : movement.state}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      <ExportLinks
        listPath="/api/v1/bank/movements"
        label={t('documents.export.labelOf', { list: t('bankPortal.movements') })}
      />
    </section>
  );
}
