import type { StudentActivityFacts } from './activity-facts.js';
import { ms } from './durations.js';
import type { Signal } from './signals.js';
import { studentSignals } from './signals.js';
import type { SignalThresholds } from './thresholds.js';
import { DEFAULT_SIGNAL_THRESHOLDS } from './thresholds.js';
import type { TimeOnTask } from './time-on-task.js';
import { timeOnTask } from './time-on-task.js';

/** One student's tile on the teacher's live board. */
export interface StudentBoardEntry {
  readonly studentId: string;
  readonly present: boolean;
  readonly lastEditAt?: string;
  readonly inserted: number;
  readonly deleted: number;
  readonly timeOnTask: TimeOnTask;
  readonly signals: readonly Signal[];
}

/** Everything the board shows for a student, computed from their facts at `now`. */
export function studentBoardEntry(
  facts: StudentActivityFacts,
  now: string,
  thresholds: SignalThresholds = DEFAULT_SIGNAL_THRESHOLDS,
): StudentBoardEntry {
  const at = ms(now);
  const edits = facts.edits.filter((e) => ms(e.at) <= at);
  const last = edits.reduce<string | undefined>(
    (latest, e) => (latest === undefined || ms(e.at) > ms(latest) ? e.at : latest),
    undefined,
  );
  return {
    studentId: facts.studentId,
    present: facts.presence.some((p) => ms(p.from) <= at && (p.to === undefined || ms(p.to) > at)),
    ...(last !== undefined ? { lastEditAt: last } : {}),
    inserted: edits.reduce((sum, e) => sum + e.inserted, 0),
    deleted: edits.reduce((sum, e) => sum + e.deleted, 0),
    timeOnTask: timeOnTask({
      presence: facts.presence,
      edits,
      now,
      editCreditMinutes: thresholds.editCreditMinutes,
    }),
    signals: studentSignals(facts, now, thresholds),
  };
}
