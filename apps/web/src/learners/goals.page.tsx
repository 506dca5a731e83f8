import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { SetGoalRequestSchema } from '@commonplace/shared';
import type { GoalView } from '@commonplace/shared';
import { paths } from '../app/paths';
import { useSession } from '../auth/auth-context';
import { ErrorMessage, LiveStatus, Loading } from '../ui/feedback';
import { Field } from '../ui/field';
import { formatDate, formatPercent } from '../ui/format';
import { PageHeading } from '../ui/page-heading';
import { useAction } from '../ui/use-action';
import { useResource } from '../ui/use-resource';
import { useSchemaForm } from '../ui/use-schema-form';

/** The end of the chosen day in the browser's time zone, as an instant; '' if unreadable. */
function endOfDay(value: string): string {
  if (!value) return '';
  const date = new Date(`${value}T23:59:00`);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

/** A student's personal goals for a project (a checkpoint by a date) and their progress. */
export default function GoalsPage() {
  const { projectId = '' } = useParams();
  const { api } = useSession();
  const { t } = useTranslation('learners');
  const project = useResource(`project:${projectId}`, () => api.project({ params: { projectId } }));
  const goals = useResource(`goals:${projectId}`, () => api.goals({ params: { projectId } }));
  const drop = useAction();
  const [status, setStatus] = useState<string | null>(null);
  const [checkpointId, setCheckpointId] = useState('');
  const [day, setDay] = useState('');
  const [note, setNote] = useState('');
  const { errors, formError, pending, submit } = useSchemaForm(
    SetGoalRequestSchema,
    async (request) => {
      await api.setGoal({ params: { projectId }, body: request });
      setNote('');
      setDay('');
      setStatus(t('goals.set'));
      await goals.reload().catch(() => undefined);
    },
  );
  const detail = project.resource.status === 'ready' ? project.resource.data : null;
  const checkpointTitle = (id: string) =>
    detail?.checkpoints.find((c) => c.checkpointId === id)?.title ?? t('goals.removedCheckpoint');
  const docId = detail?.workspaces[0]?.docId;
  const title = detail ? t('goals.titleFor', { project: detail.title }) : t('goals.title');

  return (
    <div className="stack-lg narrow-wide">
      <p>
        <Link to={docId ? paths.workspace(docId) : paths.home}>
          {docId ? t('backToProject') : t('backToProjects')}
        </Link>
      </p>
      <PageHeading title={title}>{title}</PageHeading>
      <LiveStatus className="message-success">{status}</LiveStatus>
      <ErrorMessage>{drop.error}</ErrorMessage>
      <section aria-labelledby="goals-heading" className="stack">
        <h2 id="goals-heading">{t('goals.title')}</h2>
        {goals.resource.status === 'loading' ? <Loading what={t('goals.loading')} /> : null}
        {goals.resource.status === 'error' ? (
          <ErrorMessage>{goals.resource.message}</ErrorMessage>
        ) : null}
        {goals.resource.status === 'ready' ? (
          goals.resource.data.items.length === 0 ? (
            <p className="muted">{t('goals.none')}</p>
          ) : (
            <ul className="card-list">
              {goals.resource.data.items.map((goal: GoalView) => (
                <li key={goal.goalId} className="card stack-sm">
                  <h3>
                    {t('goals.reachBy', {
                      checkpoint: checkpointTitle(goal.checkpointId),
                      date: formatDate(goal.targetDate),
                    })}
                  </h3>
                  <p>
                    <span className={`badge badge-goal-${goal.status}`}>
                      {t(`goals.status.${goal.status}`)}
                    </span>{' '}
                    {/* Worded by the server, in English: marked so screen readers say it right. */}
                    <span lang="en">{goal.reason}</span>
                  </p>
                  <p className="goal-progress">
                    <label htmlFor={`progress-${goal.goalId}`}>{t('goals.progress')}</label>{' '}
                    <progress id={`progress-${goal.goalId}`} max={1} value={goal.progress}>
                      {formatPercent(goal.progress)}
                    </progress>{' '}
                    {formatPercent(goal.progress)}
                  </p>
                  {goal.note ? <p className="brief">{goal.note}</p> : null}
                  <div>
                    <button
                      type="button"
                      aria-label={t('goals.dropLabel', {
                        checkpoint: checkpointTitle(goal.checkpointId),
                      })}
                      disabled={drop.pending !== null}
                      onClick={() =>
                        void drop
                          .run(
                            'drop',
                            () => api.dropGoal({ params: { projectId, goalId: goal.goalId } }),
                            '',
                          )
                          .then((ok) => {
                            if (!ok) return;
                            setStatus(t('goals.dropped'));
                            return goals.reload().catch(() => undefined);
                          })
                      }
                    >
                      {t('goals.drop')}
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )
        ) : null}
      </section>
      <form
        className="card stack"
        noValidate
        aria-labelledby="set-goal-heading"
        onSubmit={(event) => {
          event.preventDefault();
          setStatus(null);
          void submit({
            checkpointId,
            targetDate: endOfDay(day),
            ...(note.trim() ? { note } : {}),
          });
        }}
      >
        <h2 id="set-goal-heading">{t('goals.setHeading')}</h2>
        <ErrorMessage>{formError}</ErrorMessage>
        <Field
          label={t('goals.checkpoint')}
          error={errors.checkpointId && t('goals.chooseCheckpointError')}
        >
          {(control) => (
            <select
              {...control}
              value={checkpointId}
              onChange={(event) => setCheckpointId(event.target.value)}
            >
              <option value="">{t('goals.chooseCheckpoint')}</option>
              {(detail?.checkpoints ?? []).map((c) => (
                <option key={c.checkpointId} value={c.checkpointId}>
                  {t('goals.checkpointOption', { title: c.title, date: formatDate(c.dueAt) })}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('goals.reachItBy')} error={errors.targetDate && t('goals.chooseDate')}>
          {(control) => (
            <input
              {...control}
              type="date"
              value={day}
              onChange={(event) => setDay(event.target.value)}
            />
          )}
        </Field>
        <Field label={t('goals.note')} error={errors.note}>
          {(control) => (
            <input {...control} value={note} onChange={(event) => setNote(event.target.value)} />
          )}
        </Field>
        <div>
          <button type="submit" className="button-primary">
            {pending ? t('saving') : t('goals.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}
