import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '../app/paths';
import { useSession } from '../auth/auth-context';
import { FamilyChartsLink } from '../families/family-charts-link';
import { WeeklySummaryForm } from '../families/weekly-summary-form';
import { ErrorMessage, Loading } from '../ui/feedback';
import { useResource } from '../ui/use-resource';

/** A guardian's home: the students they look after, each a link to their projects. */
export function GuardianChildren() {
  const { api, user } = useSession();
  const { t } = useTranslation('classrooms');
  const { resource } = useResource(`children:${user.id}`, () => api.myChildren());
  return (
    <>
      <section aria-labelledby="children-heading" className="stack">
        <h2 id="children-heading">{t('guardian.heading')}</h2>
        {resource.status === 'loading' ? <Loading what={t('guardian.loading')} /> : null}
        {resource.status === 'error' ? <ErrorMessage>{resource.message}</ErrorMessage> : null}
        {resource.status === 'ready' ? (
          resource.data.length === 0 ? (
            <p className="muted">{t('guardian.none')}</p>
          ) : (
            <ul className="link-list">
              {resource.data.map((child) => (
                <li key={`${child.studentId}-${child.classroomId}`}>
                  <Link to={paths.student(child.studentId)}>{child.displayName}</Link>
                  <span className="muted"> · {child.classroomName}</span>
                  {' · '}
                  <FamilyChartsLink studentId={child.studentId} />
                </li>
              ))}
            </ul>
          )
        ) : null}
      </section>
      {resource.status === 'ready' && resource.data.length > 0 ? <WeeklySummaryForm /> : null}
    </>
  );
}
