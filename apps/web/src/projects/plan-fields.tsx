import { useTranslation } from 'react-i18next';
import { useEffect, useRef } from 'react';
import type { CheckpointInput, ProjectDetail, RubricInput } from '@commonplace/shared';
import { Field } from '../ui/field';
import { isoToLocalInput, localInputToIso } from '../ui/format';
import { i18n } from '../i18n/i18n';

/** A project's plan as the form holds it: strings as typed, rows with stable keys. */
export interface PlanDraft {
  brief: string;
  checkpoints: CheckpointDraft[];
  criteria: CriterionDraft[];
}
interface CheckpointDraft {
  key: string;
  checkpointId?: string;
  title: string;
  due: string;
}
interface LevelDraft {
  key: string;
  levelId?: string;
  title: string;
  points: string;
}
interface CriterionDraft {
  key: string;
  criterionId?: string;
  title: string;
  levels: LevelDraft[];
}

let nextKey = 0;
const newKey = () => `row-${++nextKey}`;

export const EMPTY_PLAN: PlanDraft = { brief: '', checkpoints: [], criteria: [] };

/** The plan of an existing project, ready to edit. */
export function draftOf(project: ProjectDetail): PlanDraft {
  return {
    brief: project.brief,
    checkpoints: project.checkpoints.map((c) => ({
      key: newKey(),
      checkpointId: c.checkpointId,
      title: c.title,
      due: isoToLocalInput(c.dueAt),
    })),
    criteria: (project.rubric?.criteria ?? []).map((c) => ({
      key: newKey(),
      criterionId: c.criterionId,
      title: c.title,
      levels: c.levels.map((l) => ({
        key: newKey(),
        levelId: l.levelId,
        title: l.title,
        points: String(l.points),
      })),
    })),
  };
}

/** The draft in the shape the shared schemas check; bad values pass through for them to name. */
export function planRequest(draft: PlanDraft): {
  brief: string;
  checkpoints: CheckpointInput[];
  rubric: RubricInput | undefined;
} {
  return {
    brief: draft.brief,
    checkpoints: draft.checkpoints.map((c) => ({
      ...(c.checkpointId ? { checkpointId: c.checkpointId } : {}),
      title: c.title,
      dueAt: localInputToIso(c.due),
    })),
    rubric:
      draft.criteria.length === 0
        ? undefined
        : {
            criteria: draft.criteria.map((c) => ({
              ...(c.criterionId ? { criterionId: c.criterionId } : {}),
              title: c.title,
              levels: c.levels.map((l) => ({
                ...(l.levelId ? { levelId: l.levelId } : {}),
                title: l.title,
                points: l.points.trim() === '' ? Number.NaN : Number(l.points),
              })),
            })),
          },
  };
}

function defaultLevels(): LevelDraft[] {
  return [
    // Starting words in the teacher's language; they become the rubric's own text once saved.
    { key: newKey(), title: i18n.t('plan.levels.beginning', { ns: 'projects' }), points: '1' },
    { key: newKey(), title: i18n.t('plan.levels.developing', { ns: 'projects' }), points: '2' },
    { key: newKey(), title: i18n.t('plan.levels.secure', { ns: 'projects' }), points: '3' },
  ];
}

function move<T>(items: readonly T[], from: number, to: number): T[] {
  const copy = [...items];
  const [item] = copy.splice(from, 1);
  if (item !== undefined) copy.splice(to, 0, item);
  return copy;
}

interface PlanFieldsProps {
  draft: PlanDraft;
  onChange: (draft: PlanDraft) => void;
  errors: Partial<Record<string, string>>;
  /** Prefix for ids, so two plan forms never share one. */
  idPrefix: string;
}

