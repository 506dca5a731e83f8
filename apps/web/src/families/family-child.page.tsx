import { Link, useParams } from 'react-router';
import type { FamilyProject, GoalStatus } from '@commonplace/shared';
import { paths } from '../app/paths';
import { useSession } from '../auth/auth-context';
import { WeeklyTimeChart } from '../charts/progress-charts';
import { ErrorMessage, Loading } from '../ui/feedback';
import { formatDate, formatDateTime } from '../ui/format';
import { PageHeading } from '../ui/page-heading';
import { useResource } from '../ui/use-resource';

const GOAL_STATUS: Record<GoalStatus, string> = {
  met: 'met',
  'met-late': 'met, late',
  'on-track': 'on track',
  'due-soon': 'due soon',
  missed: 'missed',
  'unknown-checkpoint': 'its checkpoint was removed',
};

/**
 * A guardian's home for one child: time on task by week as a chart, then each project's
 * checkpoints, feedback and goals. Read-only, and the server names nobody else: the
 * child's group-mates arrive as "Classmate", so the page cannot leak them by mistake.
 */
export default function FamilyChildPage() {
  const { studentId = '' } = useParams();
  const { api } = useSession();
  const { resource } = useResource(`family:${studentId}`, () => api.familyDashboard(studentId));
  const dashboard = resource.status === 'ready' ? resource.data : null;
  const title = dashboard ? `How ${dashboard.firstName} is doing` : 'Your child';

  return (
    <div className="stack-lg">
      <p>
        <Link to={paths.home}>← Home</Link>
      </p>
      <PageHeading title={title}>{title}</PageHeading>
      {resource.status === 'loading' ? <Loading what="your child's progress" /> : null}
      {resource.status === 'error' ? <ErrorMessage>{resource.message}</ErrorMessage> : null}
      {dashboard ? (
        <>
          {/* Weeks without work are zeros, not gaps: an empty week is worth seeing too. */}
          <WeeklyTimeChart firstName={dashboard.firstName} weeks={dashboard.timeOnTaskByWeek} />
          {dashboard.projects.length === 0 ? (
            <p className="muted">No projects yet.</p>
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
  const reached = project.checkpoints.filter((c) => c.state !== 'open').length;
  const checkpointTitle = new Map(project.checkpoints.map((c) => [c.checkpointId, c.title]));
  return (
    <li className="card stack-sm">
      <h2>{project.title}</h2>
      <p>
        Checkpoints reached: {reached} of {project.checkpoints.length}.{' '}
        {project.submissions === 0
          ? 'Not submitted yet.'
          : `Submitted ${project.submissions} ${project.submissions === 1 ? 'time' : 'times'}, last ${formatDateTime(project.lastSubmittedAt)}.`}
      </p>
      {project.groupMembers.length > 1 ? (
        <p>
          Working with:{' '}
          {project.groupMembers
            .filter((member) => !member.isMyChild)
            .map((member) => member.displayName)
            .join(', ')}
        </p>
      ) : null}
      {project.checkpoints.length > 0 ? (
        <div className="stack-sm">
          <h3>Checkpoints</h3>
          <ol>
            {project.checkpoints.map((c) => (
              <li key={c.checkpointId}>
                {c.title} (due {formatDate(c.dueAt)}):{' '}
                {c.state === 'open' ? (c.overdue ? 'overdue' : 'not reached yet') : c.state}
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      <div className="stack-sm">
        <h3>Goals</h3>
        {project.goals.length === 0 ? (
          <p className="muted">No goals set.</p>
        ) : (
          <ul className="plain-list">
            {project.goals.map((goal) => (
              <li key={goal.goalId}>
                Reach “{checkpointTitle.get(goal.checkpointId) ?? 'a checkpoint'}” by{' '}
                {formatDate(goal.targetDate)}: {GOAL_STATUS[goal.status]}
                {goal.note ? ` (${goal.note})` : ''}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="stack-sm">
        <h3>Feedback</h3>
        {project.feedback.length === 0 ? (
          <p className="muted">No feedback yet.</p>
        ) : (
          <ul className="plain-list">
            {project.feedback.map((feedback) => (
              <li key={feedback.feedbackId} className="brief">
                <span className="hint">{formatDateTime(feedback.givenAt)}: </span>
                {feedback.comment || 'Rubric scores only.'}
              </li>
            ))}
          </ul>
        )}
      </div>
    </li>
  );
}
