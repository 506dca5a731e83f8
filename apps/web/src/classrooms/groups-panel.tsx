import { useTranslation } from 'react-i18next';
import { useEffect, useRef, useState } from 'react';
import { useLocation } from 'react-router';
import {
  ArrangeGroupsRequestSchema,
  CreateGroupRequestSchema,
  RenameGroupRequestSchema,
} from '@commonplace/shared';
import type { ArrangeGroupsRequest, ClassroomView, GroupView } from '@commonplace/shared';
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
  const { hash } = useLocation();
  // The board's "put in a group" link lands here.
  useEffect(() => {
    if (hash === '#groups-heading') focusLater('groups-heading');
  }, [hash]);
  const grouped = new Set(classroom.groups.flatMap((g) => g.memberIds));
  const ungrouped = classroom.students.filter((s) => !grouped.has(s.id));

  return (
    <section aria-labelledby="groups-heading" className="stack">
      <h2 id="groups-heading" tabIndex={-1}>
        {t('groups.heading', { count: classroom.groups.length })}
      </h2>
      {ungrouped.length > 0 ? (
        <p className="muted">
          {t('groups.ungrouped', {
            count: ungrouped.length,
            names: ungrouped.map((s) => s.displayName).join(', '),
          })}
        </p>
      ) : null}
      <MakeGroupsForm classroom={classroom} onChanged={onChanged} />
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
        <ul className="plain-list stack-sm" aria-label={t('groups.members', { name: group.name })}>
          {group.memberIds.map((id) => (
            <li key={id} className="group-member">
              <span>{nameOf(id)}</span>{' '}
              <MoveButton
                classroom={classroom}
                from={group}
                studentId={id}
                name={nameOf(id)}
                onChanged={onChanged}
              />
            </li>
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

/**
 * The whole class in groups of a size in one step, and undo of it. "Balanced" deals the
 * students out in the order of their current groups, so each new group mixes old ones.
 */
function MakeGroupsForm({ classroom, onChanged }: GroupsPanelProps) {
  const { api } = useSession();
  const { t } = useTranslation('classrooms');
  const action = useAction();
  const [how, setHow] = useState<ArrangeGroupsRequest['how']>('random');
  const [size, setSize] = useState('3');
  const [canUndo, setCanUndo] = useState(false);
  const { errors, formError, pending, submit } = useSchemaForm(
    ArrangeGroupsRequestSchema,
    async (request) => {
      const { groups } = await api.arrangeGroups({
        params: { classroomId: classroom.id },
        body: request,
      });
      setCanUndo(true);
      await onChanged(
        t('groups.arranged', { count: groups.filter((g) => g.memberIds.length > 0).length }),
      );
    },
  );

  async function undo() {
    const ok = await action.run(
      'undo',
      () => api.undoGroupArrangement({ params: { classroomId: classroom.id } }),
      t('groups.undone'),
    );
    setCanUndo(false);
    if (ok) await onChanged(t('groups.undone'));
  }

  if (classroom.students.length < 2) return null;
  return (
    <form
      className="card stack-sm"
      noValidate
      aria-labelledby="make-groups-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void submit({ how, size: Number(size) });
      }}
    >
      <h3 id="make-groups-heading">{t('groups.makeHeading')}</h3>
      <ErrorMessage>{formError ?? action.error}</ErrorMessage>
      <fieldset className="stack-sm">
        <legend>{t('groups.how')}</legend>
        {(['random', 'balanced'] as const).map((value) => (
          <label key={value} className="choice">
            <input
              type="radio"
              name="how"
              value={value}
              checked={how === value}
              onChange={() => setHow(value)}
            />{' '}
            {t(`groups.method.${value}`)}
          </label>
        ))}
      </fieldset>
      <Field label={t('groups.size')} error={errors.size}>
        {(control) => (
          <input
            {...control}
            name="size"
            type="number"
            inputMode="numeric"
            min={2}
            max={12}
            value={size}
            onChange={(event) => setSize(event.target.value)}
          />
        )}
      </Field>
      <div className="actions">
        <button type="submit" className="button-primary" disabled={pending}>
          {pending ? t('groups.making') : t('groups.make')}
        </button>
        {canUndo ? (
          <button type="button" disabled={action.pending !== null} onClick={() => void undo()}>
            {t('groups.undo')}
          </button>
        ) : null}
      </div>
    </form>
  );
}

const NO_GROUP = '';

/** A keyboard-friendly move: a button opens a dialog listing where the student can go. */
function MoveButton({
  classroom,
  from,
  studentId,
  name,
  onChanged,
}: GroupsPanelProps & { from: GroupView; studentId: string; name: string }) {
  const { api } = useSession();
  const { t } = useTranslation('classrooms');
  const action = useAction();
  const dialog = useRef<HTMLDialogElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const [to, setTo] = useState(NO_GROUP);
  const headingId = `move-${from.id}-${studentId}`;
  const targets = classroom.groups.filter((g) => g.id !== from.id);

  async function move() {
    const group = targets.find((g) => g.id === to);
    const message = group
      ? t('groups.movedTo', { name, group: group.name })
      : t('groups.noGroupNow', { name });
    const ok = await action.run(
      'move',
      () =>
        group
          ? api.addGroupMember({
              params: { classroomId: classroom.id, groupId: group.id },
              body: { studentId },
            })
          : api.removeGroupMember({
              params: { classroomId: classroom.id, groupId: from.id, studentId },
            }),
      message,
    );
    if (!ok) return;
    dialog.current?.close();
    await onChanged(message);
    focusLater('groups-heading');
  }

  return (
    <>
      <button
        ref={trigger}
        type="button"
        aria-label={t('groups.moveLabel', { name })}
        onClick={() => {
          setTo(targets[0]?.id ?? NO_GROUP);
          dialog.current?.showModal();
        }}
      >
        {t('groups.move')}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={headingId}
        className="card stack-sm"
        onClose={() => {
          if (trigger.current?.isConnected) trigger.current.focus();
        }}
      >
        <form
          className="stack-sm"
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            void move();
          }}
        >
          <h2 id={headingId}>{t('groups.moveHeading', { name, group: from.name })}</h2>
          <ErrorMessage>{action.error}</ErrorMessage>
          <fieldset className="stack-sm">
            <legend>{t('groups.moveTo')}</legend>
            {[
              ...targets.map((g) => ({ id: g.id, label: g.name })),
              { id: NO_GROUP, label: t('groups.noGroup') },
            ].map((option) => (
              <label key={option.id || 'none'} className="choice">
                <input
                  type="radio"
                  name={`move-to-${studentId}`}
                  value={option.id}
                  checked={to === option.id}
                  onChange={() => setTo(option.id)}
                />{' '}
                {option.label}
              </label>
            ))}
          </fieldset>
          <div className="actions">
            <button type="submit" className="button-primary" disabled={action.pending !== null}>
              {t('groups.moveConfirm', { name })}
            </button>
            <button type="button" onClick={() => dialog.current?.close()}>
              {t('groups.cancel')}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
