import { Inject, Injectable } from '@nestjs/common';
import type { CheckpointFact } from '@commonplace/domain';
import { goalProgress } from '@commonplace/domain';
import { FEEDBACK_LATENCY_MAX_ITEMS } from '@commonplace/shared';
import type {
  Checkpoint,
  CheckpointProgress,
  ClassroomFeedbackLatency,
  FeedbackView,
  GoalView,
  JournalPage,
  ProjectDetail,
  ProjectPage,
  Rubric,
  StudentFeedback,
  SubmissionView,
  WorkspaceProgress,
} from '@commonplace/shared';
import type { ProjectPlanSource, WorkspaceRecord } from '../roster/classroom.queries.js';
import { ClassroomQueries } from '../roster/classroom.queries.js';
import { AppError } from '../common/app-error.js';
import type { SqlDatabase } from '../database/sql-database.js';
import { IdentityService } from '../identity/identity.service.js';
import { SQL_DATABASE } from '../store/store.tokens.js';

export type WorkspaceRow = WorkspaceRecord;

/** A project's plan as the projects feature keeps it (its title and roster are the classrooms'). */
export interface ProjectPlan {
  readonly brief: string | null;
  readonly checkpoints: Checkpoint[];
  readonly rubric: Rubric | null;
  readonly locked: boolean;
}

export interface ProjectRow {
  readonly id: string;
  readonly classroomId: string;
  readonly title: string;
  readonly brief: string;
  readonly assignedAt: string;
  readonly checkpoints: Checkpoint[];
  readonly rubric: Rubric | null;
  readonly locked: boolean;
}

/** Whose eyes a view is for: a student sees only their own per-student feedback. */
export interface Viewer {
  readonly userId: string;
  readonly staff: boolean;
}

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

/**
 * Reads of the project read models, shaped as the shared contracts. The
 * projects and workspaces themselves are the roster's (`ClassroomQueries`);
 * the plans, checkpoints, submissions, feedback, goals and journals are here,
 * and the roster reads plans through this class.
 */
