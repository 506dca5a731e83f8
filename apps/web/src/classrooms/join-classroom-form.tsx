import { useState } from 'react';
import { JoinClassroomRequestSchema } from '@commonplace/shared';
import { messageOf } from '../api/api-error';
import { useSession } from '../auth/auth-context';
import { ErrorMessage, LiveStatus } from '../ui/feedback';
import { Field, fieldErrors } from '../ui/field';

interface JoinClassroomFormProps {
  onJoined: () => Promise<void>;
}

export function JoinClassroomForm({ onJoined }: JoinClassroomFormProps) {
  const { api } = useSession();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit() {
    if (pending) return;
    setFormError(null);
    setStatus(null);
    const parsed = JoinClassroomRequestSchema.safeParse({ code });
    if (!parsed.success) {
      setError(fieldErrors(parsed.error.issues).code);
      return;
    }
    setError(undefined);
    setPending(true);
    try {
      const classroom = await api.joinClassroom(parsed.data);
      setCode('');
      setStatus(`You joined ${classroom.name}.`);
      await onJoined();
    } catch (err) {
      setFormError(messageOf(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <section aria-labelledby="join-classroom-heading" className="card stack">
      <h2 id="join-classroom-heading">Join a classroom</h2>
      <LiveStatus className="message-success">{status}</LiveStatus>
      <form
        className="stack"
        noValidate
        aria-labelledby="join-classroom-heading"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <ErrorMessage>{formError}</ErrorMessage>
        <Field label="Join code" hint="Six letters and digits, from your teacher." error={error}>
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
            {pending ? 'Joining…' : 'Join classroom'}
          </button>
        </div>
      </form>
    </section>
  );
}
