import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { GiveFeedbackRequestSchema, ReturnForRevisionRequestSchema } from '@commonplace/shared';
import type {
  Rubric,
  RubricScore,
  SubmissionView,
  WorkspaceProgress,
  WorkspaceView,
} from '@commonplace/shared';
import { WHOLE_LIST } from '../api/api-client';
import { paths } from '../app/paths';
import { FeedbackLatencyChart, WorkspaceContributionChart } from '../charts/progress-charts';
import { useSession } from '../auth/auth-context';
import { ErrorMessage, LiveStatus, Loading } from '../ui/feedback';
import { Field } from '../ui/field';
import { formatDateTime } from '../ui/format';
import { PageHeading } from '../ui/page-heading';
import { useAction } from '../ui/use-action';
import { useResource } from '../ui/use-resource';
import { useSchemaForm } from '../ui/use-schema-form';
import { CheckpointsPanel } from '../workspace/checkpoints-panel';
import { FeedbackList } from '../workspace/feedback-received';
import { fetchedNow, useLiveProgress } from '../workspace/use-live-progress';

/** The teacher's view of one group's work: what they submitted, rubric scoring, return. */
export default function FeedbackPage() {
  const { docId = '' } = useParams();
  const { api, user } = useSession();
  const { t } = useTranslation('feedback');
  const { resource } = useResource(`workspace:${docId}`, () =>
    api.workspace({ params: { docId } }),
  );
  // Teachers give feedback here; a student reads theirs in the workspace, so they are sent
  // there in words rather than met by the refusals of every teacher-only panel below.
  const forStudent = user.kind === 'student' && resource.status === 'ready';
  const title =
    resource.status === 'ready'
      ? t('titleFor', { group: resource.data.groupName, project: resource.data.projectTitle })
      : t('title');
  return (
    <div className="stack-lg">
      <p>
        {resource.status === 'ready' ? (
          <Link to={paths.classroom(resource.data.classroomId)}>{t('back')}</Link>
        ) : (
          <Link to={paths.home}>{t('home')}</Link>
        )}
      </p>
      <PageHeading title={title}>{title}</PageHeading>
      {resource.status === 'loading' ? <Loading what={t('loadingWorkspace')} /> : null}
      {resource.status === 'error' ? <ErrorMessage>{resource.message}</ErrorMessage> : null}
      {forStudent ? (
        <>
          <ErrorMessage>{t('teachersOnly')}</ErrorMessage>
          <p>
            <Link to={paths.workspace(docId)}>{t('toWorkspace')}</Link>
          </p>
        </>
      ) : null}
      {resource.status === 'ready' && !forStudent ? (
        <FeedbackView workspace={resource.data} />
      ) : null}
    </div>
  );
}

