import { Suspense } from 'react';
import { Link, Outlet, useNavigate } from 'react-router';
import type { UserKind } from '@commonplace/shared';
import { useAuth } from '../auth/auth-context';
import { SettingsPanel } from '../settings/settings-panel';
import { applySettings } from '../settings/settings-store';

// Before the first paint of any page, so big text or high contrast never flashes in late.
applySettings();

const KIND_LABEL: Record<UserKind, string> = {
  teacher: 'Teacher',
  student: 'Student',
  guardian: 'Guardian',
  mentor: 'Mentor',
};

export function AppLayout() {
  const { session, signOut } = useAuth();
  const navigate = useNavigate();

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <Link to="/" className="brand">
            Commonplace
          </Link>
          <SettingsPanel />
          {session ? (
            <div className="account">
              <span>
                Signed in as <strong>{session.user.displayName}</strong>
                <span className="muted"> ({KIND_LABEL[session.user.kind]})</span>
              </span>
              <button
                type="button"
                onClick={() => {
                  signOut();
                  navigate('/sign-in', { replace: true });
                }}
              >
                Sign out
              </button>
            </div>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}

function PageLoading() {
  return (
    <p role="status" className="loading">
      Loading the page…
    </p>
  );
}
