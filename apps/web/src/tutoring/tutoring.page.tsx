import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { HelpQueueSchema, TUTORING_SOCKET_EVENTS } from '@commonplace/shared';
import type { HelpQueue, HelpRequestView, TutoringSessionView } from '@commonplace/shared';
import { paths } from '../app/paths';
import { AskForHelpForm } from './ask-for-help';
import { useSession } from '../auth/auth-context';
import { useLiveWatch } from '../live/use-live-watch';
import { ErrorMessage, LiveStatus, Loading } from '../ui/feedback';
import { formatDateTime } from '../ui/format';
import { PageHeading } from '../ui/page-heading';
import { useAction } from '../ui/use-action';
import { useResource } from '../ui/use-resource';

/**
 * A classroom's peer tutoring: the live help queue (peer tutors claim from it, students see
 * their own requests), and the sessions, live and past, each a link to its room. The
 * server decides who sees what; this page shows what it is sent.
 */
export default function TutoringPage() {
  const { t } = useTranslation('tutoring');
  const { classroomId = '' } = useParams();
  const { api, token, user } = useSession();
  const navigate = useNavigate();
  const action = useAction();
  const first = useResource(`help-queue:${classroomId}`, () =>
    api.helpQueue({ params: { classroomId } }),
  );
  const live = useLiveWatch<HelpQueue>(
    token,
    {
      watchEvent: TUTORING_SOCKET_EVENTS.queueWatch,
      payload: { classroomId },
      messageEvent: TUTORING_SOCKET_EVENTS.queue,
      schema: HelpQueueSchema,
      accept: (queue) => queue.classroomId === classroomId,
      what: t('liveWhat'),
    },
    `tutoring-queue:${classroomId}`,
  );
  const queue = live.data ?? (first.resource.status === 'ready' ? first.resource.data : null);
  // Every queue change (a claim above all) may have opened or ended a session.
  const sessions = useResource(`tutoring-sessions:${classroomId}`, () =>
    api.tutoringSessions({ params: { classroomId } }),
  );
  const reloadSessions = sessions.reload;
  const queueAt = live.updatedAt?.getTime() ?? 0;
  useEffect(() => {
    // The list stays as it was if this fails; the next queue change tries again.
    if (queueAt) reloadSessions().catch(() => undefined);
  }, [queueAt, reloadSessions]);
  const isTeacher = user.kind === 'teacher';

  const claim = (request: HelpRequestView) =>
    void action
      .run(
        `claim:${request.requestId}`,
        async () => {
          const session = await api.claimHelpRequest({ params: { requestId: request.requestId } });
          navigate(paths.tutoringSession(session.sessionId));
        },
        t('queue.claimed'),
      )
      .then(() => undefined);

  return (
    <div className="stack-lg">
      <p>
        <Link to={isTeacher ? paths.classroom(classroomId) : paths.home}>{t('back')}</Link>
      </p>
      <PageHeading title={t('title')}>{t('title')}</PageHeading>
      {user.kind === 'student' ? <AskForHelpForm classroomId={classroomId} /> : null}

      <section aria-labelledby="queue-heading" className="stack-sm">
        <h2 id="queue-heading">{t('queue.heading')}</h2>
        <LiveStatus className="hint">
          {live.status === 'live' ? t('queue.live') : (live.problem ?? t('queue.connecting'))}
        </LiveStatus>
        <ErrorMessage>{action.error}</ErrorMessage>
        {!queue && first.resource.status === 'loading' ? (
          <Loading what={t('queue.loading')} />
        ) : null}
        {!queue && first.resource.status === 'error' ? (
          <ErrorMessage>{first.resource.message}</ErrorMessage>
        ) : null}
        {queue ? (
          queue.items.length === 0 ? (
            <p className="muted">{t('queue.empty')}</p>
          ) : (
            <ul className="card-list" aria-labelledby="queue-heading">
              {queue.items.map((request) => (
                <li key={request.requestId} className="card stack-sm">
                  <p>
                    <strong>{request.topic}</strong>
                    {request.subject ? (
                      <> {t('queue.subject', { subject: request.subject })}</>
                    ) : null}
                  </p>
                  <p className="hint">
                    {t('queue.asked', {
                      name: request.studentName,
                      at: formatDateTime(request.raisedAt),
                    })}
                  </p>
                  {request.referralNote ? (
                    <p>{t('queue.note', { note: request.referralNote })}</p>
                  ) : null}
                  {!isTeacher && request.studentId !== user.id ? (
                    <p>
                      <button
                        type="button"
                        className="button-primary"
                        disabled={action.pending !== null}
                        onClick={() => claim(request)}
                      >
                        {t('queue.claim', { topic: request.topic })}
                      </button>
                    </p>
                  ) : null}
                  {request.studentId === user.id ? (
                    <p className="muted">{t('queue.waiting')}</p>
                  ) : null}
                </li>
              ))}
            </ul>
          )
        ) : null}
      </section>

      <section aria-labelledby="sessions-heading" className="stack-sm">
        <h2 id="sessions-heading">{t('sessions.heading')}</h2>
        {sessions.resource.status === 'error' ? (
          <ErrorMessage>{sessions.resource.message}</ErrorMessage>
        ) : null}
        {sessions.resource.status === 'ready' ? (
          sessions.resource.data.items.length === 0 ? (
            <p className="muted">{t('sessions.empty')}</p>
          ) : (
            <ul className="link-list">
              {sessions.resource.data.items.map((session) => (
                <SessionLink key={session.sessionId} session={session} />
              ))}
            </ul>
          )
        ) : null}
      </section>
    </div>
  );
}

function SessionLink({ session }: { session: TutoringSessionView }) {
  const { t } = useTranslation('tutoring');
  return (
    <li>
      <Link to={paths.tutoringSession(session.sessionId)}>
        {t('sessions.link', {
          topic: session.topic,
          tutor: session.tutorName,
          student: session.studentName,
        })}
      </Link>
      <span className="muted">
        {' · '}
        {session.status === 'live'
          ? t('sessions.live')
          : t('sessions.ended', { at: formatDateTime(session.endedAt) })}
      </span>
    </li>
  );
}
