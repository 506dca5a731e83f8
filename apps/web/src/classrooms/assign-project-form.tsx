import { useState } from 'react';
import { AssignProjectRequestSchema } from '@commonplace/shared';
import type { ClassroomView } from '@commonplace/shared';
import { messageOf } from '../api/api-error';
import { useSession } from '../auth/auth-context';
import { ErrorMessage } from '../ui/feedback';
import { Field, fieldErrors } from '../ui/field';

interface AssignProjectFormProps {
  classroom: ClassroomView;
  onChanged: (message: string) => Promise<void>;
}

export function AssignProjectForm({ classroom, onChanged }: AssignProjectFormProps) {
  const { api } = useSession();
  const [title, setTitle] = useState('');
  const [brief, setBrief] = useState('');
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const groupCount = classroom.groups.length;

  async function submit() {
    if (pending) return;
    setFormError(null);
    const parsed = AssignProjectRequestSchema.safeParse({ title, brief });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    setPending(true);
    try {
      const project = await api.assignProject(classroom.id, parsed.data);
      setTitle('');
      setBrief('');
      const count = project.workspaces.length;
      await onChanged(
        `Project ${project.title} assigned to ${count} ${count === 1 ? 'group' : 'groups'}.`,
      );
    } catch (err) {
      setFormError(messageOf(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <form
      className="card stack"
      noValidate
      aria-labelledby="assign-project-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h3 id="assign-project-heading">Assign a project</h3>
      <p className="hint">
        {groupCount === 0
          ? 'Create a group first: each group gets its own workspace for the project.'
          : `Each of the ${groupCount} ${groupCount === 1 ? 'group' : 'groups'} gets its own workspace.`}
      </p>
      <ErrorMessage>{formError}</ErrorMessage>
      <Field label="Project title" error={errors.title}>
        {(control) => (
          <input
            {...control}
            name="title"
            value={title}
            onChange={(event) => setTitle(event.target.value)}
          />
        )}
      </Field>
      <Field
        label="Brief"
        hint="What should the groups do? Students see this above their document."
        error={errors.brief}
      >
        {(control) => (
          <textarea
            {...control}
            name="brief"
            rows={4}
            value={brief}
            onChange={(event) => setBrief(event.target.value)}
          />
        )}
      </Field>
      <div>
        <button type="submit" className="button-primary">
          {pending ? 'Assigning…' : 'Assign project'}
        </button>
      </div>
    </form>
  );
}
