import { Inject, Injectable } from '@nestjs/common';
import type {
  CheckpointFact,
  Signal,
  SignalThresholds,
  StudentActivityFacts,
} from '@commonplace/domain';
import {
  DEFAULT_SIGNAL_THRESHOLDS,
  groupSignals,
  helpWaitingSince,
  studentBoardEntry,
} from '@commonplace/domain';
import type { BoardGroup, BoardView, Checkpoint, SignalView } from '@commonplace/shared';
import { AppError } from '../common/app-error.js';
import type { Config } from '../config/config.js';
import { CONFIG } from '../config/config.js';
import type { SqlDatabase } from '../database/sql-database.js';
import { IdentityService } from '../identity/identity.service.js';
import { SQL_DATABASE } from '../store/store.tokens.js';

/** How far back the board looks: one school day covers time on task and every time-based signal. */
const WINDOW_MS = 12 * 3_600_000;
const MINUTE_MS = 60_000;

const minuteOf = (ms: number): Date => new Date(Math.floor(ms / MINUTE_MS) * MINUTE_MS);

const toView = (signal: Signal): SignalView => ({
  kind: signal.kind,
  reason: signal.reason,
  since: signal.since ?? null,
  studentId: signal.studentId ?? null,
  groupId: signal.groupId ?? null,
  checkpointId: signal.checkpointId ?? null,
});

const iso = (value: Date | string): string => new Date(value).toISOString();

/** A person's edits to a document over a stretch of minutes, summed. */
interface EditRun {
  readonly doc_id: string;
  readonly user_id: string;
  readonly first_at: Date | string;
  readonly last_at: Date | string;
  readonly inserted: number;
  readonly deleted: number;
}

/**
 * The live board of one classroom, computed with the domain's pure signal
 * functions from a handful of indexed queries (one per kind of fact, never one
 * per student), so recomputing a classroom stays cheap.
 *
 * Edits come from what the board-activity projection keeps as they arrive,
 * never from the samples: runs of edits (stretches without a gap longer than
 * the edit credit; one or two per student for a lesson of steady work), and
 * for the stuck window one sum of its minutes per student and document that
 * the database adds up. So what a recompute reads and folds does not grow
 * with how much a class has typed. A run credits the same time on task as its
 * edits, so only the edges of the windows blur: a minute or run straddling
 * the stuck window's start counts whole, and a run going when the 12 hours
 * began counts whole.
 */
