import { describe, expect, it } from '@jest/globals';
import type { BoardGroup, BoardStudent, BoardView, BoardWorkspace } from '@commonplace/shared';
import {
  checkpointProgress,
  contributionBalance,
  dailyRows,
  evenSharePercent,
  feedbackLatency,
  fromBoardGroup,
  localWeekStart,
  quantile,
  termFeedbackLatency,
  termWeekStarts,
  weeklyMinutes,
} from './chart-data';

function student(
  displayName: string,
  share: number,
  inserted: number,
  activeMs: number,
): BoardStudent {
  return {
    studentId: `s-${displayName}`,
    displayName,
    inserted,
    deleted: 0,
    present: false,
    activeNow: false,
    lastActiveAt: null,
    timeOnTask: { presentMs: activeMs, activeMs },
    share,
    signals: [],
  };
}

function workspace(projectTitle: string, reached: number, total: number): BoardWorkspace {
  return {
    projectId: `p-${projectTitle}`,
    projectTitle,
    docId: `d-${projectTitle}-${reached}`,
    checkpointsReached: reached,
    checkpointsTotal: total,
    locked: false,
  };
}

function group(name: string, students: BoardStudent[], workspaces: BoardWorkspace[]): BoardGroup {
  return { groupId: `g-${name}`, name, students, workspaces, signals: [] };
}

function board(groups: BoardGroup[]): BoardView {
  return {
    classroomId: 'c-1',
    classroomName: 'Year 8',
    computedAt: '2026-11-23T10:00:00.000Z',
    idleAfterMinutes: 5,
    attention: [],
    groups,
  };
}

describe('contribution balance', () => {
  it('gives each student whole percents, characters and minutes, biggest share first', () => {
    const rows = contributionBalance(
      fromBoardGroup(
        group(
          'Otters',
          [
            student('Ben', 0.254, 127, 59_999),
            student('Ana', 0.746, 373, 12 * 60_000 + 30_000),
            student('Cy', 0, 0, 0),
          ],
          [],
        ),
      ),
    );
    expect(rows).toEqual([
      { name: 'Ana', sharePercent: 75, characters: 373, minutesOnTask: 12 },
      { name: 'Ben', sharePercent: 25, characters: 127, minutesOnTask: 0 },
      { name: 'Cy', sharePercent: 0, characters: 0, minutesOnTask: 0 },
    ]);
    expect(evenSharePercent(rows)).toBe(33);
  });

  it('breaks ties by name so the order does not jump between updates', () => {
    const rows = contributionBalance(
      fromBoardGroup(group('Otters', [student('Zoe', 0.5, 1, 0), student('Ana', 0.5, 1, 0)], [])),
    );
    expect(rows.map((r) => r.name)).toEqual(['Ana', 'Zoe']);
    expect(evenSharePercent([])).toBe(0);
  });
});

describe('checkpoint progress', () => {
  it('names rows by group alone when the class works on one project', () => {
    const rows = checkpointProgress(
      board([
        group('Otters', [], [workspace('River', 2, 5)]),
        group('Herons', [], [workspace('River', 0, 5)]),
      ]),
    );
    expect(rows).toEqual([
      { label: 'Otters', reached: 2, remaining: 3, total: 5 },
      { label: 'Herons', reached: 0, remaining: 5, total: 5 },
    ]);
  });

  it('adds the project to the label with several projects, leaves out plans without checkpoints and never shows more reached than exist', () => {
    const rows = checkpointProgress(
      board([
        group('Otters', [], [workspace('River', 7, 4), workspace('Poems', 0, 0)]),
        group('Herons', [], [workspace('Poems', 1, 3)]),
      ]),
    );
    expect(rows).toEqual([
      { label: 'Otters: River', reached: 4, remaining: 0, total: 4 },
      { label: 'Herons: Poems', reached: 1, remaining: 2, total: 3 },
    ]);
  });
});

describe('weekly minutes', () => {
  it('orders weeks oldest first, rounds minutes and keeps an unreadable week as written', () => {
    const rows = weeklyMinutes(
      [
        { weekStart: '2026-11-16', minutes: 42.6 },
        { weekStart: '2026-11-09', minutes: 0 },
        { weekStart: 'garbled', minutes: 3 },
      ],
      (monday) => monday.toISOString().slice(5, 10),
    );
    expect(rows).toEqual([
      { week: '11-09', minutes: 0 },
      { week: '11-16', minutes: 43 },
      { week: 'garbled', minutes: 3 },
    ]);
  });
});

