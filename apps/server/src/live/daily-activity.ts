import type { EditSample, PresenceInterval } from '@commonplace/domain';
import { timeOnTask } from '@commonplace/domain';
import type { DailyActivity } from '@commonplace/shared';

const DAY_MS = 86_400_000;

/**
 * One person's activity folded into UTC days, oldest first, today last, with empty days as
 * zeros (a gap in the chart is a day without work, not missing data). Time on task per day
 * is the domain's own rule, windowed to that day, so it agrees with the board.
 */
export function dailyActivity(input: {
  presence: readonly PresenceInterval[];
  edits: readonly EditSample[];
  now: Date;
  days: number;
  editCreditMinutes: number;
}): DailyActivity[] {
  const today = Math.floor(input.now.getTime() / DAY_MS) * DAY_MS;
  const nowIso = input.now.toISOString();
  const result: DailyActivity[] = [];
  for (let back = input.days - 1; back >= 0; back--) {
    const from = today - back * DAY_MS;
    const to = from + DAY_MS;
    const inserted = input.edits
      .filter((edit) => {
        const at = Date.parse(edit.at);
        return at >= from && at < to;
      })
      .reduce((sum, edit) => sum + edit.inserted, 0);
    const { activeMs } = timeOnTask({
      presence: input.presence,
      edits: input.edits,
      now: nowIso,
      editCreditMinutes: input.editCreditMinutes,
      window: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
    });
    result.push({
      day: new Date(from).toISOString().slice(0, 10),
      inserted,
      activeMinutes: Math.floor(activeMs / 60_000),
    });
  }
  return result;
}

/** The earliest instant `dailyActivity` looks at, for the queries that feed it. */
export function activitySince(now: Date, days: number): Date {
  return new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - (days - 1) * DAY_MS);
}
