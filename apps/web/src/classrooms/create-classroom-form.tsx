import { useState } from 'react';
import { useNavigate } from 'react-router';
import { CreateClassroomRequestSchema } from '@commonplace/shared';
import { messageOf } from '../api/api-error';
import { paths } from '../app/paths';
import { useSession } from '../auth/auth-context';
import { ErrorMessage } from '../ui/feedback';
import { Field, fieldErrors } from '../ui/field';

export function CreateClassroomForm() {
  const { api } = useSession();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit() {
    if (pending) return;
    setFormError(null);
    const parsed = CreateClassroomRequestSchema.safeParse({ name });
    if (!parsed.success) {
      setError(fieldErrors(parsed.error.issues).name);
      return;
    }
    setError(undefined);
    setPending(true);
    try {
      const classroom = await api.createClassroom(parsed.data);
      // The next thing a teacher needs is the join code, which the classroom page shows.
      navigate(paths.classroom(classroom.id));
    } catch (err) {
      setFormError(messageOf(err));
      setPending(false);
    }
  }

  return (
    <section aria-labelledby="create-classroom-heading" className="card stack">
      <h2 id="create-classroom-heading">Create a classroom</h2>
      <form
        className="stack"
        noValidate
        aria-labelledby="create-classroom-heading"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <ErrorMessage>{formError}</ErrorMessage>
        <Field label="Classroom name" hint="For example: Year 8 Science, Room 12" error={error}>
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
            {pending ? 'Creating…' : 'Create classroom'}
          </button>
        </div>
      </form>
    </section>
  );
}
