import { Suspense, lazy } from 'react';
import type { BoardGroup, BoardView } from '@commonplace/shared';
import { formatDuration } from '../ui/format';
import { ChartFigure } from './chart-figure';
import { checkpointProgress, contributionBalance, evenSharePercent } from './chart-data';
import type { CheckpointRow, ContributionRow } from './chart-data';

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
export function ContributionChart({ group }: { group: BoardGroup }) {
  const rows = contributionBalance(group);
  if (rows.length === 0) return null;
  const even = evenSharePercent(rows);
  const top = rows[0];
  const summary =
    top && top.sharePercent > 0
      ? `${top.name} wrote the most, ${top.sharePercent}% of the group's writing; an even share would be ${even}% each.`
      : 'Nobody in this group has written yet.';
  return (
    <ChartFigure
      title={`${group.name}: contribution balance`}
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
