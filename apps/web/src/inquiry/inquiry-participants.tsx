import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InquiryParticipants } from '@commonplace/shared';
import { useSession } from '../auth/auth-context';
import { ErrorMessage, LiveStatus, Loading } from '../ui/feedback';
import { useAction } from '../ui/use-action';

interface Removal {
  participantId: string;
  firstName: string;
  /** The button that opened the dialog, to give focus back to its place. */
  trigger: HTMLButtonElement | null;
}

/**
 * Who takes part, per classroom, by first name only; mentors with their
 * organisation. Moderators (teachers of any participating classroom) may
 * remove someone after confirming. A mentor sees the students alone: the
 * server decides what each viewer gets, this only shows it.
 */
export function InquiryParticipantsPanel({
  spaceId,
  participants,
  status,
  problem,
  onRemoved,
}: {
  spaceId: string;
  participants: InquiryParticipants | null;
  status: 'loading' | 'ready' | 'error';
  problem: string | null;
  onRemoved: () => void;
}) {
  const { t } = useTranslation('inquiry');
  const { api, user } = useSession();
  const action = useAction();
  const dialog = useRef<HTMLDialogElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const [removal, setRemoval] = useState<Removal | null>(null);

  const ask = (participantId: string, firstName: string, trigger: HTMLButtonElement) => {
    setRemoval({ participantId, firstName, trigger });
    dialog.current?.showModal();
  };
  const close = () => {
    dialog.current?.close();
  };
  const confirm = () => {
    if (!removal) return;
    const { participantId, firstName } = removal;
    close();
    void action
      .run(
        `remove:${participantId}`,
        () => api.removeParticipant({ params: { spaceId, userId: participantId } }),
        t('participants.removed', { name: firstName }),
      )
      .then((ok) => {
        if (!ok) return;
        onRemoved();
        // The person's button is gone: focus the list's heading rather than the page's top.
        heading.current?.focus();
      });
  };
  const removeButton = (participantId: string | null, firstName: string) =>
    participantId !== null && participantId !== user.id ? (
      <>
        {' '}
        <button
          type="button"
          disabled={action.pending !== null}
          onClick={(event) => ask(participantId, firstName, event.currentTarget)}
        >
          {t('participants.remove', { name: firstName })}
        </button>
      </>
    ) : null;

  return (
    <section aria-labelledby="participants-heading" className="card stack-sm">
      <h2 id="participants-heading" ref={heading} tabIndex={-1}>
        {t('participants.heading')}
      </h2>
      {status === 'loading' && !participants ? <Loading what={t('participants.loading')} /> : null}
      {status === 'error' ? <ErrorMessage>{problem}</ErrorMessage> : null}
      {participants
        ? participants.classrooms.map((classroom) => (
            <div key={classroom.classroomId} className="stack-sm">
              <h3 id={`participants-${classroom.classroomId}`}>{classroom.classroomName}</h3>
              {classroom.people.length === 0 ? (
                <p className="muted">{t('participants.none')}</p>
              ) : (
                <ul
                  className="plain-list"
                  aria-labelledby={`participants-${classroom.classroomId}`}
                >
                  {classroom.people.map((person, index) => (
                    <li key={person.participantId ?? `${person.firstName}-${index}`}>
                      {person.role === 'teacher'
                        ? t('participants.teacher', { name: person.firstName })
                        : person.firstName}
                      {removeButton(person.participantId, person.firstName)}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ))
        : null}
      {participants && participants.mentors.length > 0 ? (
        <div className="stack-sm">
          <h3 id="participants-mentors">{t('participants.mentors')}</h3>
          <ul className="plain-list" aria-labelledby="participants-mentors">
            {participants.mentors.map((mentor, index) => (
              <li key={mentor.participantId ?? `${mentor.firstName}-${index}`}>
                {t('participants.mentor', {
                  name: mentor.firstName,
                  organisation: mentor.organisation,
                })}
                {removeButton(mentor.participantId, mentor.firstName)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <ErrorMessage>{action.error}</ErrorMessage>
      <LiveStatus className="message-success">{action.done}</LiveStatus>
      <dialog
        ref={dialog}
        aria-labelledby="remove-dialog-heading"
        aria-describedby="remove-dialog-text"
        className="card stack-sm"
        onClose={() => {
          const trigger = removal?.trigger;
          if (trigger?.isConnected) trigger.focus();
        }}
      >
        <h2 id="remove-dialog-heading">
          {t('participants.confirmHeading', { name: removal?.firstName ?? '' })}
        </h2>
        <p id="remove-dialog-text">{t('participants.confirmText')}</p>
        <p className="row-actions">
          <button type="button" className="button-primary" onClick={confirm}>
            {t('participants.confirm', { name: removal?.firstName ?? '' })}
          </button>{' '}
          <button type="button" onClick={close} autoFocus>
            {t('participants.cancel')}
          </button>
        </p>
      </dialog>
    </section>
  );
}
