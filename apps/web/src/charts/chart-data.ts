import type { BoardGroup, BoardView, DailyActivity, WeeklyTimeOnTask } from '@commonplace/shared';

/*
 * Chart data, shaped once and used twice: the picture draws it and the table beside it
 * reads it out, so a screen reader hears exactly the numbers the bars show.
 */

export interface ContributionRow {
  name: string;
  /** Whole percent of the group's writing, 0 to 100. */
  sharePercent: number;
  characters: number;
  /** Whole minutes present and editing. */
  minutesOnTask: number;
}

/** What a contribution row is made of: the board's students and the feedback view's members. */
export interface ContributionSource {
  displayName: string;
  /** 0 to 1. */
  share: number;
  inserted: number;
  activeMs: number;
}

/** The board's students as contribution sources. */
export function fromBoardGroup(group: BoardGroup): ContributionSource[] {
  return group.students.map((student) => ({
    displayName: student.displayName,
    share: student.share,
    inserted: student.inserted,
    activeMs: student.timeOnTask.activeMs,
  }));
}

/** One row per student, the biggest share first, so the imbalance reads top-down. */
export function contributionBalance(students: readonly ContributionSource[]): ContributionRow[] {
  return students
    .map((student) => ({
      name: student.displayName,
      sharePercent: Math.round(student.share * 100),
      characters: student.inserted,
      minutesOnTask: Math.floor(student.activeMs / 60_000),
    }))
    .sort((a, b) => b.sharePercent - a.sharePercent || a.name.localeCompare(b.name));
}

/** Even split the group would have if everyone wrote the same, in whole percent. */
export function evenSharePercent(rows: readonly ContributionRow[]): number {
  return rows.length === 0 ? 0 : Math.round(100 / rows.length);
}

export interface CheckpointRow {
  /** "Group A: River report", or just the group when it has one project. */
  label: string;
  reached: number;
  remaining: number;
  total: number;
}

/** One row per group workspace, in board order; workspaces without checkpoints are left out. */
export function checkpointProgress(board: BoardView): CheckpointRow[] {
  const projects = new Set(board.groups.flatMap((g) => g.workspaces.map((w) => w.projectId)));
  return board.groups.flatMap((group) =>
    group.workspaces
      .filter((workspace) => workspace.checkpointsTotal > 0)
      .map((workspace) => {
        const reached = Math.min(workspace.checkpointsReached, workspace.checkpointsTotal);
        return {
          label: projects.size > 1 ? `${group.name}: ${workspace.projectTitle}` : group.name,
          reached,
          remaining: workspace.checkpointsTotal - reached,
          total: workspace.checkpointsTotal,
        };
      }),
  );
}

export interface WeeklyMinutesRow {
  /** Monday of the week, as written for the reader. */
  week: string;
  minutes: number;
}

/**
 * Weeks oldest first, minutes rounded to whole numbers. `formatWeek` writes the Monday for
 * the reader's locale; a week whose date cannot be read keeps its raw text rather than vanish.
 */
export function weeklyMinutes(
  weeks: readonly WeeklyTimeOnTask[],
  formatWeek: (monday: Date) => string,
): WeeklyMinutesRow[] {
  return [...weeks]
    .sort((a, b) => a.weekStart.localeCompare(b.weekStart))
    .map((week) => {
      const monday = new Date(`${week.weekStart}T00:00:00Z`);
      return {
        week: Number.isNaN(monday.getTime()) ? week.weekStart : formatWeek(monday),
        minutes: Math.round(week.minutes),
      };
    });
}

export interface LatencyRow {
  /** "1st submission, 3 Nov" – in the order they were handed in. */
  label: string;
  /** Hours from handing in to the first answer, or waited so far; one decimal. */
  hours: number;
  /** `answered`: feedback given or returned for revision; `waiting`: nothing yet. */
  state: 'answered' | 'waiting';
}

export interface LatencySubmission {
  submittedAt: string;
  returnedAt: string | null;
  feedback: readonly { givenAt: string }[];
}

const HOUR_MS = 3_600_000;

/**
 * How long each submission waited for an answer, oldest first: the first feedback or return
 * counts as the answer; one still waiting counts up to `now`. Unreadable dates are left out
 * rather than drawn as zero.
 */
export function feedbackLatency(
  submissions: readonly LatencySubmission[],
  now: Date,
  formatDay: (day: Date) => string,
  /** The row's name in the reader's language, from its number and day. */
  label: (n: number, day: string) => string = (n, day) => `Submission ${n}, ${day}`,
): LatencyRow[] {
  const ordered = submissions
    .map((submission) => ({ submission, at: Date.parse(submission.submittedAt) }))
    .filter(({ at }) => !Number.isNaN(at))
    .sort((a, b) => a.at - b.at);
  return ordered.map(({ submission, at }, index) => {
    const answers = [submission.returnedAt, ...submission.feedback.map((f) => f.givenAt)]
      .map((iso) => (iso ? Date.parse(iso) : Number.NaN))
      .filter((time) => !Number.isNaN(time) && time >= at);
    const answeredAt = answers.length > 0 ? Math.min(...answers) : null;
    const end = answeredAt ?? now.getTime();
    return {
      label: label(index + 1, formatDay(new Date(at))),
      hours: Math.round((Math.max(0, end - at) / HOUR_MS) * 10) / 10,
      state: answeredAt === null ? 'waiting' : 'answered',
    };
  });
}

export interface DailyRow {
  /** The day as written for the reader. */
  day: string;
  characters: number;
  minutes: number;
}

/** Days oldest first, as the chart and its table read them; the raw date stays if unreadable. */
export function dailyRows(
  days: readonly DailyActivity[],
  formatDay: (day: Date) => string,
): DailyRow[] {
  return [...days]
    .sort((a, b) => a.day.localeCompare(b.day))
    .map((entry) => {
      const date = new Date(`${entry.day}T00:00:00Z`);
      return {
        day: Number.isNaN(date.getTime()) ? entry.day : formatDay(date),
        characters: entry.inserted,
        minutes: entry.activeMinutes,
      };
    });
}
