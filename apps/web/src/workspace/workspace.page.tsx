import { useTranslation } from 'react-i18next';
import { lazy, Suspense } from 'react';
import type { TFunction } from 'i18next';
import { Link, useParams } from 'react-router';
import { COLLAB_CLOSE } from '@commonplace/shared';
import type { FeedbackView, WorkspaceView } from '@commonplace/shared';
import { paths } from '../app/paths';
import { sessionEndedNotice, useAuth, useSession } from '../auth/auth-context';
import { ErrorMessage, LiveStatus, Loading } from '../ui/feedback';
import { PageHeading } from '../ui/page-heading';
import { focusLater } from '../ui/focus';
import { useAction } from '../ui/use-action';
import { useResource } from '../ui/use-resource';
import { CheckpointsPanel } from './checkpoints-panel';
import { FeedbackList } from './feedback-received';
import { SubmissionPanel } from './submission-panel';
import { useCollabDoc } from './use-collab-doc';
import { useAuthorStyles } from './user-color';
import type { CollabDoc } from './use-collab-doc';
import { fetchedNow, useLiveProgress } from './use-live-progress';
import { WhoIsHere } from './who-is-here';
import { workspaceWithDeviceCopy } from '../offline/workspace-offline';
import { AskForHelpButton } from '../tutoring/ask-for-help';

// ProseMirror and Tiptap are most of the page's weight: the brief and the people show first.
const RichTextEditor = lazy(() => import('./rich-text-editor'));

export default function WorkspacePage() {
  const { docId = '' } = useParams();
  const { api, user } = useSession();
  const { t } = useTranslation('workspace');
  const { resource, reload } = useResource(`workspace:${docId}`, () =>
    workspaceWithDeviceCopy(user.id, docId, () => api.workspace({ params: { docId } })),
  );
  const title = resource.status === 'ready' ? resource.data.projectTitle : t('page.title');

  return (
    <div className="stack-lg">
      <p>
        <Link
          to={
            user.kind !== 'student' && resource.status === 'ready'
              ? paths.classroom(resource.data.classroomId)
              : paths.home
          }
        >
          {user.kind !== 'student' ? t('page.backToClassroom') : t('page.backToProjects')}
        </Link>
      </p>
      <PageHeading title={title}>{title}</PageHeading>
      {resource.status === 'loading' ? <Loading what={t('page.loading')} /> : null}
      {resource.status === 'error' ? <ErrorMessage>{resource.message}</ErrorMessage> : null}
      {resource.status === 'ready' ? (
        <Workspace
          workspace={resource.data}
          onAccessChanged={() => {
            // The page keeps showing what it has if this fails; the connection status says why.
            reload().catch(() => undefined);
          }}
        />
      ) : null}
    </div>
  );
}

interface WorkspaceProps {
  workspace: WorkspaceView;
  onAccessChanged: () => void;
}

