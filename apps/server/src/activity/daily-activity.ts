import type { EditSample, PresenceInterval } from '@commonplace/domain';
import { timeOnTask } from '@commonplace/domain';
import type { DailyActivity } from '@commonplace/shared';
import { addDays, zonedDate, zonedMidnight } from './zoned-days.js';

/**
 * One person's activity folded into days of their own time zone (UTC unless given), oldest
 * first, today last, with empty days as zeros (a gap in the chart is a day without work, not
 * missing data). Time on task per day is the domain's own rule, windowed to that day, so it
 * agrees with the board.
 */
export function dailyActivity(input: {
  presence: readonly PresenceInterval[];
  edits: readonly EditSample[];
  now: Date;
  days: number;
  editCreditMinutes: number;
  timeZone?: string;
}): DailyActivity[] {
  const timeZone = input.timeZone ?? 'UTC';
  const today = zonedDate(input.now.getTime(), timeZone);
  const nowIso = input.now.toISOString();
  const result: DailyActivity[] = [];
  for (let back = input.days - 1; back >= 0; back--) {
    const day = addDays(today, -back);
    const from = zonedMidnight(day, timeZone);
    const to = zonedMidnight(addDays(day, 1), timeZone);
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
    result.push({ day, inserted, activeMinutes: Math.floor(activeMs / 60_000) });
  }
  return result;
}

/** The earliest instant `dailyActivity` looks at, for the queries that feed it. */
export function activitySince(now: Date, days: number, timeZone = 'UTC'): Date {
  return new Date(
    zonedMidnight(addDays(zonedDate(now.getTime(), timeZone), -(days - 1)), timeZone),
  );
}
