import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { currentLanguage } from '../i18n/i18n';
import { Link, useParams } from 'react-router';
import type {
  AttentionItem,
  BoardGroup,
  BoardStudent,
  BoardView,
  SignalView,
} from '@commonplace/shared';
import { paths } from '../app/paths';
import {
  BoardContributionChart,
  CheckpointChart,
  TermFeedbackLatencyChart,
} from '../charts/progress-charts';
import { useSession } from '../auth/auth-context';
import { ErrorMessage, LiveStatus, Loading } from '../ui/feedback';
import { formatDate, formatDuration, formatNumber, formatPercent } from '../ui/format';
import { PageHeading } from '../ui/page-heading';
import { useResource } from '../ui/use-resource';
import { useLiveBoard } from './use-live-board';
import type { LiveBoard } from './use-live-board';

// Times and numbers are written the way the reader's language writes them.
const formatTime = (date: Date) =>
  new Intl.DateTimeFormat(currentLanguage(), { hour: 'numeric', minute: '2-digit' }).format(date);

export default function BoardPage() {
  const { classroomId = '' } = useParams();
  const { api, token } = useSession();
  const { t } = useTranslation('board');
  const { resource } = useResource(`board:${classroomId}`, () =>
    api.board({ params: { classroomId } }),
  );
  const live = useLiveBoard(classroomId, token, resource.status === 'ready' ? resource.data : null);
  const board = live.board;
  const title = board ? t('titleFor', { classroom: board.classroomName }) : t('title');

  return (
    <div className="stack-lg">
      <p>
        <Link to={paths.classroom(classroomId)}>{t('back')}</Link>
      </p>
      <PageHeading title={title}>{title}</PageHeading>
      <div className="board-status">
        <LiveStatus className={`connection connection-${live.status}`}>
          {statusMessage(live, t)}
        </LiveStatus>
        {/* Outside the live region: a screen reader should not announce every keystroke's timestamp. */}
        {live.updatedAt ? (
          <p className="muted">{t('lastChange', { time: formatTime(live.updatedAt) })}</p>
        ) : null}
      </div>
      {!board && resource.status === 'loading' ? <Loading what={t('loading')} /> : null}
      {!board && resource.status === 'error' ? (
        <ErrorMessage>{resource.message}</ErrorMessage>
      ) : null}
      {board ? <Board board={board} /> : null}
    </div>
  );
}

function statusMessage(live: LiveBoard, t: TFunction): string {
  if (live.status === 'live') return t('status.live');
  if (live.status === 'refused') return live.problem ?? t('status.refused');
  if (live.status === 'reconnecting') return live.problem ?? t('status.reconnecting');
  return live.problem ?? t('status.connecting');
}

function Board({ board }: { board: BoardView }) {
  const { t } = useTranslation('board');
  // One scale for the whole class, so bars compare across groups.
  const most = Math.max(1, ...board.groups.flatMap((g) => g.students.map((s) => s.inserted)));
  return (
    <>
      <p className="hint">{t('idleMeans', { count: board.idleAfterMinutes })}</p>
      {/* Wide screens: who needs attention beside the groups, so both are in view at once. */}
      <div className="board-layout">
        <AttentionList board={board} />
        {board.groups.length === 0 ? (
          <p className="muted">
            <Trans
              t={t}
              i18nKey="noGroups"
              components={{ page: <Link to={paths.classroom(board.classroomId)} /> }}
            />
          </p>
        ) : (
          <div className="board">
            {board.groups.map((group) => (
              <GroupCard key={group.groupId} group={group} most={most} />
            ))}
          </div>
        )}
      </div>
      {/* Each chart shows itself only once it has something to show: no empty axes. */}
      <div className="board-charts stack">
        <CheckpointChart board={board} />
        <TermFeedbackLatencyChart classroomId={board.classroomId} hideWhenEmpty />
      </div>
    </>
  );
}

/** How many items show before "Show all": the first group card stays in view on a tablet too. */
const ATTENTION_SHOWN = 5;

function AttentionList({ board }: { board: BoardView }) {
  const { t } = useTranslation('board');
  const [all, setAll] = useState(false);
  const items = all ? board.attention : board.attention.slice(0, ATTENTION_SHOWN);
  const now = Date.parse(board.computedAt);
  return (
    <section aria-labelledby="attention-heading" className="card stack-sm board-attention">
      <h2 id="attention-heading">{t('attention.heading', { count: board.attention.length })}</h2>
      {board.attention.length === 0 ? (
        <p className="muted">{t('attention.none')}</p>
      ) : (
        <ol className="attention-list">
          {items.map((item) => (
            <AttentionRow
              key={`${item.kind}-${item.groupId ?? ''}-${item.studentId ?? ''}-${item.checkpointId ?? ''}`}
              item={item}
              classroomId={board.classroomId}
              now={now}
            />
          ))}
        </ol>
      )}
      {board.attention.length > ATTENTION_SHOWN ? (
        <button type="button" aria-expanded={all} onClick={() => setAll(!all)}>
          {all
            ? t('attention.showFewer')
            : t('attention.showAll', { count: board.attention.length })}
        </button>
      ) : null}
    </section>
  );
}

