import { Inject, Injectable } from '@nestjs/common';
import type { ClassroomPermission, ClassroomRole } from '@commonplace/domain';
import {
  CLASSROOM_ROLES,
  can,
  workspaceAccess as domainWorkspaceAccess,
} from '@commonplace/domain';
import type {
  Checkpoint,
  ClassroomSummary,
  ClassroomView,
  GroupView,
  MyProject,
  RosterPage,
  ProjectView,
  WorkspaceView,
} from '@commonplace/shared';
import { AppError } from '../common/app-error.js';
import type { SqlDatabase } from '../database/sql-database.js';
import { IdentityService } from '../identity/identity.service.js';
import { ClassroomAccess, mainRole } from './classroom-access.service.js';
import { SQL_DATABASE } from '../store/store.tokens.js';

/** What the projects feature keeps of a project's plan (the plans table is theirs). */
export interface ProjectPlanFacts {
  readonly brief: string | null;
  readonly locked: boolean;
  readonly checkpoints: readonly Checkpoint[];
}

/**
 * Reads the roster's own views need from the features above it, which the
 * classrooms may not import: each feature hands its queries class to
 * `ClassroomQueries` when it is made (`ProjectQueries`, `TutoringQueries`).
 * Reading before one has is a wiring mistake and throws.
 */
export interface ProjectPlanSource {
  plansOf(projectIds: readonly string[]): Promise<ReadonlyMap<string, ProjectPlanFacts>>;
}
export interface TutorSubjectSource {
  /** The subject each of some people tutors in a classroom, for those who have one. */
  tutorSubjectsIn(
    classroomId: string,
    userIds: readonly string[],
  ): Promise<ReadonlyMap<string, string>>;
}

/** A workspace document and what it belongs to. */
export interface WorkspaceRecord {
  readonly docId: string;
  readonly projectId: string;
  readonly classroomId: string;
  readonly groupId: string | null;
  readonly studentId: string | null;
}

/** A project as the roster keeps it (its plan is the projects feature's). */
export interface ProjectRecord {
  readonly id: string;
  readonly classroomId: string;
  readonly title: string;
  readonly brief: string;
  readonly assignedAt: Date | string;
}

/** A reader's class handed over to a folder below it, or a wiring mistake. */
function handedOver<T>(source: T | undefined, what: string, by: string): T {
  if (source === undefined)
    throw new Error(`No ${what} to read: ${by} was never made (is its module in the app?).`);
  return source;
}

/** Whether a student works in the workspace `w`: it is theirs, or their group's. */
const WORKS_IN = (student: string) =>
  `(w.student_id = ${student} OR EXISTS (SELECT 1 FROM rm_group_members m
     WHERE m.group_id = w.group_id AND m.student_id = ${student}))`;

interface ClassroomRow {
  id: string;
  name: string;
  teacher_id: string;
  join_code: string;
}

