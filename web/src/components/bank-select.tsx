import { useTranslation } from 'react-i18next';
import { koreanBankNames } from '../validation.ts';
import { useLocale } from './display.tsx';

type SelectWiring = {
  id: string;
  name: string;
  'aria-invalid': boolean;
  'aria-describedby'?: string;
  required?: boolean;
};

/** The banks Hado knows by their 3-digit code, named in the chosen language. */
export function BankSelect({
  wiring,
  value,
  onChange,
  onBlur,
}: {
  wiring: SelectWiring;
  value: string;
  onChange: (code: string) => void;
  onBlur?: () => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const banks = Object.entries(koreanBankNames).sort(([a], [b]) => a.localeCompare(b));
  return (
    <select {...wiring} value={value} onChange={(event) => onChange(event.target.value)} onBlur={onBlur}>
      <option value="">{t('forms.chooseBank')}</option>
      {banks.map(([code, names]) => (
        <option key={code} value={code}>
          {names[locale]} ({code})
        </option>
      ))}
    </select>
  );
}
