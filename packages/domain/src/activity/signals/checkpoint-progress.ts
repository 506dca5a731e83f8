import type { Checkpoint, ProjectEvent } from '../../projects/events.js';
import type { CheckpointFact } from './activity-facts.js';
import { describeDuration, ms } from './durations.js';

/**
 * One workspace's checkpoints, in plan order, with when each was reached,
 * read from the project's stream. A reopened checkpoint is not reached.
 */
export function checkpointFactsFrom(
  events: readonly ProjectEvent[],
  docId: string,
): CheckpointFact[] {
  let plan: readonly Checkpoint[] = [];
  const reachedAt = new Map<string, string>();
  for (const event of events) {
    switch (event.type) {
      case 'ProjectAssigned':
        plan = event.data.checkpoints ?? [];
        break;
      case 'ProjectPlanUpdated':
        if (event.data.checkpoints) plan = event.data.checkpoints;
        break;
      case 'CheckpointReached':
        if (event.data.docId === docId)
          reachedAt.set(event.data.checkpointId, event.data.reachedAt);
        break;
      case 'CheckpointReopened':
        if (event.data.docId === docId) reachedAt.delete(event.data.checkpointId);
        break;
      default:
        break;
    }
  }
  return plan.map((c) => {
    const at = reachedAt.get(c.checkpointId);
    return { ...c, ...(at !== undefined ? { reachedAt: at } : {}) };
  });
}

export interface GoalFact {
  readonly goalId: string;
  readonly checkpointId: string;
  readonly targetDate: string;
}

export type GoalStatus =
  'met' | 'met-late' | 'on-track' | 'due-soon' | 'missed' | 'unknown-checkpoint';

export interface GoalProgress {
  readonly goalId: string;
  readonly checkpointId: string;
  readonly status: GoalStatus;
  /** Checkpoints reached up to and including the goal's, over how many that is (0 to 1). */
  readonly progress: number;
  readonly reason: string;
}

/**
 * A student's progress against their own goals (“reach checkpoint X by date
 * Y”). `dueSoonHours` is how close the target date must be to warn.
 */
export function goalProgress(
  goals: readonly GoalFact[],
  checkpoints: readonly CheckpointFact[],
  now: string,
  dueSoonHours = 24,
): GoalProgress[] {
  const at = ms(now);
  return goals.map((goal): GoalProgress => {
    const index = checkpoints.findIndex((c) => c.checkpointId === goal.checkpointId);
    const checkpoint = checkpoints[index];
    if (!checkpoint) {
      return {
        goalId: goal.goalId,
        checkpointId: goal.checkpointId,
        status: 'unknown-checkpoint',
        progress: 0,
        reason: 'The checkpoint this goal aims at is no longer in the project. Set a new goal.',
      };
    }
    const upTo = checkpoints.slice(0, index + 1);
    const reachedCount = upTo.filter((c) => c.reachedAt !== undefined).length;
    const progress = reachedCount / upTo.length;
    const target = ms(goal.targetDate);
    const base = { goalId: goal.goalId, checkpointId: goal.checkpointId, progress };
    if (checkpoint.reachedAt !== undefined) {
      const reached = ms(checkpoint.reachedAt);
      return reached <= target
        ? { ...base, status: 'met', reason: `Reached “${checkpoint.title}” on time.` }
        : {
            ...base,
            status: 'met-late',
            reason: `Reached “${checkpoint.title}” ${describeDuration(reached - target)} after your goal.`,
          };
    }
    const steps = `${upTo.length - reachedCount} of ${upTo.length} checkpoints to go`;
    if (target < at) {
      return {
        ...base,
        status: 'missed',
        reason: `Your goal date for “${checkpoint.title}” passed ${describeDuration(at - target)} ago; ${steps}.`,
      };
    }
    if (target - at <= dueSoonHours * 3_600_000) {
      return {
        ...base,
        status: 'due-soon',
        reason: `“${checkpoint.title}” is your goal in ${describeDuration(target - at)}; ${steps}.`,
      };
    }
    return {
      ...base,
      status: 'on-track',
      reason: `${describeDuration(target - at)} left to reach “${checkpoint.title}”; ${steps}.`,
    };
  });
}
