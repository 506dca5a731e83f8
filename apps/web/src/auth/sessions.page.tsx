import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { SessionView } from '@commonplace/shared';
import { useAuth, useSession } from './auth-context';
import { ErrorMessage, Loading, LiveStatus } from '../ui/feedback';
import { formatDateTime } from '../ui/format';
import { PageHeading } from '../ui/page-heading';
import { useAction } from '../ui/use-action';
import { useResource } from '../ui/use-resource';

/** The person's own sign-ins (devices), each with a way to end it. */
export default function SessionsPage() {
  const { user, api } = useSession();
  const { signOutEverywhere } = useAuth();
  const navigate = useNavigate();
  const { t } = useTranslation('auth');
  const { resource, reload } = useResource(`sessions:${user.id}`, () => api.mySessions());
  const action = useAction();

  async function end(session: SessionView) {
    if (session.current) {
      await signOutEverywhere();
      await navigate('/sign-in', { replace: true });
      return;
    }
    await action.run(
      session.id,
      async () => {
        await api.endMySession({ params: { sessionId: session.id } });
        await reload();
      },
      t('sessions.ended'),
    );
  }

  return (
    <div className="narrow stack">
      <PageHeading title={t('sessions.title')}>{t('sessions.title')}</PageHeading>
      <p>{t('sessions.intro')}</p>
      {resource.status === 'loading' ? <Loading what={t('sessions.loading')} /> : null}
      {resource.status === 'error' ? <ErrorMessage>{resource.message}</ErrorMessage> : null}
      <ErrorMessage>{action.error}</ErrorMessage>
      <LiveStatus>{action.done}</LiveStatus>
      {resource.status === 'ready' ? (
        <ul className="stack">
          {resource.data.sessions
            .filter((session) => session.endedAt === null)
            .map((session) => (
              <li key={session.id}>
                <strong>{session.client || t('sessions.unknownDevice')}</strong>
                {session.current ? <span> ({t('sessions.current')})</span> : null}
                <br />
                <span className="muted">
                  {t(`sessions.via.${session.via}`)}
                  {session.address ? ` · ${session.address}` : ''}
                  {' · '}
                  {t('sessions.since', { when: formatDateTime(session.createdAt) })}
                  {' · '}
                  {t('sessions.lastSeen', { when: formatDateTime(session.lastSeenAt) })}
                </span>{' '}
                <button
                  type="button"
                  disabled={action.pending !== null}
                  onClick={() => void end(session)}
                >
                  {session.current ? t('sessions.signOutHere') : t('sessions.signOut')}
                </button>
              </li>
            ))}
        </ul>
      ) : null}
    </div>
  );
}