function FeedbackView({ workspace }: { workspace: WorkspaceView }) {
  const { api, token, user } = useSession();
  const { docId } = workspace;
  const { t } = useTranslation('feedback');
  const progress = useResource(`progress:${docId}`, () =>
    fetchedNow(api.workspaceProgress({ params: { docId } })),
  );
  const project = useResource(`project:${workspace.projectId}`, () =>
    api.project({ params: { projectId: workspace.projectId } }),
  );
  const live = useLiveProgress(
    docId,
    token,
    progress.resource.status === 'ready' ? progress.resource.data : null,
  );
  const action = useAction();
  const [status, setStatus] = useState<string | null>(null);
  const names = new Map(workspace.members.map((m) => [m.id, m.displayName]));
  const nameOf = (id: string) => names.get(id) ?? t('aTeacher');
  const refresh = async (message: string) => {
    setStatus(message);
    await progress.reload().catch(() => undefined);
  };
  const rubric = project.resource.status === 'ready' ? project.resource.data.rubric : null;

  if (!live.progress) {
    return progress.resource.status === 'error' ? (
      <ErrorMessage>{progress.resource.message}</ErrorMessage>
    ) : (
      <Loading what={t('loadingSubmissions')} />
    );
  }
  const latest = live.progress.submissions[0] ?? null;

  return (
    <div className="stack-lg">
      <LiveStatus className="message-success">{status}</LiveStatus>
      <ErrorMessage>{action.error}</ErrorMessage>
      <p>
        <Link to={paths.workspace(docId)}>{t('openLive')}</Link>
      </p>
      <div className="workspace">
        <div className="workspace-main stack-lg">
          {latest ? (
            <>
              <SubmittedText docId={docId} submission={latest} />
              {latest.status === 'submitted' ? (
                <>
                  <ScoreForm
                    key={latest.submissionId}
                    workspace={workspace}
                    submission={latest}
                    rubric={rubric}
                    onDone={refresh}
                  />
                  <ReturnForm
                    key={`return-${latest.submissionId}`}
                    workspace={workspace}
                    submission={latest}
                    onDone={refresh}
                  />
                </>
              ) : (
                <p>
                  {latest.status === 'returned'
                    ? t('youReturned', { when: formatDateTime(latest.returnedAt) })
                    : t('replaced')}
                </p>
              )}
            </>
          ) : (
            <p className="muted">{t('nothingYet')}</p>
          )}
          <FeedbackList
            submissions={live.progress.submissions}
            rubric={rubric}
            studentId={null}
            nameOf={nameOf}
          />
          <FeedbackLatencyChart submissions={live.progress.submissions} now={new Date()} />
          {/* The balance is the teacher's view, as on the board. */}
          {user.kind === 'teacher' ? (
            <WorkspaceContributionChart docId={docId} groupName={workspace.groupName} />
          ) : null}
          <Journals workspace={workspace} />
        </div>
        <aside className="workspace-side stack" aria-label={t('checkpoints')}>
          <CheckpointsPanel
            checkpoints={live.progress.checkpoints}
            role="staff"
            locked={live.progress.locked}
            action={action}
            onMarkReached={() => undefined}
            onConfirm={(checkpoint) =>
              void action
                .run(
                  'confirm',
                  () =>
                    api.confirmCheckpoint({
                      params: { docId, checkpointId: checkpoint.checkpointId },
                    }),
                  'confirmed',
                )
                .then((ok) =>
                  ok ? refresh(t('confirmed', { title: checkpoint.title })) : undefined,
                )
            }
            onReopen={(checkpoint) =>
              void action
                .run(
                  'reopen',
                  () =>
                    api.reopenCheckpoint({
                      params: { docId, checkpointId: checkpoint.checkpointId },
                    }),
                  'reopened',
                )
                .then((ok) =>
                  ok ? refresh(t('reopened', { title: checkpoint.title })) : undefined,
                )
            }
          />
          <LiveProgressNote progress={live.progress} status={live.status} />
        </aside>
      </div>
    </div>
  );
}

/** Each member's reflection journal for this project: the teacher reads it beside the work. */
function Journals({ workspace }: { workspace: WorkspaceView }) {
  const { t } = useTranslation('feedback');
  return (
    <section aria-labelledby="journals-heading" className="stack-sm">
      <h2 id="journals-heading">{t('journals')}</h2>
      {workspace.members.map((member) => (
        <details key={member.id} className="card">
          <summary>{t('journalOf', { name: member.displayName })}</summary>
          <MemberJournal projectId={workspace.projectId} studentId={member.id} />
        </details>
      ))}
    </section>
  );
}

function MemberJournal({ projectId, studentId }: { projectId: string; studentId: string }) {
  const { api } = useSession();
  const { t } = useTranslation('feedback');
  const { resource } = useResource(`journal:${projectId}:${studentId}`, () =>
    api.journal({ params: { projectId }, query: { ...WHOLE_LIST, studentId } }),
  );
  if (resource.status === 'loading') return <Loading what={t('loadingJournal')} />;
  if (resource.status === 'error') return <ErrorMessage>{resource.message}</ErrorMessage>;
  if (resource.data.items.length === 0) return <p className="muted">{t('noEntries')}</p>;
  return (
    <ul className="plain-list stack-sm">
      {resource.data.items.map((entry) => (
        <li key={entry.entryId}>
          <strong>{entry.prompt}</strong>{' '}
          <span className="hint">({formatDateTime(entry.writtenAt)})</span>
          <p className="brief">{entry.text}</p>
        </li>
      ))}
    </ul>
  );
}

