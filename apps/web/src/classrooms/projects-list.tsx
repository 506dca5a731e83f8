import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ClassroomView } from '@commonplace/shared';
import { paths } from '../app/paths';

export function ProjectsList({ classroom }: { classroom: ClassroomView }) {
  const { t } = useTranslation('classrooms');
  const groupName = new Map(classroom.groups.map((g) => [g.id, g.name]));

  if (classroom.projects.length === 0) {
    return <p className="muted">{t('projects.none')}</p>;
  }
  return (
    <ul className="card-list">
      {classroom.projects.map((project) => (
        <li key={project.id} className="card stack-sm">
          <h3>
            <Link to={paths.project(project.id)}>{project.title}</Link>
          </h3>
          {project.brief ? <p className="brief-excerpt">{project.brief}</p> : null}
          {project.workspaces.length === 0 ? (
            <p className="muted">{t('projects.noWorkspaces')}</p>
          ) : (
            <table>
              <caption className="visually-hidden">
                {t('projects.workspacesFor', { title: project.title })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('projects.group')}</th>
                  <th scope="col">{t('projects.document')}</th>
                  <th scope="col">{t('projects.feedback')}</th>
                </tr>
              </thead>
              <tbody>
                {project.workspaces.map((workspace) => {
                  const name = groupName.get(workspace.groupId) ?? t('projects.group');
                  return (
                    <tr key={workspace.docId}>
                      <th scope="row">{name}</th>
                      <td>
                        <Link to={paths.workspace(workspace.docId)}>
                          {t('projects.workspaceOf', { name })}
                        </Link>
                      </td>
                      <td>
                        <Link to={paths.feedback(workspace.docId)}>
                          {t('projects.feedbackFor', { name })}
                        </Link>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </li>
      ))}
    </ul>
  );
}
