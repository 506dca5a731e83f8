import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MyProject } from '@commonplace/shared';
import { paths } from '../app/paths';
import { ErrorMessage, Loading } from '../ui/feedback';
import type { Resource } from '../ui/use-resource';

export function MyProjects({ resource }: { resource: Resource<MyProject[]> }) {
  const { t } = useTranslation('projects');
  return (
    <section aria-labelledby="my-projects-heading" className="stack">
      <h2 id="my-projects-heading">{t('mine.heading')}</h2>
      {resource.status === 'loading' ? <Loading what={t('mine.loading')} /> : null}
      {resource.status === 'error' ? <ErrorMessage>{resource.message}</ErrorMessage> : null}
      {resource.status === 'ready' && resource.data.length === 0 ? (
        <p className="muted">{t('mine.empty')}</p>
      ) : null}
      {resource.status === 'ready' && resource.data.length > 0 ? (
        <ul className="card-list">
          {resource.data.map((project) => (
            <li key={project.docId} className="card stack-sm">
              <h3 id={`my-project-${project.docId}`}>
                <Link to={paths.workspace(project.docId)}>{project.title}</Link>
              </h3>
              <p className="muted">
                {project.groupName} · {project.classroomName}
                {project.locked ? ` · ${t('mine.locked')}` : ''}
              </p>
              {project.brief ? <p className="brief-excerpt">{project.brief}</p> : null}
              <p>
                {/* Described by the card's title, not named after it: the title alone names the workspace link. */}
                <Link
                  to={paths.project(project.projectId)}
                  aria-describedby={`my-project-${project.docId}`}
                >
                  {t('mine.progress')}
                </Link>
              </p>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
