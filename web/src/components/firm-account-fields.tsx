import { useTranslation } from 'react-i18next';
import { BankSelect } from './bank-select.tsx';
import { Field, type FieldError } from './form.tsx';

/** The fields a registration shares: the payee firm, and the account it is paid into (optional). */
export type FirmAccountField =
  | 'firm.businessNumber'
  | 'firm.name'
  | 'firm.representative'
  | 'payeeAccount.bankCode'
  | 'payeeAccount.accountNumber'
  | 'payeeAccount.holderName';

/**
 * The firm and payee-account fieldsets of a registration form (subcontract, supply contract): the same fields,
 * names (the API's field paths) and checks wherever a payee firm is registered; only the legends say for what.
 */
export function FirmAccountFieldsets({
  values,
  errors,
  labels,
  set,
  blur,
  legends,
}: {
  values: Readonly<Record<FirmAccountField, string>>;
  errors: Partial<Record<string, FieldError>>;
  labels: Readonly<Record<FirmAccountField, string>>;
  set: (field: FirmAccountField, value: string) => void;
  blur: (field: FirmAccountField) => void;
  legends: { firm: string; account: string; accountHint: string };
}) {
  const { t } = useTranslation();
  const form = { set, blur };
  const text = (field: FirmAccountField) => ({
    value: values[field],
    onChange: (event: { target: { value: string } }) => set(field, event.target.value),
    onBlur: () => blur(field),
  });
  return (
    <>
      <fieldset>
        <legend>{legends.firm}</legend>
        <Field
          name="firm.businessNumber"
          label={labels['firm.businessNumber']}
          hint={t('forms.firm.businessNumberHint')}
          error={errors['firm.businessNumber']}
          required
        >
          {(wiring) => <input {...wiring} inputMode="numeric" autoComplete="off" {...text('firm.businessNumber')} />}
        </Field>
        <Field name="firm.name" label={labels['firm.name']} error={errors['firm.name']} required>
          {(wiring) => <input {...wiring} autoComplete="organization" {...text('firm.name')} />}
        </Field>
        <Field name="firm.representative" label={labels['firm.representative']} error={errors['firm.representative']}>
          {(wiring) => <input {...wiring} autoComplete="off" {...text('firm.representative')} />}
        </Field>
      </fieldset>
      <fieldset>
        <legend>
          {legends.account} <span className="optional">{t('forms.optional')}</span>
        </legend>
        <p className="hint">{legends.accountHint}</p>
        <Field
          name="payeeAccount.bankCode"
          label={labels['payeeAccount.bankCode']}
          error={errors['payeeAccount.bankCode']}
        >
          {(wiring) => (
            <BankSelect
              wiring={wiring}
              value={values['payeeAccount.bankCode']}
              onChange={(code) => form.set('payeeAccount.bankCode', code)}
              onBlur={() => form.blur('payeeAccount.bankCode')}
            />
          )}
        </Field>
        <Field
          name="payeeAccount.accountNumber"
          label={labels['payeeAccount.accountNumber']}
          hint={t('forms.account.numberHint')}
          error={errors['payeeAccount.accountNumber']}
        >
          {(wiring) => (
            <input {...wiring} inputMode="numeric" autoComplete="off" {...text('payeeAccount.accountNumber')} />
          )}
        </Field>
        <Field
          name="payeeAccount.holderName"
          label={labels['payeeAccount.holderName']}
          error={errors['payeeAccount.holderName']}
        >
          {(wiring) => <input {...wiring} autoComplete="off" {...text('payeeAccount.holderName')} />}
        </Field>
      </fieldset>
    </>
  );
}
