import { Suspense, lazy } from 'react';
import { useSession } from '../auth/auth-context';
import { ErrorMessage, Loading } from '../ui/feedback';
import { useResource } from '../ui/use-resource';
import type { BoardGroup, BoardView, WeeklyTimeOnTask } from '@commonplace/shared';
import { formatDuration } from '../ui/format';
import { ChartFigure } from './chart-figure';
import {
  checkpointProgress,
  contributionBalance,
  dailyRows,
  evenSharePercent,
  feedbackLatency,
  fromBoardGroup,
  weeklyMinutes,
} from './chart-data';
import type {
  CheckpointRow,
  ContributionRow,
  ContributionSource,
  DailyRow,
  LatencyRow,
  LatencySubmission,
  WeeklyMinutesRow,
} from './chart-data';

// recharts is big: it loads after the numbers are on screen, never with the first page.
const ContributionBars = lazy(() =>
  import('./recharts-bars').then((m) => ({ default: m.ContributionBars })),
);
const CheckpointBars = lazy(() =>
  import('./recharts-bars').then((m) => ({ default: m.CheckpointBars })),
);

function Drawing() {
  return <p className="muted">Drawing the chart…</p>;
}

const CONTRIBUTION_COLUMNS = [
  { header: 'Student', cell: (row: ContributionRow) => row.name },
  {
    header: 'Share of the writing',
    cell: (row: ContributionRow) => `${row.sharePercent}%`,
    numeric: true,
  },
  { header: 'Characters', cell: (row: ContributionRow) => row.characters, numeric: true },
  {
    header: 'Time on task',
    cell: (row: ContributionRow) => formatDuration(row.minutesOnTask * 60_000),
    numeric: true,
  },
] as const;

/** How a group's writing is shared out, against the even split. */
export function ContributionChart({
  groupName,
  students,
  period,
}: {
  groupName: string;
  students: readonly ContributionSource[];
  /** Which stretch of time the numbers cover, in words: "today", "the whole project". */
  period: string;
}) {
  const rows = contributionBalance(students);
  if (rows.length === 0) return null;
  const even = evenSharePercent(rows);
  const top = rows[0];
  const summary =
    top && top.sharePercent > 0
      ? `${top.name} wrote the most ${period}, ${top.sharePercent}% of the group's writing; an even share would be ${even}% each.`
      : `Nobody in this group has written ${period} yet.`;
  return (
    <ChartFigure
      title={`${groupName}: contribution balance`}
      summary={summary}
      rows={rows}
      columns={CONTRIBUTION_COLUMNS}
      rowKey={(row) => row.name}
    >
      <Suspense fallback={<Drawing />}>
        <ContributionBars rows={rows} evenPercent={even} />
      </Suspense>
    </ChartFigure>
  );
}

/** The board's group card: the board's numbers cover the last twelve hours. */
export function BoardContributionChart({ group }: { group: BoardGroup }) {
  return (
    <ContributionChart groupName={group.name} students={fromBoardGroup(group)} period="today" />
  );
}

/** The feedback view: each member's share of the group's document over the whole project. */
export function WorkspaceContributionChart({
  docId,
  groupName,
}: {
  docId: string;
  groupName: string;
}) {
  const { api } = useSession();
  const { resource } = useResource(`contributions:${docId}`, () =>
    api.workspaceContributions(docId),
  );
  if (resource.status === 'loading') return <Loading what="the contribution balance" />;
  if (resource.status === 'error') return <ErrorMessage>{resource.message}</ErrorMessage>;
  return (
    <ContributionChart
      groupName={groupName}
      students={resource.data.members}
      period="over the whole project"
    />
  );
}

const CHECKPOINT_COLUMNS = [
  { header: 'Group', cell: (row: CheckpointRow) => row.label },
  { header: 'Reached', cell: (row: CheckpointRow) => row.reached, numeric: true },
  { header: 'Still to reach', cell: (row: CheckpointRow) => row.remaining, numeric: true },
  { header: 'Checkpoints', cell: (row: CheckpointRow) => row.total, numeric: true },
] as const;

/** Every group's checkpoints reached, side by side, for the whole classroom. */
export function CheckpointChart({ board }: { board: BoardView }) {
  const rows = checkpointProgress(board);
  if (rows.length === 0) return null;
  const done = rows.filter((row) => row.remaining === 0).length;
  const reached = rows.reduce((sum, row) => sum + row.reached, 0);
  const total = rows.reduce((sum, row) => sum + row.total, 0);
  return (
    <ChartFigure
      title="Checkpoint progress by group"
      summary={`${reached} of ${total} checkpoints reached across the class; ${done} of ${rows.length} ${rows.length === 1 ? 'group has' : 'groups have'} reached them all.`}
      rows={rows}
      columns={CHECKPOINT_COLUMNS}
      rowKey={(row) => row.label}
      legend={
        <p className="hint">
          Solid bar: checkpoints reached. Hatched bar: still to reach. Each label gives the count.
        </p>
      }
    >
      <Suspense fallback={<Drawing />}>
        <CheckpointBars rows={rows} />
      </Suspense>
    </ChartFigure>
  );
}

