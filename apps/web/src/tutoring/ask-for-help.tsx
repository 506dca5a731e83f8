import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '../app/paths';
import { useSession } from '../auth/auth-context';
import { ErrorMessage, LiveStatus } from '../ui/feedback';
import { useAction } from '../ui/use-action';

/** A student asks the classroom's peer tutors for help, optionally about one of their projects. */
export function AskForHelpForm({ classroomId, docId }: { classroomId: string; docId?: string }) {
  const { t } = useTranslation('tutoring');
  const { api } = useSession();
  const [topic, setTopic] = useState('');
  const [subject, setSubject] = useState('');
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action
      .run(
        'ask',
        () =>
          api.raiseHelpRequest({
            params: { classroomId },
            body: {
              topic,
              ...(subject.trim() ? { subject } : {}),
              ...(docId ? { docId } : {}),
            },
          }),
        t('ask.sent'),
      )
      .then((ok) => {
        if (ok) {
          setTopic('');
          setSubject('');
        }
      });
  };
  return (
    <form className="card stack-sm" onSubmit={submit} aria-labelledby="ask-heading">
      <h2 id="ask-heading">{t('ask.heading')}</h2>
      <label htmlFor="help-topic">{t('ask.topic')}</label>
      <input
        id="help-topic"
        value={topic}
        maxLength={200}
        onChange={(event) => setTopic(event.target.value)}
        aria-describedby="help-topic-hint"
      />
      <p id="help-topic-hint" className="hint">
        {t('ask.hint')}
      </p>
      <label htmlFor="help-subject">{t('ask.subject')}</label>
      <input
        id="help-subject"
        value={subject}
        maxLength={60}
        onChange={(event) => setSubject(event.target.value)}
        aria-describedby="help-subject-hint"
      />
      <p id="help-subject-hint" className="hint">
        {t('ask.subjectHint')}
      </p>
      <p>
        <button type="submit" className="button-primary" disabled={action.pending !== null}>
          {t('ask.submit')}
        </button>
      </p>
      <ErrorMessage>{action.error}</ErrorMessage>
      <LiveStatus className="message-success">
        {action.done ? (
          <>
            {action.done} <Link to={paths.tutoring(classroomId)}>{t('ask.follow')}</Link>
          </>
        ) : null}
      </LiveStatus>
    </form>
  );
}

/**
 * The student workspace's "Ask for help": a button that opens the form about this project,
 * so the request carries the document a tutor may be allowed to read.
 */
export function AskForHelpButton({ classroomId, docId }: { classroomId: string; docId: string }) {
  const { t } = useTranslation('tutoring');
  const [open, setOpen] = useState(false);
  return (
    <div className="stack-sm">
      <p>
        <button
          type="button"
          aria-expanded={open}
          aria-controls="ask-for-help"
          onClick={() => setOpen((was) => !was)}
        >
          {t('ask.heading')}
        </button>
      </p>
      <div id="ask-for-help" hidden={!open}>
        {open ? <AskForHelpForm classroomId={classroomId} docId={docId} /> : null}
      </div>
      <p>
        <Link to={paths.tutoring(classroomId)}>{t('ask.queueLink')}</Link>
      </p>
    </div>
  );
}
