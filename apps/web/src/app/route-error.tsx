import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { PageHeading } from '../ui/page-heading';

/** Shown when a page fails to load or render, most often a stale tab after an update. */
export function RouteError() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <main id="main" tabIndex={-1}>
      <div className="narrow stack">
        <PageHeading title={notFound ? 'Page not found' : 'Something went wrong'}>
          {notFound ? 'We could not find that page' : 'This page could not be shown'}
        </PageHeading>
        <p>
          {notFound
            ? 'Check the link, or go back to your home page.'
            : 'Commonplace may have been updated since you opened this tab. Reload the page to get the latest version.'}
        </p>
        <p className="actions">
          {notFound ? null : (
            <button
              type="button"
              className="button-primary"
              onClick={() => window.location.reload()}
            >
              Reload the page
            </button>
          )}
          <Link to="/">Go to your home page</Link>
        </p>
      </div>
    </main>
  );
}
