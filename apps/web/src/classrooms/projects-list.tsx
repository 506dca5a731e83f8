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
          <h3>{project.title}</h3>
          {project.brief ? <p className="brief-excerpt">{project.brief}</p> : null}
          {project.workspaces.length === 0 ? (
            <p className="muted">No group workspaces yet.</p>
          ) : (
            <ul className="plain-list" aria-label={`Workspaces for ${project.title}`}>
              {project.workspaces.map((workspace) => (
                <li key={workspace.docId}>
                  <Link to={paths.workspace(workspace.docId)}>
                    {groupName.get(workspace.groupId) ?? 'Group'} workspace
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
