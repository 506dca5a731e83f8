import { useState } from 'react';
import { Link } from 'react-router';
import { CreateStudentAccountRequestSchema } from '@commonplace/shared';
import type { ClassroomView, RosterMember } from '@commonplace/shared';
import { paths } from '../app/paths';
import { useSession } from '../auth/auth-context';
import { ErrorMessage } from '../ui/feedback';
import { Field } from '../ui/field';
import { useAction } from '../ui/use-action';
import { useSchemaForm } from '../ui/use-schema-form';
import { addSignInCard, useSignInCards } from './sign-in-cards.store';

interface StudentsPanelProps {
  classroom: ClassroomView;
  /** Who holds which roles; null while it loads (the table still shows names and groups). */
  roster: readonly RosterMember[] | null;
  onChanged: (message: string) => Promise<void>;
}

const NO_GROUP = '';

export function StudentsPanel({ classroom, roster, onChanged }: StudentsPanelProps) {
  const { api } = useSession();
  const action = useAction();
  const cards = useSignInCards(classroom.id);
  const groupOf = new Map<string, string>();
  for (const group of classroom.groups) for (const id of group.memberIds) groupOf.set(id, group.id);
  const young = new Set(roster?.filter((m) => m.youngStudent).map((m) => m.userId) ?? []);
  const [choice, setChoice] = useState<Record<string, string>>({});

  async function move(studentId: string, name: string) {
    const from = groupOf.get(studentId) ?? NO_GROUP;
    const to = choice[studentId] ?? from;
    if (to === from) return;
    const group = classroom.groups.find((g) => g.id === to);
    const ok = await action.run(
      `move:${studentId}`,
      () =>
        to === NO_GROUP
          ? api.removeStudentFromGroup(classroom.id, from, studentId)
          : api.addStudentToGroup(classroom.id, to, { studentId }),
      group ? `${name} is now in ${group.name}.` : `${name} is no longer in a group.`,
    );
    if (ok)
      await onChanged(
        group ? `${name} is now in ${group.name}.` : `${name} is no longer in a group.`,
      );
  }

  async function resetSecret(studentId: string, name: string) {
    const ok = await action.run(
      `reset:${studentId}`,
      async () =>
        addSignInCard(classroom.id, await api.resetStudentSecret(classroom.id, studentId)),
      `New secret made for ${name}. Print the new card: the old one no longer works.`,
    );
    if (ok)
      await onChanged(
        `New secret made for ${name}. Print the new card: the old one no longer works.`,
      );
  }

  return (
    <section aria-labelledby="students-heading" className="stack">
      <h2 id="students-heading">Students ({classroom.students.length})</h2>
      <ErrorMessage>{action.error}</ErrorMessage>
      {classroom.students.length === 0 ? (
        <p className="muted">
          No students yet. Share the join code above, or make accounts for young students below.
        </p>
      ) : (
        <table>
          <caption className="visually-hidden">Students and their groups</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Group</th>
              <th scope="col">Sign-in</th>
            </tr>
          </thead>
          <tbody>
            {classroom.students.map((student) => {
              const current = groupOf.get(student.id) ?? NO_GROUP;
              const selectId = `group-of-${student.id}`;
              return (
                <tr key={student.id}>
                  <th scope="row">{student.displayName}</th>
                  <td>
                    <div className="inline-control">
                      <label htmlFor={selectId} className="visually-hidden">
                        Group for {student.displayName}
                      </label>
                      <select
                        id={selectId}
                        value={choice[student.id] ?? current}
                        onChange={(event) =>
                          setChoice({ ...choice, [student.id]: event.target.value })
                        }
                      >
                        <option value={NO_GROUP}>No group</option>
                        {classroom.groups.map((group) => (
                          <option key={group.id} value={group.id}>
                            {group.name}
                          </option>
                        ))}
                      </select>
                      <button
                        type="button"
                        aria-label={`Move ${student.displayName}`}
                        disabled={action.pending !== null}
                        onClick={() => void move(student.id, student.displayName)}
                      >
                        Move
                      </button>
                    </div>
                  </td>
                  <td>
                    {young.has(student.id) ? (
                      <button
                        type="button"
                        aria-label={`Reset secret for ${student.displayName}`}
                        disabled={action.pending !== null}
                        onClick={() => void resetSecret(student.id, student.displayName)}
                      >
                        Reset secret
                      </button>
                    ) : (
                      <span className="muted">Own password</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <CreateYoungStudentForm classroom={classroom} onChanged={onChanged} />
      {cards.length > 0 ? (
        <p>
          <Link className="button-link" to={paths.signInCards(classroom.id)}>
            Print sign-in cards ({cards.length})
          </Link>
        </p>
      ) : null}
    </section>
  );
}

function CreateYoungStudentForm({
  classroom,
  onChanged,
}: Pick<StudentsPanelProps, 'classroom' | 'onChanged'>) {
  const { api } = useSession();
  const [displayName, setDisplayName] = useState('');
  const { errors, formError, pending, submit } = useSchemaForm(
    CreateStudentAccountRequestSchema,
    async (request) => {
      const card = await api.createStudentAccount(classroom.id, request);
      addSignInCard(classroom.id, card);
      setDisplayName('');
      await onChanged(
        `Account made for ${card.displayName}. Print their sign-in card before leaving this page.`,
      );
    },
  );
  return (
    <form
      className="card stack"
      noValidate
      aria-labelledby="young-student-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void submit({ displayName });
      }}
    >
      <h3 id="young-student-heading">Make an account for a young student</h3>
      <p className="hint">
        For students without an email address. They sign in with the class code and a secret printed
        on a card; you can reset the secret whenever a card is lost.
      </p>
      <ErrorMessage>{formError}</ErrorMessage>
      <Field label="Student's name" error={errors.displayName}>
        {(control) => (
          <input
            {...control}
            name="displayName"
            autoComplete="off"
            value={displayName}
            onChange={(event) => setDisplayName(event.target.value)}
          />
        )}
      </Field>
      <div>
        <button type="submit" className="button-primary">
          {pending ? 'Making the account…' : 'Make account'}
        </button>
      </div>
    </form>
  );
}
