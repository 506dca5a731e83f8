import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';

/** An error the person must notice now; announced as soon as it appears. */
export function ErrorMessage({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <p role="alert" className="message message-error">
      {children}
    </p>
  );
}

/**
 * A polite live region. It is always rendered, even when empty, because screen
 * readers only announce changes to regions that were already on the page.
 */
export function LiveStatus({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <p role="status" className={['live-status', className].filter(Boolean).join(' ')}>
      {children}
    </p>
  );
}

/** "Loading your projects…": what is a phrase already in the reader's language. */
export function Loading({ what }: { what: string }) {
  const { t } = useTranslation('common');
  return <p className="loading">{t('loadingWhat', { what })}</p>;
}
