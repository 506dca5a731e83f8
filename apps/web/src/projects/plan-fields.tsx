import { useEffect, useRef } from 'react';
import type { CheckpointInput, ProjectDetail, RubricInput } from '@commonplace/shared';
import { Field } from '../ui/field';
import { isoToLocalInput, localInputToIso } from '../ui/format';

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
    { key: newKey(), title: 'Beginning', points: '1' },
    { key: newKey(), title: 'Developing', points: '2' },
    { key: newKey(), title: 'Secure', points: '3' },
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
            value={draft.brief}
            onChange={(event) => onChange({ ...draft, brief: event.target.value })}
          />
        )}
      </Field>

      <fieldset className="stack-sm">
        <legend>Checkpoints</legend>
        <p className="hint">In the order groups should reach them, each with a due date.</p>
        {errors.checkpoints && !draft.checkpoints.length ? (
          <p className="field-error">{errors.checkpoints}</p>
        ) : null}
        {draft.checkpoints.length === 0 ? <p className="muted">No checkpoints yet.</p> : null}
        <ol className="plan-rows">
          {draft.checkpoints.map((checkpoint, index) => {
            const n = index + 1;
            return (
              <li key={checkpoint.key} className="plan-row">
                <Field
                  id={`${idPrefix}-${checkpoint.key}`}
                  label={`Checkpoint ${n} title`}
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
                <Field label={`Checkpoint ${n} due`} error={errors[`checkpoints.${index}.dueAt`]}>
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
                    aria-label={`Move checkpoint ${n} up`}
                    disabled={index === 0}
                    onClick={() => setCheckpoints(move(draft.checkpoints, index, index - 1))}
                  >
                    Up
                  </button>
                  <button
                    type="button"
                    aria-label={`Move checkpoint ${n} down`}
                    disabled={index === draft.checkpoints.length - 1}
                    onClick={() => setCheckpoints(move(draft.checkpoints, index, index + 1))}
                  >
                    Down
                  </button>
                  <button
                    type="button"
                    aria-label={`Remove checkpoint ${n}`}
                    onClick={() => setCheckpoints(draft.checkpoints.filter((_, i) => i !== index))}
                  >
                    Remove
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
            Add a checkpoint
          </button>
        </div>
      </fieldset>

      <fieldset className="stack-sm">
        <legend>Rubric</legend>
        <p className="hint">
          Optional. Each criterion has levels from lowest to highest; you score each criterion by
          choosing a level.
        </p>
        {errors.rubric && draft.criteria.length === 0 ? (
          <p className="field-error">{errors.rubric}</p>
        ) : null}
        {draft.criteria.map((criterion, index) => {
          const n = index + 1;
          return (
            <fieldset key={criterion.key} className="card stack-sm criterion">
              <legend>Criterion {n}</legend>
              <Field
                id={`${idPrefix}-${criterion.key}`}
                label={`Criterion ${n} title`}
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
                        label={`Criterion ${n}, level ${m}`}
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
                        label={`Criterion ${n}, level ${m} points`}
                        error={errors[`${base}.points`] && 'Give points from 0 to 1000.'}
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
                          aria-label={`Remove level ${m} of criterion ${n}`}
                          onClick={() =>
                            updateCriterion(index, {
                              levels: criterion.levels.filter((_, i) => i !== levelIndex),
                            })
                          }
                        >
                          Remove
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
                  Add a level to criterion {n}
                </button>
                <button
                  type="button"
                  onClick={() => setCriteria(draft.criteria.filter((_, i) => i !== index))}
                >
                  Remove criterion {n}
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
            Add a rubric criterion
          </button>
        </div>
      </fieldset>
    </>
  );
}
