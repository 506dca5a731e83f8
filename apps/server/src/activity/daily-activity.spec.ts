import { describe, expect, it } from '@jest/globals';
import { activitySince, dailyActivity } from './daily-activity.js';
import { zonedMidnight } from './zoned-days.js';

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

  it('counts days from the person’s own midnight when given their time zone', () => {
    // 22:30 and 23:30 UTC on the 22nd are 23:30 on the 22nd and 00:30 on the 23rd in Madrid;
    // 05:00 UTC on the 23rd is still 21:00 on the 22nd in Los Angeles.
    const edits = [
      { at: '2026-11-22T22:30:00.000Z', inserted: 5, deleted: 0 },
      { at: '2026-11-22T23:30:00.000Z', inserted: 3, deleted: 0 },
      { at: '2026-11-23T05:00:00.000Z', inserted: 7, deleted: 0 },
    ];
    const day = (timeZone: string) =>
      dailyActivity({ now, days: 2, editCreditMinutes: 0, presence: [], edits, timeZone }).map(
        ({ day, inserted }) => ({ day, inserted }),
      );
    expect(day('Europe/Madrid')).toEqual([
      { day: '2026-11-22', inserted: 5 },
      { day: '2026-11-23', inserted: 10 },
    ]);
    expect(day('UTC')).toEqual([
      { day: '2026-11-22', inserted: 8 },
      { day: '2026-11-23', inserted: 7 },
    ]);
    expect(day('America/Los_Angeles')).toEqual([
      { day: '2026-11-22', inserted: 15 },
      { day: '2026-11-23', inserted: 0 },
    ]);
  });

  it('starts a zone’s day at its local midnight, 23 or 25 hours long where the clocks change', () => {
    expect(activitySince(now, 1, 'Europe/Madrid').toISOString()).toBe('2026-11-22T23:00:00.000Z');
    expect(zonedMidnight('2026-03-29', 'Europe/Madrid')).toBe(Date.parse('2026-03-28T23:00:00Z'));
    expect(zonedMidnight('2026-03-30', 'Europe/Madrid')).toBe(Date.parse('2026-03-29T22:00:00Z'));
    expect(zonedMidnight('2026-11-01', 'America/New_York')).toBe(
      Date.parse('2026-11-01T04:00:00Z'),
    );
    expect(zonedMidnight('2026-11-02', 'America/New_York')).toBe(
      Date.parse('2026-11-02T05:00:00Z'),
    );
  });
});
