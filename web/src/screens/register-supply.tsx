import { type FormEvent, useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { Contract, Registered, SupplyContract } from '../api/types.ts';
import { useLocale } from '../components/display.tsx';
import { FirmAccountFieldsets } from '../components/firm-account-fields.tsx';
import { type Check, ErrorSummary, Field, useForm } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { Loaded } from '../components/status.tsx';
import { setFlash } from '../flash.ts';
import { formatWonInWords } from '../format.ts';
import { Link, navigate } from '../router.tsx';
import type { ScreenProps } from '../routes.tsx';
import { useResource } from '../use-resource.ts';
import { checkAccountNumber, checkBusinessNumber, checkHolderName, isBlank, parseWonInput } from '../validation.ts';
import { Crumbs } from './register-worker.tsx';

type SupplyValues = {
  reference: string;
  kind: string;
  title: string;
  amountWon: string;
  'firm.businessNumber': string;
  'firm.name': string;
  'firm.representative': string;
  'payeeAccount.bankCode': string;
  'payeeAccount.accountNumber': string;
  'payeeAccount.holderName': string;
};

/**
 * Registers a material or equipment supply contract under the prime's contract
 * (POST /api/v1/contracts/:id/supply-contracts): the supplier firm and, optionally, the account its share is
 * paid to, in the supplier's own name.
 */
export function RegisterSupplyScreen({ params }: ScreenProps) {
  const { t } = useTranslation();
  const id = params.id!;
  const resource = useResource(
    (signal) => api.get<Contract>(`/api/v1/contracts/${encodeURIComponent(id)}`, signal),
    [id],
  );
  return (
    <Page
      title={t('supplyForm.title')}
      lead={t('supplyForm.lead')}
      width="narrow"
      breadcrumb={<Crumbs id={id} contract={resource.state === 'ready' ? resource.data : undefined} />}
    >
      <Loaded resource={resource}>{(contract) => <SupplyForm contract={contract} />}</Loaded>
    </Page>
  );
}

function SupplyForm({ contract }: { contract: Contract }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const check: Check<SupplyValues> = useCallback((values) => {
    const amount = parseWonInput(values.amountWon);
    const accountGiven = ['payeeAccount.bankCode', 'payeeAccount.accountNumber', 'payeeAccount.holderName'].some(
      (field) => !isBlank(values[field as keyof SupplyValues]),
    );
    return {
      reference: isBlank(values.reference) ? 'required' : undefined,
      kind: isBlank(values.kind) ? 'required' : undefined,
      title: isBlank(values.title) ? 'required' : undefined,
      amountWon: 'problem' in amount ? amount.problem : undefined,
      'firm.businessNumber': checkBusinessNumber(values['firm.businessNumber']),
      'firm.name': isBlank(values['firm.name']) ? 'required' : undefined,
      'payeeAccount.bankCode': accountGiven && isBlank(values['payeeAccount.bankCode']) ? 'required' : undefined,
      'payeeAccount.accountNumber': accountGiven ? checkAccountNumber(values['payeeAccount.accountNumber']) : undefined,
      'payeeAccount.holderName': accountGiven
        ? checkHolderName(values['payeeAccount.holderName'], values['firm.name'])
        : undefined,
    };
  }, []);
  const form = useForm<SupplyValues>(
    {
      reference: '',
      kind: 'material',
      title: '',
      amountWon: '',
      'firm.businessNumber': '',
      'firm.name': '',
      'firm.representative': '',
      'payeeAccount.bankCode': '',
      'payeeAccount.accountNumber': '',
      'payeeAccount.holderName': '',
    },
    check,
  );
  const { values, errors } = form;
  const labels: Record<keyof SupplyValues, string> = {
    reference: t('supplyForm.reference'),
    kind: t('supplyForm.kind'),
    title: t('supplyForm.workTitle'),
    amountWon: t('supplyForm.amount'),
    'firm.businessNumber': t('forms.firm.businessNumber'),
    'firm.name': t('forms.firm.name'),
    'firm.representative': t('forms.firm.representative'),
    'payeeAccount.bankCode': t('forms.account.bank'),
    'payeeAccount.accountNumber': t('forms.account.number'),
    'payeeAccount.holderName': t('forms.account.holder'),
  };
  const typed = parseWonInput(values.amountWon);
  const typedInWords = 'amountWon' in typed ? formatWonInWords(typed.amountWon, locale) : undefined;
  const text = (field: keyof SupplyValues) => ({
    value: values[field],
    onChange: (event: { target: { value: string } }) => form.set(field, event.target.value),
    onBlur: () => form.blur(field),
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void form.submit(async (v) => {
      const amount = parseWonInput(v.amountWon);
      const accountGiven = !isBlank(v['payeeAccount.accountNumber']);
      const body = {
        reference: v.reference.trim(),
        kind: v.kind,
        firm: {
          businessNumber: v['firm.businessNumber'].trim(),
          name: v['firm.name'].trim(),
          ...(isBlank(v['firm.representative']) ? {} : { representative: v['firm.representative'].trim() }),
        },
        title: v.title.trim(),
        amountWon: 'amountWon' in amount ? amount.amountWon : v.amountWon,
        ...(accountGiven
          ? {
              payeeAccount: {
                bankCode: v['payeeAccount.bankCode'],
                accountNumber: v['payeeAccount.accountNumber'].trim(),
                holderName: v['payeeAccount.holderName'].trim(),
              },
            }
          : {}),
      };
      const registered = await api.post<Registered<SupplyContract>>(
        `/api/v1/contracts/${contract.id}/supply-contracts`,
        body,
      );
      setFlash({
        text: t(registered.result === 'created' ? 'supplyForm.registered' : 'supplyForm.exists', {
          name: body.firm.name,
        }),
        highlight: registered.record.id,
      });
      navigate(`/contracts/${contract.id}#supply`);
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate className="card form">
      <p className="form-context">
        {t('forms.contextContract')} <strong>{contract.title}</strong>
      </p>
      <ErrorSummary errors={errors} formError={form.formError} labels={labels} summaryRef={form.summary} />
      <fieldset>
        <legend>{t('supplyForm.contractLegend')}</legend>
        <Field
          name="reference"
          label={labels.reference}
          hint={t('supplyForm.referenceHint')}
          error={errors.reference}
          required
        >
          {(wiring) => <input {...wiring} autoComplete="off" {...text('reference')} />}
        </Field>
        <Field name="kind" label={labels.kind} error={errors.kind} required>
          {(wiring) => (
            <select {...wiring} {...text('kind')}>
              <option value="material">{t('supplyForm.material')}</option>
              <option value="equipment">{t('supplyForm.equipment')}</option>
            </select>
          )}
        </Field>
        <Field name="title" label={labels.title} error={errors.title} required>
          {(wiring) => <input {...wiring} {...text('title')} />}
        </Field>
        <Field
          name="amountWon"
          label={labels.amountWon}
          hint={t('forms.wonHint')}
          error={errors.amountWon}
          required
          after={
            typedInWords ? (
              <p className="hint" aria-live="polite">
                {typedInWords}
              </p>
            ) : null
          }
        >
          {(wiring) => (
            <div className="input-affix">
              <span aria-hidden="true">₩</span>
              <input {...wiring} inputMode="numeric" autoComplete="off" {...text('amountWon')} />
            </div>
          )}
        </Field>
      </fieldset>
      <FirmAccountFieldsets
        values={values}
        errors={errors}
        labels={labels}
        set={form.set}
        blur={form.blur}
        legends={{
          firm: t('supplyForm.firmLegend'),
          account: t('supplyForm.accountLegend'),
          accountHint: t('supplyForm.accountHint'),
        }}
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={form.submitting}>
          {form.submitting ? t('forms.submitting') : t('supplyForm.submit')}
        </button>
        <Link to={`/contracts/${contract.id}`} className="button button-quiet">
          {t('common.cancel')}
        </Link>
      </div>
    </form>
  );
}
