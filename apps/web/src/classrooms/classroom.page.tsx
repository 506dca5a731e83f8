import { Trans, useTranslation } from 'react-i18next';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { ClassroomView, RosterMember } from '@commonplace/shared';
import { WHOLE_LIST } from '../api/api-client';
import { paths } from '../app/paths';
import { useSession } from '../auth/auth-context';
import { ErrorMessage, LiveStatus, Loading } from '../ui/feedback';
import { PageHeading } from '../ui/page-heading';
import { useResource } from '../ui/use-resource';
import { AssignProjectForm } from './assign-project-form';
import { GroupsPanel } from './groups-panel';
import { InvitesPanel } from './invites-panel';
import { JoinCodePanel } from './join-code-panel';
import { PeerTutorsPanel } from './peer-tutors-panel';
import { ProjectsList } from './projects-list';
import { StudentsPanel } from './students-panel';

export default function ClassroomPage() {
  const { classroomId = '' } = useParams();
  const { api } = useSession();
  const { t } = useTranslation('classrooms');
  const { resource, reload } = useResource(`classroom:${classroomId}`, () =>
    api.classroom({ params: { classroomId } }),
  );
  const roster = useResource(`roster:${classroomId}`, () =>
    api.roster({ params: { classroomId }, query: WHOLE_LIST }),
  );
  // One live region for the outcome of every change made on this page.
  const [status, setStatus] = useState<string | null>(null);

  const name = resource.status === 'ready' ? resource.data.name : t('classroom.title');

  return (
    <div className="stack-lg">
      <p>
        <Link to={paths.home}>{t('classroom.back')}</Link>
      </p>
      <PageHeading title={name}>{name}</PageHeading>
      <LiveStatus className="message-success">{status}</LiveStatus>
      {resource.status === 'loading' ? <Loading what={t('classroom.loading')} /> : null}
      {resource.status === 'error' ? <ErrorMessage>{resource.message}</ErrorMessage> : null}
      {resource.status === 'ready' ? (
        resource.data.role === 'teacher' || resource.data.role === 'co-teacher' ? (
          <TeacherClassroom
            classroom={resource.data}
            roster={roster.resource.status === 'ready' ? roster.resource.data.items : null}
            onChanged={async (message) => {
              setStatus(message);
              await Promise.all([reload(), roster.reload().catch(() => undefined)]);
            }}
          />
        ) : (
          <p>
            <Trans
              t={t}
              i18nKey="classroom.studentView"
              components={{ home: <Link to={paths.home} /> }}
            />
          </p>
        )
      ) : null}
    </div>
  );
}

interface TeacherClassroomProps {
  classroom: ClassroomView;
  roster: readonly RosterMember[] | null;
  /** Reports what changed (for the live region) and refreshes the classroom. */
  onChanged: (message: string) => Promise<void>;
}

function TeacherClassroom({ classroom, roster, onChanged }: TeacherClassroomProps) {
  const { t } = useTranslation('classrooms');
  return (
    <>
      <div className="split">
        <JoinCodePanel joinCode={classroom.joinCode} />
        <section aria-labelledby="live-board-heading" className="card stack">
          <h2 id="live-board-heading">{t('classroom.board')}</h2>
          <p>{t('classroom.boardHelp')}</p>
          <p>
            <Link className="button-link" to={paths.board(classroom.id)}>
              {t('classroom.openBoard')}
            </Link>
          </p>
        </section>
      </div>
      <StudentsPanel classroom={classroom} roster={roster} onChanged={onChanged} />
      <PeerTutorsPanel classroom={classroom} roster={roster} onChanged={onChanged} />
      <GroupsPanel classroom={classroom} onChanged={onChanged} />
      <section aria-labelledby="projects-heading" className="stack">
        <h2 id="projects-heading">{t('classroom.projects')}</h2>
        <ProjectsList classroom={classroom} />
        <AssignProjectForm classroom={classroom} onChanged={onChanged} />
      </section>
      <InvitesPanel classroom={classroom} />
    </>
  );
}