/** Reads of the roster and activity read models, shaped as the shared contracts. */
@Injectable()
export class ClassroomQueries {
  private planSource: ProjectPlanSource | undefined;
  private subjectSource: TutorSubjectSource | undefined;

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly identity: IdentityService,
    private readonly access: ClassroomAccess,
  ) {
    identity.readYoungStudentsFrom(this);
  }

  readProjectPlansFrom(source: ProjectPlanSource): void {
    this.planSource = source;
  }

  readTutorSubjectsFrom(source: TutorSubjectSource): void {
    this.subjectSource = source;
  }

  private async plansOf(
    projectIds: readonly string[],
  ): Promise<ReadonlyMap<string, ProjectPlanFacts>> {
    if (projectIds.length === 0) return new Map();
    const source = handedOver(this.planSource, 'project plans', 'ProjectQueries');
    return source.plansOf([...new Set(projectIds)]);
  }

  /** The caller's roles, or a refusal that does not reveal whether the classroom exists. */
  async requireRole(
    classroomId: string,
    userId: string,
    permission: ClassroomPermission,
  ): Promise<ClassroomRole[]> {
    return this.access.require(classroomId, userId, permission);
  }

  async classroomRow(classroomId: string): Promise<ClassroomRow> {
    const [classroom] = await this.db.query<ClassroomRow>(
      'SELECT * FROM rm_classrooms WHERE id = $1',
      [classroomId],
    );
    if (!classroom)
      throw new AppError('classroom.not-found', 'This classroom does not exist or is not yours.');
    return classroom;
  }

  /** Everyone on the roster with all their roles, a page at a time (cursor: the last user id). */
  async roster(classroomId: string, limit: number, cursor?: string): Promise<RosterPage> {
    const rows = await this.db.query<{
      user_id: string;
      roles: ClassroomRole[];
      group_id: string | null;
      young: boolean;
      guardian_of: string[] | null;
    }>(
      `WITH people AS (
         SELECT teacher_id AS user_id, 'teacher' AS role FROM rm_classrooms WHERE id = $1
         UNION ALL SELECT student_id, 'student' FROM rm_classroom_students WHERE classroom_id = $1
         UNION ALL SELECT user_id, role FROM rm_memberships WHERE classroom_id = $1)
       SELECT p.user_id, array_agg(DISTINCT p.role) AS roles,
              (SELECT m.group_id FROM rm_group_members m WHERE m.classroom_id = $1 AND m.student_id = p.user_id) AS group_id,
              EXISTS (SELECT 1 FROM rm_young_students y WHERE y.student_id = p.user_id) AS young,
              (SELECT array_agg(g.student_id) FROM rm_guardianships g
                 WHERE g.classroom_id = $1 AND g.guardian_id = p.user_id) AS guardian_of
       FROM people p WHERE ($2::text IS NULL OR p.user_id > $2)
       GROUP BY p.user_id ORDER BY p.user_id LIMIT $3`,
      [classroomId, cursor ?? null, limit + 1],
    );
    const page = rows.slice(0, limit);
    const names = await this.identity.displayNames(page.map((r) => r.user_id));
    const tutors = page.filter((r) => r.roles.includes('peer-tutor')).map((r) => r.user_id);
    const subjects =
      tutors.length === 0
        ? new Map<string, string>()
        : await handedOver(this.subjectSource, 'tutor subjects', 'TutoringQueries').tutorSubjectsIn(
            classroomId,
            tutors,
          );
    return {
      items: page.map((r) => {
        const held = new Set(r.roles);
        return {
          userId: r.user_id,
          displayName: names.get(r.user_id) ?? 'Former member',
          roles: CLASSROOM_ROLES.filter((role) => held.has(role)),
          groupId: r.group_id,
          youngStudent: r.young,
          guardianOf: r.guardian_of ?? [],
          peerTutorSubject: held.has('peer-tutor') ? (subjects.get(r.user_id) ?? null) : null,
        };
      }),
      nextCursor: rows.length > limit ? (page.at(-1)?.user_id ?? null) : null,
    };
  }

  async classroomIdByJoinCode(code: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ id: string }>(
      'SELECT id FROM rm_classrooms WHERE join_code = $1',
      [code],
    );
    return row?.id;
  }

  async listFor(userId: string): Promise<ClassroomSummary[]> {
    const rows = await this.db.query<{ id: string; name: string; role: ClassroomRole }>(
      `SELECT id, name, 'teacher' AS role FROM rm_classrooms WHERE teacher_id = $1
       UNION ALL
       SELECT c.id, c.name, 'student' AS role FROM rm_classrooms c
         JOIN rm_classroom_students s ON s.classroom_id = c.id WHERE s.student_id = $1
       UNION ALL
       SELECT c.id, c.name, m.role FROM rm_classrooms c
         JOIN rm_memberships m ON m.classroom_id = c.id
         WHERE m.user_id = $1 AND (m.access_until IS NULL OR m.access_until > now())
       UNION ALL
       SELECT c.id, c.name, 'school-admin' AS role FROM rm_classrooms c
         JOIN rm_school_admins a ON a.school_id = c.school_id WHERE a.user_id = $1
       ORDER BY name, id`,
      [userId],
    );
    const byId = new Map<string, { id: string; name: string; held: Set<ClassroomRole> }>();
    for (const row of rows) {
      const entry = byId.get(row.id) ?? { id: row.id, name: row.name, held: new Set() };
      entry.held.add(row.role);
      byId.set(row.id, entry);
    }
    return [...byId.values()].map(({ id, name, held }) => {
      const roles = CLASSROOM_ROLES.filter((r) => held.has(r));
      return { id, name, role: mainRole(roles), roles };
    });
  }

  async summary(classroomId: string, userId: string): Promise<ClassroomSummary> {
    const found = (await this.listFor(userId)).find((c) => c.id === classroomId);
    if (!found)
      throw new AppError('classroom.not-found', 'This classroom does not exist or is not yours.');
    return found;
  }

  async view(classroomId: string, userId: string): Promise<ClassroomView> {
    const roles = await this.access.require(classroomId, userId, 'classroom.view');
    const [classroom] = await this.db.query<ClassroomRow>(
      'SELECT * FROM rm_classrooms WHERE id = $1',
      [classroomId],
    );
    if (!classroom)
      throw new AppError('classroom.not-found', 'This classroom does not exist or is not yours.');
    const studentIds = (
      await this.db.query<{ student_id: string }>(
        'SELECT student_id FROM rm_classroom_students WHERE classroom_id = $1 ORDER BY joined_at',
        [classroomId],
      )
    ).map((r) => r.student_id);
    const names = await this.identity.displayNames(studentIds);
    return {
      id: classroom.id,
      name: classroom.name,
      role: mainRole(roles),
      roles,
      joinCode: can(roles, 'classroom.manage-roster') ? classroom.join_code : null,
      students: studentIds.map((id) => ({ id, displayName: names.get(id) ?? 'Former student' })),
      groups: await this.groups(classroomId),
      projects: await this.projects(classroomId),
    };
  }

  async groups(classroomId: string): Promise<GroupView[]> {
    const rows = await this.db.query<{ id: string; name: string; student_id: string | null }>(
      `SELECT g.id, g.name, m.student_id FROM rm_groups g
       LEFT JOIN rm_group_members m ON m.group_id = g.id
       WHERE g.classroom_id = $1 ORDER BY g.created_at, g.id, m.student_id`,
      [classroomId],
    );
    const groups = new Map<string, GroupView>();
    for (const row of rows) {
      const group = groups.get(row.id) ?? { id: row.id, name: row.name, memberIds: [] };
      if (row.student_id) group.memberIds.push(row.student_id);
      groups.set(row.id, group);
    }
    return [...groups.values()];
  }

  /**
   * The classroom's students who are in none of its groups, with when they
   * joined the class (the longest waiting first), for the board's attention list.
   */
  async ungroupedStudents(classroomId: string): Promise<{ studentId: string; joinedAt: Date }[]> {
    const rows = await this.db.query<{ student_id: string; joined_at: Date | string }>(
      `SELECT s.student_id, s.joined_at FROM rm_classroom_students s
        WHERE s.classroom_id = $1
          AND NOT EXISTS (SELECT 1 FROM rm_group_members m
                           WHERE m.classroom_id = $1 AND m.student_id = s.student_id)
        ORDER BY s.joined_at, s.student_id`,
      [classroomId],
    );
    return rows.map((r) => ({ studentId: r.student_id, joinedAt: new Date(r.joined_at) }));
  }

  /** The students of one group, in the order they joined. */
  async membersOfGroup(groupId: string): Promise<string[]> {
    const rows = await this.db.query<{ student_id: string }>(
      'SELECT student_id FROM rm_group_members WHERE group_id = $1',
      [groupId],
    );
    return rows.map((r) => r.student_id);
  }

  async group(classroomId: string, groupId: string): Promise<GroupView> {
    const group = (await this.groups(classroomId)).find((g) => g.id === groupId);
    if (!group)
      throw new AppError('group.not-found', 'That group does not exist in this classroom.');
    return group;
  }

  async projects(classroomId: string): Promise<ProjectView[]> {
    const rows = await this.db.query<{
      id: string;
      title: string;
      brief: string;
      group_id: string;
      doc_id: string;
    }>(
      `SELECT p.id, p.title, p.brief, w.group_id, w.doc_id FROM rm_projects p
       JOIN rm_workspaces w ON w.project_id = p.id
       WHERE p.classroom_id = $1 AND w.group_id IS NOT NULL ORDER BY p.assigned_at, p.id`,
      [classroomId],
    );
    const plans = await this.plansOf(rows.map((r) => r.id));
    const projects = new Map<string, ProjectView>();
    for (const row of rows) {
      const project = projects.get(row.id) ?? {
        id: row.id,
        title: row.title,
        brief: plans.get(row.id)?.brief ?? row.brief,
        workspaces: [],
      };
      project.workspaces.push({ groupId: row.group_id, docId: row.doc_id });
      projects.set(row.id, project);
    }
    return [...projects.values()];
  }

  async myProjects(studentId: string): Promise<MyProject[]> {
    const rows = await this.db.query<{
      project_id: string;
      title: string;
      brief: string;
      classroom_id: string;
      classroom_name: string;
      group_id: string | null;
      group_name: string | null;
      doc_id: string;
    }>(
      `SELECT p.id AS project_id, p.title, p.brief, c.id AS classroom_id, c.name AS classroom_name,
              g.id AS group_id, g.name AS group_name, w.doc_id, p.assigned_at
       FROM rm_group_members m
       JOIN rm_groups g ON g.id = m.group_id
       JOIN rm_workspaces w ON w.group_id = g.id
       JOIN rm_projects p ON p.id = w.project_id
       JOIN rm_classrooms c ON c.id = p.classroom_id
       WHERE m.student_id = $1
       UNION ALL
       SELECT p.id, p.title, p.brief, c.id, c.name, NULL, NULL, w.doc_id, p.assigned_at
       FROM rm_workspaces w
       JOIN rm_projects p ON p.id = w.project_id
       JOIN rm_classrooms c ON c.id = p.classroom_id
       WHERE w.student_id = $1
       ORDER BY assigned_at DESC`,
      [studentId],
    );
    const plans = await this.plansOf(rows.map((r) => r.project_id));
    const ownName = rows.some((r) => r.group_id === null)
      ? ((await this.identity.displayNames([studentId])).get(studentId) ?? 'Me')
      : 'Me';
    return rows.map((r) => ({
      projectId: r.project_id,
      title: r.title,
      brief: plans.get(r.project_id)?.brief ?? r.brief,
      classroomId: r.classroom_id,
      classroomName: r.classroom_name,
      groupId: r.group_id,
      groupName: r.group_name ?? ownName,
      docId: r.doc_id,
      locked: plans.get(r.project_id)?.locked === true,
    }));
  }

  /**
   * Who may open a workspace document, and how, by the domain's rule: the
   * group's members (or the student of an individual workspace) write unless
   * the project is locked, the classroom's staff observe, anyone else is refused.
   */
  async workspaceAccess(
    docId: string,
    userId: string,
  ): Promise<{ access: 'read-write' | 'read-only' } | { refused: 'notFound' | 'forbidden' }> {
    const [row] = await this.db.query<{
      classroom_id: string;
      project_id: string;
      member: boolean;
    }>(
      `SELECT w.classroom_id, w.project_id, ${WORKS_IN('$2')} AS member
       FROM rm_workspaces w WHERE w.doc_id = $1`,
      [docId, userId],
    );
    if (!row) return { refused: 'notFound' };
    const [roles, plans] = await Promise.all([
      this.access.rolesOf(row.classroom_id, userId),
      this.plansOf([row.project_id]),
    ]);
    const access = domainWorkspaceAccess({
      roles,
      isWorkspaceMember: row.member === true,
      locked: plans.get(row.project_id)?.locked === true,
    });
    return access === 'none' ? { refused: 'forbidden' } : { access };
  }

  /** The workspace documents of one group, one per project it was assigned. */
  async workspaceDocIdsOfGroup(groupId: string): Promise<string[]> {
    const rows = await this.db.query<{ doc_id: string }>(
      'SELECT doc_id FROM rm_workspaces WHERE group_id = $1',
      [groupId],
    );
    return rows.map((r) => r.doc_id);
  }

  /** Whether the document is a workspace of this classroom the student works in (their own, or their group's). */
  async isOwnWorkspace(docId: string, classroomId: string, studentId: string): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM rm_workspaces w
       WHERE w.doc_id = $1 AND w.classroom_id = $2 AND ${WORKS_IN('$3')}`,
      [docId, classroomId, studentId],
    );
    return rows.length > 0;
  }

  /** The project a workspace document belongs to. */
  async projectOfWorkspace(docId: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ project_id: string }>(
      'SELECT project_id FROM rm_workspaces WHERE doc_id = $1',
      [docId],
    );
    return row?.project_id;
  }

  /** The workspace documents of every project of a classroom. */
  async workspaceDocIdsOfClassroom(classroomId: string): Promise<string[]> {
    const rows = await this.db.query<{ doc_id: string }>(
      'SELECT doc_id FROM rm_workspaces WHERE classroom_id = $1',
      [classroomId],
    );
    return rows.map((r) => r.doc_id);
  }

  /** The workspace documents of every classroom linked to a school. */
  async workspaceDocIdsOfSchool(schoolId: string): Promise<string[]> {
    const rows = await this.db.query<{ doc_id: string }>(
      `SELECT w.doc_id FROM rm_workspaces w JOIN rm_classrooms c ON c.id = w.classroom_id
       WHERE c.school_id = $1`,
      [schoolId],
    );
    return rows.map((r) => r.doc_id);
  }

  /** The workspace documents of one project, one per group or student it was assigned to. */
  async workspaceDocIdsOfProject(projectId: string): Promise<string[]> {
    const rows = await this.db.query<{ doc_id: string }>(
      'SELECT doc_id FROM rm_workspaces WHERE project_id = $1',
      [projectId],
    );
    return rows.map((r) => r.doc_id);
  }

  /** The students who work in a workspace: its student, or its group's members. */
  async studentsOfWorkspace(docId: string): Promise<string[]> {
    const rows = await this.db.query<{ student_id: string }>(
      `SELECT w.student_id FROM rm_workspaces w WHERE w.doc_id = $1 AND w.student_id IS NOT NULL
       UNION SELECT m.student_id FROM rm_workspaces w JOIN rm_group_members m ON m.group_id = w.group_id
       WHERE w.doc_id = $1`,
      [docId],
    );
    return rows.map((r) => r.student_id);
  }

  /** The workspaces a student works in: their own, and their groups'. */
  async workspaceDocIdsOfStudent(studentId: string): Promise<string[]> {
    const rows = await this.db.query<{ doc_id: string }>(
      `SELECT w.doc_id FROM rm_workspaces w WHERE w.student_id = $1
       UNION SELECT w.doc_id FROM rm_workspaces w JOIN rm_group_members m ON m.group_id = w.group_id
       WHERE m.student_id = $1`,
      [studentId],
    );
    return rows.map((r) => r.doc_id);
  }

  /** The peer tutors of a classroom whose access lasts. */
  async peerTutorsOf(classroomId: string): Promise<string[]> {
    const rows = await this.db.query<{ user_id: string }>(
      `SELECT user_id FROM rm_memberships WHERE classroom_id = $1 AND role = 'peer-tutor'
       AND (access_until IS NULL OR access_until > now()) ORDER BY user_id`,
      [classroomId],
    );
    return rows.map((r) => r.user_id);
  }

  async workspace(docId: string, userId: string): Promise<WorkspaceView> {
    const decision = await this.workspaceAccess(docId, userId);
    if ('refused' in decision) {
      throw new AppError(
        'workspace.not-found',
        'This workspace does not exist or you are not in its group.',
      );
    }
    const [row] = await this.db.query<{
      project_id: string;
      title: string;
      brief: string;
      classroom_id: string;
      group_id: string | null;
      group_name: string | null;
      student_id: string | null;
    }>(
      `SELECT p.id AS project_id, p.title, p.brief, w.classroom_id, g.id AS group_id, g.name AS group_name,
              w.student_id
       FROM rm_workspaces w JOIN rm_projects p ON p.id = w.project_id
       LEFT JOIN rm_groups g ON g.id = w.group_id
       WHERE w.doc_id = $1`,
      [docId],
    );
    if (!row) throw new AppError('workspace.not-found', 'This workspace does not exist.');
    const memberIds = row.student_id
      ? [row.student_id]
      : await this.membersOfGroup(row.group_id ?? '');
    const [names, plans] = await Promise.all([
      this.identity.displayNames(memberIds),
      this.plansOf([row.project_id]),
    ]);
    const plan = plans.get(row.project_id);
    return {
      docId,
      projectId: row.project_id,
      locked: plan?.locked === true,
      projectTitle: row.title,
      brief: plan?.brief ?? row.brief,
      classroomId: row.classroom_id,
      groupName: row.group_name ?? names.get(row.student_id ?? '') ?? 'Own workspace',
      members: memberIds.map((id) => ({ id, displayName: names.get(id) ?? 'Former student' })),
      access: decision.access,
    };
  }

  async classroomsOfDocuments(docIds: readonly string[]): Promise<string[]> {
    return [...new Set((await this.classroomOfEachDocument(docIds)).values())];
  }

  /** The classroom of each of some workspace documents (a document never changes classroom). */
  async classroomOfEachDocument(docIds: readonly string[]): Promise<Map<string, string>> {
    if (docIds.length === 0) return new Map();
    const rows = await this.db.query<{ doc_id: string; classroom_id: string }>(
      'SELECT doc_id, classroom_id FROM rm_workspaces WHERE doc_id = ANY($1::text[])',
      [docIds],
    );
    return new Map(rows.map((r) => [r.doc_id, r.classroom_id]));
  }

  async classroomOfProject(projectId: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ classroom_id: string }>(
      'SELECT classroom_id FROM rm_projects WHERE id = $1',
      [projectId],
    );
    return row?.classroom_id;
  }

  /** The group workspaces of a classroom's projects, in the order the projects were assigned. */
  async groupWorkspacesOf(
    classroomId: string,
  ): Promise<{ docId: string; groupId: string; projectId: string; title: string }[]> {
    const rows = await this.db.query<{
      doc_id: string;
      group_id: string;
      project_id: string;
      title: string;
    }>(
      `SELECT w.doc_id, w.group_id, w.project_id, p.title
       FROM rm_workspaces w JOIN rm_projects p ON p.id = w.project_id
       WHERE w.classroom_id = $1 AND w.group_id IS NOT NULL ORDER BY p.assigned_at, w.doc_id`,
      [classroomId],
    );
    return rows.map((r) => ({
      docId: r.doc_id,
      groupId: r.group_id,
      projectId: r.project_id,
      title: r.title,
    }));
  }

  async workspaceRecord(docId: string): Promise<WorkspaceRecord | undefined> {
    const [row] = await this.db.query<{
      doc_id: string;
      project_id: string;
      classroom_id: string;
      group_id: string | null;
      student_id: string | null;
    }>('SELECT * FROM rm_workspaces WHERE doc_id = $1', [docId]);
    return row
      ? {
          docId: row.doc_id,
          projectId: row.project_id,
          classroomId: row.classroom_id,
          groupId: row.group_id,
          studentId: row.student_id,
        }
      : undefined;
  }

  /** The workspaces of one project with their group's name and members, oldest group first. */
  async workspacesOfProject(projectId: string): Promise<
    {
      docId: string;
      groupId: string | null;
      studentId: string | null;
      groupName: string | null;
      memberIds: string[] | null;
    }[]
  > {
    const rows = await this.db.query<{
      doc_id: string;
      group_id: string | null;
      student_id: string | null;
      group_name: string | null;
      member_ids: string[] | null;
    }>(
      `SELECT w.doc_id, w.group_id, w.student_id, g.name AS group_name,
              (SELECT array_agg(m.student_id ORDER BY m.student_id) FROM rm_group_members m
                 WHERE m.group_id = w.group_id) AS member_ids
       FROM rm_workspaces w LEFT JOIN rm_groups g ON g.id = w.group_id
       WHERE w.project_id = $1 ORDER BY g.created_at, w.doc_id`,
      [projectId],
    );
    return rows.map((r) => ({
      docId: r.doc_id,
      groupId: r.group_id,
      studentId: r.student_id,
      groupName: r.group_name,
      memberIds: r.member_ids,
    }));
  }

  /** The workspace a student works in for a project: their group's, or their own. */
  async workspaceOfStudent(projectId: string, studentId: string): Promise<string | null> {
    const [row] = await this.db.query<{ doc_id: string }>(
      `SELECT w.doc_id FROM rm_workspaces w WHERE w.project_id = $1 AND ${WORKS_IN('$2')} LIMIT 1`,
      [projectId, studentId],
    );
    return row?.doc_id ?? null;
  }

  async projectRecord(projectId: string): Promise<ProjectRecord | undefined> {
    const [row] = await this.db.query<{
      id: string;
      classroom_id: string;
      title: string;
      brief: string;
      assigned_at: Date | string;
    }>('SELECT id, classroom_id, title, brief, assigned_at FROM rm_projects WHERE id = $1', [
      projectId,
    ]);
    return row
      ? {
          id: row.id,
          classroomId: row.classroom_id,
          title: row.title,
          brief: row.brief,
          assignedAt: row.assigned_at,
        }
      : undefined;
  }

  /** A classroom's projects newest first, `limit` of them after (`afterAt`, `afterId`) if given. */
  async projectsPage(
    classroomId: string,
    limit: number,
    afterAt: string | null,
    afterId: string | null,
  ): Promise<{ id: string; title: string; assignedAt: Date | string }[]> {
    const rows = await this.db.query<{ id: string; title: string; assigned_at: Date | string }>(
      `SELECT p.id, p.title, p.assigned_at FROM rm_projects p
       WHERE p.classroom_id = $1 AND ($2::timestamptz IS NULL OR (p.assigned_at, p.id) < ($2::timestamptz, $3))
       ORDER BY p.assigned_at DESC, p.id DESC LIMIT $4`,
      [classroomId, afterAt, afterId, limit],
    );
    return rows.map((r) => ({ id: r.id, title: r.title, assignedAt: r.assigned_at }));
  }

  /** The classrooms a student is on the roster of. */
  async classroomsOfStudent(studentId: string): Promise<string[]> {
    const rows = await this.db.query<{ classroom_id: string }>(
      'SELECT classroom_id FROM rm_classroom_students WHERE student_id = $1',
      [studentId],
    );
    return rows.map((r) => r.classroom_id);
  }

  /** The students a guardian is guardian of, in each classroom they are still a guardian in. */
  async childrenOf(
    guardianId: string,
  ): Promise<{ studentId: string; classroomId: string; classroomName: string }[]> {
    const rows = await this.db.query<{
      student_id: string;
      classroom_id: string;
      classroom_name: string;
    }>(
      `SELECT g.student_id, g.classroom_id, c.name AS classroom_name FROM rm_guardianships g
       JOIN rm_classrooms c ON c.id = g.classroom_id
       JOIN rm_memberships m ON m.classroom_id = g.classroom_id AND m.user_id = g.guardian_id AND m.role = 'guardian'
       WHERE g.guardian_id = $1 ORDER BY c.name, g.student_id`,
      [guardianId],
    );
    return rows.map((r) => ({
      studentId: r.student_id,
      classroomId: r.classroom_id,
      classroomName: r.classroom_name,
    }));
  }

  /** The names of some classrooms; unknown ids are left out. */
  async namesOf(classroomIds: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.db.query<{ id: string; name: string }>(
      'SELECT id, name FROM rm_classrooms WHERE id = ANY($1::text[])',
      [classroomIds],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** The classrooms a person teaches, studies in, or co-teaches or peer-tutors in. */
  async classroomsTaughtOrStudiedIn(userId: string): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `SELECT id FROM rm_classrooms WHERE teacher_id = $1
       UNION SELECT classroom_id FROM rm_classroom_students WHERE student_id = $1
       UNION SELECT classroom_id FROM rm_memberships WHERE user_id = $1 AND role IN ('co-teacher', 'peer-tutor')`,
      [userId],
    );
    return rows.map((r) => r.id);
  }

  /** The teachers (the owner and co-teachers) and students of some classrooms. */
  async teachersAndStudentsOf(
    classroomIds: readonly string[],
  ): Promise<{ classroomId: string; userId: string; role: 'teacher' | 'student' }[]> {
    const rows = await this.db.query<{
      classroom_id: string;
      user_id: string;
      role: 'teacher' | 'student';
    }>(
      `SELECT id AS classroom_id, teacher_id AS user_id, 'teacher' AS role FROM rm_classrooms WHERE id = ANY($1::text[])
       UNION SELECT classroom_id, user_id, 'teacher' AS role FROM rm_memberships WHERE classroom_id = ANY($1::text[]) AND role = 'co-teacher'
       UNION SELECT classroom_id, student_id AS user_id, 'student' AS role FROM rm_classroom_students WHERE classroom_id = ANY($1::text[])`,
      [classroomIds],
    );
    return rows.map((r) => ({ classroomId: r.classroom_id, userId: r.user_id, role: r.role }));
  }

  /** The other classrooms of the schools some classrooms belong to, by name. */
  async classroomsOfSameSchools(
    classroomIds: readonly string[],
    excluding: readonly string[],
  ): Promise<{ id: string; name: string }[]> {
    return this.db.query<{ id: string; name: string }>(
      `SELECT c.id, c.name FROM rm_classrooms c
       WHERE c.school_id IN (SELECT school_id FROM rm_classrooms WHERE id = ANY($1::text[]) AND school_id IS NOT NULL)
         AND NOT (c.id = ANY($2::text[]))
       ORDER BY c.name, c.id`,
      [classroomIds, excluding],
    );
  }

  /** Young students' display names as sealed in the roster, for the identity service to open. */
  async sealedYoungStudentNames(
    studentIds: readonly string[],
  ): Promise<{ studentId: string; sealedName: string }[]> {
    const rows = await this.db.query<{ student_id: string; display_name_sealed: string }>(
      'SELECT student_id, display_name_sealed FROM rm_young_students WHERE student_id = ANY($1::text[])',
      [studentIds],
    );
    return rows.map((r) => ({ studentId: r.student_id, sealedName: r.display_name_sealed }));
  }

  /** The young student of a classroom whose card secret hashes to this, if any. */
  async youngStudentBySecret(classroomId: string, secretHash: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ student_id: string }>(
      'SELECT student_id FROM rm_young_students WHERE classroom_id = $1 AND secret_hash = $2',
      [classroomId, secretHash],
    );
    return row?.student_id;
  }

  async isYoungStudent(studentId: string): Promise<boolean> {
    const rows = await this.db.query('SELECT 1 FROM rm_young_students WHERE student_id = $1', [
      studentId,
    ]);
    return rows.length > 0;
  }
}