const DAY_MS = 24 * 3_600_000;

function AttentionRow({
  item,
  classroomId,
  now,
}: {
  item: AttentionItem;
  classroomId: string;
  now: number;
}) {
  const { t } = useTranslation('board');
  const since = item.since === null ? Number.NaN : Date.parse(item.since);
  const waited = Number.isNaN(since)
    ? null
    : now - since >= DAY_MS
      ? t('attention.since', { date: formatDate(item.since) })
      : t('attention.waited', { time: formatDuration(Math.max(0, now - since)) });
  const who = [item.studentName, item.groupName].filter(Boolean).join(' · ');
  return (
    <li className={`attention-item signal signal-${item.kind}`}>
      <p>
        <strong>{t(`attention.kind.${item.kind}`)}</strong>
        {who ? `: ${who}` : ''}
        {waited ? <span className="hint"> · {waited}</span> : null}
      </p>
      {item.kind === 'ungrouped' ? (
        <p>{t('attention.ungroupedReason')}</p>
      ) : (
        // Worded by the server, in English: marked so screen readers say it right.
        <p lang="en">{item.reason}</p>
      )}
      {item.docId ? (
        <Link to={paths.workspace(item.docId)}>
          {t('attention.openWorkspace', { group: item.groupName ?? '' })}
        </Link>
      ) : item.kind === 'ungrouped' ? (
        <Link to={`${paths.classroom(classroomId)}#groups-heading`}>
          {t('attention.putInGroup', { name: item.studentName ?? '' })}
        </Link>
      ) : item.groupId ? (
        <a href={`#group-${item.groupId}`}>
          {t('attention.seeGroup', { group: item.groupName ?? '' })}
        </a>
      ) : null}
    </li>
  );
}

function SignalList({ signals, label }: { signals: readonly SignalView[]; label: string }) {
  // "Active now" is shown as the presence badge; the list is for what needs a look.
  const shown = signals.filter((signal) => signal.kind !== 'active-now');
  const { t } = useTranslation('board');
  if (shown.length === 0) return null;
  return (
    <ul className="signals" aria-label={label}>
      {shown.map((signal) => (
        <li
          key={`${signal.kind}-${signal.studentId ?? ''}-${signal.checkpointId ?? ''}`}
          className={`signal signal-${signal.kind}`}
        >
          <strong>{t(`signal.${signal.kind}`)}</strong>:{' '}
          {/* Worded by the server, in English: marked so screen readers say it right. */}
          <span lang="en">{signal.reason}</span>
        </li>
      ))}
    </ul>
  );
}

function GroupCard({ group, most }: { group: BoardGroup; most: number }) {
  const headingId = `group-${group.groupId}`;
  const active = group.students.filter(isActiveNow).length;
  const { t } = useTranslation('board');
  return (
    <section aria-labelledby={headingId} className="card stack-sm board-group">
      <h2 id={headingId}>{group.name}</h2>
      <p className="muted">
        {group.students.length === 0
          ? t('noStudents')
          : t('activeOf', { active, total: group.students.length })}
      </p>
      <SignalList signals={group.signals} label={t('signalsFor', { name: group.name })} />
      {group.workspaces.length > 0 ? (
        <ul className="plain-list board-workspaces">
          {group.workspaces.map((workspace) => (
            <li key={workspace.docId}>
              <Link to={paths.workspace(workspace.docId)}>
                {t('read', { group: group.name, project: workspace.projectTitle })}
              </Link>
              <span className="hint">
                {' '}
                ·{' '}
                {t('checkpoints', {
                  reached: workspace.checkpointsReached,
                  total: workspace.checkpointsTotal,
                })}
                {workspace.locked ? ` · ${t('locked')}` : ''} ·{' '}
              </span>
              <Link to={paths.feedback(workspace.docId)}>
                {t('feedback')}
                <span className="visually-hidden"> {t('feedbackFor', { name: group.name })}</span>
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
  const { t } = useTranslation('board');
  return (
    <li className="board-student">
      <div className="board-student-head">
        <span className="board-student-name">{student.displayName}</span>
        {isActiveNow(student) ? (
          <span className="badge badge-active">{t('signal.active-now')}</span>
        ) : student.present ? (
          <span className="badge badge-present">{t('here')}</span>
        ) : (
          <span className="badge badge-away">{t('away')}</span>
        )}
      </div>
      {/* The bar is a picture of the number next to it, which is what assistive tech reads. */}
      <div className="bar" aria-hidden="true">
        <div className="bar-fill" style={{ width: `${percent}%` }} />
      </div>
      <p className="board-student-stats">
        <span>
          {t('characters', { count: student.inserted, number: formatNumber(student.inserted) })}
        </span>
        <span> · {t('share', { share: formatPercent(student.share) })}</span>
        <span> · {t('onTask', { time: formatDuration(student.timeOnTask.activeMs) })}</span>
        {!isActiveNow(student) && lastActive && !Number.isNaN(lastActive.getTime()) ? (
          <span className="muted"> · {t('lastActive', { time: formatTime(lastActive) })}</span>
        ) : null}
      </p>
      <SignalList
        signals={student.signals}
        label={t('signalsFor', { name: student.displayName })}
      />
    </li>
  );
}
