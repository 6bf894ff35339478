import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { totpEnrolmentRequiredEvent } from '../api/client.ts';
import type { Role } from '../api/types.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import { navigationFor } from '../routes.tsx';
import { goToTotpEnrolment, totpEnrolmentPath } from '../screens/security-totp.tsx';
import { useSession } from '../session.tsx';
import { DemoClock } from './demo-clock.tsx';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const other = i18n.language === 'en' ? 'ko' : 'en';
  return (
    <button
      type="button"
      className="button button-quiet language-switch"
      lang={other}
      aria-label={t('language.switchLabel')}
      onClick={() => void i18n.changeLanguage(other)}
    >
      <span aria-hidden="true" className="language-icon">
        ⟷
      </span>
      {t('language.other')}
    </button>
  );
}

/**
 * The frame around every screen: a skip link, the header (service name, who is signed in and for which
 * party, the language switch, sign-out), the navigation for the signed-in role, and the footer.
 */
export function Shell({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { session, demo, signOut } = useSession();
  const { path } = useLocation();
  const role: Role = session.status === 'signed_in' ? session.me.role : 'public';
  const items = navigationFor(role);
  const party = session.status === 'signed_in' ? session.party : undefined;
  const partyName = party ? (i18n.language === 'en' && party.nameEn ? party.nameEn : party.name) : undefined;
  // The API refuses everything but enrolment until an official, bank or admin enrols two-factor sign-in.
  useEffect(() => {
    window.addEventListener(totpEnrolmentRequiredEvent, goToTotpEnrolment);
    return () => window.removeEventListener(totpEnrolmentRequiredEvent, goToTotpEnrolment);
  }, []);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      {demo ? (
        <div className="demo-banner" role="note">
          <strong>{t('app.demoLabel')}</strong> {t('app.demoBanner')}
          <DemoClock />
        </div>
      ) : null}
      <header className="site-header">
        <div className="site-header-inner">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              H
            </span>
            <span className="brand-text">
              <span className="brand-name">{t('app.name')}</span>
              <span className="brand-tagline">{t('app.tagline')}</span>
            </span>
          </Link>
          <div className="header-tools">
            {session.status === 'signed_in' ? (
              <div className="who" data-testid="who">
                <span className="who-role">{t(`roles.${session.me.role}`)}</span>
                {partyName ? <span className="who-party">{partyName}</span> : null}
              </div>
            ) : null}
            <LanguageSwitch />
            {session.status === 'signed_in' && session.me.role !== 'worker' ? (
              <Link to={totpEnrolmentPath} className="button button-quiet" data-testid="account-security">
                {t('security.menu')}
              </Link>
            ) : null}
            {session.status === 'signed_in' ? (
              <button
                type="button"
                className="button button-quiet"
                onClick={() => void signOut().then(() => navigate('/sign-in'))}
              >
                {t('header.signOut')}
              </button>
            ) : session.status === 'signed_out' && path !== '/sign-in' ? (
              <Link to="/sign-in" className="button button-quiet">
                {t('header.signIn')}
              </Link>
            ) : null}
          </div>
        </div>
        {items.length > 0 ? (
          <nav className="site-nav" aria-label={t('nav.label')}>
            <ul>
              {items.map((item) => {
                const active = item.path === path || (item.path !== '/' && path.startsWith(`${item.path}/`));
                return (
                  <li key={item.path}>
                    <Link to={item.path} aria-current={active ? 'page' : undefined}>
                      {t(item.label)}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </nav>
        ) : null}
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <div className="site-footer-inner">
          <p>
            <strong>{t('app.name')}</strong> · {t('footer.about')}
          </p>
          <ul>
            <li>
              <Link to="/public">{t('nav.public')}</Link>
            </li>
            <li>
              <Link to="/worker">{t('nav.worker')}</Link>
            </li>
            <li>
              <a href="/api/docs">{t('footer.api')}</a>
            </li>
          </ul>
          <p className="footer-note">{t('footer.license')}</p>
        </div>
      </footer>
    </>
  );
}
