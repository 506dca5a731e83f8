import { lazy, Suspense } from 'react';
import { Link, useParams } from 'react-router';
import { COLLAB_CLOSE } from '@commonplace/shared';
import type { FeedbackView, WorkspaceView } from '@commonplace/shared';
import { paths } from '../app/paths';
import { SESSION_ENDED_NOTICE, useAuth, useSession } from '../auth/auth-context';
import { ErrorMessage, LiveStatus, Loading } from '../ui/feedback';
import { PageHeading } from '../ui/page-heading';
import { focusLater } from '../ui/focus';
import { useAction } from '../ui/use-action';
import { useResource } from '../ui/use-resource';
import { CheckpointsPanel } from './checkpoints-panel';
import { FeedbackList } from './feedback-received';
import { SubmissionPanel } from './submission-panel';
import { useCollabDoc } from './use-collab-doc';
import type { CollabDoc } from './use-collab-doc';
import { fetchedNow, useLiveProgress } from './use-live-progress';
import { WhoIsHere } from './who-is-here';
import { workspaceWithDeviceCopy } from '../offline/workspace-offline';

// ProseMirror and Tiptap are most of the page's weight: the brief and the people show first.
const RichTextEditor = lazy(() => import('./rich-text-editor'));

export default function WorkspacePage() {
  const { docId = '' } = useParams();
  const { api, user } = useSession();
  const { resource, reload } = useResource(`workspace:${docId}`, () =>
    workspaceWithDeviceCopy(user.id, docId, () => api.getWorkspace(docId)),
  );
  const title = resource.status === 'ready' ? resource.data.projectTitle : 'Project workspace';

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
          {user.kind !== 'student' ? '← Back to the classroom' : '← My projects'}
        </Link>
      </p>
      <PageHeading title={title}>{title}</PageHeading>
      {resource.status === 'loading' ? <Loading what="the workspace" /> : null}
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
  const collab = useCollabDoc(
    workspace.docId,
    token,
    { id: user.id, name: user.displayName },
    { onAccessChanged, persist: workspace.access === 'read-write' },
  );
  const readOnly = workspace.access === 'read-only';
  const { api } = useSession();
  const isMember = workspace.members.some((member) => member.id === user.id);
  const isStaff = user.kind === 'teacher';
  const progress = useResource(`progress:${workspace.docId}`, () =>
    fetchedNow(api.getProgress(workspace.docId)),
  );
  // The rubric's words for the scores; the page works without it.
  const project = useResource(`project:${workspace.projectId}`, () =>
    api.getProject(workspace.projectId),
  );
  const live = useLiveProgress(
    workspace.docId,
    token,
    progress.resource.status === 'ready' ? progress.resource.data : null,
  );
  const action = useAction();
  const names = new Map(workspace.members.map((member) => [member.id, member.displayName]));
  const nameOf = (id: string) =>
    id === user.id ? 'you' : (names.get(id) ?? (isMember ? 'your teacher' : 'a former member'));
  const refresh = () => progress.reload().then(() => undefined);
  const respond = async (feedback: FeedbackView, response: string) => {
    await api.respondToFeedback(workspace.docId, feedback.feedbackId, { response });
    await refresh();
  };
  // Typing before the first sync is safe (Yjs merges it with what the server has), and a
  // student who starts typing the moment the page appears must not lose keystrokes.
  const editable = !readOnly && collab.status !== 'closed';

  return (
    <div className="workspace">
      <div className="workspace-main stack">
        <section aria-labelledby="brief-heading" className="card stack-sm">
          <h2 id="brief-heading">Brief</h2>
          {workspace.brief ? (
            <p className="brief">{workspace.brief}</p>
          ) : (
            <p className="muted">No brief was given.</p>
          )}
          <p className="muted">
            Group: <strong>{workspace.groupName}</strong>
            {workspace.members.length > 0
              ? ` — ${workspace.members.map((m) => m.displayName).join(', ')}`
              : null}
          </p>
        </section>

        <div className="stack-sm">
          <h2 id="project-document-label" tabIndex={-1}>
            Project document
          </h2>
          <p id="project-document-help" className="hint">
            {readOnly
              ? 'You can read this document but not change it.'
              : 'Everyone in your group can write here at the same time. Press Escape to leave the document.'}
          </p>
          <LiveStatus className={`connection connection-${collab.status}`}>
            {connectionMessage(collab, readOnly)}
          </LiveStatus>
          {collab.status === 'closed' && collab.closeCode === COLLAB_CLOSE.unauthorized.code ? (
            <p>
              {/* Signing out sends the person back here after signing in; unsent edits in this tab would be lost. */}
              <button
                type="button"
                className="button-primary"
                onClick={() => signOut(SESSION_ENDED_NOTICE)}
              >
                Sign in again
              </button>
            </p>
          ) : null}
          {collab.session ? (
            <Suspense fallback={<Loading what="the editor" />}>
              <RichTextEditor
                session={collab.session}
                user={{ id: user.id, name: user.displayName }}
                editable={editable}
                labelledBy="project-document-label"
                describedBy="project-document-help"
              />
            </Suspense>
          ) : (
            <Loading what="the editor" />
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
      <aside className="workspace-side stack" aria-label="Project">
        <WhoIsHere peers={collab.peers} connected={collab.status === 'connected'} />
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
                    () => api.markCheckpointReached(workspace.docId, checkpoint.checkpointId),
                    `Checkpoint “${checkpoint.title}” marked reached.`,
                  )
                  .then((ok) =>
                    ok ? refresh().then(() => focusLater('checkpoints-heading')) : undefined,
                  )
              }
              onConfirm={(checkpoint) =>
                void action
                  .run(
                    'confirm',
                    () => api.confirmCheckpoint(workspace.docId, checkpoint.checkpointId),
                    `Checkpoint “${checkpoint.title}” confirmed.`,
                  )
                  .then((ok) => ok && refresh())
              }
              onReopen={(checkpoint) =>
                void action
                  .run(
                    'reopen',
                    () => api.reopenCheckpoint(workspace.docId, checkpoint.checkpointId, {}),
                    `Checkpoint “${checkpoint.title}” reopened.`,
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
                    () => api.submit(workspace.docId),
                    'Submitted. Your teacher can see it now.',
                  )
                  .then((ok) =>
                    ok ? refresh().then(() => focusLater('submission-heading')) : undefined,
                  )
              }
            />
          </>
        ) : progress.resource.status === 'loading' ? (
          <Loading what="checkpoints and submissions" />
        ) : null}
        <nav aria-label="More for this project" className="card stack-sm">
          <h2>More</h2>
          <ul className="link-list">
            <li>
              <Link to={paths.history(workspace.docId)}>History</Link>
            </li>
            {isMember ? (
              <>
                <li>
                  <Link to={paths.journal(workspace.projectId)}>My reflection journal</Link>
                </li>
                <li>
                  <Link to={paths.goals(workspace.projectId)}>My goals</Link>
                </li>
              </>
            ) : null}
            {isStaff ? (
              <>
                <li>
                  <Link to={paths.feedback(workspace.docId)}>Give feedback</Link>
                </li>
                <li>
                  <Link to={paths.project(workspace.projectId)}>Edit the project</Link>
                </li>
              </>
            ) : null}
          </ul>
        </nav>
      </aside>
    </div>
  );
}

function connectionMessage(collab: CollabDoc, readOnly: boolean): string {
  if (collab.status === 'closed')
    return collab.closeReason ?? 'Disconnected. Reload the page to try again.';
  if (collab.status === 'connected') {
    if (!collab.synced) return 'Connected. Loading the document…';
    return readOnly
      ? 'Connected. You are seeing changes as they happen.'
      : 'Connected. Your changes are shared as you type.';
  }
  const reason = collab.closeReason ? `${collab.closeReason} ` : '';
  if (collab.savedOnDevice && (collab.status === 'disconnected' || collab.unreachable)) {
    return `${reason}Offline — your work is saved on this device and will be shared when the connection is back.`;
  }
  if (collab.status === 'disconnected' || (collab.status === 'connecting' && collab.synced)) {
    return `${reason}Offline, reconnecting… Keep this page open: your changes will be sent when the connection is back.`;
  }
  return `${reason}Connecting to the document…`;
}
