import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ClassroomSummary } from '@commonplace/shared';
import { paths } from '../app/paths';
import { ErrorMessage, Loading } from '../ui/feedback';
import type { Resource } from '../ui/use-resource';

interface ClassroomListProps {
  resource: Resource<ClassroomSummary[]>;
  /** Teachers manage their classrooms from the classroom page; students have no such page yet. */
  linkToClassroom: boolean;
}

export function ClassroomList({ resource, linkToClassroom }: ClassroomListProps) {
  const { t } = useTranslation('classrooms');
  return (
    <section aria-labelledby="classrooms-heading" className="stack">
      <h2 id="classrooms-heading">{t('list.heading')}</h2>
      {resource.status === 'loading' ? <Loading what={t('list.loading')} /> : null}
      {resource.status === 'error' ? <ErrorMessage>{resource.message}</ErrorMessage> : null}
      {resource.status === 'ready' && resource.data.length === 0 ? (
        <p className="muted">{linkToClassroom ? t('list.emptyTeacher') : t('list.emptyStudent')}</p>
      ) : null}
      {resource.status === 'ready' && resource.data.length > 0 ? (
        <ul className="link-list">
          {resource.data.map((classroom) => (
            <li key={classroom.id}>
              {linkToClassroom &&
              (classroom.role === 'teacher' || classroom.role === 'co-teacher') ? (
                <Link to={paths.classroom(classroom.id)}>{classroom.name}</Link>
              ) : (
                <span>{classroom.name}</span>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
