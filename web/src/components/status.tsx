import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import type { Resource } from '../use-resource.ts';
import { useErrorText } from './error-text.ts';

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t('common.loading')}
    </p>
  );
}

export function LoadFailed({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">{t('common.loadFailed')}</p>
      <p>{errorText(error instanceof ApiError ? error : undefined)}</p>
      <button type="button" className="button button-secondary" onClick={retry}>
        {t('common.retry')}
      </button>
    </div>
  );
}

/** Renders a resource: a loading line, the failure with a retry, or the content. */
export function Loaded<T>({ resource, children }: { resource: Resource<T>; children: (data: T) => ReactNode }) {
  if (resource.state === 'loading') return <Loading />;
  if (resource.state === 'failed') return <LoadFailed error={resource.error} retry={resource.reload} />;
  return <>{children(resource.data)}</>;
}

export function Notice({
  tone = 'info',
  title,
  children,
  live = false,
}: {
  tone?: 'info' | 'success' | 'warning' | 'error';
  title?: string;
  children?: ReactNode;
  live?: boolean;
}) {
  return (
    <div className={`notice notice-${tone}`} {...(live ? { role: tone === 'error' ? 'alert' : 'status' } : {})}>
      {title ? <p className="notice-title">{title}</p> : null}
      {children}
    </div>
  );
}
