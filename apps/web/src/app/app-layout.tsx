import { Suspense } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, Outlet, useNavigate } from 'react-router';
import { useAuth } from '../auth/auth-context';
import { LanguageSwitch } from '../i18n/language-switch';
import { NotificationBell } from '../notifications/notification-bell';
import { SettingsPanel } from '../settings/settings-panel';
import { applySettings } from '../settings/settings-store';

// Before the first paint of any page, so big text or high contrast never flashes in late.
applySettings();

export function AppLayout() {
  const { session, api, signOutEverywhere } = useAuth();
  const navigate = useNavigate();
  const { t } = useTranslation('common');

  return (
    <>
      <a className="skip-link" href="#main">
        {t('skipToMain')}
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <Link to="/" className="brand">
            {t('brand')}
          </Link>
          <LanguageSwitch />
          <SettingsPanel />
          {session ? (
            <div className="account">
              <NotificationBell api={api} token={session.token} />
              <span className="signed-in-as">
                <Trans
                  t={t}
                  i18nKey="signedInAs"
                  values={{ name: session.user.displayName }}
                  components={{ strong: <strong /> }}
                />
                <span className="muted"> ({t(`kind.${session.user.kind}`)})</span>
              </span>
              <Link to="/sessions">{t('yourSessions')}</Link>
              <button
                type="button"
                onClick={() => {
                  void signOutEverywhere().then(() => navigate('/sign-in', { replace: true }));
                }}
              >
                {t('signOut')}
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
  const { t } = useTranslation('common');
  return (
    <p role="status" className="loading">
      {t('loadingPage')}
    </p>
  );
}
