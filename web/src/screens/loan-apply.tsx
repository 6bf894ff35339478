import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api/client.ts';
import type { LendingBank, LoanResult, Receivable } from '../api/loan-types.ts';
import { CivilDate, useLocale, Won } from '../components/display.tsx';
import { useErrorText } from '../components/error-text.ts';
import { ErrorSummary, Field, type FieldError } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { Loaded, Notice } from '../components/status.tsx';
import { setFlash } from '../flash.ts';
import { formatWon, formatWonInWords } from '../format.ts';
import { Link, navigate } from '../router.tsx';
import type { ScreenProps } from '../routes.tsx';
import { useResource } from '../use-resource.ts';
import { parseWonInput } from '../validation.ts';
import { LoanCrumbs, ReceivableStatusBadge } from './loan-parts.tsx';

type ApplyValues = { bankCode: string; amountWon: string };
type ApplyErrors = Partial<Record<keyof ApplyValues, FieldError>>;

/** The fields a refusal of `POST /api/v1/finance/loans` may name that this form shows as inputs. */
const formFields = new Set<string>(['bankCode', 'amountWon']);

/**
 * Applying for a loan against one receivable (`POST /api/v1/finance/loans`): the bank from the participating
 * banks, the amount checked as it is typed against the receivable's limit (outstanding × the advance rate in
 * force), and the API's refusals shown on the field they name. The API judges everything again.
 */
export function LoanApplyScreen({ params }: ScreenProps) {
  const { t } = useTranslation();
  const lineId = params.lineId!;
  const resource = useResource(
    async (signal) => {
      const [receivables, banks] = await Promise.all([
        api.get<{ items: Receivable[] }>('/api/v1/finance/receivables', signal).then((answer) => answer.items),
        api.get<{ items: LendingBank[] }>('/api/v1/finance/banks', signal).then((answer) => answer.items),
      ]);
      return { receivable: receivables.find((row) => row.claimLineId === lineId), banks };
    },
    [lineId],
  );
  return (
    <Page
      title={t('loans.apply.title')}
      lead={t('loans.apply.lead')}
      width="narrow"
      breadcrumb={<LoanCrumbs bank={false} />}
    >
      <Loaded resource={resource}>
        {({ receivable, banks }) =>
          receivable === undefined || !receivable.eligible ? (
            <Notice tone="info">
              <p>{t('loans.apply.notEligible')}</p>
              <p>
                <Link to="/loans">{t('loans.apply.back')}</Link>
              </p>
            </Notice>
          ) : (
            <ApplyForm receivable={receivable} banks={banks} />
          )
        }
      </Loaded>
    </Page>
  );
}

