import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { UpdateProjectPlanRequestSchema } from '@commonplace/shared';
import type { ProjectDetail } from '@commonplace/shared';
import { paths } from '../app/paths';
import { MyActivityChart } from '../charts/progress-charts';
import { useSession } from '../auth/auth-context';
import { ErrorMessage, LiveStatus, Loading } from '../ui/feedback';
import { formatDate } from '../ui/format';
import { PageHeading } from '../ui/page-heading';
import { useAction } from '../ui/use-action';
import { useResource } from '../ui/use-resource';
import { useSchemaForm } from '../ui/use-schema-form';
import { draftOf, PlanFields, planRequest } from './plan-fields';
import type { PlanDraft } from './plan-fields';

/** The project editor: brief, checkpoints and rubric, lock for assessment, every workspace. */
export default function ProjectPage() {
  const { projectId = '' } = useParams();
  const { api, user } = useSession();
  const { t } = useTranslation('projects');
  const { resource, reload } = useResource(`project:${projectId}`, () =>
    api.project({ params: { projectId } }),
  );
  const [status, setStatus] = useState<string | null>(null);
  const title = resource.status === 'ready' ? resource.data.title : t('page.title');

  return (
    <div className="stack-lg">
      <p>
        {resource.status === 'ready' && user.kind === 'teacher' ? (
          <Link to={paths.classroom(resource.data.classroomId)}>{t('page.backToClassroom')}</Link>
        ) : (
          <Link to={paths.home}>{t('page.home')}</Link>
        )}
      </p>
      <PageHeading title={title}>{title}</PageHeading>
      <LiveStatus className="message-success">{status}</LiveStatus>
      {resource.status === 'loading' ? <Loading what={t('page.loading')} /> : null}
      {resource.status === 'error' ? <ErrorMessage>{resource.message}</ErrorMessage> : null}
      {resource.status === 'ready' ? (
        user.kind === 'teacher' ? (
          <ProjectEditor
            key={resource.data.id}
            project={resource.data}
            onChanged={async (message) => {
              setStatus(message);
              await reload().catch(() => undefined);
            }}
          />
        ) : (
          <ProjectOverview project={resource.data} showMyActivity={user.kind === 'student'} />
        )
      ) : null}
    </div>
  );
}

interface ProjectEditorProps {
  project: ProjectDetail;
  onChanged: (message: string) => Promise<void>;
}

function ProjectEditor({ project, onChanged }: ProjectEditorProps) {
  const { api } = useSession();
  const [plan, setPlan] = useState<PlanDraft>(() => draftOf(project));
  const lock = useAction();
  const { t } = useTranslation('projects');
  const { errors, formError, pending, submit } = useSchemaForm(
    UpdateProjectPlanRequestSchema,
    async (request) => {
      await api.updatePlan({ params: { projectId: project.id }, body: request });
      await onChanged(t('editor.planSaved'));
    },
  );

  return (
    <>
      <section aria-labelledby="lock-heading" className="card stack-sm">
        <h2 id="lock-heading">{t('editor.lockHeading')}</h2>
        <p>{project.locked ? t('editor.lockedState') : t('editor.openState')}</p>
        <ErrorMessage>{lock.error}</ErrorMessage>
        <div>
          <button
            type="button"
            disabled={lock.pending !== null}
            onClick={() =>
              void lock
                .run(
                  'lock',
                  () =>
                    project.locked
                      ? api.unlockProject({ params: { projectId: project.id } })
                      : api.lockProject({ params: { projectId: project.id } }),
                  '',
                )
                .then((ok) =>
                  ok
                    ? onChanged(project.locked ? t('editor.unlocked') : t('editor.locked'))
                    : undefined,
                )
            }
          >
            {project.locked ? t('editor.unlock') : t('editor.lock')}
          </button>
        </div>
      </section>

      <form
        className="card stack"
        noValidate
        aria-labelledby="plan-heading"
        onSubmit={(event) => {
          event.preventDefault();
          const request = planRequest(plan);
          void submit({
            brief: request.brief,
            checkpoints: request.checkpoints,
            ...(request.rubric ? { rubric: request.rubric } : {}),
          });
        }}
      >
        <h2 id="plan-heading">{t('editor.plan')}</h2>
        <ErrorMessage>{formError}</ErrorMessage>
        <PlanFields draft={plan} onChange={setPlan} errors={errors} idPrefix="plan" />
        <div>
          <button type="submit" className="button-primary">
            {pending ? t('editor.saving') : t('editor.savePlan')}
          </button>
        </div>
      </form>

      <Workspaces project={project} />
    </>
  );
}

function Workspaces({ project }: { project: ProjectDetail }) {
  const { t } = useTranslation('projects');
  return (
    <section aria-labelledby="workspaces-heading" className="stack-sm">
      <h2 id="workspaces-heading">{t('workspaces.heading')}</h2>
      {project.workspaces.length === 0 ? (
        <p className="muted">{t('workspaces.none')}</p>
      ) : (
        <ul className="link-list">
          {project.workspaces.map((workspace) => (
            <li key={workspace.docId}>
              <Link to={paths.workspace(workspace.docId)}>{workspace.name}</Link>
              {' · '}
              <Link to={paths.feedback(workspace.docId)}>
                {t('workspaces.feedbackFor', { name: workspace.name })}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ProjectOverview({
  project,
  showMyActivity,
}: {
  project: ProjectDetail;
  showMyActivity: boolean;
}) {
  const { t } = useTranslation('projects');
  return (
    <>
      {project.brief ? <p className="brief">{project.brief}</p> : null}
      {showMyActivity && project.workspaces.length > 0 ? (
        <section aria-labelledby="my-progress-heading" className="card stack-sm">
          <h2 id="my-progress-heading">{t('mine.progress')}</h2>
          {project.workspaces.map((workspace) => (
            <MyActivityChart key={workspace.docId} docId={workspace.docId} name={workspace.name} />
          ))}
        </section>
      ) : null}
      <section aria-labelledby="overview-checkpoints" className="stack-sm">
        <h2 id="overview-checkpoints">{t('overview.checkpoints')}</h2>
        {project.checkpoints.length === 0 ? (
          <p className="muted">{t('overview.none')}</p>
        ) : (
          <ol>
            {project.checkpoints.map((c) => (
              <li key={c.checkpointId}>
                {t('overview.checkpoint', { title: c.title, date: formatDate(c.dueAt) })}
              </li>
            ))}
          </ol>
        )}
      </section>
      <Workspaces project={project} />
    </>
  );
}
