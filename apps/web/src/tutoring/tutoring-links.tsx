import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ClassroomSummary } from '@commonplace/shared';
import { paths } from '../app/paths';
import type { Resource } from '../ui/use-resource';

/** The home page's way to each classroom's peer tutoring, for those who take part in it. */
export function TutoringLinks({ resource }: { resource: Resource<ClassroomSummary[]> }) {
  const { t } = useTranslation('tutoring');
  if (resource.status !== 'ready') return null;
  // Guardians and mentors have no part in a classroom's tutoring.
  const classrooms = resource.data.filter(
    (classroom) => !classroom.roles.every((role) => role === 'guardian' || role === 'mentor'),
  );
  if (classrooms.length === 0) return null;
  return (
    <section aria-labelledby="tutoring-links-heading" className="stack-sm">
      <h2 id="tutoring-links-heading">{t('title')}</h2>
      <ul className="link-list">
        {classrooms.map((classroom) => (
          // The classroom's name stays outside the link: its own link elsewhere on the page
          // keeps a name no other link contains, and this one reads well in its list item.
          <li key={classroom.id}>
            {t('homeItem', { classroom: classroom.name })}{' '}
            <Link to={paths.tutoring(classroom.id)}>{t('homeLink')}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
