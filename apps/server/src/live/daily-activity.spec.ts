import { describe, expect, it } from '@jest/globals';
import { activitySince, dailyActivity } from './daily-activity.js';

describe('a person’s activity by day', () => {
  const now = new Date('2026-11-23T10:00:00.000Z');

  it('sums characters and minutes on task per UTC day, oldest first, empty days as zeros', () => {
    const days = dailyActivity({
      now,
      days: 3,
      editCreditMinutes: 2,
      presence: [
        { from: '2026-11-21T09:00:00.000Z', to: '2026-11-21T10:00:00.000Z' },
        { from: '2026-11-23T09:50:00.000Z' },
      ],
      edits: [
        { at: '2026-11-21T09:10:00.000Z', inserted: 40, deleted: 2 },
        { at: '2026-11-21T09:20:00.000Z', inserted: 10, deleted: 0 },
        { at: '2026-11-23T09:59:00.000Z', inserted: 7, deleted: 0 },
        // Before the range: not counted anywhere.
        { at: '2026-11-20T23:59:00.000Z', inserted: 999, deleted: 0 },
      ],
    });
    expect(days).toEqual([
      { day: '2026-11-21', inserted: 50, activeMinutes: 4 },
      { day: '2026-11-22', inserted: 0, activeMinutes: 0 },
      { day: '2026-11-23', inserted: 7, activeMinutes: 2 },
    ]);
  });

  it('does not count an open tab without edits as time on task', () => {
    const days = dailyActivity({
      now,
      days: 1,
      editCreditMinutes: 2,
      presence: [{ from: '2026-11-23T08:00:00.000Z' }],
      edits: [],
    });
    expect(days).toEqual([{ day: '2026-11-23', inserted: 0, activeMinutes: 0 }]);
  });

  it('starts the queries at midnight UTC of the first day', () => {
    expect(activitySince(now, 3).toISOString()).toBe('2026-11-21T00:00:00.000Z');
    expect(activitySince(now, 1).toISOString()).toBe('2026-11-23T00:00:00.000Z');
  });
});
