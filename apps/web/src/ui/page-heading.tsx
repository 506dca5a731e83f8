import { useTranslation } from 'react-i18next';
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

let isFirstPage = true;

interface PageHeadingProps {
  /** Used for the browser tab title; defaults to the heading text when that is a string. */
  title?: string;
  children: ReactNode;
}

/** The page's single <h1>: sets the tab title and takes focus after in-app navigation. */
export function PageHeading({ title, children }: PageHeadingProps) {
  const ref = useRef<HTMLHeadingElement>(null);
  const { t } = useTranslation('common');
  const tabTitle = title ?? (typeof children === 'string' ? children : undefined);

  useEffect(() => {
    if (tabTitle) document.title = t('tabTitle', { title: tabTitle });
  }, [tabTitle, t]);

  useEffect(() => {
    // On first load the browser already starts at the top. After a client-side
    // navigation nothing tells a screen reader that the page changed unless focus moves.
    if (isFirstPage) {
      isFirstPage = false;
      return;
    }
    ref.current?.focus();
  }, []);

  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}
