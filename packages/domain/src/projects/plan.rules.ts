import { DomainError } from '../common/domain-error.js';
import type { Checkpoint, Rubric, RubricScore } from './events.js';

function hasDuplicates(ids: readonly string[]): boolean {
  return new Set(ids).size !== ids.length;
}

/** Checkpoints need distinct ids, a title, and due dates that never go backwards. */
export function requireValidCheckpoints(checkpoints: readonly Checkpoint[]): void {
  const fail = (why: string): never => {
    throw new DomainError('projects.checkpoints-invalid', why);
  };
  if (hasDuplicates(checkpoints.map((c) => c.checkpointId))) {
    fail('Two checkpoints share an id. Give each checkpoint its own.');
  }
  let previous = Number.NEGATIVE_INFINITY;
  for (const checkpoint of checkpoints) {
    if (checkpoint.title.trim() === '') fail('Every checkpoint needs a title.');
    const due = Date.parse(checkpoint.dueAt);
    if (Number.isNaN(due)) fail(`“${checkpoint.title}” needs a due date.`);
    if (due < previous) {
      fail(
        `“${checkpoint.title}” is due before the checkpoint above it. Reorder them or fix the dates.`,
      );
    }
    previous = due;
  }
}

/** A rubric has criteria, each with at least two levels, ids distinct within their list. */
export function requireValidRubric(rubric: Rubric): void {
  const fail = (why: string): never => {
    throw new DomainError('projects.rubric-invalid', why);
  };
  if (rubric.criteria.length === 0) fail('A rubric needs at least one criterion.');
  if (hasDuplicates(rubric.criteria.map((c) => c.criterionId))) {
    fail('Two criteria share an id. Give each criterion its own.');
  }
  for (const criterion of rubric.criteria) {
    if (criterion.levels.length < 2) {
      fail(`“${criterion.title}” needs at least two levels to choose between.`);
    }
    if (hasDuplicates(criterion.levels.map((l) => l.levelId))) {
      fail(`Two levels of “${criterion.title}” share an id.`);
    }
  }
}

/** Each score names a criterion of the rubric and one of its levels, each criterion at most once. */
export function requireValidScores(
  rubric: Rubric | undefined,
  scores: readonly RubricScore[],
): void {
  if (scores.length === 0) return;
  const fail = (why: string): never => {
    throw new DomainError('projects.score-invalid', why);
  };
  if (!rubric) fail('This project has no rubric to score against. Add one, or leave a comment.');
  if (hasDuplicates(scores.map((s) => s.criterionId))) fail('A criterion was scored twice.');
  for (const score of scores) {
    const criterion = rubric?.criteria.find((c) => c.criterionId === score.criterionId);
    if (!criterion)
      fail('A score names a criterion that is not in the rubric. Reload and try again.');
    if (!criterion?.levels.some((l) => l.levelId === score.levelId)) {
      fail(`A score for “${criterion?.title}” names a level it does not have.`);
    }
  }
}
