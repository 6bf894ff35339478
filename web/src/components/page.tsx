import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

let firstPage = true;

/**
 * One screen's frame: its title in the tab and in an <h1>, which takes focus when the user navigated
 * here so a screen reader announces the new screen (the first page load keeps the browser's focus).
 */
export function Page({
  title,
  lead,
  actions,
  breadcrumb,
  children,
  width = 'wide',
}: {
  title: string;
  lead?: ReactNode;
  actions?: ReactNode;
  breadcrumb?: ReactNode;
  children?: ReactNode;
  width?: 'wide' | 'narrow';
}) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} | ${t('app.name')}`;
  }, [title, t]);
  useEffect(() => {
    if (firstPage) {
      firstPage = false;
      return;
    }
    heading.current?.focus();
  }, []);
  return (
    <div className={`page page-${width}`}>
      {breadcrumb}
      <div className="page-head">
        <div>
          <h1 ref={heading} tabIndex={-1}>
            {title}
          </h1>
          {lead ? <p className="lead">{lead}</p> : null}
        </div>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </div>
      {children}
    </div>
  );
}
