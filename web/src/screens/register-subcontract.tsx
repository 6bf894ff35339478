import { type FormEvent, useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { Contract, Registered, Subcontract } from '../api/types.ts';
import { useLocale } from '../components/display.tsx';
import { FirmAccountFieldsets } from '../components/firm-account-fields.tsx';
import { type Check, ErrorSummary, Field, useForm } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { Loaded, Notice } from '../components/status.tsx';
import { setFlash } from '../flash.ts';
import { formatWon, formatWonInWords } from '../format.ts';
import { Link, navigate } from '../router.tsx';
import type { ScreenProps } from '../routes.tsx';
import { useMe } from '../session.tsx';
import { useResource } from '../use-resource.ts';
import {
  checkAccountNumber,
  checkBusinessNumber,
  checkDate,
  checkHolderName,
  isBlank,
  parseWonInput,
} from '../validation.ts';
import { Crumbs } from './register-worker.tsx';

type SubcontractValues = {
  parentSubcontractId: string;
  reference: string;
  'firm.businessNumber': string;
  'firm.name': string;
  'firm.representative': string;
  title: string;
  amountWon: string;
  startsOn: string;
  endsOn: string;
  'payeeAccount.bankCode': string;
  'payeeAccount.accountNumber': string;
  'payeeAccount.holderName': string;
};

/**
 * Registers a subcontract (POST /api/v1/contracts/:id/subcontracts): the prime lets tier 1 under its
 * contract; a subcontractor lets tier 2 under its own subcontract. The form keeps the API's rule that the
 * subcontracts let under one party never add up to more than that party's own contract.
 */
export function RegisterSubcontractScreen({ params }: ScreenProps) {
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
      return { contract, subcontracts };
    },
    [id],
  );
  const tierTwo = me.role === 'subcontractor';
  return (
    <Page
      title={t(tierTwo ? 'forms.subcontract.titleTier2' : 'forms.subcontract.title')}
      lead={t(tierTwo ? 'forms.subcontract.leadTier2' : 'forms.subcontract.lead')}
      width="narrow"
      breadcrumb={<Crumbs id={id} contract={resource.state === 'ready' ? resource.data.contract : undefined} />}
    >
      <Loaded resource={resource}>
        {({ contract, subcontracts }) => {
          const parents = tierTwo ? subcontracts.filter((sub) => sub.firmId === me.firmId) : [];
          if (tierTwo && parents.length === 0) {
            return (
              <Notice tone="info">
                <p>{t('forms.subcontract.noParent')}</p>
              </Notice>
            );
          }
          return (
            <SubcontractForm contract={contract} subcontracts={subcontracts} parents={parents} tierTwo={tierTwo} />
          );
        }}
      </Loaded>
    </Page>
  );
}

