import { useState } from 'react';
import { AssignProjectRequestSchema } from '@commonplace/shared';
import type { ClassroomView } from '@commonplace/shared';
import { useSession } from '../auth/auth-context';
import { ErrorMessage } from '../ui/feedback';
import { Field } from '../ui/field';
import { useSchemaForm } from '../ui/use-schema-form';

interface AssignProjectFormProps {
  classroom: ClassroomView;
  onChanged: (message: string) => Promise<void>;
}

export function AssignProjectForm({ classroom, onChanged }: AssignProjectFormProps) {
  const { api } = useSession();
  const [title, setTitle] = useState('');
  const [brief, setBrief] = useState('');
  const groupCount = classroom.groups.length;
  const { errors, formError, pending, submit } = useSchemaForm(
    AssignProjectRequestSchema,
    async (request) => {
      const project = await api.assignProject(classroom.id, request);
      setTitle('');
      setBrief('');
      const count = project.workspaces.length;
      await onChanged(
        `Project ${project.title} assigned to ${count} ${count === 1 ? 'group' : 'groups'}.`,
      );
    },
  );

  return (
    <form
      className="card stack"
      noValidate
      aria-labelledby="assign-project-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void submit({ title, brief });
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
