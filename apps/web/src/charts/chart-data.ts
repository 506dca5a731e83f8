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

export interface TermLatencyRow {
  /** The week's Monday as written for the reader. */
  week: string;
  /** That Monday's local midnight, for keys and order. */
  weekStart: number;
  /** Handed in that week and answered since. */
  answered: number;
  /** Handed in that week and still waiting. */
  waiting: number;
  /** Hours from handing in to the first answer, one decimal; null when none was answered. */
  medianHours: number | null;
  p90Hours: number | null;
}

export interface TermLatencySubmission {
  submittedAt: string;
  /** The first feedback or return; null while waiting. */
  answeredAt: string | null;
}

/**
 * Local midnight of the Monday of `time`'s week, in the viewer's own time zone (the browser's),
 * so a submission late on Sunday evening counts in the week the teacher lived it.
 */
export function localWeekStart(time: number): Date {
  const day = new Date(time);
  day.setHours(0, 0, 0, 0);
  day.setDate(day.getDate() - ((day.getDay() + 6) % 7));
  return day;
}

/** The Mondays of the last `weeks` weeks, this one included, oldest first (calendar steps, so a DST change never shifts a week). */
export function termWeekStarts(now: Date, weeks: number): Date[] {
  const current = localWeekStart(now.getTime());
  return Array.from({ length: weeks }, (_, index) => {
    const monday = new Date(current);
    monday.setDate(current.getDate() - 7 * (weeks - 1 - index));
    return monday;
  });
}

/** The value below which `share` of the sorted values fall, interpolated between neighbours. */
export function quantile(sorted: readonly number[], share: number): number | null {
  if (sorted.length === 0) return null;
  const position = (sorted.length - 1) * share;
  const below = sorted[Math.floor(position)] ?? 0;
  const above = sorted[Math.ceil(position)] ?? below;
  return below + (above - below) * (position - Math.floor(position));
}

const oneDecimal = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

/**
 * Feedback-loop latency over a term: for each of the viewer's weeks, the median and 90th
 * percentile of the hours from a submission handed in that week to its first answer, and how
 * many still wait. Weeks with nothing handed in stay, empty, so the term reads as a whole.
 */
export function termFeedbackLatency(
  submissions: readonly TermLatencySubmission[],
  weekStarts: readonly Date[],
  formatWeek: (monday: Date) => string,
): TermLatencyRow[] {
  const byWeek = new Map(
    weekStarts.map((monday) => [monday.getTime(), { hours: [] as number[], waiting: 0 }]),
  );
  for (const submission of submissions) {
    const at = Date.parse(submission.submittedAt);
    if (Number.isNaN(at)) continue;
    const week = byWeek.get(localWeekStart(at).getTime());
    if (!week) continue;
    const answeredAt =
      submission.answeredAt === null ? Number.NaN : Date.parse(submission.answeredAt);
    if (Number.isNaN(answeredAt)) week.waiting += 1;
    else week.hours.push(Math.max(0, answeredAt - at) / HOUR_MS);
  }
  return weekStarts.map((monday) => {
    const week = byWeek.get(monday.getTime()) ?? { hours: [], waiting: 0 };
    const sorted = [...week.hours].sort((a, b) => a - b);
    return {
      week: formatWeek(monday),
      weekStart: monday.getTime(),
      answered: sorted.length,
      waiting: week.waiting,
      medianHours: oneDecimal(quantile(sorted, 0.5)),
      p90Hours: oneDecimal(quantile(sorted, 0.9)),
    };
  });
}
