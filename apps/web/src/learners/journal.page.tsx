import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { Link, useParams } from 'react-router';
import { JOURNAL_PROMPTS, WriteJournalEntryRequestSchema } from '@commonplace/shared';
import { paths } from '../app/paths';
import { WHOLE_LIST } from '../api/api-client';
import { useSession } from '../auth/auth-context';
import { ErrorMessage, LiveStatus, Loading } from '../ui/feedback';
import { Field } from '../ui/field';
import { formatDateTime } from '../ui/format';
import { PageHeading } from '../ui/page-heading';
import { useResource } from '../ui/use-resource';
import { useSchemaForm } from '../ui/use-schema-form';

const OWN_PROMPT = 'own';

/**
 * The shared prompts are stored in English (the entry keeps the question it answered); people
 * read them in their language. A student's own question is shown as they wrote it.
 */
function promptText(prompt: string, t: TFunction): string {
  const index = (JOURNAL_PROMPTS as readonly string[]).indexOf(prompt);
  return index === -1 ? prompt : t(`journal.prompts.${index}`);
}

/** A student's reflection journal for one project: short answers to prompts, seen by their teacher. */
export default function JournalPage() {
  const { projectId = '' } = useParams();
  const { api } = useSession();
  const { t } = useTranslation('learners');
  const project = useResource(`project:${projectId}`, () => api.project({ params: { projectId } }));
  const journal = useResource(`journal:${projectId}`, () =>
    api.journal({ params: { projectId }, query: WHOLE_LIST }),
  );
  const [status, setStatus] = useState<string | null>(null);
  const [promptChoice, setPromptChoice] = useState<string>(JOURNAL_PROMPTS[0]);
  const [ownPrompt, setOwnPrompt] = useState('');
  const [text, setText] = useState('');
  const { errors, formError, pending, submit } = useSchemaForm(
    WriteJournalEntryRequestSchema,
    async (request) => {
      await api.writeJournalEntry({ params: { projectId }, body: request });
      setText('');
      setStatus(t('journal.saved'));
      await journal.reload().catch(() => undefined);
    },
  );
  const projectTitle = project.resource.status === 'ready' ? project.resource.data.title : null;
  const docId =
    project.resource.status === 'ready' ? project.resource.data.workspaces[0]?.docId : undefined;
  const title = projectTitle
    ? t('journal.titleFor', { project: projectTitle })
    : t('journal.title');

  return (
    <div className="stack-lg narrow-wide">
      <p>
        <Link to={docId ? paths.workspace(docId) : paths.home}>
          {docId ? t('backToProject') : t('backToProjects')}
        </Link>
      </p>
      <PageHeading title={title}>{title}</PageHeading>
      <p className="hint">{t('journal.private')}</p>
      <LiveStatus className="message-success">{status}</LiveStatus>
      <form
        className="card stack"
        noValidate
        aria-labelledby="write-entry-heading"
        onSubmit={(event) => {
          event.preventDefault();
          setStatus(null);
          void submit({ prompt: promptChoice === OWN_PROMPT ? ownPrompt : promptChoice, text });
        }}
      >
        <h2 id="write-entry-heading">{t('journal.write')}</h2>
        <ErrorMessage>{formError}</ErrorMessage>
        <Field
          label={t('journal.prompt')}
          error={promptChoice === OWN_PROMPT ? undefined : errors.prompt}
        >
          {(control) => (
            <select
              {...control}
              value={promptChoice}
              onChange={(event) => setPromptChoice(event.target.value)}
            >
              {JOURNAL_PROMPTS.map((prompt) => (
                <option key={prompt} value={prompt}>
                  {promptText(prompt, t)}
                </option>
              ))}
              <option value={OWN_PROMPT}>{t('journal.ownQuestion')}</option>
            </select>
          )}
        </Field>
        {promptChoice === OWN_PROMPT ? (
          <Field label={t('journal.yourQuestion')} error={errors.prompt}>
            {(control) => (
              <input
                {...control}
                value={ownPrompt}
                onChange={(event) => setOwnPrompt(event.target.value)}
              />
            )}
          </Field>
        ) : null}
        <Field label={t('journal.yourAnswer')} error={errors.text}>
          {(control) => (
            <textarea
              {...control}
              rows={4}
              value={text}
              onChange={(event) => setText(event.target.value)}
            />
          )}
        </Field>
        <div>
          <button type="submit" className="button-primary">
            {pending ? t('saving') : t('journal.save')}
          </button>
        </div>
      </form>
      <section aria-labelledby="entries-heading" className="stack">
        <h2 id="entries-heading">{t('journal.entries')}</h2>
        {journal.resource.status === 'loading' ? <Loading what={t('journal.loading')} /> : null}
        {journal.resource.status === 'error' ? (
          <ErrorMessage>{journal.resource.message}</ErrorMessage>
        ) : null}
        {journal.resource.status === 'ready' ? (
          journal.resource.data.items.length === 0 ? (
            <p className="muted">{t('journal.none')}</p>
          ) : (
            <ul className="card-list">
              {journal.resource.data.items.map((entry) => (
                <li key={entry.entryId} className="card stack-sm">
                  <h3>{promptText(entry.prompt, t)}</h3>
                  <p className="hint">{formatDateTime(entry.writtenAt)}</p>
                  <p className="brief">{entry.text}</p>
                </li>
              ))}
            </ul>
          )
        ) : null}
      </section>
    </div>
  );
}
