import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { FamilyProject } from '@commonplace/shared';
import { viewerTimeZone } from '../api/api-client';
import { paths } from '../app/paths';
import { useSession } from '../auth/auth-context';
import { WeeklyTimeChart } from '../charts/progress-charts';
import { ErrorMessage, Loading } from '../ui/feedback';
import { formatDate, formatDateTime } from '../ui/format';
import { PageHeading } from '../ui/page-heading';
import { useResource } from '../ui/use-resource';

/**
 * A guardian's home for one child: time on task by week as a chart, then each project's
 * checkpoints, feedback and goals. Read-only, and the server names nobody else: the
 * child's group-mates arrive as "Classmate", so the page cannot leak them by mistake.
 */
export default function FamilyChildPage() {
  const { t } = useTranslation('families');
  const { studentId = '' } = useParams();
  const { api } = useSession();
  const { resource } = useResource(`family:${studentId}`, () =>
    api.familyDashboard({ params: { studentId }, query: { tz: viewerTimeZone() } }),
  );
  const dashboard = resource.status === 'ready' ? resource.data : null;
  const title = dashboard ? t('title', { name: dashboard.firstName }) : t('titleLoading');

  return (
    <div className="stack-lg">
      <p>
        <Link to={paths.home}>{t('back')}</Link>
      </p>
      <PageHeading title={title}>{title}</PageHeading>
      {resource.status === 'loading' ? <Loading what={t('loading')} /> : null}
      {resource.status === 'error' ? <ErrorMessage>{resource.message}</ErrorMessage> : null}
      {dashboard ? (
        <>
          {/* Weeks without work are zeros, not gaps: an empty week is worth seeing too. */}
          <WeeklyTimeChart firstName={dashboard.firstName} weeks={dashboard.timeOnTaskByWeek} />
          {dashboard.projects.length === 0 ? (
            <p className="muted">{t('noProjects')}</p>
          ) : (
            <ul className="card-list">
              {dashboard.projects.map((project) => (
                <FamilyProjectCard key={project.projectId} project={project} />
              ))}
            </ul>
          )}
        </>
      ) : null}
    </div>
  );
}

function FamilyProjectCard({ project }: { project: FamilyProject }) {
  const { t } = useTranslation('families');
  const reached = project.checkpoints.filter((c) => c.state !== 'open').length;
  const checkpointTitle = new Map(project.checkpoints.map((c) => [c.checkpointId, c.title]));
  // The server already calls them "Classmate"; the word is ours to translate.
  const others = project.groupMembers.filter((member) => !member.isMyChild);
  return (
    <li className="card stack-sm">
      <h2>{project.title}</h2>
      <p>
        {t('reached', { reached, total: project.checkpoints.length })}{' '}
        {project.submissions === 0
          ? t('notSubmitted')
          : t('submitted', {
              count: project.submissions,
              last: formatDateTime(project.lastSubmittedAt),
            })}
      </p>
      {others.length > 0 ? (
        <p>{t('workingWith', { names: others.map(() => t('classmate')).join(', ') })}</p>
      ) : null}
      {project.checkpoints.length > 0 ? (
        <div className="stack-sm">
          <h3>{t('checkpoints')}</h3>
          <ol>
            {project.checkpoints.map((c) => (
              <li key={c.checkpointId}>
                {t('checkpoint', {
                  title: c.title,
                  due: formatDate(c.dueAt),
                  state: t(c.state === 'open' && c.overdue ? 'state.overdue' : `state.${c.state}`),
                })}
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      <div className="stack-sm">
        <h3>{t('goals')}</h3>
        {project.goals.length === 0 ? (
          <p className="muted">{t('noGoals')}</p>
        ) : (
          <ul className="plain-list">
            {project.goals.map((goal) => {
              const values = {
                checkpoint: checkpointTitle.get(goal.checkpointId) ?? t('aCheckpoint'),
                date: formatDate(goal.targetDate),
                status: t(`goalStatus.${goal.status}`),
                note: goal.note ?? '',
              };
              return (
                <li key={goal.goalId}>
                  {goal.note ? t('goalWithNote', values) : t('goal', values)}
                </li>
              );
            })}
          </ul>
        )}
      </div>
      <div className="stack-sm">
        <h3>{t('feedback')}</h3>
        {project.feedback.length === 0 ? (
          <p className="muted">{t('noFeedback')}</p>
        ) : (
          <ul className="plain-list">
            {project.feedback.map((feedback) => (
              <li key={feedback.feedbackId} className="brief">
                <span className="hint">{formatDateTime(feedback.givenAt)}: </span>
                {feedback.comment || t('rubricOnly')}
              </li>
            ))}
          </ul>
        )}
      </div>
    </li>
  );
}
