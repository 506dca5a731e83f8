import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation('classrooms');
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
          ? api.removeGroupMember({
              params: { classroomId: classroom.id, groupId: from, studentId },
            })
          : api.addGroupMember({
              params: { classroomId: classroom.id, groupId: to },
              body: { studentId },
            }),
      group
        ? t('students.movedTo', { name, group: group.name })
        : t('students.noGroupNow', { name }),
    );
    if (ok)
      await onChanged(
        group
          ? t('students.movedTo', { name, group: group.name })
          : t('students.noGroupNow', { name }),
      );
  }

  async function resetSecret(studentId: string, name: string) {
    const ok = await action.run(
      `reset:${studentId}`,
      async () =>
        addSignInCard(
          classroom.id,
          await api.resetStudentSecret({ params: { classroomId: classroom.id, studentId } }),
        ),
      t('students.secretReset', { name }),
    );
    if (ok) await onChanged(t('students.secretReset', { name }));
  }

  return (
    <section aria-labelledby="students-heading" className="stack">
      <h2 id="students-heading">{t('students.heading', { count: classroom.students.length })}</h2>
      <ErrorMessage>{action.error}</ErrorMessage>
      {classroom.students.length === 0 ? (
        <p className="muted">{t('students.none')}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t('students.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('students.name')}</th>
              <th scope="col">{t('students.group')}</th>
              <th scope="col">{t('students.signIn')}</th>
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
                        {t('students.groupFor', { name: student.displayName })}
                      </label>
                      <select
                        id={selectId}
                        value={choice[student.id] ?? current}
                        onChange={(event) =>
                          setChoice({ ...choice, [student.id]: event.target.value })
                        }
                      >
                        <option value={NO_GROUP}>{t('students.noGroup')}</option>
                        {classroom.groups.map((group) => (
                          <option key={group.id} value={group.id}>
                            {group.name}
                          </option>
                        ))}
                      </select>
                      <button
                        type="button"
                        aria-label={t('students.moveLabel', { name: student.displayName })}
                        disabled={action.pending !== null}
                        onClick={() => void move(student.id, student.displayName)}
                      >
                        {t('students.move')}
                      </button>
                    </div>
                  </td>
                  <td>
                    {young.has(student.id) ? (
                      <button
                        type="button"
                        aria-label={t('students.resetLabel', { name: student.displayName })}
                        disabled={action.pending !== null}
                        onClick={() => void resetSecret(student.id, student.displayName)}
                      >
                        {t('students.reset')}
                      </button>
                    ) : (
                      <span className="muted">{t('students.ownPassword')}</span>
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
            {t('students.printCards', { count: cards.length })}
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
  const { t } = useTranslation('classrooms');
  const { errors, formError, pending, submit } = useSchemaForm(
    CreateStudentAccountRequestSchema,
    async (request) => {
      const card = await api.createStudentAccount({
        params: { classroomId: classroom.id },
        body: request,
      });
      addSignInCard(classroom.id, card);
      setDisplayName('');
      await onChanged(t('students.accountMade', { name: card.displayName }));
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
      <h3 id="young-student-heading">{t('students.youngHeading')}</h3>
      <p className="hint">{t('students.youngHelp')}</p>
      <ErrorMessage>{formError}</ErrorMessage>
      <Field label={t('students.studentName')} error={errors.displayName}>
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
          {pending ? t('students.making') : t('students.make')}
        </button>
      </div>
    </form>
  );
}