const LatencyBars = lazy(() => import('./recharts-bars').then((m) => ({ default: m.LatencyBars })));
const WeeklyMinutesBars = lazy(() =>
  import('./recharts-bars').then((m) => ({ default: m.WeeklyMinutesBars })),
);

const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

const LATENCY_COLUMNS = [
  { header: 'Submission', cell: (row: LatencyRow) => row.label },
  { header: 'Hours', cell: (row: LatencyRow) => row.hours, numeric: true },
  {
    header: 'Answered',
    cell: (row: LatencyRow) => (row.state === 'answered' ? 'Yes' : 'Still waiting'),
  },
] as const;

/** How long each of this group's submissions waited for feedback or a return. */
export function FeedbackLatencyChart({
  submissions,
  now,
}: {
  submissions: readonly LatencySubmission[];
  now: Date;
}) {
  const rows = feedbackLatency(submissions, now, (day) => dayFormat.format(day));
  if (rows.length === 0) return null;
  const answered = rows.filter((row) => row.state === 'answered');
  const waiting = rows.length - answered.length;
  const average =
    answered.length === 0
      ? null
      : Math.round((answered.reduce((sum, row) => sum + row.hours, 0) / answered.length) * 10) / 10;
  const summary = [
    average === null
      ? 'No submission has been answered yet.'
      : `${answered.length} ${answered.length === 1 ? 'submission' : 'submissions'} answered after ${average} hours on average.`,
    waiting > 0 ? `${waiting} still waiting.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <ChartFigure
      title="Time to feedback"
      summary={summary}
      rows={rows}
      columns={LATENCY_COLUMNS}
      rowKey={(row) => row.label}
      legend={<p className="hint">Solid bar: answered. Hatched bar: still waiting, so far.</p>}
    >
      <Suspense fallback={<Drawing />}>
        <LatencyBars rows={rows} />
      </Suspense>
    </ChartFigure>
  );
}

const weekFormat = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});

const WEEKLY_COLUMNS = [
  { header: 'Week of', cell: (row: WeeklyMinutesRow) => row.week },
  { header: 'Minutes on task', cell: (row: WeeklyMinutesRow) => row.minutes, numeric: true },
] as const;

/** A child's time on task week by week, for their guardian (oldest week first). */
export function WeeklyTimeChart({
  firstName,
  weeks,
}: {
  firstName: string;
  weeks: readonly WeeklyTimeOnTask[];
}) {
  const rows = weeklyMinutes(weeks, (monday) => weekFormat.format(monday));
  if (rows.length === 0) return null;
  const total = rows.reduce((sum, row) => sum + row.minutes, 0);
  const latest = rows[rows.length - 1];
  return (
    <ChartFigure
      title={`${firstName}'s time on task by week`}
      summary={`${total} minutes over the last ${rows.length} ${rows.length === 1 ? 'week' : 'weeks'}${latest ? `; ${latest.minutes} this week` : ''}.`}
      rows={rows}
      columns={WEEKLY_COLUMNS}
      rowKey={(row) => row.week}
    >
      <Suspense fallback={<Drawing />}>
        <WeeklyMinutesBars rows={rows} />
      </Suspense>
    </ChartFigure>
  );
}

const DailyActivityBars = lazy(() =>
  import('./recharts-bars').then((m) => ({ default: m.DailyActivityBars })),
);

const DAILY_COLUMNS = [
  { header: 'Day', cell: (row: DailyRow) => row.day },
  { header: 'Characters written', cell: (row: DailyRow) => row.characters, numeric: true },
  { header: 'Minutes on task', cell: (row: DailyRow) => row.minutes, numeric: true },
] as const;

/** The signed-in student's own writing and time on task in one workspace, day by day. */
export function MyActivityChart({ docId, name }: { docId: string; name: string }) {
  const { api } = useSession();
  const { resource } = useResource(`activity:${docId}`, () => api.myActivity(docId));
  if (resource.status === 'loading') return <Loading what="your progress" />;
  if (resource.status === 'error') return <ErrorMessage>{resource.message}</ErrorMessage>;
  const rows = dailyRows(resource.data.days, (day) => weekFormat.format(day));
  const characters = rows.reduce((sum, row) => sum + row.characters, 0);
  const minutes = rows.reduce((sum, row) => sum + row.minutes, 0);
  const workedDays = rows.filter((row) => row.characters > 0 || row.minutes > 0).length;
  return (
    <ChartFigure
      title={`Your writing and time on task in ${name}, last ${rows.length} days`}
      summary={`${characters} characters written and ${minutes} minutes on task, on ${workedDays} of ${rows.length} days.`}
      rows={rows}
      columns={DAILY_COLUMNS}
      rowKey={(row) => row.day}
      legend={
        <p className="hint">
          Bars: characters written (left scale). Line with dots: minutes on task (right scale).
        </p>
      }
    >
      <Suspense fallback={<Drawing />}>
        <DailyActivityBars rows={rows} />
      </Suspense>
    </ChartFigure>
  );
}
