import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { JoinClassroomRequestSchema } from '@commonplace/shared';
import { useSession } from '../auth/auth-context';
import { ErrorMessage, LiveStatus } from '../ui/feedback';
import { Field } from '../ui/field';
import { useSchemaForm } from '../ui/use-schema-form';

interface JoinClassroomFormProps {
  onJoined: () => Promise<void>;
}

export function JoinClassroomForm({ onJoined }: JoinClassroomFormProps) {
  const { api } = useSession();
  const { t } = useTranslation('classrooms');
  const [code, setCode] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const { errors, formError, pending, submit } = useSchemaForm(
    JoinClassroomRequestSchema,
    async (request) => {
      setStatus(null);
      const classroom = await api.joinClassroom({ body: request });
      setCode('');
      setStatus(t('join.joined', { name: classroom.name }));
      await onJoined();
    },
  );

  return (
    <section aria-labelledby="join-classroom-heading" className="card stack">
      <h2 id="join-classroom-heading">{t('join.heading')}</h2>
      <LiveStatus className="message-success">{status}</LiveStatus>
      <form
        className="stack"
        noValidate
        aria-labelledby="join-classroom-heading"
        onSubmit={(event) => {
          event.preventDefault();
          void submit({ code });
        }}
      >
        <ErrorMessage>{formError}</ErrorMessage>
        <Field label={t('join.code')} hint={t('join.codeHint')} error={errors.code}>
          {(control) => (
            <input
              {...control}
              name="code"
              className="input-code"
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              maxLength={12}
              value={code}
              onChange={(event) => setCode(event.target.value)}
            />
          )}
        </Field>
        <div>
          <button type="submit" className="button-primary">
            {pending ? t('join.joining') : t('join.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
