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
  return (
    <section aria-labelledby="classrooms-heading" className="stack">
      <h2 id="classrooms-heading">Classrooms</h2>
      {resource.status === 'loading' ? <Loading what="your classrooms" /> : null}
      {resource.status === 'error' ? <ErrorMessage>{resource.message}</ErrorMessage> : null}
      {resource.status === 'ready' && resource.data.length === 0 ? (
        <p className="muted">
          {linkToClassroom
            ? 'You have no classrooms yet. Create one below, then share its join code with your students.'
            : 'You are not in a classroom yet. Enter the join code your teacher gave you below.'}
        </p>
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
