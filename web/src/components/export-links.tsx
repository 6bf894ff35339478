import { useTranslation } from 'react-i18next';
import { useLocale } from './display.tsx';
import './documents.css';

/**
 * "CSV 내려받기 / XLSX 내려받기" under a list: the API's `<list>/export` with the list's own filters (`query`),
 * headers in the language the screen shows. The file comes with the caller's session, scoped like the list.
 */
export function ExportLinks({
  listPath,
  query = {},
  label,
}: {
  listPath: string;
  query?: Readonly<Record<string, string | undefined>>;
  /** Names the links when a screen has more than one list to download ("목록 내려받기" otherwise). */
  label?: string;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const href = (format: 'csv' | 'xlsx') => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') search.set(key, value);
    search.set('format', format);
    search.set('locale', locale);
    return `${listPath}/export?${search.toString()}`;
  };
  return (
    <nav className="export-links" aria-label={label ?? t('documents.export.label')}>
      <span className="export-links-label" aria-hidden="true">
        {label ?? t('documents.export.label')}
      </span>
      <a className="export-link" href={href('csv')} download data-testid="export-csv">
        {t('documents.export.csv')}
      </a>
      <a className="export-link" href={href('xlsx')} download data-testid="export-xlsx">
        {t('documents.export.xlsx')}
      </a>
    </nav>
  );
}