describe('feedback latency', () => {
  const day = (date: Date) => date.toISOString().slice(0, 10);
  const now = new Date('2026-11-20T12:00:00.000Z');

  it('measures each submission to its first answer, oldest first, and counts a waiting one up to now', () => {
    const rows = feedbackLatency(
      [
        // Newest first, as the API lists them.
        { submittedAt: '2026-11-19T12:00:00.000Z', returnedAt: null, feedback: [] },
        {
          submittedAt: '2026-11-10T09:00:00.000Z',
          returnedAt: null,
          feedback: [
            { givenAt: '2026-11-11T10:30:00.000Z' },
            { givenAt: '2026-11-10T11:15:00.000Z' },
          ],
        },
        {
          submittedAt: '2026-11-02T08:00:00.000Z',
          returnedAt: '2026-11-02T08:20:00.000Z',
          feedback: [{ givenAt: '2026-11-03T08:00:00.000Z' }],
        },
      ],
      now,
      day,
    );
    expect(rows).toEqual([
      { label: 'Submission 1, 2026-11-02', hours: 0.3, state: 'answered' },
      { label: 'Submission 2, 2026-11-10', hours: 2.3, state: 'answered' },
      { label: 'Submission 3, 2026-11-19', hours: 24, state: 'waiting' },
    ]);
  });

  it('leaves out a submission whose date cannot be read and ignores answers dated before it', () => {
    const rows = feedbackLatency(
      [
        { submittedAt: 'garbled', returnedAt: null, feedback: [] },
        {
          submittedAt: '2026-11-20T10:00:00.000Z',
          returnedAt: null,
          feedback: [{ givenAt: '2026-11-19T10:00:00.000Z' }],
        },
      ],
      now,
      day,
    );
    expect(rows).toEqual([{ label: 'Submission 1, 2026-11-20', hours: 2, state: 'waiting' }]);
  });
});

describe('daily rows', () => {
  it('orders days oldest first and names the numbers for the table', () => {
    const rows = dailyRows(
      [
        { day: '2026-11-23', inserted: 7, activeMinutes: 2 },
        { day: '2026-11-22', inserted: 0, activeMinutes: 0 },
        { day: 'garbled', inserted: 1, activeMinutes: 1 },
      ],
      (day) => day.toISOString().slice(5, 10),
    );
    expect(rows).toEqual([
      { day: '11-22', characters: 0, minutes: 0 },
      { day: '11-23', characters: 7, minutes: 2 },
      { day: 'garbled', characters: 1, minutes: 1 },
    ]);
  });
});

describe('feedback-loop latency over a term', () => {
  // Local times: the weeks are the viewer's, whatever time zone the test runs in.
  const at = (day: number, hour: number, minute = 0) =>
    new Date(2026, 10, day, hour, minute).toISOString();
  const label = (monday: Date) => `${monday.getDate()}/${monday.getMonth() + 1}`;

  it('starts each week on the viewer’s own Monday midnight', () => {
    // Sunday 22 November 2026, 23:30 local, is still the week of Monday 16 November.
    expect(localWeekStart(new Date(2026, 10, 22, 23, 30).getTime())).toEqual(
      new Date(2026, 10, 16),
    );
    expect(localWeekStart(new Date(2026, 10, 23, 0, 0).getTime())).toEqual(new Date(2026, 10, 23));
    expect(termWeekStarts(new Date(2026, 10, 25, 12), 3)).toEqual([
      new Date(2026, 10, 9),
      new Date(2026, 10, 16),
      new Date(2026, 10, 23),
    ]);
  });

  it('interpolates the median and the 90th percentile between neighbours', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([4], 0.9)).toBe(4);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1);
  });

  it('gives each week of the term its median and p90 hours, counting the waiting apart', () => {
    const weeks = termWeekStarts(new Date(2026, 10, 25, 12), 3);
    const rows = termFeedbackLatency(
      [
        // Week of 9 Nov: nothing handed in.
        // Week of 16 Nov: answered after 2, 4 and 30 hours; one late on Sunday still waiting.
        { submittedAt: at(16, 9), answeredAt: at(16, 11) },
        { submittedAt: at(17, 9), answeredAt: at(17, 13) },
        { submittedAt: at(18, 9), answeredAt: at(19, 15) },
        { submittedAt: at(22, 23, 30), answeredAt: null },
        // Week of 23 Nov: one answered after 1 hour; one from before the term is left out.
        { submittedAt: at(23, 8), answeredAt: at(23, 9) },
        { submittedAt: at(2, 8), answeredAt: at(2, 9) },
        { submittedAt: 'not a date', answeredAt: null },
      ],
      weeks,
      label,
    );
    expect(rows.map(({ weekStart: _omit, ...row }) => row)).toEqual([
      { week: '9/11', answered: 0, waiting: 0, medianHours: null, p90Hours: null },
      { week: '16/11', answered: 3, waiting: 1, medianHours: 4, p90Hours: 24.8 },
      { week: '23/11', answered: 1, waiting: 0, medianHours: 1, p90Hours: 1 },
    ]);
  });
});