@Injectable()
export class ProjectQueries implements ProjectPlanSource {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly identity: IdentityService,
    private readonly classrooms: ClassroomQueries,
  ) {
    classrooms.readProjectPlansFrom(this);
  }

  /** The plans of some projects; a project assigned before plans were kept has none. */
  async plansOf(projectIds: readonly string[]): Promise<Map<string, ProjectPlan>> {
    if (projectIds.length === 0) return new Map();
    const rows = await this.db.query<{
      project_id: string;
      brief: string | null;
      checkpoints: Checkpoint[] | null;
      rubric: Rubric | null;
      locked: boolean | null;
    }>(
      `SELECT project_id, brief, checkpoints, rubric, locked FROM rm_project_plans
       WHERE project_id = ANY($1::text[])`,
      [projectIds],
    );
    return new Map(
      rows.map((r) => [
        r.project_id,
        {
          brief: r.brief,
          checkpoints: r.checkpoints ?? [],
          rubric: r.rubric,
          locked: r.locked === true,
        },
      ]),
    );
  }

  /** The checkpoint states of some workspace documents, for the live board. */
  async checkpointStatesOf(docIds: readonly string[]): Promise<
    {
      docId: string;
      checkpointId: string;
      state: string;
      reachedAt: Date | string | null;
    }[]
  > {
    const rows = await this.db.query<{
      doc_id: string;
      checkpoint_id: string;
      state: string;
      reached_at: Date | string | null;
    }>(
      'SELECT doc_id, checkpoint_id, state, reached_at FROM rm_checkpoint_states WHERE doc_id = ANY($1::text[])',
      [docIds],
    );
    return rows.map((r) => ({
      docId: r.doc_id,
      checkpointId: r.checkpoint_id,
      state: r.state,
      reachedAt: r.reached_at,
    }));
  }

  async workspaceRow(docId: string): Promise<WorkspaceRow> {
    const row = await this.classrooms.workspaceRecord(docId);
    if (!row) {
      throw new AppError(
        'workspace.not-found',
        'This workspace does not exist or you are not in its group.',
      );
    }
    return row;
  }

  async projectRow(projectId: string): Promise<ProjectRow> {
    const row = await this.classrooms.projectRecord(projectId);
    if (!row) {
      throw new AppError('project.not-found', 'This project does not exist or is not yours.');
    }
    const plan = (await this.plansOf([projectId])).get(projectId);
    return {
      id: row.id,
      classroomId: row.classroomId,
      title: row.title,
      brief: plan?.brief ?? row.brief,
      assignedAt: new Date(row.assignedAt).toISOString(),
      checkpoints: plan?.checkpoints ?? [],
      rubric: plan?.rubric ?? null,
      locked: plan?.locked === true,
    };
  }

  /** Staff see every workspace; anyone else only the ones they belong to. */
  async detail(projectId: string, viewer: Viewer): Promise<ProjectDetail> {
    const project = await this.projectRow(projectId);
    const rows = await this.classrooms.workspacesOfProject(projectId);
    const visible = rows.filter(
      (r) =>
        viewer.staff ||
        r.studentId === viewer.userId ||
        (r.memberIds ?? []).includes(viewer.userId),
    );
    const names = await this.identity.displayNames(
      visible.flatMap((r) => (r.studentId ? [r.studentId] : [])),
    );
    return {
      id: project.id,
      classroomId: project.classroomId,
      title: project.title,
      brief: project.brief,
      checkpoints: project.checkpoints,
      rubric: project.rubric,
      locked: project.locked,
      assignedAt: project.assignedAt,
      workspaces: visible.map((r) => ({
        docId: r.docId,
        groupId: r.groupId,
        studentId: r.studentId,
        name: r.groupName ?? names.get(r.studentId ?? '') ?? 'Own workspace',
        memberIds: r.studentId ? [r.studentId] : (r.memberIds ?? []),
      })),
    };
  }

  /** Newest first; the cursor is the last project's id and assignment time. */
  async list(classroomId: string, limit: number, cursor?: string): Promise<ProjectPage> {
    const [afterAt, afterId] = cursor ? decodeCursor(cursor) : [null, null];
    const rows = await this.classrooms.projectsPage(classroomId, limit + 1, afterAt, afterId);
    const page = rows.slice(0, limit);
    const plans = await this.plansOf(page.map((r) => r.id));
    const last = page.at(-1);
    return {
      items: page.map((r) => {
        const plan = plans.get(r.id);
        return {
          id: r.id,
          classroomId,
          title: r.title,
          locked: plan?.locked === true,
          assignedAt: new Date(r.assignedAt).toISOString(),
          checkpointCount: (plan?.checkpoints ?? []).length,
          hasRubric: (plan?.rubric ?? null) !== null,
        };
      }),
      nextCursor:
        rows.length > limit && last
          ? encodeCursor(new Date(last.assignedAt).toISOString(), last.id)
          : null,
    };
  }

  /**
   * The classroom's submissions since `from`, oldest first, each with its first answer (the
   * earliest feedback or return). Read from the projects read model as it stands, one query:
   * a chart over a term needs no table of its own.
   */
  async feedbackLatency(classroomId: string, from: Date): Promise<ClassroomFeedbackLatency> {
    const rows = await this.db.query<{
      submission_id: string;
      doc_id: string;
      submitted_at: Date | string;
      answered_at: Date | string | null;
    }>(
      `SELECT submission_id, doc_id, submitted_at, answered_at FROM (
         SELECT s.submission_id, s.doc_id, s.submitted_at, s.status,
                LEAST(s.returned_at,
                      (SELECT min(f.given_at) FROM rm_feedback f
                        WHERE f.submission_id = s.submission_id)) AS answered_at
           FROM rm_submissions s
           JOIN rm_project_plans p ON p.project_id = s.project_id
          WHERE p.classroom_id = $1 AND s.submitted_at >= $2) AS answered
        WHERE NOT (status = 'superseded' AND answered_at IS NULL)
        ORDER BY submitted_at, submission_id
        LIMIT $3`,
      [classroomId, from.toISOString(), FEEDBACK_LATENCY_MAX_ITEMS + 1],
    );
    return {
      items: rows.slice(0, FEEDBACK_LATENCY_MAX_ITEMS).map((r) => ({
        submissionId: r.submission_id,
        docId: r.doc_id,
        submittedAt: new Date(r.submitted_at).toISOString(),
        answeredAt: iso(r.answered_at),
      })),
      truncated: rows.length > FEEDBACK_LATENCY_MAX_ITEMS,
    };
  }

  async checkpoints(
    docId: string,
    plan: readonly Checkpoint[],
    now: Date,
  ): Promise<CheckpointProgress[]> {
    const rows = await this.db.query<{
      checkpoint_id: string;
      state: 'open' | 'reached' | 'confirmed';
      reached_at: Date | string | null;
      reached_by: string | null;
      confirmed_at: Date | string | null;
      reopen_note: string | null;
    }>('SELECT * FROM rm_checkpoint_states WHERE doc_id = $1', [docId]);
    const byId = new Map(rows.map((r) => [r.checkpoint_id, r]));
    return plan.map((c) => {
      const row = byId.get(c.checkpointId);
      const state = row?.state ?? 'open';
      return {
        checkpointId: c.checkpointId,
        title: c.title,
        dueAt: c.dueAt,
        state,
        reachedAt: iso(row?.reached_at ?? null),
        reachedBy: row?.reached_by ?? null,
        confirmedAt: iso(row?.confirmed_at ?? null),
        reopenNote: row?.reopen_note ?? null,
        overdue: state === 'open' && Date.parse(c.dueAt) < now.getTime(),
      };
    });
  }

  async submissions(
    docId: string,
    viewer: Viewer,
    limit: number,
    cursor?: string,
  ): Promise<{ items: SubmissionView[]; nextCursor: string | null }> {
    const before = cursor === undefined ? null : Number(cursor);
    if (before !== null && !Number.isSafeInteger(before)) {
      throw new AppError('request.invalid', 'That cursor is not one this list gave out.');
    }
    const rows = await this.db.query<{
      submission_id: string;
      doc_id: string;
      document_revision: number;
      submitted_by: string;
      submitted_at: Date | string;
      status: SubmissionView['status'];
      returned_at: Date | string | null;
      return_note: string | null;
      position: string | number;
    }>(
      `SELECT * FROM rm_submissions WHERE doc_id = $1 AND ($2::bigint IS NULL OR position < $2)
       ORDER BY position DESC LIMIT $3`,
      [docId, before, limit + 1],
    );
    const page = rows.slice(0, limit);
    const feedback = await this.feedbackFor(
      page.map((r) => r.submission_id),
      viewer,
    );
    return {
      items: page.map((r) => ({
        submissionId: r.submission_id,
        docId: r.doc_id,
        documentRevision: Number(r.document_revision),
        submittedBy: r.submitted_by,
        submittedAt: new Date(r.submitted_at).toISOString(),
        status: r.status,
        returnedAt: iso(r.returned_at),
        returnNote: r.return_note,
        feedback: feedback.get(r.submission_id) ?? [],
      })),
      nextCursor: rows.length > limit ? String(page.at(-1)?.position) : null,
    };
  }

  private async feedbackFor(
    submissionIds: readonly string[],
    viewer: Viewer,
  ): Promise<Map<string, FeedbackView[]>> {
    const result = new Map<string, FeedbackView[]>();
    if (submissionIds.length === 0) return result;
    const rows = await this.db.query<{
      feedback_id: string;
      submission_id: string;
      comment: string;
      scores: FeedbackView['scores'];
      per_student: StudentFeedback[];
      given_by: string;
      given_at: Date | string;
    }>('SELECT * FROM rm_feedback WHERE submission_id = ANY($1::text[]) ORDER BY given_at', [
      submissionIds,
    ]);
    const responses = await this.db.query<{
      feedback_id: string;
      response: string;
      responded_by: string;
      responded_at: Date | string;
    }>(
      'SELECT * FROM rm_feedback_responses WHERE feedback_id = ANY($1::text[]) ORDER BY position',
      [rows.map((r) => r.feedback_id)],
    );
    for (const row of rows) {
      const list = result.get(row.submission_id) ?? [];
      list.push({
        feedbackId: row.feedback_id,
        submissionId: row.submission_id,
        comment: row.comment,
        scores: row.scores,
        perStudent: viewer.staff
          ? row.per_student
          : row.per_student.filter((s) => s.studentId === viewer.userId),
        givenBy: row.given_by,
        givenAt: new Date(row.given_at).toISOString(),
        responses: responses
          .filter((r) => r.feedback_id === row.feedback_id)
          .map((r) => ({
            response: r.response,
            respondedBy: r.responded_by,
            respondedAt: new Date(r.responded_at).toISOString(),
          })),
      });
      result.set(row.submission_id, list);
    }
    return result;
  }

  async progress(docId: string, viewer: Viewer, now = new Date()): Promise<WorkspaceProgress> {
    const workspace = await this.workspaceRow(docId);
    const project = await this.projectRow(workspace.projectId);
    return {
      docId,
      projectId: project.id,
      locked: project.locked,
      checkpoints: await this.checkpoints(docId, project.checkpoints, now),
      submissions: (await this.submissions(docId, viewer, 50)).items,
    };
  }

  async journal(
    projectId: string,
    studentId: string,
    limit: number,
    cursor?: string,
  ): Promise<JournalPage> {
    const before = cursor === undefined ? null : Number(cursor);
    if (before !== null && !Number.isSafeInteger(before)) {
      throw new AppError('request.invalid', 'That cursor is not one this list gave out.');
    }
    const rows = await this.db.query<{
      entry_id: string;
      prompt: string;
      text: string;
      written_at: Date | string;
      position: string | number;
    }>(
      `SELECT * FROM rm_journal_entries WHERE project_id = $1 AND student_id = $2
         AND ($3::bigint IS NULL OR position < $3) ORDER BY position DESC LIMIT $4`,
      [projectId, studentId, before, limit + 1],
    );
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => ({
        entryId: r.entry_id,
        projectId,
        studentId,
        prompt: r.prompt,
        text: r.text,
        writtenAt: new Date(r.written_at).toISOString(),
      })),
      nextCursor: rows.length > limit ? String(page.at(-1)?.position) : null,
    };
  }

  /** The student's goals with progress, against the checkpoints of the student's workspace. */
  async goals(
    projectId: string,
    studentId: string,
    docId: string | null,
    now = new Date(),
  ): Promise<GoalView[]> {
    const rows = await this.db.query<{
      goal_id: string;
      checkpoint_id: string;
      target_date: Date | string;
      note: string | null;
      set_at: Date | string;
    }>('SELECT * FROM rm_goals WHERE project_id = $1 AND student_id = $2 ORDER BY set_at', [
      projectId,
      studentId,
    ]);
    const project = await this.projectRow(projectId);
    const facts: CheckpointFact[] = docId
      ? (await this.checkpoints(docId, project.checkpoints, now)).map((c) => ({
          checkpointId: c.checkpointId,
          title: c.title,
          dueAt: c.dueAt,
          ...(c.reachedAt !== null ? { reachedAt: c.reachedAt } : {}),
        }))
      : project.checkpoints;
    const goals = rows.map((r) => ({
      goalId: r.goal_id,
      checkpointId: r.checkpoint_id,
      targetDate: new Date(r.target_date).toISOString(),
    }));
    const progress = goalProgress(goals, facts, now.toISOString());
    return rows.map((r, i) => {
      const p = progress[i];
      return {
        goalId: r.goal_id,
        projectId,
        studentId,
        checkpointId: r.checkpoint_id,
        targetDate: new Date(r.target_date).toISOString(),
        note: r.note,
        setAt: new Date(r.set_at).toISOString(),
        status: p?.status ?? 'unknown-checkpoint',
        progress: p?.progress ?? 0,
        reason: p?.reason ?? '',
      };
    });
  }

  /** The workspace a student works in for a project: their group's, or their own. */
  async workspaceOfStudent(projectId: string, studentId: string): Promise<string | null> {
    return this.classrooms.workspaceOfStudent(projectId, studentId);
  }
}

function encodeCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return [value[0], value[1]];
    }
  } catch {
    // fall through to the refusal
  }
  throw new AppError('request.invalid', 'That cursor is not one this list gave out.');
}