/** Brief, ordered checkpoints with due dates, and a rubric of criteria × levels. */
export function PlanFields({ draft, onChange, errors, idPrefix }: PlanFieldsProps) {
  // After adding a row, its first field takes focus, so a keyboard user carries on typing.
  const focusKey = useRef<string | null>(null);
  const { t } = useTranslation('projects');
  useEffect(() => {
    if (!focusKey.current) return;
    document.getElementById(`${idPrefix}-${focusKey.current}`)?.focus();
    focusKey.current = null;
  });

  const setCheckpoints = (checkpoints: CheckpointDraft[]) => onChange({ ...draft, checkpoints });
  const setCriteria = (criteria: CriterionDraft[]) => onChange({ ...draft, criteria });
  const updateCheckpoint = (index: number, patch: Partial<CheckpointDraft>) =>
    setCheckpoints(draft.checkpoints.map((c, i) => (i === index ? { ...c, ...patch } : c)));
  const updateCriterion = (index: number, patch: Partial<CriterionDraft>) =>
    setCriteria(draft.criteria.map((c, i) => (i === index ? { ...c, ...patch } : c)));

  return (
    <>
      <Field label={t('plan.brief')} hint={t('plan.briefHint')} error={errors.brief}>
        {(control) => (
          <textarea
            {...control}
            name="brief"
            rows={4}
            value={draft.brief}
            onChange={(event) => onChange({ ...draft, brief: event.target.value })}
          />
        )}
      </Field>

      <fieldset className="stack-sm">
        <legend>{t('plan.checkpoints')}</legend>
        <p className="hint">{t('plan.checkpointsHint')}</p>
        {errors.checkpoints && !draft.checkpoints.length ? (
          <p className="field-error">{errors.checkpoints}</p>
        ) : null}
        {draft.checkpoints.length === 0 ? <p className="muted">{t('plan.noCheckpoints')}</p> : null}
        <ol className="plan-rows">
          {draft.checkpoints.map((checkpoint, index) => {
            const n = index + 1;
            return (
              <li key={checkpoint.key} className="plan-row">
                <Field
                  id={`${idPrefix}-${checkpoint.key}`}
                  label={t('plan.checkpointTitle', { n })}
                  error={errors[`checkpoints.${index}.title`]}
                >
                  {(control) => (
                    <input
                      {...control}
                      value={checkpoint.title}
                      onChange={(event) => updateCheckpoint(index, { title: event.target.value })}
                    />
                  )}
                </Field>
                <Field
                  label={t('plan.checkpointDue', { n })}
                  error={errors[`checkpoints.${index}.dueAt`]}
                >
                  {(control) => (
                    <input
                      {...control}
                      type="datetime-local"
                      value={checkpoint.due}
                      onChange={(event) => updateCheckpoint(index, { due: event.target.value })}
                    />
                  )}
                </Field>
                <div className="row-actions">
                  <button
                    type="button"
                    aria-label={t('plan.moveUp', { n })}
                    disabled={index === 0}
                    onClick={() => setCheckpoints(move(draft.checkpoints, index, index - 1))}
                  >
                    {t('plan.up')}
                  </button>
                  <button
                    type="button"
                    aria-label={t('plan.moveDown', { n })}
                    disabled={index === draft.checkpoints.length - 1}
                    onClick={() => setCheckpoints(move(draft.checkpoints, index, index + 1))}
                  >
                    {t('plan.down')}
                  </button>
                  <button
                    type="button"
                    aria-label={t('plan.removeCheckpoint', { n })}
                    onClick={() => setCheckpoints(draft.checkpoints.filter((_, i) => i !== index))}
                  >
                    {t('plan.remove')}
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
        <div>
          <button
            type="button"
            onClick={() => {
              const key = newKey();
              focusKey.current = key;
              setCheckpoints([...draft.checkpoints, { key, title: '', due: '' }]);
            }}
          >
            {t('plan.addCheckpoint')}
          </button>
        </div>
      </fieldset>

      <fieldset className="stack-sm">
        <legend>{t('plan.rubric')}</legend>
        <p className="hint">{t('plan.rubricHint')}</p>
        {errors.rubric && draft.criteria.length === 0 ? (
          <p className="field-error">{errors.rubric}</p>
        ) : null}
        {draft.criteria.map((criterion, index) => {
          const n = index + 1;
          return (
            <fieldset key={criterion.key} className="card stack-sm criterion">
              <legend>{t('plan.criterion', { n })}</legend>
              <Field
                id={`${idPrefix}-${criterion.key}`}
                label={t('plan.criterionTitle', { n })}
                error={errors[`rubric.criteria.${index}.title`]}
              >
                {(control) => (
                  <input
                    {...control}
                    value={criterion.title}
                    onChange={(event) => updateCriterion(index, { title: event.target.value })}
                  />
                )}
              </Field>
              {errors[`rubric.criteria.${index}.levels`] ? (
                <p className="field-error">{errors[`rubric.criteria.${index}.levels`]}</p>
              ) : null}
              <ol className="plan-rows">
                {criterion.levels.map((level, levelIndex) => {
                  const m = levelIndex + 1;
                  const setLevel = (patch: Partial<LevelDraft>) =>
                    updateCriterion(index, {
                      levels: criterion.levels.map((l, i) =>
                        i === levelIndex ? { ...l, ...patch } : l,
                      ),
                    });
                  const base = `rubric.criteria.${index}.levels.${levelIndex}`;
                  return (
                    <li key={level.key} className="plan-row">
                      <Field
                        id={`${idPrefix}-${level.key}`}
                        label={t('plan.level', { n, m })}
                        error={errors[`${base}.title`]}
                      >
                        {(control) => (
                          <input
                            {...control}
                            value={level.title}
                            onChange={(event) => setLevel({ title: event.target.value })}
                          />
                        )}
                      </Field>
                      <Field
                        label={t('plan.levelPoints', { n, m })}
                        error={errors[`${base}.points`] && t('plan.pointsError')}
                      >
                        {(control) => (
                          <input
                            {...control}
                            inputMode="decimal"
                            className="input-points"
                            value={level.points}
                            onChange={(event) => setLevel({ points: event.target.value })}
                          />
                        )}
                      </Field>
                      <div className="row-actions">
                        <button
                          type="button"
                          aria-label={t('plan.removeLevel', { n, m })}
                          onClick={() =>
                            updateCriterion(index, {
                              levels: criterion.levels.filter((_, i) => i !== levelIndex),
                            })
                          }
                        >
                          {t('plan.remove')}
                        </button>
                      </div>
                    </li>
                  );
                })}
              </ol>
              <div className="actions">
                <button
                  type="button"
                  onClick={() => {
                    const key = newKey();
                    focusKey.current = key;
                    updateCriterion(index, {
                      levels: [...criterion.levels, { key, title: '', points: '' }],
                    });
                  }}
                >
                  {t('plan.addLevel', { n })}
                </button>
                <button
                  type="button"
                  onClick={() => setCriteria(draft.criteria.filter((_, i) => i !== index))}
                >
                  {t('plan.removeCriterion', { n })}
                </button>
              </div>
            </fieldset>
          );
        })}
        <div>
          <button
            type="button"
            onClick={() => {
              const key = newKey();
              focusKey.current = key;
              setCriteria([...draft.criteria, { key, title: '', levels: defaultLevels() }]);
            }}
          >
            {t('plan.addCriterion')}
          </button>
        </div>
      </fieldset>
    </>
  );
}
