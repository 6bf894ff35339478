import { type FormEvent, useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { Contract, Engagement, Registered, Subcontract } from '../api/types.ts';
import { BankSelect } from '../components/bank-select.tsx';
import { type Check, ErrorSummary, Field, useForm } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { Loaded } from '../components/status.tsx';
import { setFlash } from '../flash.ts';
import { Link, navigate } from '../router.tsx';
import type { ScreenProps } from '../routes.tsx';
import { useMe } from '../session.tsx';
import { todayInSeoul } from '../today.ts';
import { useResource } from '../use-resource.ts';
import { checkAccountNumber, checkDate, checkHolderName, checkPhone, isBlank, parseWonInput } from '../validation.ts';

type WorkerValues = {
  subcontractId: string;
  name: string;
  phone: string;
  locale: string;
  trade: string;
  dailyWageWon: string;
  startsOn: string;
  'account.bankCode': string;
  'account.accountNumber': string;
  'account.holderName': string;
};

/**
 * Registers a worker on a contract (POST /api/v1/contracts/:id/workers): the prime its own workers, a
 * subcontractor those it employs under its subcontract. Wages go only to the worker's own-name account.
 */
export function RegisterWorkerScreen({ params }: ScreenProps) {
  const { t } = useTranslation();
  const me = useMe();
  const id = params.id!;
  const resource = useResource(
    async (signal) => {
      const base = `/api/v1/contracts/${encodeURIComponent(id)}`;
      const [contract, subcontracts] = await Promise.all([
        api.get<Contract>(base, signal),
        api.list<Subcontract>(`${base}/subcontracts`, signal),
      ]);
      return { contract, own: subcontracts.filter((sub) => sub.firmId === me.firmId) };
    },
    [id, me.firmId],
  );
  return (
    <Page
      title={t('forms.worker.title')}
      lead={t('forms.worker.lead')}
      width="narrow"
      breadcrumb={<Crumbs id={id} contract={resource.state === 'ready' ? resource.data.contract : undefined} />}
    >
      <Loaded resource={resource}>
        {({ contract, own }) => <WorkerForm contract={contract} own={own} needsSubcontract={me.role !== 'prime'} />}
      </Loaded>
    </Page>
  );
}

export function Crumbs({ id, contract }: { id: string; contract: Contract | undefined }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('common.breadcrumb')} className="breadcrumb">
      <ol>
        <li>
          <Link to="/contracts">{t('contracts.title')}</Link>
        </li>
        <li>
          <Link to={`/contracts/${id}`}>{contract?.contractNumber ?? '…'}</Link>
        </li>
      </ol>
    </nav>
  );
}

