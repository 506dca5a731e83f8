import { Link } from 'react-router';
import type { ClassroomView } from '@commonplace/shared';
import { paths } from '../app/paths';

export function ProjectsList({ classroom }: { classroom: ClassroomView }) {
  const groupName = new Map(classroom.groups.map((g) => [g.id, g.name]));

  if (classroom.projects.length === 0) {
    return (
      <p className="muted">
        No projects yet. Assign one below; every group gets its own workspace.
      </p>
    );
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
            <p className="muted">No group workspaces yet.</p>
          ) : (
            <table>
              <caption className="visually-hidden">Workspaces for {project.title}</caption>
              <thead>
                <tr>
                  <th scope="col">Group</th>
                  <th scope="col">Document</th>
                  <th scope="col">Feedback</th>
                </tr>
              </thead>
              <tbody>
                {project.workspaces.map((workspace) => {
                  const name = groupName.get(workspace.groupId) ?? 'Group';
                  return (
                    <tr key={workspace.docId}>
                      <th scope="row">{name}</th>
                      <td>
                        <Link to={paths.workspace(workspace.docId)}>{name} workspace</Link>
                      </td>
                      <td>
                        <Link to={paths.feedback(workspace.docId)}>Feedback for {name}</Link>
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
