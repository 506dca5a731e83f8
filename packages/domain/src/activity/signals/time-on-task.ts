import type { EditSample, PresenceInterval } from './activity-facts.js';
import type { Span } from './durations.js';
import { intersect, minutes, ms, total, union } from './durations.js';

export interface TimeOnTaskInput {
  readonly presence: readonly PresenceInterval[];
  readonly edits: readonly EditSample[];
  readonly now: string;
  /**
   * How much working time one batch of edits stands for, looking back from
   * when it was recorded (reading, thinking and typing before it flushed).
   */
  readonly editCreditMinutes: number;
  /** Count only this stretch (for example today's lesson); the whole history when absent. */
  readonly window?: { readonly from: string; readonly to: string };
}

export interface TimeOnTask {
  /** With the workspace open: an open tab counts here, and only here. */
  readonly presentMs: number;
  /** Present and editing: the time on task a teacher means. */
  readonly activeMs: number;
}

/**
 * Time on task from presence and edits. Active time is the stretches covered
 * by recent edits *and* presence, so a tab left open over lunch adds presence,
 * not time on task.
 */
export function timeOnTask(input: TimeOnTaskInput): TimeOnTask {
  const now = ms(input.now);
  const bounds: Span = input.window
    ? { from: ms(input.window.from), to: Math.min(ms(input.window.to), now) }
    : { from: Number.NEGATIVE_INFINITY, to: now };
  const present = intersect(
    union(
      input.presence.map((p) => ({ from: ms(p.from), to: p.to === undefined ? now : ms(p.to) })),
    ),
    [bounds],
  );
  const credit = minutes(input.editCreditMinutes);
  const editing = union(
    input.edits.map((e) => ({ from: ms(e.firstAt ?? e.at) - credit, to: ms(e.at) })),
  );
  return { presentMs: total(present), activeMs: total(intersect(editing, present)) };
}
