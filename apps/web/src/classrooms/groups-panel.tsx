import { useState } from 'react';
import { CreateGroupRequestSchema } from '@commonplace/shared';
import type { ClassroomView } from '@commonplace/shared';
import { useSession } from '../auth/auth-context';
import { ErrorMessage } from '../ui/feedback';
import { Field } from '../ui/field';
import { useSchemaForm } from '../ui/use-schema-form';

interface GroupsPanelProps {
  classroom: ClassroomView;
  onChanged: (message: string) => Promise<void>;
}

export function GroupsPanel({ classroom, onChanged }: GroupsPanelProps) {
  const nameOf = new Map(classroom.students.map((s) => [s.id, s.displayName]));

  return (
    <section aria-labelledby="groups-heading" className="stack">
      <h2 id="groups-heading">Groups ({classroom.groups.length})</h2>
      {classroom.groups.length === 0 ? (
        <p className="muted">No groups yet. Each group gets its own workspace for every project.</p>
      ) : (
        <ul className="card-grid">
          {classroom.groups.map((group) => (
            <li key={group.id} className="card stack-sm">
              <h3>{group.name}</h3>
              {group.memberIds.length === 0 ? (
                <p className="muted">No students yet.</p>
              ) : (
                <ul className="plain-list" aria-label={`Members of ${group.name}`}>
                  {group.memberIds.map((id) => (
                    <li key={id}>{nameOf.get(id) ?? 'A student who has left'}</li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      <CreateGroupForm classroom={classroom} onChanged={onChanged} />
    </section>
  );
}

function CreateGroupForm({ classroom, onChanged }: GroupsPanelProps) {
  const { api } = useSession();
  const [name, setName] = useState('');
  const { errors, formError, pending, submit } = useSchemaForm(
    CreateGroupRequestSchema,
    async (request) => {
      const group = await api.createGroup(classroom.id, request);
      setName('');
      await onChanged(`Group ${group.name} created.`);
    },
  );

  return (
    <form
      className="card stack"
      noValidate
      aria-labelledby="create-group-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void submit({ name });
      }}
    >
      <h3 id="create-group-heading">Create a group</h3>
      <ErrorMessage>{formError}</ErrorMessage>
      <Field label="Group name" error={errors.name}>
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
          {pending ? 'Creating…' : 'Create group'}
        </button>
      </div>
    </form>
  );
}