@Injectable()
export class BoardQueries {
  readonly thresholds: SignalThresholds;

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(CONFIG) config: Config,
    private readonly identity: IdentityService,
  ) {
    this.thresholds = { ...DEFAULT_SIGNAL_THRESHOLDS, idleAfterMinutes: config.IDLE_MINUTES };
  }

  async board(classroomId: string, now = new Date()): Promise<BoardView> {
    const [classroom] = await this.db.query<{ name: string }>(
      'SELECT name FROM rm_classrooms WHERE id = $1',
      [classroomId],
    );
    if (!classroom) {
      throw new AppError('classroom.not-found', 'This classroom does not exist or is not yours.');
    }
    const since = new Date(now.getTime() - WINDOW_MS).toISOString();
    const members = await this.db.query<{
      group_id: string;
      name: string;
      student_id: string | null;
    }>(
      `SELECT g.id AS group_id, g.name, m.student_id FROM rm_groups g
       LEFT JOIN rm_group_members m ON m.group_id = g.id
       WHERE g.classroom_id = $1 ORDER BY g.created_at, g.id`,
      [classroomId],
    );
    const workspaces = await this.db.query<{
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
      this.db.query<{
        doc_id: string;
        checkpoint_id: string;
        state: string;
        reached_at: Date | string | null;
      }>(
        'SELECT doc_id, checkpoint_id, state, reached_at FROM rm_checkpoint_states WHERE doc_id = ANY($1::text[])',
        [docIds],
      ),
      this.editsSince(docIds, now),
      this.db.query<{
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
      this.db.query<{ student_id: string; raised_at: Date | string }>(
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
    const names = await this.identity.displayNames(
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
        edits: (edits.get(studentId) ?? [])
          .filter((e) => docSet.has(e.doc_id))
          .map((e) => ({
            firstAt: iso(e.first_at),
            at: iso(e.last_at),
            inserted: e.inserted,
            deleted: e.deleted,
          })),
        ...(waitingForHelp.has(studentId)
          ? { helpRequestedAt: waitingForHelp.get(studentId) as string }
          : {}),
      }));
      const entries = facts.map((f) => studentBoardEntry(f, nowIso, this.thresholds));
      const totalChars = entries.reduce((sum, e) => sum + e.inserted + e.deleted, 0);
      result.push({
        groupId,
        name: group.name,
        workspaces: boardWorkspaces,
        signals: groupSignals(
          { groupId, members: facts, checkpoints },
          nowIso,
          this.thresholds,
        ).map(toView),
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
      idleAfterMinutes: this.thresholds.idleAfterMinutes,
      groups: result,
    };
  }

  /**
   * Each person's edits to some documents over the board's window, as summed
   * runs (read as edit samples with a `firstAt`): the runs the projection
   * keeps, and one sum of the stuck window's minutes per person and document.
   * A run still going when the window began is cut there, into the part the
   * window's sum does not count and the part it does; a run has no gap, so
   * the two credit the same time on task as the whole.
   */
  private async editsSince(docIds: readonly string[], now: Date): Promise<Map<string, EditRun[]>> {
    const nowMs = now.getTime();
    const recentFromMs = minuteOf(nowMs - this.thresholds.stuckWindowMinutes * MINUTE_MS).getTime();
    const recentFrom = new Date(recentFromMs).toISOString();
    const [kept, recent] = await Promise.all([
      this.db.query<EditRun>(
        `SELECT doc_id, user_id, first_at, last_at, inserted, deleted FROM rm_edit_runs
          WHERE doc_id = ANY($1::text[]) AND last_at >= $2`,
        [docIds, new Date(nowMs - WINDOW_MS).toISOString()],
      ),
      this.db.query<EditRun>(
        `SELECT doc_id, user_id, min(first_at) AS first_at, max(last_at) AS last_at,
                sum(inserted)::integer AS inserted, sum(deleted)::integer AS deleted
           FROM rm_edit_minutes
          WHERE doc_id = ANY($1::text[]) AND minute >= $2 AND minute <= $3
          GROUP BY doc_id, user_id`,
        [docIds, recentFrom, now.toISOString()],
      ),
    ]);
    const keyOf = (run: EditRun) => JSON.stringify([run.doc_id, run.user_id]);
    const startsInWindow = (run: EditRun) => new Date(run.first_at).getTime() >= recentFromMs;
    /** What the window's sum holds beyond the runs that begin in it: the cut run's part. */
    const rest = new Map(recent.map((sum) => [keyOf(sum), { ...sum }]));
    for (const run of kept) {
      const sum = startsInWindow(run) ? rest.get(keyOf(run)) : undefined;
      if (!sum) continue;
      sum.inserted -= run.inserted;
      sum.deleted -= run.deleted;
    }
    const byPerson = new Map<string, EditRun[]>();
    const add = (run: EditRun) => {
      const own = byPerson.get(run.user_id);
      if (own) own.push(run);
      else byPerson.set(run.user_id, [run]);
    };
    for (const run of kept) {
      const cut = new Date(run.last_at).getTime() >= recentFromMs && !startsInWindow(run);
      const inWindow = cut ? rest.get(keyOf(run)) : undefined;
      if (!inWindow) {
        add(run);
        continue;
      }
      add({
        ...run,
        last_at: new Date(recentFromMs - 1),
        inserted: run.inserted - inWindow.inserted,
        deleted: run.deleted - inWindow.deleted,
      });
      add({
        ...run,
        first_at: inWindow.first_at,
        inserted: inWindow.inserted,
        deleted: inWindow.deleted,
      });
    }
    return byPerson;
  }

  /** The classroom of each of some workspace documents (a document never changes classroom). */
  async classroomsOfDocuments(docIds: readonly string[]): Promise<Map<string, string>> {
    if (docIds.length === 0) return new Map();
    const rows = await this.db.query<{ doc_id: string; classroom_id: string }>(
      'SELECT doc_id, classroom_id FROM rm_workspaces WHERE doc_id = ANY($1::text[])',
      [docIds],
    );
    return new Map(rows.map((r) => [r.doc_id, r.classroom_id]));
  }

  /** The classrooms of some help requests, for events that name only the request (a withdrawal). */
  async classroomsOfHelpRequests(requestIds: readonly string[]): Promise<string[]> {
    if (requestIds.length === 0) return [];
    const rows = await this.db.query<{ classroom_id: string }>(
      'SELECT DISTINCT classroom_id FROM rm_help_requests WHERE id = ANY($1::text[])',
      [requestIds],
    );
    return rows.map((r) => r.classroom_id);
  }

  async classroomOfProject(projectId: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ classroom_id: string }>(
      'SELECT classroom_id FROM rm_projects WHERE id = $1',
      [projectId],
    );
    return row?.classroom_id;
  }
}
