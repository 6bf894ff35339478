import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client.ts';

/**
 * Words for a refusal: the locale file's text for its code when there is one (so the words follow the
 * language switch), else the API's own message (already in the chosen language), else a generic line.
 */
export function useErrorText() {
  const { t, i18n } = useTranslation();
  return (error: Pick<ApiError, 'code' | 'message'> | undefined): string => {
    if (!error) return t('errors.unknown');
    const key = `errors.${error.code}`;
    if (i18n.exists(key)) return t(key as 'errors.unknown');
    return error.message || t('errors.unknown');
  };
}