function Workspace({ workspace, onAccessChanged }: WorkspaceProps) {
  const { token, user } = useSession();
  const { signOut } = useAuth();
  const { t } = useTranslation('workspace');
  const styles = useAuthorStyles(workspace.members.map((member) => member.id));
  const collab = useCollabDoc(
    workspace.docId,
    token,
    { id: user.id, name: user.displayName },
    { onAccessChanged, persist: workspace.access === 'read-write', styles },
  );
  const readOnly = workspace.access === 'read-only';
  const { api } = useSession();
  const isMember = workspace.members.some((member) => member.id === user.id);
  const isStaff = user.kind === 'teacher';
  const progress = useResource(`progress:${workspace.docId}`, () =>
    fetchedNow(api.workspaceProgress({ params: { docId: workspace.docId } })),
  );
  // The rubric's words for the scores; the page works without it.
  const project = useResource(`project:${workspace.projectId}`, () =>
    api.project({ params: { projectId: workspace.projectId } }),
  );
  const live = useLiveProgress(
    workspace.docId,
    token,
    progress.resource.status === 'ready' ? progress.resource.data : null,
  );
  const action = useAction();
  const names = new Map(workspace.members.map((member) => [member.id, member.displayName]));
  const nameOf = (id: string) =>
    id === user.id
      ? t('names.you')
      : (names.get(id) ?? (isMember ? t('names.yourTeacher') : t('names.formerMember')));
  const refresh = () => progress.reload().then(() => undefined);
  const respond = async (feedback: FeedbackView, response: string) => {
    await api.respondToFeedback({
      params: { docId: workspace.docId, feedbackId: feedback.feedbackId },
      body: { response },
    });
    await refresh();
  };
  // Typing before the first sync is safe (Yjs merges it with what the server has), and a
  // student who starts typing the moment the page appears must not lose keystrokes.
  const editable = !readOnly && collab.status !== 'closed';

  return (
    <div className="workspace">
      <div className="workspace-main stack">
        <section aria-labelledby="brief-heading" className="card stack-sm">
          <h2 id="brief-heading">{t('brief.heading')}</h2>
          {workspace.brief ? (
            <p className="brief">{workspace.brief}</p>
          ) : (
            <p className="muted">{t('brief.none')}</p>
          )}
          <p className="muted">
            {t('brief.group')} <strong>{workspace.groupName}</strong>
          </p>
          {workspace.members.length > 0 ? (
            <ul className="people workspace-members" aria-label={t('brief.members')}>
              {workspace.members.map((member) => {
                const look = styles?.(member.id);
                return (
                  <li key={member.id} data-member-id={member.id}>
                    <span
                      className="person-dot"
                      style={{ backgroundColor: look?.color }}
                      aria-hidden="true"
                    >
                      {look?.mark}
                    </span>
                    {member.displayName}
                  </li>
                );
              })}
            </ul>
          ) : null}
        </section>

        <div className="stack-sm">
          <h2 id="project-document-label" tabIndex={-1}>
            {t('document.heading')}
          </h2>
          <p id="project-document-help" className="hint">
            {readOnly ? t('document.readOnly') : t('document.help')}
          </p>
          <LiveStatus className={`connection connection-${collab.status}`}>
            {connectionMessage(collab, readOnly, t)}
          </LiveStatus>
          {collab.status === 'closed' && collab.closeCode === COLLAB_CLOSE.unauthorized.code ? (
            <p>
              {/* Signing out sends the person back here after signing in; unsent edits in this tab would be lost. */}
              <button
                type="button"
                className="button-primary"
                onClick={() => signOut(sessionEndedNotice())}
              >
                {t('document.signInAgain')}
              </button>
            </p>
          ) : null}
          {collab.session ? (
            <Suspense fallback={<Loading what={t('document.loadingEditor')} />}>
              <RichTextEditor
                session={collab.session}
                user={{ id: user.id, name: user.displayName }}
                editable={editable}
                labelledBy="project-document-label"
                describedBy="project-document-help"
                styles={styles}
                commentsOn={workspace.docId}
              />
            </Suspense>
          ) : (
            <Loading what={t('document.loadingEditor')} />
          )}
        </div>
        {live.progress ? (
          <FeedbackList
            submissions={live.progress.submissions}
            rubric={project.resource.status === 'ready' ? project.resource.data.rubric : null}
            studentId={isMember ? user.id : null}
            nameOf={nameOf}
            {...(isMember ? { onRespond: respond } : {})}
          />
        ) : null}
      </div>
      <aside className="workspace-side stack" aria-label={t('side.label')}>
        <WhoIsHere peers={collab.peers} connected={collab.status === 'connected'} />
        {isMember && user.kind === 'student' ? (
          <AskForHelpButton classroomId={workspace.classroomId} docId={workspace.docId} />
        ) : null}
        <LiveStatus className="message-success">{action.done}</LiveStatus>
        <ErrorMessage>{action.error}</ErrorMessage>
        {progress.resource.status === 'error' && !live.progress ? (
          <ErrorMessage>{progress.resource.message}</ErrorMessage>
        ) : null}
        {live.progress ? (
          <>
            <CheckpointsPanel
              checkpoints={live.progress.checkpoints}
              role={isMember ? 'member' : isStaff ? 'staff' : 'viewer'}
              locked={live.progress.locked}
              action={action}
              onMarkReached={(checkpoint) =>
                void action
                  .run(
                    'reached',
                    () =>
                      api.markCheckpointReached({
                        params: { docId: workspace.docId, checkpointId: checkpoint.checkpointId },
                      }),
                    t('checkpoints.markedReached', { title: checkpoint.title }),
                  )
                  .then((ok) =>
                    ok ? refresh().then(() => focusLater('checkpoints-heading')) : undefined,
                  )
              }
              onConfirm={(checkpoint) =>
                void action
                  .run(
                    'confirm',
                    () =>
                      api.confirmCheckpoint({
                        params: { docId: workspace.docId, checkpointId: checkpoint.checkpointId },
                      }),
                    t('checkpoints.confirmed', { title: checkpoint.title }),
                  )
                  .then((ok) => ok && refresh())
              }
              onReopen={(checkpoint) =>
                void action
                  .run(
                    'reopen',
                    () =>
                      api.reopenCheckpoint({
                        params: { docId: workspace.docId, checkpointId: checkpoint.checkpointId },
                      }),
                    t('checkpoints.reopened', { title: checkpoint.title }),
                  )
                  .then((ok) => ok && refresh())
              }
            />
            <SubmissionPanel
              submissions={live.progress.submissions}
              locked={live.progress.locked}
              canSubmit={isMember}
              action={action}
              onSubmit={() =>
                void action
                  .run(
                    'submit',
                    () => api.submit({ params: { docId: workspace.docId } }),
                    t('submission.submitted'),
                  )
                  .then((ok) =>
                    ok ? refresh().then(() => focusLater('submission-heading')) : undefined,
                  )
              }
            />
          </>
        ) : progress.resource.status === 'loading' ? (
          <Loading what={t('side.loading')} />
        ) : null}
        <nav aria-label={t('more.label')} className="card stack-sm">
          <h2>{t('more.heading')}</h2>
          <ul className="link-list">
            <li>
              <Link to={paths.history(workspace.docId)}>{t('more.history')}</Link>
            </li>
            {isMember ? (
              <>
                <li>
                  <Link to={paths.journal(workspace.projectId)}>{t('more.journal')}</Link>
                </li>
                <li>
                  <Link to={paths.goals(workspace.projectId)}>{t('more.goals')}</Link>
                </li>
              </>
            ) : null}
            {isStaff ? (
              <>
                <li>
                  <Link to={paths.feedback(workspace.docId)}>{t('more.feedback')}</Link>
                </li>
                <li>
                  <Link to={paths.project(workspace.projectId)}>{t('more.editProject')}</Link>
                </li>
              </>
            ) : null}
          </ul>
        </nav>
      </aside>
    </div>
  );
}

function connectionMessage(collab: CollabDoc, readOnly: boolean, t: TFunction): string {
  if (collab.status === 'closed') return collab.closeReason ?? t('connection.closed');
  if (collab.status === 'connected') {
    if (!collab.synced) return t('connection.loading');
    return readOnly ? t('connection.connectedReadOnly') : t('connection.connected');
  }
  // The server's reason (in its words) comes first, then our sentence.
  const reason = collab.closeReason ? `${collab.closeReason} ` : '';
  if (collab.savedOnDevice && (collab.status === 'disconnected' || collab.unreachable)) {
    return reason + t('connection.savedOnDevice');
  }
  if (collab.status === 'disconnected' || (collab.status === 'connecting' && collab.synced)) {
    return reason + t('connection.reconnecting');
  }
  return reason + t('connection.connecting');
}
