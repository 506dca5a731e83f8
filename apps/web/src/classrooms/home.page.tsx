import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/auth-context';
import { PageHeading } from '../ui/page-heading';
import { useResource } from '../ui/use-resource';
import { ClassroomList } from './classroom-list';
import { GuardianChildren } from './guardian-home';
import { CreateClassroomForm } from './create-classroom-form';
import { JoinClassroomForm } from './join-classroom-form';
import { MyProjects } from '../projects/my-projects';
import { TutoringLinks } from '../tutoring/tutoring-links';
import { InquiryHomeLink } from '../inquiry/inquiry-home-link';

export default function HomePage() {
  const { user, api } = useSession();
  const { t } = useTranslation('classrooms');
  const classrooms = useResource(`classrooms:${user.id}`, () => api.listClassrooms());
  const projects = useResource(`projects:${user.id}:${user.kind}`, () =>
    user.kind === 'student' ? api.myProjects() : Promise.resolve([]),
  );

  if (user.kind === 'teacher') {
    return (
      <div className="stack-lg">
        <PageHeading title={t('home.yourClassrooms')}>{t('home.yourClassrooms')}</PageHeading>
        <ClassroomList resource={classrooms.resource} linkToClassroom />
        <TutoringLinks resource={classrooms.resource} />
        <InquiryHomeLink />
        <CreateClassroomForm />
      </div>
    );
  }

  if (user.kind === 'guardian' || user.kind === 'mentor') {
    return (
      <div className="stack-lg">
        <PageHeading title={t('home.title')}>
          {t('home.hello', { name: user.displayName })}
        </PageHeading>
        {user.kind === 'guardian' ? <GuardianChildren /> : null}
        <ClassroomList resource={classrooms.resource} linkToClassroom={false} />
      </div>
    );
  }

  return (
    <div className="stack-lg">
      <PageHeading title={t('home.title')}>
        {t('home.hello', { name: user.displayName })}
      </PageHeading>
      <MyProjects resource={projects.resource} />
      <ClassroomList resource={classrooms.resource} linkToClassroom={false} />
      <TutoringLinks resource={classrooms.resource} />
      <InquiryHomeLink />
      <JoinClassroomForm
        onJoined={async () => {
          // A new classroom may already have projects for the groups we land in.
          await Promise.allSettled([classrooms.reload(), projects.reload()]);
        }}
      />
    </div>
  );
}