function SubcontractForm({
  contract,
  subcontracts,
  parents,
  tierTwo,
}: {
  contract: Contract;
  subcontracts: Subcontract[];
  parents: Subcontract[];
  tierTwo: boolean;
}) {
  const { t } = useTranslation();
  const locale = useLocale();

  /** What may still be let under the chosen parent (the contract itself for tier 1). */
  const remainingUnder = useCallback(
    (parentId: string): bigint | undefined => {
      const parent = parentId ? subcontracts.find((sub) => sub.id === parentId) : undefined;
      if (tierTwo && !parent) return undefined;
      const ceiling = BigInt(parent ? parent.amountWon : contract.amountWon);
      const let_ = subcontracts
        .filter((sub) => (parent ? sub.parentSubcontractId === parent.id : sub.parentSubcontractId === null))
        .reduce((sum, sub) => sum + BigInt(sub.amountWon), 0n);
      return ceiling - let_;
    },
    [contract.amountWon, subcontracts, tierTwo],
  );

  const check: Check<SubcontractValues> = useCallback(
    (values) => {
      const amount = parseWonInput(values.amountWon);
      const remaining = remainingUnder(values.parentSubcontractId);
      const accountGiven = ['payeeAccount.bankCode', 'payeeAccount.accountNumber', 'payeeAccount.holderName'].some(
        (field) => !isBlank(values[field as keyof SubcontractValues]),
      );
      const dateProblem = checkDate(values.endsOn);
      return {
        parentSubcontractId: tierTwo && isBlank(values.parentSubcontractId) ? 'required' : undefined,
        reference: isBlank(values.reference) ? 'required' : undefined,
        'firm.businessNumber': checkBusinessNumber(values['firm.businessNumber']),
        'firm.name': isBlank(values['firm.name']) ? 'required' : undefined,
        title: isBlank(values.title) ? 'required' : undefined,
        amountWon:
          'problem' in amount
            ? amount.problem
            : remaining !== undefined && BigInt(amount.amountWon) > remaining
              ? 'subcontract_exceeds_contract'
              : undefined,
        startsOn: checkDate(values.startsOn),
        endsOn: dateProblem ?? (values.endsOn < values.startsOn ? 'invalid_period' : undefined),
        'payeeAccount.bankCode': accountGiven && isBlank(values['payeeAccount.bankCode']) ? 'required' : undefined,
        'payeeAccount.accountNumber': accountGiven
          ? checkAccountNumber(values['payeeAccount.accountNumber'])
          : undefined,
        'payeeAccount.holderName': accountGiven
          ? checkHolderName(values['payeeAccount.holderName'], values['firm.name'])
          : undefined,
      };
    },
    [remainingUnder, tierTwo],
  );

  const form = useForm<SubcontractValues>(
    {
      parentSubcontractId: parents.length === 1 ? parents[0]!.id : '',
      reference: '',
      'firm.businessNumber': '',
      'firm.name': '',
      'firm.representative': '',
      title: '',
      amountWon: '',
      startsOn: '',
      endsOn: '',
      'payeeAccount.bankCode': '',
      'payeeAccount.accountNumber': '',
      'payeeAccount.holderName': '',
    },
    check,
  );
  const { values, errors } = form;
  const labels: Record<keyof SubcontractValues, string> = {
    parentSubcontractId: t('forms.subcontract.parent'),
    reference: t('forms.subcontract.reference'),
    'firm.businessNumber': t('forms.firm.businessNumber'),
    'firm.name': t('forms.firm.name'),
    'firm.representative': t('forms.firm.representative'),
    title: t('forms.subcontract.workTitle'),
    amountWon: t('forms.subcontract.amount'),
    startsOn: t('forms.subcontract.startsOn'),
    endsOn: t('forms.subcontract.endsOn'),
    'payeeAccount.bankCode': t('forms.account.bank'),
    'payeeAccount.accountNumber': t('forms.account.number'),
    'payeeAccount.holderName': t('forms.account.holder'),
  };
  const remaining = remainingUnder(values.parentSubcontractId);
  const typed = parseWonInput(values.amountWon);
  const typedInWords = 'amountWon' in typed ? formatWonInWords(typed.amountWon, locale) : undefined;

  const text = (field: keyof SubcontractValues) => ({
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
        ...(v.parentSubcontractId ? { parentSubcontractId: v.parentSubcontractId } : {}),
        firm: {
          businessNumber: v['firm.businessNumber'].trim(),
          name: v['firm.name'].trim(),
          ...(isBlank(v['firm.representative']) ? {} : { representative: v['firm.representative'].trim() }),
        },
        title: v.title.trim(),
        amountWon: 'amountWon' in amount ? amount.amountWon : v.amountWon,
        startsOn: v.startsOn,
        endsOn: v.endsOn,
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
      const registered = await api.post<Registered<Subcontract>>(`/api/v1/contracts/${contract.id}/subcontracts`, body);
      setFlash({
        text: t(registered.result === 'created' ? 'forms.subcontract.registered' : 'forms.subcontract.exists', {
          name: body.firm.name,
        }),
        highlight: registered.record.id,
      });
      navigate(`/contracts/${contract.id}#subcontracts`);
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate className="card form">
      <p className="form-context">
        {t('forms.contextContract')} <strong>{contract.title}</strong>
      </p>
      <ErrorSummary errors={errors} formError={form.formError} labels={labels} summaryRef={form.summary} />

      <fieldset>
        <legend>{t('forms.subcontract.contractLegend')}</legend>
        {tierTwo ? (
          <Field
            name="parentSubcontractId"
            label={labels.parentSubcontractId}
            error={errors.parentSubcontractId}
            required
          >
            {(wiring) => (
              <select {...wiring} {...text('parentSubcontractId')}>
                <option value="">{t('forms.chooseSubcontract')}</option>
                {parents.map((sub) => (
                  <option key={sub.id} value={sub.id}>
                    {sub.reference} · {sub.title}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        <Field
          name="reference"
          label={labels.reference}
          hint={t('forms.subcontract.referenceHint')}
          error={errors.reference}
          required
        >
          {(wiring) => <input {...wiring} autoComplete="off" {...text('reference')} />}
        </Field>
        <Field name="title" label={labels.title} error={errors.title} required>
          {(wiring) => <input {...wiring} {...text('title')} />}
        </Field>
        <Field
          name="amountWon"
          label={labels.amountWon}
          hint={
            remaining !== undefined
              ? t('forms.subcontract.remaining', { amount: formatWon(String(remaining)) })
              : t('forms.wonHint')
          }
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
        <div className="field-row">
          <Field name="startsOn" label={labels.startsOn} error={errors.startsOn} required>
            {(wiring) => <input {...wiring} type="date" {...text('startsOn')} />}
          </Field>
          <Field name="endsOn" label={labels.endsOn} error={errors.endsOn} required>
            {(wiring) => <input {...wiring} type="date" {...text('endsOn')} />}
          </Field>
        </div>
      </fieldset>

      <FirmAccountFieldsets
        values={values}
        errors={errors}
        labels={labels}
        set={form.set}
        blur={form.blur}
        legends={{
          firm: t('forms.subcontract.firmLegend'),
          account: t('forms.subcontract.accountLegend'),
          accountHint: t('forms.subcontract.accountHint'),
        }}
      />

      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={form.submitting}>
          {form.submitting ? t('forms.submitting') : t('forms.subcontract.submit')}
        </button>
        <Link to={`/contracts/${contract.id}`} className="button button-quiet">
          {t('common.cancel')}
        </Link>
      </div>
    </form>
  );
}