function WorkerForm({
  contract,
  own,
  needsSubcontract,
}: {
  contract: Contract;
  own: Subcontract[];
  needsSubcontract: boolean;
}) {
  const { t } = useTranslation();
  const check: Check<WorkerValues> = useCallback(
    (values) => {
      const wage = parseWonInput(values.dailyWageWon);
      return {
        subcontractId: needsSubcontract && isBlank(values.subcontractId) ? 'required' : undefined,
        name: isBlank(values.name) ? 'required' : undefined,
        phone: checkPhone(values.phone),
        trade: isBlank(values.trade) ? 'required' : undefined,
        dailyWageWon: 'problem' in wage ? wage.problem : undefined,
        startsOn: checkDate(values.startsOn),
        'account.bankCode': isBlank(values['account.bankCode']) ? 'required' : undefined,
        'account.accountNumber': checkAccountNumber(values['account.accountNumber']),
        'account.holderName': checkHolderName(values['account.holderName'], values.name),
      };
    },
    [needsSubcontract],
  );
  const form = useForm<WorkerValues>(
    {
      subcontractId: own.length === 1 ? own[0]!.id : '',
      name: '',
      phone: '',
      locale: 'ko',
      trade: '',
      dailyWageWon: '',
      startsOn: todayInSeoul(),
      'account.bankCode': '',
      'account.accountNumber': '',
      'account.holderName': '',
    },
    check,
  );
  const { values, errors } = form;
  const labels: Record<keyof WorkerValues, string> = {
    subcontractId: t('forms.worker.subcontract'),
    name: t('forms.worker.name'),
    phone: t('forms.worker.phone'),
    locale: t('forms.worker.locale'),
    trade: t('forms.worker.trade'),
    dailyWageWon: t('forms.worker.dailyWage'),
    startsOn: t('forms.worker.startsOn'),
    'account.bankCode': t('forms.account.bank'),
    'account.accountNumber': t('forms.account.number'),
    'account.holderName': t('forms.account.holder'),
  };
  // The holder name follows the worker's name until someone types a different one.
  const holderFollowsName = values['account.holderName'] === '' || values['account.holderName'] === values.name;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void form.submit(async (v) => {
      const wage = parseWonInput(v.dailyWageWon);
      const body = {
        name: v.name.trim(),
        phone: v.phone.trim(),
        locale: v.locale,
        ...(v.subcontractId ? { subcontractId: v.subcontractId } : {}),
        trade: v.trade.trim(),
        dailyWageWon: 'amountWon' in wage ? wage.amountWon : v.dailyWageWon,
        startsOn: v.startsOn,
        account: {
          bankCode: v['account.bankCode'],
          accountNumber: v['account.accountNumber'].trim(),
          holderName: v['account.holderName'].trim(),
        },
      };
      const registered = await api.post<Registered<Engagement>>(`/api/v1/contracts/${contract.id}/workers`, body);
      setFlash({
        text: t(registered.result === 'created' ? 'forms.worker.registered' : 'forms.worker.exists', {
          name: body.name,
        }),
        highlight: registered.record.id,
      });
      navigate(`/contracts/${contract.id}#workers`);
    });
  };

  const text = (field: keyof WorkerValues & string, extra: Record<string, unknown> = {}) => ({
    value: values[field],
    onChange: (event: { target: { value: string } }) => form.set(field, event.target.value),
    onBlur: () => form.blur(field),
    ...extra,
  });

  return (
    <form onSubmit={onSubmit} noValidate className="card form">
      <p className="form-context">
        {t('forms.contextContract')} <strong>{contract.title}</strong>
      </p>
      <p>
        <Link to={`/contracts/${contract.id}/workers/import`}>{t('roster.link')}</Link>
      </p>
      <ErrorSummary errors={errors} formError={form.formError} labels={labels} summaryRef={form.summary} />

      <fieldset>
        <legend>{t('forms.worker.personLegend')}</legend>
        {needsSubcontract ? (
          <Field name="subcontractId" label={labels.subcontractId} error={errors.subcontractId} required>
            {(wiring) => (
              <select {...wiring} {...text('subcontractId')}>
                <option value="">{t('forms.chooseSubcontract')}</option>
                {own.map((sub) => (
                  <option key={sub.id} value={sub.id}>
                    {sub.reference} · {sub.title}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        <Field name="name" label={labels.name} error={errors.name} required>
          {(wiring) => (
            <input
              {...wiring}
              autoComplete="off"
              value={values.name}
              onBlur={() => form.blur('name')}
              onChange={(event) =>
                form.set(
                  'name',
                  event.target.value,
                  holderFollowsName ? { 'account.holderName': event.target.value } : undefined,
                )
              }
            />
          )}
        </Field>
        <Field name="phone" label={labels.phone} hint={t('forms.worker.phoneHint')} error={errors.phone} required>
          {(wiring) => <input {...wiring} type="tel" inputMode="tel" autoComplete="off" {...text('phone')} />}
        </Field>
        <Field name="locale" label={labels.locale} hint={t('forms.worker.localeHint')} required>
          {(wiring) => (
            <select {...wiring} {...text('locale')}>
              <option value="ko">{t('forms.worker.localeKo')}</option>
              <option value="en">{t('forms.worker.localeEn')}</option>
            </select>
          )}
        </Field>
      </fieldset>

      <fieldset>
        <legend>{t('forms.worker.workLegend')}</legend>
        <Field name="trade" label={labels.trade} hint={t('forms.worker.tradeHint')} error={errors.trade} required>
          {(wiring) => <input {...wiring} {...text('trade')} />}
        </Field>
        <Field
          name="dailyWageWon"
          label={labels.dailyWageWon}
          hint={t('forms.wonHint')}
          error={errors.dailyWageWon}
          required
        >
          {(wiring) => (
            <div className="input-affix">
              <span aria-hidden="true">₩</span>
              <input {...wiring} inputMode="numeric" autoComplete="off" {...text('dailyWageWon')} />
            </div>
          )}
        </Field>
        <Field name="startsOn" label={labels.startsOn} error={errors.startsOn} required>
          {(wiring) => <input {...wiring} type="date" {...text('startsOn')} />}
        </Field>
      </fieldset>

      <fieldset>
        <legend>{t('forms.worker.accountLegend')}</legend>
        <p className="hint">{t('forms.worker.accountHint')}</p>
        <Field name="account.bankCode" label={labels['account.bankCode']} error={errors['account.bankCode']} required>
          {(wiring) => (
            <BankSelect
              wiring={wiring}
              value={values['account.bankCode']}
              onChange={(code) => form.set('account.bankCode', code)}
              onBlur={() => form.blur('account.bankCode')}
            />
          )}
        </Field>
        <Field
          name="account.accountNumber"
          label={labels['account.accountNumber']}
          hint={t('forms.account.numberHint')}
          error={errors['account.accountNumber']}
          required
        >
          {(wiring) => <input {...wiring} inputMode="numeric" autoComplete="off" {...text('account.accountNumber')} />}
        </Field>
        <Field
          name="account.holderName"
          label={labels['account.holderName']}
          error={errors['account.holderName']}
          required
        >
          {(wiring) => <input {...wiring} autoComplete="off" {...text('account.holderName')} />}
        </Field>
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={form.submitting}>
          {form.submitting ? t('forms.submitting') : t('forms.worker.submit')}
        </button>
        <Link to={`/contracts/${contract.id}`} className="button button-quiet">
          {t('common.cancel')}
        </Link>
      </div>
      <p className="form-footnote">{t('forms.worker.privacy')}</p>
    </form>
  );
}
