/**
 * The board as it was computed before the kept minutes (main at f11c01a,
 * `BoardQueries.board`), kept here as the baseline: it loads every edit sample
 * of the classroom's last 12 hours and filters the whole list once per
 * student. Only `this.` became parameters; the SQL and the folding are as
 * they were (its attention list is empty: that list came later).
 */
import type {
  CheckpointFact,
  Signal,
  SignalThresholds,
  StudentActivityFacts,
} from '@commonplace/domain';
import { groupSignals, helpWaitingSince, studentBoardEntry } from '@commonplace/domain';
import type { BoardGroup, BoardView, Checkpoint, SignalView } from '@commonplace/shared';
import type { SqlDatabase } from '../common/server-modules.js';

const WINDOW_MS = 12 * 3_600_000;

const toView = (signal: Signal): SignalView => ({
  kind: signal.kind,
  reason: signal.reason,
  since: signal.since ?? null,
  studentId: signal.studentId ?? null,
  groupId: signal.groupId ?? null,
  checkpointId: signal.checkpointId ?? null,
});

const iso = (value: Date | string): string => new Date(value).toISOString();

export interface NameSource {
  displayNames(ids: readonly string[]): Promise<Map<string, string>>;
}

export async function legacyBoard(
  db: SqlDatabase,
  identity: NameSource,
  thresholds: SignalThresholds,
  classroomId: string,
  now: Date,
): Promise<BoardView> {
  const [classroom] = await db.query<{ name: string }>(
    'SELECT name FROM rm_classrooms WHERE id = $1',
    [classroomId],
  );
  if (!classroom) {
    throw new Error('This classroom does not exist.');
  }
  const since = new Date(now.getTime() - WINDOW_MS).toISOString();
  const members = await db.query<{
    group_id: string;
    name: string;
    student_id: string | null;
  }>(
    `SELECT g.id AS group_id, g.name, m.student_id FROM rm_groups g
     LEFT JOIN rm_group_members m ON m.group_id = g.id
     WHERE g.classroom_id = $1 ORDER BY g.created_at, g.id`,
    [classroomId],
  );
  const workspaces = await db.query<{
    doc_id: string;
    group_id: string;
    project_id: string;
    title: string;
    checkpoints: Checkpoint[] | null;
    locked: boolean | null;
  }>(
    `SELECT w.doc_id, w.group_id, w.project_id, p.title, pl.checkpoints, pl.locked
     FROM rm_workspaces w JOIN rm_projects p ON p.id = w.project_id
     LEFT JOIN rm_project_plans pl ON pl.project_id = w.project_id
     WHERE w.classroom_id = $1 AND w.group_id IS NOT NULL ORDER BY p.assigned_at, w.doc_id`,
    [classroomId],
  );
  const docIds = workspaces.map((w) => w.doc_id);
  const [states, edits, presence, helpRequests] = await Promise.all([
    db.query<{
      doc_id: string;
      checkpoint_id: string;
      state: string;
      reached_at: Date | string | null;
    }>(
      'SELECT doc_id, checkpoint_id, state, reached_at FROM rm_checkpoint_states WHERE doc_id = ANY($1::text[])',
      [docIds],
    ),
    db.query<{
      doc_id: string;
      user_id: string;
      at: Date | string;
      inserted: number;
      deleted: number;
    }>(
      `SELECT doc_id, user_id, at, inserted, deleted FROM rm_edit_samples
       WHERE doc_id = ANY($1::text[]) AND at >= $2 ORDER BY at`,
      [docIds, since],
    ),
    db.query<{
      doc_id: string;
      user_id: string;
      from_at: Date | string;
      to_at: Date | string | null;
    }>(
      `SELECT doc_id, user_id, from_at, to_at FROM rm_presence_intervals
       WHERE doc_id = ANY($1::text[]) AND (to_at IS NULL OR to_at >= $2)`,
      [docIds, since],
    ),
    // Only the ones still waiting: a claimed or withdrawn request no longer makes anyone stuck.
    db.query<{ student_id: string; raised_at: Date | string }>(
      `SELECT student_id, raised_at FROM rm_help_requests
       WHERE classroom_id = $1 AND status = 'open'`,
      [classroomId],
    ),
  ]);
  const waitingForHelp = helpWaitingSince(
    helpRequests.map((r) => ({
      studentId: r.student_id,
      status: 'open' as const,
      raisedAt: iso(r.raised_at),
    })),
  );
  const names = await identity.displayNames(
    members.flatMap((m) => (m.student_id ? [m.student_id] : [])),
  );
  const nowIso = now.toISOString();

  const groups = new Map<string, { name: string; studentIds: string[] }>();
  for (const row of members) {
    const group = groups.get(row.group_id) ?? { name: row.name, studentIds: [] };
    if (row.student_id) group.studentIds.push(row.student_id);
    groups.set(row.group_id, group);
  }

  const result: BoardGroup[] = [];
  for (const [groupId, group] of groups) {
    const groupDocs = workspaces.filter((w) => w.group_id === groupId);
    const docSet = new Set(groupDocs.map((w) => w.doc_id));
    const checkpoints: CheckpointFact[] = [];
    const boardWorkspaces = groupDocs.map((w) => {
      const plan = w.checkpoints ?? [];
      let reached = 0;
      for (const c of plan) {
        const state = states.find(
          (s) => s.doc_id === w.doc_id && s.checkpoint_id === c.checkpointId,
        );
        const done = state !== undefined && state.state !== 'open' && state.reached_at !== null;
        if (done) reached++;
        checkpoints.push({
          checkpointId: c.checkpointId,
          title: c.title,
          dueAt: c.dueAt,
          ...(done && state.reached_at !== null ? { reachedAt: iso(state.reached_at) } : {}),
        });
      }
      return {
        projectId: w.project_id,
        projectTitle: w.title,
        docId: w.doc_id,
        checkpointsReached: reached,
        checkpointsTotal: plan.length,
        locked: w.locked === true,
      };
    });
    const facts: StudentActivityFacts[] = group.studentIds.map((studentId) => ({
      studentId,
      displayName: names.get(studentId) ?? 'Former student',
      presence: presence
        .filter((p) => p.user_id === studentId && docSet.has(p.doc_id))
        .map((p) => ({ from: iso(p.from_at), ...(p.to_at ? { to: iso(p.to_at) } : {}) })),
      edits: edits
        .filter((e) => e.user_id === studentId && docSet.has(e.doc_id))
        .map((e) => ({ at: iso(e.at), inserted: e.inserted, deleted: e.deleted })),
      ...(waitingForHelp.has(studentId)
        ? { helpRequestedAt: waitingForHelp.get(studentId) as string }
        : {}),
    }));
    const entries = facts.map((f) => studentBoardEntry(f, nowIso, thresholds));
    const totalChars = entries.reduce((sum, e) => sum + e.inserted + e.deleted, 0);
    result.push({
      groupId,
      name: group.name,
      workspaces: boardWorkspaces,
      signals: groupSignals({ groupId, members: facts, checkpoints }, nowIso, thresholds).map(
        toView,
      ),
      students: entries
        .map((entry) => ({
          studentId: entry.studentId,
          displayName: names.get(entry.studentId) ?? 'Former student',
          inserted: entry.inserted,
          deleted: entry.deleted,
          present: entry.present,
          activeNow: entry.signals.some((s) => s.kind === 'active-now'),
          lastActiveAt: entry.lastEditAt ?? null,
          timeOnTask: entry.timeOnTask,
          share: totalChars === 0 ? 0 : (entry.inserted + entry.deleted) / totalChars,
          signals: entry.signals.map(toView),
        }))
        .sort((a, b) => a.displayName.localeCompare(b.displayName)),
    });
  }
  return {
    classroomId,
    classroomName: classroom.name,
    computedAt: nowIso,
    idleAfterMinutes: thresholds.idleAfterMinutes,
    groups: result,
    attention: [],
  };
}
