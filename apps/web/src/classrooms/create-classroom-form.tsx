import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { CreateClassroomRequestSchema } from '@commonplace/shared';
import { paths } from '../app/paths';
import { useSession } from '../auth/auth-context';
import { ErrorMessage } from '../ui/feedback';
import { Field } from '../ui/field';
import { useSchemaForm } from '../ui/use-schema-form';

export function CreateClassroomForm() {
  const { api } = useSession();
  const navigate = useNavigate();
  const { t } = useTranslation('classrooms');
  const [name, setName] = useState('');
  const { errors, formError, pending, submit } = useSchemaForm(
    CreateClassroomRequestSchema,
    async (request) => {
      const classroom = await api.createClassroom({ body: request });
      // The next thing a teacher needs is the join code, which the classroom page shows.
      navigate(paths.classroom(classroom.id));
    },
  );

  return (
    <section aria-labelledby="create-classroom-heading" className="card stack">
      <h2 id="create-classroom-heading">{t('create.heading')}</h2>
      <form
        className="stack"
        noValidate
        aria-labelledby="create-classroom-heading"
        onSubmit={(event) => {
          event.preventDefault();
          void submit({ name });
        }}
      >
        <ErrorMessage>{formError}</ErrorMessage>
        <Field label={t('create.name')} hint={t('create.nameHint')} error={errors.name}>
          {(control) => (
            <input
              {...control}
              name="name"
              value={name}
              onChange={(event) => setName(event.target.value)}
            />
          )}
        </Field>
        <div>
          <button type="submit" className="button-primary">
            {pending ? t('create.creating') : t('create.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
