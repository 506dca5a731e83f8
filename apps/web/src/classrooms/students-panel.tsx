import { useState } from 'react';
import type { ClassroomView } from '@commonplace/shared';
import { messageOf } from '../api/api-error';
import { useSession } from '../auth/auth-context';
import { ErrorMessage } from '../ui/feedback';
import { Field } from '../ui/field';

interface StudentsPanelProps {
  classroom: ClassroomView;
  onChanged: (message: string) => Promise<void>;
}

export function StudentsPanel({ classroom, onChanged }: StudentsPanelProps) {
  const groupOf = new Map<string, string>();
  for (const group of classroom.groups)
    for (const id of group.memberIds) groupOf.set(id, group.name);

  return (
    <section aria-labelledby="students-heading" className="stack">
      <h2 id="students-heading">Students ({classroom.students.length})</h2>
      {classroom.students.length === 0 ? (
        <p className="muted">
          No students yet. Share the join code above; students appear here as they join.
        </p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Group</th>
            </tr>
          </thead>
          <tbody>
            {classroom.students.map((student) => (
              <tr key={student.id}>
                <th scope="row">{student.displayName}</th>
                <td>{groupOf.get(student.id) ?? <span className="muted">Not in a group</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {classroom.students.length > 0 && classroom.groups.length > 0 ? (
        <PlaceStudentForm classroom={classroom} onChanged={onChanged} />
      ) : null}
    </section>
  );
}

function PlaceStudentForm({ classroom, onChanged }: StudentsPanelProps) {
  const { api } = useSession();
  const [studentId, setStudentId] = useState('');
  const [groupId, setGroupId] = useState('');
  const [errors, setErrors] = useState<{ student?: string; group?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit() {
    if (pending) return;
    setFormError(null);
    const student = classroom.students.find((s) => s.id === studentId);
    const group = classroom.groups.find((g) => g.id === groupId);
    const nextErrors = {
      student: student ? undefined : 'Choose a student.',
      group: group ? undefined : 'Choose a group.',
    };
    setErrors(nextErrors);
    if (!student || !group) return;
    setPending(true);
    try {
      await api.addStudentToGroup(classroom.id, group.id, { studentId: student.id });
      setStudentId('');
      await onChanged(`${student.displayName} is now in ${group.name}.`);
    } catch (err) {
      setFormError(messageOf(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <form
      className="card stack"
      noValidate
      aria-labelledby="place-student-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h3 id="place-student-heading">Put a student in a group</h3>
      <p className="hint">A student is in one group at a time; choosing a new group moves them.</p>
      <ErrorMessage>{formError}</ErrorMessage>
      <div className="inline-fields">
        <Field label="Student" error={errors.student}>
          {(control) => (
            <select
              {...control}
              value={studentId}
              onChange={(event) => setStudentId(event.target.value)}
            >
              <option value="">Choose a student</option>
              {classroom.students.map((student) => (
                <option key={student.id} value={student.id}>
                  {student.displayName}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Group" error={errors.group}>
          {(control) => (
            <select
              {...control}
              value={groupId}
              onChange={(event) => setGroupId(event.target.value)}
            >
              <option value="">Choose a group</option>
              {classroom.groups.map((group) => (
                <option key={group.id} value={group.id}>
                  {group.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div>
        <button type="submit" className="button-primary">
          {pending ? 'Saving…' : 'Put in group'}
        </button>
      </div>
    </form>
  );
}