function LiveProgressNote({ progress, status }: { progress: WorkspaceProgress; status: string }) {
  const { t } = useTranslation('feedback');
  return (
    <p className="hint">
      {status === 'live' ? t('live') : t('paused')}
      {progress.locked ? ` ${t('locked')}` : ''}
    </p>
  );
}

function SubmittedText({ docId, submission }: { docId: string; submission: SubmissionView }) {
  const { api } = useSession();
  const { t } = useTranslation('feedback');
  const { resource } = useResource(`revision:${docId}:${submission.documentRevision}`, () =>
    api.documentRevision({ params: { docId, revision: submission.documentRevision } }),
  );
  return (
    <section aria-labelledby="submitted-heading" className="card stack-sm">
      <h2 id="submitted-heading">{t('submitted')}</h2>
      <p className="hint">{t('submittedAt', { when: formatDateTime(submission.submittedAt) })}</p>
      {resource.status === 'loading' ? <Loading what={t('loadingText')} /> : null}
      {resource.status === 'error' ? <ErrorMessage>{resource.message}</ErrorMessage> : null}
      {resource.status === 'ready' ? (
        resource.data.text.trim() ? (
          <div className="submitted-text">{resource.data.text}</div>
        ) : (
          <p className="muted">{t('empty')}</p>
        )
      ) : null}
    </section>
  );
}

interface SubmissionFormProps {
  workspace: WorkspaceView;
  submission: SubmissionView;
  onDone: (message: string) => Promise<void>;
}

