import { useTranslation } from 'react-i18next';
import { Page } from './components/page.tsx';
import { Shell } from './components/shell.tsx';
import { Loading } from './components/status.tsx';
import { Link, matchPath, Redirect, useLocation } from './router.tsx';
import { homeFor, routes } from './routes.tsx';
import { SessionProvider, useSession } from './session.tsx';

export function App() {
  return (
    <SessionProvider>
      <Shell>
        <CurrentScreen />
      </Shell>
    </SessionProvider>
  );
}

/** The screen for the address bar's path, or the sign-in page (and back) when it needs a session. */
function CurrentScreen() {
  const { path, search } = useLocation();
  const { session } = useSession();
  const { t } = useTranslation();

  if (path === '/') {
    if (session.status === 'loading') return <Loading />;
    return <Redirect to={session.status === 'signed_in' ? homeFor(session.me.role) : '/sign-in'} />;
  }
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (!params) continue;
    const Screen = route.screen;
    if (route.access === 'anyone') return <Screen params={params} />;
    if (session.status === 'loading') return <Loading />;
    if (session.status === 'signed_out') {
      return <Redirect to={`/sign-in?next=${encodeURIComponent(path + search)}`} />;
    }
    if (!route.access.includes(session.me.role)) {
      return (
        <Page title={t('forbidden.title')} width="narrow">
          <p>{t('forbidden.body')}</p>
          <p>
            <Link to={homeFor(session.me.role)}>{t('common.home')}</Link>
          </p>
        </Page>
      );
    }
    return <Screen params={params} />;
  }
  return (
    <Page title={t('notFound.title')} width="narrow">
      <p>{t('notFound.body')}</p>
      <p>
        <Link to="/">{t('common.home')}</Link>
      </p>
    </Page>
  );
}
