import { Link, useParams } from 'react-router';
import type {
  BoardGroup,
  BoardStudent,
  BoardView,
  SignalKind,
  SignalView,
} from '@commonplace/shared';
import { paths } from '../app/paths';
import { BoardContributionChart, CheckpointChart } from '../charts/progress-charts';
import { useSession } from '../auth/auth-context';
import { ErrorMessage, LiveStatus, Loading } from '../ui/feedback';
import { formatDuration, formatPercent } from '../ui/format';
import { PageHeading } from '../ui/page-heading';
import { useResource } from '../ui/use-resource';
import { useLiveBoard } from './use-live-board';
import type { LiveBoard } from './use-live-board';

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
// The words around the number are English, so the number is written the English way too.
const numberFormat = new Intl.NumberFormat('en');

export default function BoardPage() {
  const { classroomId = '' } = useParams();
  const { api, token } = useSession();
  const { resource } = useResource(`board:${classroomId}`, () => api.getBoard(classroomId));
  const live = useLiveBoard(classroomId, token, resource.status === 'ready' ? resource.data : null);
  const board = live.board;
  const title = board ? `Live board: ${board.classroomName}` : 'Live board';

  return (
    <div className="stack-lg">
      <p>
        <Link to={paths.classroom(classroomId)}>← Back to the classroom</Link>
      </p>
      <PageHeading title={title}>{title}</PageHeading>
      <div className="board-status">
        <LiveStatus className={`connection connection-${live.status}`}>
          {statusMessage(live)}
        </LiveStatus>
        {/* Outside the live region: a screen reader should not announce every keystroke's timestamp. */}
        {live.updatedAt ? (
          <p className="muted">Last change at {timeFormat.format(live.updatedAt)}</p>
        ) : null}
      </div>
      {!board && resource.status === 'loading' ? <Loading what="the board" /> : null}
      {!board && resource.status === 'error' ? (
        <ErrorMessage>{resource.message}</ErrorMessage>
      ) : null}
      {board ? <Board board={board} /> : null}
    </div>
  );
}

function statusMessage(live: LiveBoard): string {
  if (live.status === 'live') return 'Live: updates as students write.';
  if (live.status === 'refused') return live.problem ?? 'Live updates were refused. Sign in again.';
  if (live.status === 'reconnecting') return live.problem ?? 'Live updates paused: reconnecting…';
  return live.problem ?? 'Connecting to live updates…';
}

const SIGNAL_LABEL: Record<SignalKind, string> = {
  'active-now': 'Active now',
  idle: 'Idle',
  stuck: 'Stuck',
  imbalance: 'Imbalance',
  'checkpoint-overdue': 'Checkpoint overdue',
};

function Board({ board }: { board: BoardView }) {
  if (board.groups.length === 0) {
    return (
      <p className="muted">
        No groups yet.{' '}
        <Link to={paths.classroom(board.classroomId)}>Create groups on the classroom page</Link>.
      </p>
    );
  }
  // One scale for the whole class, so bars compare across groups.
  const most = Math.max(1, ...board.groups.flatMap((g) => g.students.map((s) => s.inserted)));
  return (
    <>
      <p className="hint">
        Idle means present with no activity for {numberFormat.format(board.idleAfterMinutes)}{' '}
        {board.idleAfterMinutes === 1 ? 'minute' : 'minutes'}. Each signal says why it fired.
      </p>
      <section className="card" aria-label="Class progress">
        <CheckpointChart board={board} />
      </section>
      <div className="board">
        {board.groups.map((group) => (
          <GroupCard key={group.groupId} group={group} most={most} />
        ))}
      </div>
    </>
  );
}

function SignalList({ signals, label }: { signals: readonly SignalView[]; label: string }) {
  // "Active now" is shown as the presence badge; the list is for what needs a look.
  const shown = signals.filter((signal) => signal.kind !== 'active-now');
  if (shown.length === 0) return null;
  return (
    <ul className="signals" aria-label={label}>
      {shown.map((signal) => (
        <li
          key={`${signal.kind}-${signal.studentId ?? ''}-${signal.checkpointId ?? ''}`}
          className={`signal signal-${signal.kind}`}
        >
          <strong>{SIGNAL_LABEL[signal.kind]}</strong>: {signal.reason}
        </li>
      ))}
    </ul>
  );
}

function GroupCard({ group, most }: { group: BoardGroup; most: number }) {
  const headingId = `group-${group.groupId}`;
  const active = group.students.filter(isActiveNow).length;
  return (
    <section aria-labelledby={headingId} className="card stack-sm board-group">
      <h2 id={headingId}>{group.name}</h2>
      <p className="muted">
        {group.students.length === 0
          ? 'No students in this group yet.'
          : `${active} of ${group.students.length} active now`}
      </p>
      <SignalList signals={group.signals} label={`Signals for ${group.name}`} />
      {group.workspaces.length > 0 ? (
        <ul className="plain-list board-workspaces">
          {group.workspaces.map((workspace) => (
            <li key={workspace.docId}>
              <Link to={paths.workspace(workspace.docId)}>
                Read {group.name}&apos;s {workspace.projectTitle}
              </Link>
              <span className="hint">
                {' '}
                · checkpoints {workspace.checkpointsReached} of {workspace.checkpointsTotal}
                {workspace.locked ? ' · locked' : ''} ·{' '}
              </span>
              <Link to={paths.feedback(workspace.docId)}>
                Feedback<span className="visually-hidden"> for {group.name}</span>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      {group.students.length > 0 ? (
        <ul className="board-students">
          {group.students.map((student) => (
            <StudentRow key={student.studentId} student={student} most={most} />
          ))}
        </ul>
      ) : null}
      <BoardContributionChart group={group} />
    </section>
  );
}

/**
 * Active now, unless an idle signal says otherwise: with a short idle threshold (under the
 * two minutes "active" spans) both can hold, and the idle one is the newer news.
 */
function isActiveNow(student: BoardStudent): boolean {
  return student.activeNow && !student.signals.some((signal) => signal.kind === 'idle');
}

function StudentRow({ student, most }: { student: BoardStudent; most: number }) {
  const percent = Math.round((student.inserted / most) * 100);
  const lastActive = student.lastActiveAt ? new Date(student.lastActiveAt) : null;
  return (
    <li className="board-student">
      <div className="board-student-head">
        <span className="board-student-name">{student.displayName}</span>
        {isActiveNow(student) ? (
          <span className="badge badge-active">Active now</span>
        ) : student.present ? (
          <span className="badge badge-present">Here</span>
        ) : (
          <span className="badge badge-away">Away</span>
        )}
      </div>
      {/* The bar is a picture of the number next to it, which is what assistive tech reads. */}
      <div className="bar" aria-hidden="true">
        <div className="bar-fill" style={{ width: `${percent}%` }} />
      </div>
      <p className="board-student-stats">
        <span>
          {numberFormat.format(student.inserted)}{' '}
          {student.inserted === 1 ? 'character' : 'characters'}
        </span>
        <span> · {formatPercent(student.share)} of the group&apos;s writing</span>
        <span> · {formatDuration(student.timeOnTask.activeMs)} on task</span>
        {!isActiveNow(student) && lastActive && !Number.isNaN(lastActive.getTime()) ? (
          <span className="muted"> · last active {timeFormat.format(lastActive)}</span>
        ) : null}
      </p>
      <SignalList signals={student.signals} label={`Signals for ${student.displayName}`} />
    </li>
  );
}
