import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { CreateGroupRequestSchema, RenameGroupRequestSchema } from '@commonplace/shared';
import type { ClassroomView, GroupView } from '@commonplace/shared';
import { useSession } from '../auth/auth-context';
import { ErrorMessage } from '../ui/feedback';
import { Field } from '../ui/field';
import { useAction } from '../ui/use-action';
import { focusLater } from '../ui/focus';
import { useSchemaForm } from '../ui/use-schema-form';

interface GroupsPanelProps {
  classroom: ClassroomView;
  onChanged: (message: string) => Promise<void>;
}

export function GroupsPanel({ classroom, onChanged }: GroupsPanelProps) {
  const nameOf = new Map(classroom.students.map((s) => [s.id, s.displayName]));
  const { t } = useTranslation('classrooms');

  return (
    <section aria-labelledby="groups-heading" className="stack">
      <h2 id="groups-heading" tabIndex={-1}>
        {t('groups.heading', { count: classroom.groups.length })}
      </h2>
      {classroom.groups.length === 0 ? (
        <p className="muted">{t('groups.none')}</p>
      ) : (
        <ul className="card-grid">
          {classroom.groups.map((group) => (
            <GroupCard
              key={group.id}
              classroom={classroom}
              group={group}
              nameOf={(id) => nameOf.get(id) ?? t('groups.leftStudent')}
              onChanged={onChanged}
            />
          ))}
        </ul>
      )}
      <CreateGroupForm classroom={classroom} onChanged={onChanged} />
    </section>
  );
}

interface GroupCardProps extends GroupsPanelProps {
  group: GroupView;
  nameOf: (id: string) => string;
}

function GroupCard({ classroom, group, nameOf, onChanged }: GroupCardProps) {
  const { api } = useSession();
  const action = useAction();
  const { t } = useTranslation('classrooms');
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(group.name);
  const rename = useSchemaForm(RenameGroupRequestSchema, async (request) => {
    await api.renameGroup({
      params: { classroomId: classroom.id, groupId: group.id },
      body: request,
    });
    setRenaming(false);
    await onChanged(t('groups.renamed', { old: group.name, name: request.name }));
  });

  async function dissolve() {
    // The browser's own dialog: keyboard and screen-reader friendly, and it stops a slip.
    const sure = window.confirm(t('groups.dissolveConfirm', { name: group.name }));
    if (!sure) return;
    const ok = await action.run(
      'dissolve',
      () => api.dissolveGroup({ params: { classroomId: classroom.id, groupId: group.id } }),
      '',
    );
    if (!ok) return;
    await onChanged(t('groups.dissolved', { name: group.name }));
    focusLater('groups-heading');
  }

  return (
    <li className="card stack-sm">
      <h3>{group.name}</h3>
      {group.memberIds.length === 0 ? (
        <p className="muted">{t('groups.noStudents')}</p>
      ) : (
        <ul className="plain-list" aria-label={t('groups.members', { name: group.name })}>
          {group.memberIds.map((id) => (
            <li key={id}>{nameOf(id)}</li>
          ))}
        </ul>
      )}
      <ErrorMessage>{action.error}</ErrorMessage>
      {renaming ? (
        <form
          className="stack-sm"
          noValidate
          aria-label={t('groups.renameLabel', { name: group.name })}
          onSubmit={(event) => {
            event.preventDefault();
            void rename.submit({ name });
          }}
        >
          <ErrorMessage>{rename.formError}</ErrorMessage>
          <Field label={t('groups.newName')} error={rename.errors.name}>
            {(control) => (
              <input
                {...control}
                // The person asked to rename: the field they need is where focus goes.
                autoFocus
                value={name}
                onChange={(event) => setName(event.target.value)}
              />
            )}
          </Field>
          <div className="actions">
            <button type="submit" className="button-primary">
              {rename.pending ? t('groups.saving') : t('groups.saveName')}
            </button>
            <button type="button" onClick={() => setRenaming(false)}>
              {t('groups.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div className="actions">
          <button
            type="button"
            aria-label={t('groups.renameLabel', { name: group.name })}
            onClick={() => {
              setName(group.name);
              setRenaming(true);
            }}
          >
            {t('groups.rename')}
          </button>
          <button
            type="button"
            aria-label={t('groups.dissolveLabel', { name: group.name })}
            disabled={action.pending !== null}
            onClick={() => void dissolve()}
          >
            {t('groups.dissolve')}
          </button>
        </div>
      )}
    </li>
  );
}

function CreateGroupForm({ classroom, onChanged }: GroupsPanelProps) {
  const { api } = useSession();
  const [name, setName] = useState('');
  const { t } = useTranslation('classrooms');
  const { errors, formError, pending, submit } = useSchemaForm(
    CreateGroupRequestSchema,
    async (request) => {
      const group = await api.createGroup({ params: { classroomId: classroom.id }, body: request });
      setName('');
      await onChanged(t('groups.created', { name: group.name }));
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
      <h3 id="create-group-heading">{t('groups.createHeading')}</h3>
      <ErrorMessage>{formError}</ErrorMessage>
      <Field label={t('groups.name')} error={errors.name}>
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
          {pending ? t('groups.creating') : t('groups.create')}
        </button>
      </div>
    </form>
  );
}
