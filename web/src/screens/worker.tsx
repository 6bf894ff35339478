import { useTranslation } from 'react-i18next';
import { Page } from '../components/page.tsx';
import { Notice } from '../components/status.tsx';

/**
 * The worker's page (mobile first): a worker will check their own wages with a phone number and a
 * one-time code, without an account. Signing in by phone arrives with wage monitoring; until then the page
 * shows how it will work and says plainly that it is not open yet, rather than offering a form that
 * cannot work.
 */
export function WorkerScreen() {
  const { t } = useTranslation();
  const steps = [t('worker.steps.phone'), t('worker.steps.code'), t('worker.steps.wages')];
  return (
    <Page title={t('worker.title')} lead={t('worker.lead')} width="narrow">
      <Notice tone="warning" title={t('worker.notOpenTitle')}>
        <p>{t('worker.notOpen')}</p>
      </Notice>
      <section className="section" aria-labelledby="worker-steps-title">
        <h2 id="worker-steps-title">{t('worker.stepsTitle')}</h2>
        <ol className="steps">
          {steps.map((step, index) => (
            <li key={step} className="step">
              <span className="step-number" aria-hidden="true">
                {index + 1}
              </span>
              <span>{step}</span>
            </li>
          ))}
        </ol>
      </section>
      <section className="section" aria-labelledby="worker-rights-title">
        <h2 id="worker-rights-title">{t('worker.rightsTitle')}</h2>
        <ul className="plain-list">
          <li>{t('worker.rights.ownAccount')}</li>
          <li>{t('worker.rights.deadline')}</li>
          <li>{t('worker.rights.privacy')}</li>
        </ul>
      </section>
    </Page>
  );
}
