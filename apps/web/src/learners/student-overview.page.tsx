import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation('learners');
  const { resource } = useResource(`overview:${studentId}`, () =>
    api.studentOverview({ params: { studentId } }),
  );
  const live = useLiveWatch(
    token,
    {
      watchEvent: SOCKET_EVENTS.studentWatch,
      payload: { studentId },
      messageEvent: SOCKET_EVENTS.studentOverview,
      schema: StudentOverviewMessageSchema,
      accept: (overview) => overview.studentId === studentId,
      what: t('overview.thisStudent'),
    },
    `student:${studentId}`,
  );
  const overview: StudentOverview | null =
    live.data ?? (resource.status === 'ready' ? resource.data : null);
  const title = overview
    ? t('overview.titleFor', { name: overview.displayName })
    : t('overview.title');

  return (
    <div className="stack-lg">
      <p>
        <Link to={paths.home}>{t('overview.home')}</Link>
      </p>
      <PageHeading title={title}>{title}</PageHeading>
      {!overview && resource.status === 'loading' ? <Loading what={t('overview.loading')} /> : null}
      {!overview && resource.status === 'error' ? (
        <ErrorMessage>{resource.message}</ErrorMessage>
      ) : null}
      {overview ? (
        overview.projects.length === 0 ? (
          <p className="muted">{t('overview.none')}</p>
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
  const { t } = useTranslation('learners');
  return (
    <li className="card stack-sm">
      <h2>{project.title}</h2>
      <p>
        {t('overview.reached', { reached, total: project.checkpoints.length })}{' '}
        {project.submissions === 0
          ? t('overview.notSubmitted')
          : t('overview.submitted', {
              count: project.submissions,
              last: formatDateTime(project.lastSubmittedAt),
            })}
        {project.locked ? ` ${t('overview.locked')}` : ''}
      </p>
      {project.checkpoints.length > 0 ? (
        <ol>
          {project.checkpoints.map((c) => (
            <li key={c.checkpointId}>
              {t('overview.checkpoint', {
                title: c.title,
                date: formatDate(c.dueAt),
                state: t(`overview.state.${c.state === 'open' && c.overdue ? 'overdue' : c.state}`),
              })}
            </li>
          ))}
        </ol>
      ) : null}
      {project.feedback.length > 0 ? (
        <div className="stack-sm">
          <h3>{t('overview.feedback')}</h3>
          <ul className="plain-list">
            {project.feedback.map((feedback) => (
              <li key={feedback.feedbackId} className="brief">
                <span className="hint">{formatDateTime(feedback.givenAt)}: </span>
                {feedback.comment || t('overview.scoresOnly')}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </li>
  );
}
