import { useTranslation } from 'react-i18next';
import { Suspense, lazy } from 'react';
import { viewerTimeZone } from '../api/api-client';
import { useSession } from '../auth/auth-context';
import { ErrorMessage, Loading } from '../ui/feedback';
import { useResource } from '../ui/use-resource';
import type { BoardGroup, BoardView, WeeklyTimeOnTask } from '@commonplace/shared';
import type { TFunction } from 'i18next';
import { currentLanguage } from '../i18n/i18n';
import { formatDuration, formatNumber, formatPercent } from '../ui/format';
import { ChartFigure } from './chart-figure';
import {
  checkpointProgress,
  contributionBalance,
  dailyRows,
  evenSharePercent,
  feedbackLatency,
  fromBoardGroup,
  termFeedbackLatency,
  termWeekStarts,
  weeklyMinutes,
} from './chart-data';
import type {
  CheckpointRow,
  ContributionRow,
  ContributionSource,
  DailyRow,
  LatencyRow,
  LatencySubmission,
  TermLatencyRow,
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
  const { t } = useTranslation('charts');
  return <p className="muted">{t('drawing')}</p>;
}

const contributionColumns = (t: TFunction) =>
  [
    { header: t('contribution.student'), cell: (row: ContributionRow) => row.name },
    {
      header: t('contribution.share'),
      cell: (row: ContributionRow) => formatPercent(row.sharePercent / 100),
      numeric: true,
    },
    {
      header: t('contribution.characters'),
      cell: (row: ContributionRow) => formatNumber(row.characters),
      numeric: true,
    },
    {
      header: t('contribution.time'),
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
  const { t } = useTranslation('charts');
  const rows = contributionBalance(students);
  if (rows.length === 0) return null;
  const even = evenSharePercent(rows);
  const top = rows[0];
  const summary =
    top && top.sharePercent > 0
      ? t('contribution.summary', {
          name: top.name,
          period,
          share: formatPercent(top.sharePercent / 100),
          even: formatPercent(even / 100),
        })
      : t('contribution.nobody', { period });
  return (
    <ChartFigure
      title={t('contribution.title', { group: groupName })}
      summary={summary}
      rows={rows}
      columns={contributionColumns(t)}
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
  const { t } = useTranslation('charts');
  return (
    <ContributionChart
      groupName={group.name}
      students={fromBoardGroup(group)}
      period={t('contribution.today')}
    />
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
  const { t } = useTranslation('charts');
  const { resource } = useResource(`contributions:${docId}`, () =>
    api.workspaceContributions({ params: { docId } }),
  );
  if (resource.status === 'loading') return <Loading what={t('contribution.loading')} />;
  if (resource.status === 'error') return <ErrorMessage>{resource.message}</ErrorMessage>;
  return (
    <ContributionChart
      groupName={groupName}
      students={resource.data.members}
      period={t('contribution.wholeProject')}
    />
  );
}

const checkpointColumns = (t: TFunction) =>
  [
    { header: t('checkpoints.group'), cell: (row: CheckpointRow) => row.label },
    { header: t('checkpoints.reached'), cell: (row: CheckpointRow) => row.reached, numeric: true },
    {
      header: t('checkpoints.remaining'),
      cell: (row: CheckpointRow) => row.remaining,
      numeric: true,
    },
    { header: t('checkpoints.total'), cell: (row: CheckpointRow) => row.total, numeric: true },
  ] as const;

/** Every group's checkpoints reached, side by side, for the whole classroom. */
export function CheckpointChart({ board }: { board: BoardView }) {
  const { t } = useTranslation('charts');
  const rows = checkpointProgress(board);
  if (rows.length === 0) return null;
  const done = rows.filter((row) => row.remaining === 0).length;
  const reached = rows.reduce((sum, row) => sum + row.reached, 0);
  const total = rows.reduce((sum, row) => sum + row.total, 0);
  return (
    <ChartFigure
      title={t('checkpoints.title')}
      summary={t('checkpoints.summary', { reached, total, done, count: rows.length })}
      rows={rows}
      columns={checkpointColumns(t)}
      rowKey={(row) => row.label}
      legend={<p className="hint">{t('checkpoints.legend')}</p>}
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

/** "3 Nov" / "3 nov": short day and month in the reader's language. */
const shortDay = (day: Date, timeZone?: string) =>
  new Intl.DateTimeFormat(currentLanguage(), {
    day: 'numeric',
    month: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(day);

const latencyColumns = (t: TFunction) =>
  [
    { header: t('latency.submission'), cell: (row: LatencyRow) => row.label },
    {
      header: t('latency.hours'),
      cell: (row: LatencyRow) => formatNumber(row.hours),
      numeric: true,
    },
    {
      header: t('latency.answered'),
      cell: (row: LatencyRow) =>
        row.state === 'answered' ? t('latency.yes') : t('latency.waiting'),
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
  const { t } = useTranslation('charts');
  const rows = feedbackLatency(
    submissions,
    now,
    (day) => shortDay(day),
    (n, day) => t('latency.label', { n, day }),
  );
  if (rows.length === 0) return null;
  const answered = rows.filter((row) => row.state === 'answered');
  const waiting = rows.length - answered.length;
  const average =
    answered.length === 0
      ? null
      : Math.round((answered.reduce((sum, row) => sum + row.hours, 0) / answered.length) * 10) / 10;
  const summary = [
    average === null
      ? t('latency.noneAnswered')
      : t('latency.summary', { count: answered.length, average: formatNumber(average) }),
    waiting > 0 ? t('latency.stillWaiting', { count: waiting }) : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <ChartFigure
      title={t('latency.title')}
      summary={summary}
      rows={rows}
      columns={latencyColumns(t)}
      rowKey={(row) => row.label}
      legend={<p className="hint">{t('latency.legend')}</p>}
    >
      <Suspense fallback={<Drawing />}>
        <LatencyBars rows={rows} />
      </Suspense>
    </ChartFigure>
  );
}

const weeklyColumns = (t: TFunction) =>
  [
    { header: t('weekly.week'), cell: (row: WeeklyMinutesRow) => row.week },
    {
      header: t('weekly.minutes'),
      cell: (row: WeeklyMinutesRow) => formatNumber(row.minutes),
      numeric: true,
    },
  ] as const;

/** A child's time on task week by week, for their guardian (oldest week first). */
export function WeeklyTimeChart({
  firstName,
  weeks,
}: {
  firstName: string;
  weeks: readonly WeeklyTimeOnTask[];
}) {
  const { t } = useTranslation('charts');
  const rows = weeklyMinutes(weeks, (monday) => shortDay(monday, 'UTC'));
  if (rows.length === 0) return null;
  const total = rows.reduce((sum, row) => sum + row.minutes, 0);
  const latest = rows[rows.length - 1];
  return (
    <ChartFigure
      title={t('weekly.title', { name: firstName })}
      summary={
        latest
          ? t('weekly.summaryLatest', {
              total: formatNumber(total),
              count: rows.length,
              latest: formatNumber(latest.minutes),
            })
          : t('weekly.summary', { total: formatNumber(total), count: rows.length })
      }
      rows={rows}
      columns={weeklyColumns(t)}
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

const dailyColumns = (t: TFunction) =>
  [
    { header: t('daily.day'), cell: (row: DailyRow) => row.day },
    {
      header: t('daily.characters'),
      cell: (row: DailyRow) => formatNumber(row.characters),
      numeric: true,
    },
    {
      header: t('daily.minutes'),
      cell: (row: DailyRow) => formatNumber(row.minutes),
      numeric: true,
    },
  ] as const;

/** The signed-in student's own writing and time on task in one workspace, day by day. */
export function MyActivityChart({ docId, name }: { docId: string; name: string }) {
  const { api } = useSession();
  const { t } = useTranslation('charts');
  const { resource } = useResource(`activity:${docId}`, () =>
    api.myActivity({ params: { docId }, query: { days: 14, tz: viewerTimeZone() } }),
  );
  if (resource.status === 'loading') return <Loading what={t('daily.loading')} />;
  if (resource.status === 'error') return <ErrorMessage>{resource.message}</ErrorMessage>;
  // Each day is the reader's own calendar day (the request sends their time zone); its
  // `YYYY-MM-DD` is written back as that date, whatever the zone.
  const rows = dailyRows(resource.data.days, (day) => shortDay(day, 'UTC'));
  const characters = rows.reduce((sum, row) => sum + row.characters, 0);
  const minutes = rows.reduce((sum, row) => sum + row.minutes, 0);
  const workedDays = rows.filter((row) => row.characters > 0 || row.minutes > 0).length;
  return (
    <ChartFigure
      title={t('daily.title', { name, count: rows.length })}
      summary={t('daily.summary', {
        characters: formatNumber(characters),
        minutes: formatNumber(minutes),
        worked: workedDays,
        count: rows.length,
      })}
      rows={rows}
      columns={dailyColumns(t)}
      rowKey={(row) => row.day}
      legend={<p className="hint">{t('daily.legend')}</p>}
    >
      <Suspense fallback={<Drawing />}>
        <DailyActivityBars rows={rows} />
      </Suspense>
    </ChartFigure>
  );
}

const TermLatencyBars = lazy(() =>
  import('./recharts-bars').then((m) => ({ default: m.TermLatencyBars })),
);

/** A school term, give or take: the weeks the classroom chart looks back over. */
export const TERM_WEEKS = 12;

const hoursCell = (value: number | null, t: TFunction) =>
  value === null ? t('term.none') : formatNumber(value);

const termColumns = (t: TFunction) =>
  [
    { header: t('term.week'), cell: (row: TermLatencyRow) => row.week },
    {
      header: t('term.median'),
      cell: (row: TermLatencyRow) => hoursCell(row.medianHours, t),
      numeric: true,
    },
    {
      header: t('term.p90'),
      cell: (row: TermLatencyRow) => hoursCell(row.p90Hours, t),
      numeric: true,
    },
    {
      header: t('term.answered'),
      cell: (row: TermLatencyRow) => formatNumber(row.answered),
      numeric: true,
    },
    {
      header: t('term.waiting'),
      cell: (row: TermLatencyRow) => formatNumber(row.waiting),
      numeric: true,
    },
  ] as const;

/**
 * Feedback-loop latency over a term, for the classroom's teachers: week by week (the viewer's
 * weeks, in their own time zone), the median and 90th-percentile hours from a submission to
 * its first feedback or return, and how many still wait.
 */
export function TermFeedbackLatencyChart({
  classroomId,
  now = new Date(),
  hideWhenEmpty = false,
}: {
  classroomId: string;
  now?: Date;
  /** Show nothing (not an empty axis) until a submission of the term has had an answer or waits for one. */
  hideWhenEmpty?: boolean;
}) {
  const { api } = useSession();
  const { t } = useTranslation('charts');
  const weekStarts = termWeekStarts(now, TERM_WEEKS);
  const from = weekStarts[0] ?? now;
  const { resource } = useResource(`feedback-latency:${classroomId}:${from.getTime()}`, () =>
    api.classroomFeedbackLatency({
      params: { classroomId },
      query: { from: from.toISOString() },
    }),
  );
  if (resource.status === 'loading')
    return hideWhenEmpty ? null : <Loading what={t('term.loading')} />;
  if (resource.status === 'error') return <ErrorMessage>{resource.message}</ErrorMessage>;
  const rows = termFeedbackLatency(resource.data.items, weekStarts, (monday) =>
    t('term.weekOf', { day: shortDay(monday) }),
  );
  const answered = rows.reduce((sum, row) => sum + row.answered, 0);
  const waiting = rows.reduce((sum, row) => sum + row.waiting, 0);
  if (hideWhenEmpty && answered === 0 && waiting === 0) return null;
  const latest = [...rows].reverse().find((row) => row.medianHours !== null);
  const summary = [
    latest && latest.medianHours !== null && latest.p90Hours !== null
      ? t('term.summary', {
          count: answered,
          week: latest.week,
          median: formatNumber(latest.medianHours),
          p90: formatNumber(latest.p90Hours),
        })
      : t('term.noneAnswered', { count: TERM_WEEKS }),
    waiting > 0 ? t('term.stillWaiting', { count: waiting }) : '',
    resource.data.truncated ? t('term.truncated') : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <ChartFigure
      title={t('term.title')}
      summary={summary}
      rows={rows}
      columns={termColumns(t)}
      rowKey={(row) => String(row.weekStart)}
      legend={<p className="hint">{t('term.legend')}</p>}
    >
      <Suspense fallback={<Drawing />}>
        <TermLatencyBars rows={rows} />
      </Suspense>
    </ChartFigure>
  );
}
