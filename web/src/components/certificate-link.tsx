import { useTranslation } from 'react-i18next';
import { useLocale } from './display.tsx';
import './documents.css';

/**
 * "확인서 PDF": the payment verification certificate of a paid claim (nothing for a claim not yet paid). The
 * PDF covers what the signed-in party may see of the claim and carries a QR code to /verify/<token>.
 */
export function CertificateLink({ claimId, status }: { claimId: string; status: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (status !== 'paid') return null;
  return (
    <a
      className="certificate-link"
      href={`/api/v1/claims/${encodeURIComponent(claimId)}/certificate?locale=${locale}`}
      target="_blank"
      rel="noopener"
      data-testid="certificate-link"
    >
      {t('documents.certificate.link')}
      <span className="visually-hidden">{t('documents.certificate.opensNewWindow')}</span>
    </a>
  );
}