function ScoreForm({
  workspace,
  submission,
  rubric,
  onDone,
}: SubmissionFormProps & { rubric: Rubric | null }) {
  const { api } = useSession();
  const [comment, setComment] = useState('');
  const { t } = useTranslation('feedback');
  const [levels, setLevels] = useState<Record<string, string>>({});
  const [perStudent, setPerStudent] = useState<Record<string, string>>({});
  // By student, then by criterion: the level chosen for that student alone.
  const [studentLevels, setStudentLevels] = useState<Record<string, Record<string, string>>>({});
  const { errors, formError, pending, submit } = useSchemaForm(
    GiveFeedbackRequestSchema,
    async (request) => {
      await api.giveFeedback({
        params: { docId: workspace.docId, submissionId: submission.submissionId },
        body: request,
      });
      setComment('');
      setPerStudent({});
      setStudentLevels({});
      await onDone(t('sent'));
    },
  );
  const scores: RubricScore[] = Object.entries(levels).map(([criterionId, levelId]) => ({
    criterionId,
    levelId,
  }));

  return (
    <form
      className="card stack"
      noValidate
      aria-labelledby="score-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void submit({
          comment,
          scores,
          perStudent: workspace.members
            .map((member) => {
              const text = (perStudent[member.id] ?? '').trim();
              const chosen = Object.entries(studentLevels[member.id] ?? {})
                .filter(([, levelId]) => levelId !== '')
                .map(([criterionId, levelId]) => ({ criterionId, levelId }));
              return {
                studentId: member.id,
                ...(text ? { comment: text } : {}),
                ...(chosen.length > 0 ? { scores: chosen } : {}),
              };
            })
            .filter((entry) => entry.comment !== undefined || entry.scores !== undefined),
        });
      }}
    >
      <h2 id="score-heading">{t('give')}</h2>
      <ErrorMessage>{formError}</ErrorMessage>
      {rubric && rubric.criteria.length > 0 ? (
        rubric.criteria.map((criterion) => (
          <fieldset key={criterion.criterionId} className="rubric-criterion">
            <legend>{criterion.title}</legend>
            <div className="rubric-levels">
              {criterion.levels.map((level) => {
                const id = `level-${criterion.criterionId}-${level.levelId}`;
                return (
                  <div key={level.levelId} className="choice">
                    <input
                      type="radio"
                      id={id}
                      name={`criterion-${criterion.criterionId}`}
                      checked={levels[criterion.criterionId] === level.levelId}
                      onChange={() =>
                        setLevels({ ...levels, [criterion.criterionId]: level.levelId })
                      }
                    />
                    <label htmlFor={id}>
                      {t('levelPoints', { title: level.title, count: level.points })}
                    </label>
                  </div>
                );
              })}
            </div>
          </fieldset>
        ))
      ) : (
        <p className="muted">{t('noRubric')}</p>
      )}
      {errors.scores ? <p className="field-error">{errors.scores}</p> : null}
      <Field label={t('groupComment')} error={errors.comment}>
        {(control) => (
          <textarea
            {...control}
            rows={4}
            value={comment}
            onChange={(event) => setComment(event.target.value)}
          />
        )}
      </Field>
      {workspace.members.length > 1 ? (
        <details className="stack-sm">
          <summary>{t('oneStudent')}</summary>
          {workspace.members.map((member) => (
            <fieldset key={member.id} className="stack-sm">
              <legend>{t('forStudent', { name: member.displayName })}</legend>
              <Field label={t('commentFor', { name: member.displayName })}>
                {(control) => (
                  <textarea
                    {...control}
                    rows={2}
                    value={perStudent[member.id] ?? ''}
                    onChange={(event) =>
                      setPerStudent({ ...perStudent, [member.id]: event.target.value })
                    }
                  />
                )}
              </Field>
              {rubric?.criteria.map((criterion) => (
                <Field
                  key={criterion.criterionId}
                  label={t('criterionFor', {
                    criterion: criterion.title,
                    name: member.displayName,
                  })}
                >
                  {(control) => (
                    <select
                      {...control}
                      value={studentLevels[member.id]?.[criterion.criterionId] ?? ''}
                      onChange={(event) =>
                        setStudentLevels({
                          ...studentLevels,
                          [member.id]: {
                            ...studentLevels[member.id],
                            [criterion.criterionId]: event.target.value,
                          },
                        })
                      }
                    >
                      <option value="">{t('sameAsGroup')}</option>
                      {criterion.levels.map((level) => (
                        <option key={level.levelId} value={level.levelId}>
                          {t('levelPoints', { title: level.title, count: level.points })}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              ))}
            </fieldset>
          ))}
        </details>
      ) : null}
      <div>
        <button type="submit" className="button-primary">
          {pending ? t('sending') : t('send')}
        </button>
      </div>
    </form>
  );
}

function ReturnForm({ workspace, submission, onDone }: SubmissionFormProps) {
  const { api } = useSession();
  const [note, setNote] = useState('');
  const { t } = useTranslation('feedback');
  const { errors, formError, pending, submit } = useSchemaForm(
    ReturnForRevisionRequestSchema,
    async (request) => {
      await api.returnSubmission({
        params: { docId: workspace.docId, submissionId: submission.submissionId },
        body: request,
      });
      setNote('');
      await onDone(t('returnedDone'));
    },
  );
  return (
    <form
      className="card stack"
      noValidate
      aria-labelledby="return-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void submit(note.trim() ? { note } : {});
      }}
    >
      <h2 id="return-heading">{t('return')}</h2>
      <ErrorMessage>{formError}</ErrorMessage>
      <Field label={t('note')} hint={t('noteHint')} error={errors.note}>
        {(control) => (
          <textarea
            {...control}
            rows={2}
            value={note}
            onChange={(event) => setNote(event.target.value)}
          />
        )}
      </Field>
      <div>
        <button type="submit">{pending ? t('returning') : t('return')}</button>
      </div>
    </form>
  );
}
