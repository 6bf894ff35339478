import { type AnchorHTMLAttributes, type MouseEvent, useEffect, useSyncExternalStore } from 'react';

/**
 * A small history router: paths are plain URLs the server answers with index.html, so every screen has
 * a link that can be bookmarked, shared and opened in a new tab. Patterns are `/contracts/:id`.
 */
const changeEvent = 'hado:navigate';

export type Location = { path: string; search: string; hash: string };

let current: Location = readLocation();

function readLocation(): Location {
  return { path: window.location.pathname, search: window.location.search, hash: window.location.hash };
}

function subscribe(listener: () => void) {
  const update = () => {
    current = readLocation();
    listener();
  };
  window.addEventListener('popstate', update);
  window.addEventListener(changeEvent, update);
  return () => {
    window.removeEventListener('popstate', update);
    window.removeEventListener(changeEvent, update);
  };
}

export function useLocation(): Location {
  return useSyncExternalStore(subscribe, () => current);
}

export function navigate(to: string, options: { replace?: boolean } = {}) {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(changeEvent));
  const hash = to.includes('#') ? to.slice(to.indexOf('#') + 1) : '';
  if (!hash) window.scrollTo(0, 0);
}

/** Navigates once rendered (a redirect from a screen). */
export function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

export type Params = Readonly<Record<string, string>>;

export function matchPath(pattern: string, path: string): Params | undefined {
  const patternParts = pattern.split('/').filter(Boolean);
  const pathParts = path.split('/').filter(Boolean);
  if (patternParts.length !== pathParts.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of patternParts.entries()) {
    const actual = pathParts[index]!;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(actual);
    else if (part !== actual) return undefined;
  }
  return params;
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string };

/** An ordinary link (open in new tab, copy address all work) that navigates in place on a plain click. */
export function Link({ to, onClick, children, ...rest }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={handle} {...rest}>
      {children}
    </a>
  );
}
