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
import type { AttentionItem, BoardGroup, BoardView, SignalView } from '@commonplace/shared';
import { ClassroomQueries } from '../roster/classroom.queries.js';
import type { Config } from '../config/config.js';
import { CONFIG } from '../config/config.js';
import type { SqlDatabase } from '../database/sql-database.js';
import { IdentityService } from '../identity/identity.service.js';
import { ProjectQueries } from '../projects/project.queries.js';
import { SQL_DATABASE } from '../store/store.tokens.js';
import { TutoringQueries } from '../tutoring/tutoring.queries.js';
import { ActivityQueries } from './activity.queries.js';

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

/** Signals a teacher should act on; "active now" is good news and stays on the group card. */
const NEEDS_ATTENTION = new Set<SignalView['kind']>([
  'stuck',
  'idle',
  'imbalance',
  'checkpoint-overdue',
]);

/**
 * The board's "needs attention" list, from what the recompute already has (the
 * groups' signals and the ungrouped students): nothing more is read for it.
 * Longest waiting first; a signal without a known start goes last, by name.
 */
export function attentionList(
  groups: readonly BoardGroup[],
  ungrouped: readonly { studentId: string; displayName: string; joinedAt: string }[],
): AttentionItem[] {
  const items: AttentionItem[] = [];
  for (const group of groups) {
    const docId = group.workspaces[0]?.docId ?? null;
    const names = new Map(group.students.map((s) => [s.studentId, s.displayName]));
    const signals = [...group.signals, ...group.students.flatMap((s) => s.signals)];
    for (const signal of signals) {
      if (signal.kind === 'active-now' || !NEEDS_ATTENTION.has(signal.kind)) continue;
      items.push({
        kind: signal.kind,
        reason: signal.reason,
        since: signal.since,
        studentId: signal.studentId,
        studentName: signal.studentId ? (names.get(signal.studentId) ?? null) : null,
        groupId: group.groupId,
        groupName: group.name,
        docId,
        checkpointId: signal.checkpointId,
      });
    }
  }
  for (const student of ungrouped) {
    items.push({
      kind: 'ungrouped',
      reason: `${student.displayName} is in no group, so has no group workspace and appears on no group card.`,
      since: student.joinedAt,
      studentId: student.studentId,
      studentName: student.displayName,
      groupId: null,
      groupName: null,
      docId: null,
      checkpointId: null,
    });
  }
  const waitedFrom = (item: AttentionItem) =>
    item.since === null ? Number.POSITIVE_INFINITY : Date.parse(item.since);
  const label = (item: AttentionItem) => item.studentName ?? item.groupName ?? '';
  return items.sort((a, b) => waitedFrom(a) - waitedFrom(b) || label(a).localeCompare(label(b)));
}

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
 * per student), so recomputing a classroom stays cheap. The roster, plans,
 * checkpoint states and help requests are asked of their owners' queries
 * classes, each once per recompute and batched by ids, and joined here in
 * memory (a classroom is some thirty students and a few projects).
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
    private readonly classrooms: ClassroomQueries,
    private readonly projects: ProjectQueries,
    private readonly tutoring: TutoringQueries,
    private readonly activity: ActivityQueries,
  ) {
    this.thresholds = { ...DEFAULT_SIGNAL_THRESHOLDS, idleAfterMinutes: config.IDLE_MINUTES };
  }

  async board(classroomId: string, now = new Date()): Promise<BoardView> {
    const classroom = await this.classrooms.classroomRow(classroomId);
    const since = new Date(now.getTime() - WINDOW_MS).toISOString();
    const [groupViews, workspaces, ungrouped] = await Promise.all([
      this.classrooms.groups(classroomId),
      this.classrooms.groupWorkspacesOf(classroomId),
      this.classrooms.ungroupedStudents(classroomId),
    ]);
    const docIds = workspaces.map((w) => w.docId);
    const [plans, states, edits, presence, helpRequests] = await Promise.all([
      this.projects.plansOf([...new Set(workspaces.map((w) => w.projectId))]),
      this.projects.checkpointStatesOf(docIds),
      this.editsSince(docIds, now),
      this.activity.presenceSince(docIds, since),
      // Only the ones still waiting: a claimed or withdrawn request no longer makes anyone stuck.
      this.tutoring.openHelpRequests(classroomId),
    ]);
    const waitingForHelp = helpWaitingSince(
      helpRequests.map((r) => ({
        studentId: r.studentId,
        status: 'open' as const,
        raisedAt: iso(r.raisedAt),
      })),
    );
    const names = await this.identity.displayNames([
      ...groupViews.flatMap((g) => g.memberIds),
      ...ungrouped.map((u) => u.studentId),
    ]);
    const nowIso = now.toISOString();

    const result: BoardGroup[] = [];
    for (const { id: groupId, name, memberIds } of groupViews) {
      const group = { name, studentIds: memberIds };
      const groupDocs = workspaces.filter((w) => w.groupId === groupId);
      const docSet = new Set(groupDocs.map((w) => w.docId));
      const checkpoints: CheckpointFact[] = [];
      const boardWorkspaces = groupDocs.map((w) => {
        const project = plans.get(w.projectId);
        const plan = project?.checkpoints ?? [];
        let reached = 0;
        for (const c of plan) {
          const state = states.find(
            (s) => s.docId === w.docId && s.checkpointId === c.checkpointId,
          );
          const done = state !== undefined && state.state !== 'open' && state.reachedAt !== null;
          if (done) reached++;
          checkpoints.push({
            checkpointId: c.checkpointId,
            title: c.title,
            dueAt: c.dueAt,
            ...(done && state.reachedAt !== null ? { reachedAt: iso(state.reachedAt) } : {}),
          });
        }
        return {
          projectId: w.projectId,
          projectTitle: w.title,
          docId: w.docId,
          checkpointsReached: reached,
          checkpointsTotal: plan.length,
          locked: project?.locked === true,
        };
      });
      const facts: StudentActivityFacts[] = group.studentIds.map((studentId) => ({
        studentId,
        displayName: names.get(studentId) ?? 'Former student',
        presence: presence
          .filter((p) => p.userId === studentId && docSet.has(p.docId))
          .map((p) => ({ from: iso(p.from), ...(p.to ? { to: iso(p.to) } : {}) })),
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
      attention: attentionList(
        result,
        ungrouped.map(({ studentId, joinedAt }) => ({
          studentId,
          displayName: names.get(studentId) ?? 'Former student',
          joinedAt: joinedAt.toISOString(),
        })),
      ),
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
  classroomsOfDocuments(docIds: readonly string[]): Promise<Map<string, string>> {
    return this.classrooms.classroomOfEachDocument(docIds);
  }

  /** The classrooms of some help requests, for events that name only the request (a withdrawal). */
  classroomsOfHelpRequests(requestIds: readonly string[]): Promise<string[]> {
    return this.tutoring.classroomsOfHelpRequests(requestIds);
  }

  classroomOfProject(projectId: string): Promise<string | undefined> {
    return this.classrooms.classroomOfProject(projectId);
  }
}
