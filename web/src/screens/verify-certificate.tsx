import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { CertificateLine, CertificateVerification } from '../api/document-types.ts';
import { CivilDate, Period, TableRegion, useLocale, Won } from '../components/display.tsx';
import { Page } from '../components/page.tsx';
import { Loaded, Notice } from '../components/status.tsx';
import type { ScreenProps } from '../routes.tsx';
import { useResource } from '../use-resource.ts';
import '../components/documents.css';

/**
 * The page a certificate's QR code opens, for anyone (no sign-in): whether the certificate is genuine and
 * still matches Hado's records, its facts (firms by name, workers only counted) and how the claim stands now.
 */
export function VerifyCertificateScreen({ params }: ScreenProps) {
  const { t } = useTranslation();
  const token = params.token ?? '';
  const resource = useResource(
    (signal) => api.get<CertificateVerification>(`/api/v1/public/certificates/${encodeURIComponent(token)}`, signal),
    [token],
  );
  return (
    <Page title={t('documents.verify.title')} lead={t('documents.verify.lead')}>
      <Loaded resource={resource}>{(answer) => <Verification answer={answer} />}</Loaded>
    </Page>
  );
}

function Verification({ answer }: { answer: CertificateVerification }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const certificate = answer.certificate;
  const tone = answer.result === 'valid' ? 'success' : answer.result === 'changed' ? 'warning' : 'error';
  return (
    <>
      <div data-testid="verify-result" data-result={answer.result}>
        <Notice tone={tone} title={t(`documents.verify.result.${answer.result}`)}>
          <p>{t(`documents.verify.explain.${answer.result}`)}</p>
        </Notice>
      </div>
      {certificate ? (
        <>
          <section aria-labelledby="verify-facts" className="section">
            <h2 id="verify-facts">{t('documents.verify.facts')}</h2>
            <dl className="facts">
              <div>
                <dt>{t('documents.verify.buyer')}</dt>
                <dd>{certificate.buyer}</dd>
              </div>
              <div>
                <dt>{t('documents.verify.contract')}</dt>
                <dd>
                  {certificate.contract.title}
                  <span className="sub verify-sub">{certificate.contract.number}</span>
                </dd>
              </div>
              <div>
                <dt>{t('documents.verify.prime')}</dt>
                <dd>{certificate.prime}</dd>
              </div>
              <div>
                <dt>{t('documents.verify.claim')}</dt>
                <dd>
                  {t('documents.verify.claimValue', {
                    sequence: certificate.claim.sequence,
                    version: certificate.claim.version,
                  })}
                </dd>
              </div>
              <div>
                <dt>{t('documents.verify.period')}</dt>
                <dd>
                  <Period start={certificate.claim.periodStart} end={certificate.claim.periodEnd} />
                </dd>
              </div>
              <div>
                <dt>{t('documents.verify.total')}</dt>
                <dd>
                  <Won amount={certificate.claim.totalWon} />
                </dd>
              </div>
              <div>
                <dt>{t('documents.verify.buyerPaidOn')}</dt>
                <dd>{certificate.claim.buyerPaidOn ? <CivilDate date={certificate.claim.buyerPaidOn} /> : '—'}</dd>
              </div>
              <div>
                <dt>{t('documents.verify.issuedAt')}</dt>
                <dd>
                  {new Intl.DateTimeFormat(locale === 'ko' ? 'ko-KR' : 'en-GB', {
                    timeZone: 'Asia/Seoul',
                    dateStyle: 'long',
                    timeStyle: 'short',
                  }).format(new Date(certificate.issuedAt))}
                </dd>
              </div>
              <div>
                <dt>{t('documents.verify.scope')}</dt>
                <dd>{t(`documents.verify.scopes.${certificate.scope}`)}</dd>
              </div>
              <div className="facts-wide">
                <dt>{t('documents.verify.hash')}</dt>
                <dd className="verify-hash">{certificate.contentHash}</dd>
              </div>
            </dl>
          </section>
          <section aria-labelledby="verify-status" className="section">
            <h2 id="verify-status">{t('documents.verify.status')}</h2>
            <p className="verify-result" data-testid="verify-status">
              {certificate.totals.outstandingWon === '0' ? (
                t('documents.verify.allPaid')
              ) : (
                <>
                  {t('documents.verify.outstanding')} <Won amount={certificate.totals.outstandingWon} />
                </>
              )}
            </p>
            <TableRegion label={t('documents.verify.lines')}>
              <table className="table verify-lines">
                <caption className="visually-hidden">{t('documents.verify.lines')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('documents.verify.columns.payee')}</th>
                    <th scope="col">{t('documents.verify.columns.kind')}</th>
                    <th scope="col" className="numeric">
                      {t('documents.verify.columns.due')}
                    </th>
                    <th scope="col">{t('documents.verify.columns.dueOn')}</th>
                    <th scope="col" className="numeric">
                      {t('documents.verify.columns.paid')}
                    </th>
                    <th scope="col">{t('documents.verify.columns.paidOn')}</th>
                  </tr>
                </thead>
                <tbody>
                  {certificate.lines.map((line, index) => (
                    // Lines have no id of their own on the public page; their order is the certificate's.
                    // biome-ignore lint/suspicious/noArrayIndexKey: the list never reorders.
                    <tr key={index}>
                      <td>
                        <PayeeText line={line} />
                      </td>
                      <td>{t(`documents.kinds.${line.kind}`, { defaultValue: line.kind })}</td>
                      <td className="numeric">
                        <Won amount={line.dueWon} />
                      </td>
                      <td>
                        <CivilDate date={line.dueOn} short />
                      </td>
                      <td className="numeric">
                        <Won amount={line.paidWon} />
                      </td>
                      <td className="payments">
                        {line.payments.length === 0
                          ? '—'
                          : line.payments.map((payment) => (
                              <span key={payment.on} className="sub">
                                <CivilDate date={payment.on} short />
                              </span>
                            ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row" colSpan={2}>
                      {t('documents.verify.sum')}
                    </th>
                    <td className="numeric">
                      <Won amount={certificate.totals.dueWon} />
                    </td>
                    <td />
                    <td className="numeric">
                      <Won amount={certificate.totals.paidWon} />
                    </td>
                    <td />
                  </tr>
                </tfoot>
              </table>
            </TableRegion>
          </section>
        </>
      ) : null}
    </>
  );
}

function PayeeText({ line }: { line: CertificateLine }) {
  const { t } = useTranslation();
  if (line.payee === 'firm') return <>{line.name}</>;
  return <>{t('documents.verify.workers', { count: line.workers ?? 0, employer: line.employer ?? '' })}</>;
}
