import { Link, useParams } from 'react-router';
import { SOCKET_EVENTS, StudentOverviewMessageSchema } from '@commonplace/shared';
import type { StudentOverview, StudentProjectOverview } from '@commonplace/shared';
import { paths } from '../app/paths';
import { useSession } from '../auth/auth-context';
import { useLiveWatch } from '../live/use-live-watch';
import { ErrorMessage, Loading } from '../ui/feedback';
import { formatDate, formatDateTime } from '../ui/format';
import { PageHeading } from '../ui/page-heading';
import { useResource } from '../ui/use-resource';

/**
 * One student's projects as their guardian sees them (their teachers too): checkpoints,
 * submissions and feedback, updated live, never the document itself.
 */
export default function StudentOverviewPage() {
  const { studentId = '' } = useParams();
  const { api, token } = useSession();
  const { resource } = useResource(`overview:${studentId}`, () => api.studentOverview(studentId));
  const live = useLiveWatch(
    token,
    {
      watchEvent: SOCKET_EVENTS.studentWatch,
      payload: { studentId },
      messageEvent: SOCKET_EVENTS.studentOverview,
      schema: StudentOverviewMessageSchema,
      accept: (overview) => overview.studentId === studentId,
      what: 'this student',
    },
    `student:${studentId}`,
  );
  const overview: StudentOverview | null =
    live.data ?? (resource.status === 'ready' ? resource.data : null);
  const title = overview ? `${overview.displayName}'s projects` : 'Projects';

  return (
    <div className="stack-lg">
      <p>
        <Link to={paths.home}>← Home</Link>
      </p>
      <PageHeading title={title}>{title}</PageHeading>
      {!overview && resource.status === 'loading' ? <Loading what="the projects" /> : null}
      {!overview && resource.status === 'error' ? (
        <ErrorMessage>{resource.message}</ErrorMessage>
      ) : null}
      {overview ? (
        overview.projects.length === 0 ? (
          <p className="muted">No projects yet.</p>
        ) : (
          <ul className="card-list">
            {overview.projects.map((project) => (
              <ProjectCard key={project.projectId} project={project} />
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}

function ProjectCard({ project }: { project: StudentProjectOverview }) {
  const reached = project.checkpoints.filter((c) => c.state !== 'open').length;
  return (
    <li className="card stack-sm">
      <h2>{project.title}</h2>
      <p>
        Checkpoints reached: {reached} of {project.checkpoints.length}.{' '}
        {project.submissions === 0
          ? 'Not submitted yet.'
          : `Submitted ${project.submissions} ${project.submissions === 1 ? 'time' : 'times'}, last ${formatDateTime(project.lastSubmittedAt)}.`}
        {project.locked ? ' Locked for assessment.' : ''}
      </p>
      {project.checkpoints.length > 0 ? (
        <ol>
          {project.checkpoints.map((c) => (
            <li key={c.checkpointId}>
              {c.title} (due {formatDate(c.dueAt)}):{' '}
              {c.state === 'open' ? (c.overdue ? 'overdue' : 'not reached yet') : c.state}
            </li>
          ))}
        </ol>
      ) : null}
      {project.feedback.length > 0 ? (
        <div className="stack-sm">
          <h3>Feedback</h3>
          <ul className="plain-list">
            {project.feedback.map((feedback) => (
              <li key={feedback.feedbackId} className="brief">
                <span className="hint">{formatDateTime(feedback.givenAt)}: </span>
                {feedback.comment || 'Rubric scores only.'}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </li>
  );
}
