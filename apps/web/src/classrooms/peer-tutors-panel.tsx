import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClassroomView, RosterMember } from '@commonplace/shared';
import { useSession } from '../auth/auth-context';
import { ErrorMessage, Loading } from '../ui/feedback';
import { useAction } from '../ui/use-action';

interface PeerTutorsPanelProps {
  classroom: ClassroomView;
  /** Who holds which roles; null while it loads. */
  roster: readonly RosterMember[] | null;
  onChanged: (message: string) => Promise<void>;
}

/**
 * The teacher designates which students tutor their classmates, and withdraws
 * them. A peer tutor sees the class's live help queue and may claim requests.
 */
export function PeerTutorsPanel({ classroom, roster, onChanged }: PeerTutorsPanelProps) {
  const { api } = useSession();
  const action = useAction();
  const { t } = useTranslation('tutoring');
  /** Peer tutor → the subject they tutor (null: any). */
  const tutors = new Map(
    roster
      ?.filter((m) => m.roles.includes('peer-tutor'))
      .map((m) => [m.userId, m.peerTutorSubject] as const) ?? [],
  );
  const [subjects, setSubjects] = useState<Record<string, string>>({});

  async function toggle(studentId: string, name: string) {
    const designated = tutors.has(studentId);
    const message = designated
      ? t('peerTutors.withdrawn', { name })
      : t('peerTutors.designated', { name });
    const ok = await action.run(
      `peer-tutor:${studentId}`,
      () =>
        designated
          ? api.withdrawPeerTutor({ params: { classroomId: classroom.id, studentId } })
          : api.designatePeerTutor({
              params: { classroomId: classroom.id },
              body: {
                studentId,
                ...(subjects[studentId]?.trim() ? { subject: subjects[studentId] } : {}),
              },
            }),
      message,
    );
    if (ok) {
      setSubjects((was) => ({ ...was, [studentId]: '' }));
      await onChanged(message);
    }
  }

  return (
    <section aria-labelledby="peer-tutors-heading" className="stack">
      <h2 id="peer-tutors-heading">{t('peerTutors.heading')}</h2>
      <p className="hint">{t('peerTutors.help')}</p>
      <ErrorMessage>{action.error}</ErrorMessage>
      {classroom.students.length === 0 ? (
        <p className="muted">{t('peerTutors.noStudents')}</p>
      ) : roster === null ? (
        <Loading what={t('peerTutors.loading')} />
      ) : (
        <table>
          <caption className="visually-hidden">{t('peerTutors.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('peerTutors.name')}</th>
              <th scope="col">{t('peerTutors.status')}</th>
              <th scope="col">{t('peerTutors.subject')}</th>
              <th scope="col">{t('peerTutors.change')}</th>
            </tr>
          </thead>
          <tbody>
            {classroom.students.map((student) => {
              const name = student.displayName;
              const designated = tutors.has(student.id);
              const subjectId = `tutor-subject-${student.id}`;
              return (
                <tr key={student.id}>
                  <th scope="row">{name}</th>
                  <td>{designated ? t('peerTutors.isTutor') : t('peerTutors.notTutor')}</td>
                  <td>
                    {designated ? (
                      (tutors.get(student.id) ?? t('peerTutors.anySubject'))
                    ) : (
                      <>
                        <label htmlFor={subjectId} className="visually-hidden">
                          {t('peerTutors.subjectFor', { name })}
                        </label>
                        <input
                          id={subjectId}
                          value={subjects[student.id] ?? ''}
                          maxLength={60}
                          placeholder={t('peerTutors.anySubject')}
                          onChange={(event) =>
                            setSubjects({ ...subjects, [student.id]: event.target.value })
                          }
                        />
                      </>
                    )}
                  </td>
                  <td>
                    {/* The words shown are part of the name heard (WCAG 2.5.3, label in name). */}
                    <button
                      type="button"
                      aria-label={designated ? t('peerTutors.withdrawLabel', { name }) : undefined}
                      disabled={action.pending !== null}
                      onClick={() => void toggle(student.id, name)}
                    >
                      {designated
                        ? t('peerTutors.withdraw')
                        : t('peerTutors.designateLabel', { name })}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
