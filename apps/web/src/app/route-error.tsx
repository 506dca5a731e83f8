import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { PageHeading } from '../ui/page-heading';

/** Shown when a page fails to load or render, most often a stale tab after an update. */
export function RouteError() {
  const error = useRouteError();
  const { t } = useTranslation('common');
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <main id="main" tabIndex={-1}>
      <div className="narrow stack">
        <PageHeading title={notFound ? t('notFound.title') : t('routeError.title')}>
          {notFound ? t('notFound.heading') : t('routeError.heading')}
        </PageHeading>
        <p>{notFound ? t('notFound.check') : t('routeError.body')}</p>
        <p className="actions">
          {notFound ? null : (
            <button
              type="button"
              className="button-primary"
              onClick={() => window.location.reload()}
            >
              {t('routeError.reload')}
            </button>
          )}
          <Link to="/">{t('goHome')}</Link>
        </p>
      </div>
    </main>
  );
}