function ApplyForm({ receivable, banks }: { receivable: Receivable; banks: LendingBank[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const errorText = useErrorText();
  const limit = BigInt(receivable.maxAdvanceWon);
  const [values, setValues] = useState<ApplyValues>({
    bankCode: banks.length === 1 ? banks[0]!.code : '',
    amountWon: '',
  });
  const [errors, setErrors] = useState<ApplyErrors>({});
  const [formError, setFormError] = useState<string | undefined>();
  const [submitting, setSubmitting] = useState(false);
  const summary = useRef<HTMLDivElement>(null);

  const amountProblem = (text: string): FieldError | undefined => {
    const parsed = parseWonInput(text);
    if ('problem' in parsed) return { problem: parsed.problem };
    if (BigInt(parsed.amountWon) > limit)
      return { text: t('loans.apply.overLimit', { limit: formatWon(receivable.maxAdvanceWon) }) };
    return undefined;
  };
  const check = (next: ApplyValues): ApplyErrors => {
    const found: ApplyErrors = {};
    if (next.bankCode === '') found.bankCode = { problem: 'required' };
    const amount = amountProblem(next.amountWon);
    if (amount) found.amountWon = amount;
    return found;
  };

  // The amount is checked on every keystroke once something is typed: the limit is known here.
  const typeAmount = (text: string) => {
    setValues((current) => ({ ...current, amountWon: text }));
    const problem = text.trim() === '' ? undefined : amountProblem(text);
    setErrors((current) => {
      const { amountWon: _previous, ...rest } = current;
      return problem ? { ...rest, amountWon: problem } : rest;
    });
  };
  const chooseBank = (code: string) => {
    setValues((current) => ({ ...current, bankCode: code }));
    setErrors((current) => {
      const { bankCode: _previous, ...rest } = current;
      return code === '' ? { ...rest, bankCode: { problem: 'required' } } : rest;
    });
  };

  const parsed = parseWonInput(values.amountWon);
  const typed = 'amountWon' in parsed ? parsed.amountWon : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = check(values);
    setErrors(found);
    setFormError(undefined);
    if (Object.keys(found).length > 0 || typed === undefined) {
      requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    setSubmitting(true);
    try {
      const answer = await api.post<LoanResult>('/api/v1/finance/loans', {
        claimLineId: receivable.claimLineId,
        bankCode: values.bankCode,
        amountWon: typed,
      });
      setFlash({
        text: t(answer.result === 'exists' ? 'loans.apply.exists' : 'loans.apply.applied', {
          amount: formatWon(answer.loan.principalWon),
          bank: answer.loan.bankName,
        }),
      });
      navigate(`/loans/${answer.loan.id}`);
    } catch (failure) {
      const apiError = failure instanceof ApiError ? failure : undefined;
      if (apiError?.field && formFields.has(apiError.field)) {
        setErrors({ [apiError.field]: { text: errorText(apiError) } });
      } else {
        setFormError(errorText(apiError));
      }
      requestAnimationFrame(() => summary.current?.focus());
    } finally {
      setSubmitting(false);
    }
  };

  const labels = { bankCode: t('loans.apply.bank'), amountWon: t('loans.apply.amount') };
  return (
    <form className="form" onSubmit={(event) => void submit(event)} noValidate>
      <ErrorSummary errors={errors} formError={formError} labels={labels} summaryRef={summary} />
      <dl className="facts loan-facts" data-testid="receivable-facts">
        <div>
          <dt>{t('loans.columns.claim')}</dt>
          <dd>
            {receivable.contractNumber} · {t('loans.claimSequence', { sequence: receivable.claimSequence })} ·{' '}
            {t(`loans.kind.${receivable.kind}`)}
          </dd>
        </div>
        <div>
          <dt>{t('loans.columns.amount')}</dt>
          <dd>
            <Won amount={receivable.amountWon} />
          </dd>
        </div>
        <div>
          <dt>{t('loans.columns.outstanding')}</dt>
          <dd>
            <Won amount={receivable.outstandingWon} />
          </dd>
        </div>
        <div>
          <dt>{t('loans.columns.dueOn')}</dt>
          <dd>{receivable.dueOn ? <CivilDate date={receivable.dueOn} /> : t('loans.notYetDue')}</dd>
        </div>
        <div>
          <dt>{t('loans.columns.status')}</dt>
          <dd>
            <ReceivableStatusBadge status={receivable.status} />
          </dd>
        </div>
        <div>
          <dt>{t('loans.columns.limit')}</dt>
          <dd data-testid="apply-limit">
            <Won amount={receivable.maxAdvanceWon} words />
          </dd>
        </div>
      </dl>
      <Field name="bankCode" label={labels.bankCode} error={errors.bankCode} required>
        {(wiring) => (
          <select {...wiring} value={values.bankCode} onChange={(event) => chooseBank(event.target.value)}>
            <option value="">{t('loans.apply.chooseBank')}</option>
            {banks.map((bank) => (
              <option key={bank.code} value={bank.code}>
                {bank.name} ({bank.code})
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        name="amountWon"
        label={labels.amountWon}
        hint={t('loans.apply.amountHint', { limit: formatWon(receivable.maxAdvanceWon) })}
        error={errors.amountWon}
        required
        after={
          typed !== undefined && !errors.amountWon ? (
            <p className="hint loan-amount-echo" aria-live="polite" data-testid="amount-echo">
              {t('loans.apply.amountEcho', {
                amount: formatWon(typed),
                words: formatWonInWords(typed, locale) ?? formatWon(typed),
                left: formatWon((limit - BigInt(typed)).toString()),
              })}
            </p>
          ) : null
        }
      >
        {(wiring) => (
          <div className="input-affix">
            <span aria-hidden="true">₩</span>
            <input
              {...wiring}
              inputMode="numeric"
              autoComplete="off"
              value={values.amountWon}
              onChange={(event) => typeAmount(event.target.value)}
            />
          </div>
        )}
      </Field>
      <p className="form-footnote">{t('loans.apply.assignment')}</p>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submitting}>
          {t('loans.apply.submit')}
        </button>
        <Link to="/loans" className="button button-quiet">
          {t('common.cancel')}
        </Link>
      </div>
    </form>
  );
}
