import { lazy, Suspense, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { TUTORING_SOCKET_EVENTS, TutoringSessionViewSchema } from '@commonplace/shared';
import type { TutoringSessionView } from '@commonplace/shared';
import { paths } from '../app/paths';
import { useSession } from '../auth/auth-context';
import { useLiveWatch } from '../live/use-live-watch';
import { ErrorMessage, LiveStatus, Loading } from '../ui/feedback';
import { formatDateTime } from '../ui/format';
import { PageHeading } from '../ui/page-heading';
import { useAction } from '../ui/use-action';
import { useResource } from '../ui/use-resource';
import { useCollabDoc } from '../workspace/use-collab-doc';
import { useAuthorStyles } from '../workspace/user-color';
import { WhoIsHere } from '../workspace/who-is-here';

// The editor is most of the page's weight; the session's words show first.
const RichTextEditor = lazy(() => import('../workspace/rich-text-editor'));

/**
 * One tutoring session: the shared scratchpad (tutor and student write while it is live,
 * teachers watch read-only), who is here, notes, the tutor's summary and the student's
 * rating. The session view is live, so a teacher watching sees notes and the end as they come.
 */
export default function TutoringSessionPage() {
  const { t } = useTranslation('tutoring');
  const { sessionId = '' } = useParams();
  const { api, token } = useSession();
  const first = useResource(`tutoring-session:${sessionId}`, () =>
    api.tutoringSession({ params: { sessionId } }),
  );
  const live = useLiveWatch<TutoringSessionView>(
    token,
    {
      watchEvent: TUTORING_SOCKET_EVENTS.sessionWatch,
      payload: { sessionId },
      messageEvent: TUTORING_SOCKET_EVENTS.session,
      schema: TutoringSessionViewSchema,
      accept: (session) => session.sessionId === sessionId,
      what: t('session.liveWhat'),
    },
    `tutoring-session:${sessionId}`,
  );
  const session = live.data ?? (first.resource.status === 'ready' ? first.resource.data : null);
  const title = session ? t('session.title', { topic: session.topic }) : t('session.titleLoading');

  return (
    <div className="stack-lg">
      <p>
        {session ? (
          <Link to={paths.tutoring(session.classroomId)}>{t('session.back')}</Link>
        ) : (
          <Link to={paths.home}>{t('back')}</Link>
        )}
      </p>
      <PageHeading title={title}>{title}</PageHeading>
      {!session && first.resource.status === 'loading' ? (
        <Loading what={t('session.loading')} />
      ) : null}
      {!session && first.resource.status === 'error' ? (
        <ErrorMessage>{first.resource.message}</ErrorMessage>
      ) : null}
      {session ? <SessionRoom session={session} /> : null}
    </div>
  );
}

function SessionRoom({ session }: { session: TutoringSessionView }) {
  const { t } = useTranslation('tutoring');
  const { api, token, user } = useSession();
  const styles = useAuthorStyles([session.tutorId, session.studentId]);
  const collab = useCollabDoc(
    session.scratchpadDocId,
    token,
    { id: user.id, name: user.displayName },
    { styles },
  );
  const isTutor = user.id === session.tutorId;
  const isStudent = user.id === session.studentId;
  const isTeacher = user.kind === 'teacher';
  const isLive = session.status === 'live';
  const editable = isLive && (isTutor || isStudent) && collab.status !== 'closed';
  const action = useAction();

  return (
    <div className="workspace">
      <div className="workspace-main stack">
        <p>
          {t('session.people', { tutor: session.tutorName, student: session.studentName })}{' '}
          {isLive
            ? t('session.liveSince', { at: formatDateTime(session.startedAt) })
            : t('session.endedAt', { at: formatDateTime(session.endedAt) })}
        </p>
        <div className="stack-sm">
          <h2 id="scratchpad-label" tabIndex={-1}>
            {t('session.scratchpad')}
          </h2>
          {/* Announced as it happens: the other person did not press "End session" themselves. */}
          <LiveStatus className="message">{isLive ? null : t('session.endedNotice')}</LiveStatus>
          <p id="scratchpad-help" className="hint">
            {editable ? t('session.scratchpadHelp') : t('session.scratchpadReadOnly')}
          </p>
          {collab.closeReason ? <ErrorMessage>{collab.closeReason}</ErrorMessage> : null}
          {collab.session ? (
            <Suspense fallback={<Loading what={t('session.editor')} />}>
              <RichTextEditor
                session={collab.session}
                user={{ id: user.id, name: user.displayName }}
                editable={editable}
                labelledBy="scratchpad-label"
                describedBy="scratchpad-help"
                styles={styles}
              />
            </Suspense>
          ) : (
            <Loading what={t('session.editor')} />
          )}
          {isTeacher ? (
            <p>
              <Link to={paths.history(session.scratchpadDocId)}>{t('session.history')}</Link>
            </p>
          ) : null}
        </div>
        <Notes session={session} canWrite={isLive && (isTutor || isStudent)} />
      </div>
      <aside className="workspace-side stack" aria-label={t('session.side')}>
        <WhoIsHere peers={collab.peers} connected={collab.status === 'connected'} />
        <LiveStatus className="message-success">{action.done}</LiveStatus>
        <ErrorMessage>{action.error}</ErrorMessage>
        {session.summary ? (
          <section aria-labelledby="summary-heading" className="card stack-sm">
            <h2 id="summary-heading">{t('session.summary')}</h2>
            <p className="brief">{session.summary}</p>
          </section>
        ) : null}
        {isLive && (isTutor || isTeacher) ? (
          <TextForm
            id="end"
            heading={t('end.heading')}
            label={t('end.label')}
            submit={t('end.submit')}
            onSubmit={(summary) =>
              action.run(
                'end',
                () =>
                  api.endSession({ params: { sessionId: session.sessionId }, body: { summary } }),
                t('end.done'),
              )
            }
          />
        ) : null}
        {!isLive && isStudent && !session.rating ? (
          <RatingForm
            onRate={(stars) =>
              action.run(
                'rate',
                () =>
                  api.rateSession({ params: { sessionId: session.sessionId }, body: { stars } }),
                t('rate.done'),
              )
            }
          />
        ) : null}
        {session.rating ? <p>{t('rate.given', { count: session.rating.stars })}</p> : null}
      </aside>
    </div>
  );
}

function Notes({ session, canWrite }: { session: TutoringSessionView; canWrite: boolean }) {
  const { t } = useTranslation('tutoring');
  const { api } = useSession();
  const action = useAction();
  return (
    <section aria-labelledby="notes-heading" className="stack-sm">
      <h2 id="notes-heading">{t('notes.heading')}</h2>
      {session.notes.length === 0 ? (
        <p className="muted">{t('notes.empty')}</p>
      ) : (
        <ul className="plain-list" aria-labelledby="notes-heading">
          {session.notes.map((note) => (
            <li key={note.noteId} className="brief">
              <span className="hint">
                {t('notes.by', { name: note.authorName, at: formatDateTime(note.writtenAt) })}{' '}
              </span>
              {note.text}
            </li>
          ))}
        </ul>
      )}
      {canWrite ? (
        <>
          <TextForm
            id="note"
            label={t('notes.label')}
            submit={t('notes.submit')}
            onSubmit={(text) =>
              action.run(
                'note',
                () =>
                  api.addSessionNote({ params: { sessionId: session.sessionId }, body: { text } }),
                t('notes.done'),
              )
            }
          />
          <ErrorMessage>{action.error}</ErrorMessage>
        </>
      ) : null}
    </section>
  );
}

/** One text box and a button; empties itself once the command went through. */
function TextForm(props: {
  id: string;
  heading?: string;
  label: string;
  submit: string;
  onSubmit: (text: string) => Promise<boolean>;
}) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    void props.onSubmit(text).then((ok) => {
      setBusy(false);
      if (ok) setText('');
    });
  };
  const inputId = `${props.id}-text`;
  return (
    <form className="card stack-sm" onSubmit={submit}>
      {props.heading ? <h2>{props.heading}</h2> : null}
      <label htmlFor={inputId}>{props.label}</label>
      <textarea
        id={inputId}
        rows={3}
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      <p>
        <button type="submit" disabled={busy}>
          {props.submit}
        </button>
      </p>
    </form>
  );
}

function RatingForm({ onRate }: { onRate: (stars: number) => Promise<boolean> }) {
  const { t } = useTranslation('tutoring');
  const [stars, setStars] = useState(0);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onRate(stars);
  };
  return (
    <form className="card stack-sm" onSubmit={submit}>
      <fieldset className="stack-sm">
        <legend>{t('rate.legend')}</legend>
        {[1, 2, 3, 4, 5].map((value) => (
          <label key={value}>
            <input
              type="radio"
              name="stars"
              value={value}
              checked={stars === value}
              onChange={() => setStars(value)}
            />{' '}
            {t('rate.stars', { count: value })}
          </label>
        ))}
      </fieldset>
      <p>
        <button type="submit">{t('rate.submit')}</button>
      </p>
    </form>
  );
}
