import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { AssignProjectRequestSchema } from '@commonplace/shared';
import type { ClassroomView } from '@commonplace/shared';
import { useSession } from '../auth/auth-context';
import { EMPTY_PLAN, PlanFields, planRequest } from '../projects/plan-fields';
import type { PlanDraft } from '../projects/plan-fields';
import { ErrorMessage } from '../ui/feedback';
import { Field } from '../ui/field';
import { useSchemaForm } from '../ui/use-schema-form';

interface AssignProjectFormProps {
  classroom: ClassroomView;
  onChanged: (message: string) => Promise<void>;
}

/** The project editor for a new project: title, brief, checkpoints and rubric, to every group. */
export function AssignProjectForm({ classroom, onChanged }: AssignProjectFormProps) {
  const { api } = useSession();
  const { t } = useTranslation('classrooms');
  const [title, setTitle] = useState('');
  const [plan, setPlan] = useState<PlanDraft>(EMPTY_PLAN);
  const groupCount = classroom.groups.length;
  const { errors, formError, pending, submit } = useSchemaForm(
    AssignProjectRequestSchema,
    async (request) => {
      await api.assignProject({ params: { classroomId: classroom.id }, body: request });
      setTitle('');
      setPlan(EMPTY_PLAN);
      await onChanged(t('assign.assigned', { title: request.title, count: groupCount }));
    },
  );

  return (
    <form
      className="card stack"
      noValidate
      aria-labelledby="assign-project-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void submit({ title, ...planRequest(plan) });
      }}
    >
      <h3 id="assign-project-heading">{t('assign.heading')}</h3>
      <p className="hint">
        {groupCount === 0 ? t('assign.noGroups') : t('assign.eachGroup', { count: groupCount })}
      </p>
      <ErrorMessage>{formError}</ErrorMessage>
      <Field label={t('assign.title')} error={errors.title}>
        {(control) => (
          <input
            {...control}
            name="title"
            value={title}
            onChange={(event) => setTitle(event.target.value)}
          />
        )}
      </Field>
      <PlanFields draft={plan} onChange={setPlan} errors={errors} idPrefix="assign" />
      <div>
        <button type="submit" className="button-primary">
          {pending ? t('assign.assigning') : t('assign.submit')}
        </button>
      </div>
    </form>
  );
}
