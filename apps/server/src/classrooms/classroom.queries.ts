import { Inject, Injectable } from '@nestjs/common';
import type { ClassroomPermission, ClassroomRole } from '@commonplace/domain';
import {
  CLASSROOM_ROLES,
  can,
  workspaceAccess as domainWorkspaceAccess,
} from '@commonplace/domain';
import type {
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
import { ClassroomAccess, mainRole } from './classroom-access.js';
import { SQL_DATABASE } from '../store/store.tokens.js';

interface ClassroomRow {
  id: string;
  name: string;
  teacher_id: string;
  join_code: string;
}

/** Reads of the roster and activity read models, shaped as the shared contracts. */
@Injectable()
export class ClassroomQueries {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly identity: IdentityService,
    private readonly access: ClassroomAccess,
  ) {}

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
      tutor_subject: string | null;
    }>(
      `WITH people AS (
         SELECT teacher_id AS user_id, 'teacher' AS role FROM rm_classrooms WHERE id = $1
         UNION ALL SELECT student_id, 'student' FROM rm_classroom_students WHERE classroom_id = $1
         UNION ALL SELECT user_id, role FROM rm_memberships WHERE classroom_id = $1)
       SELECT p.user_id, array_agg(DISTINCT p.role) AS roles,
              (SELECT m.group_id FROM rm_group_members m WHERE m.classroom_id = $1 AND m.student_id = p.user_id) AS group_id,
              EXISTS (SELECT 1 FROM rm_young_students y WHERE y.student_id = p.user_id) AS young,
              (SELECT array_agg(g.student_id) FROM rm_guardianships g
                 WHERE g.classroom_id = $1 AND g.guardian_id = p.user_id) AS guardian_of,
              (SELECT t.subject FROM rm_peer_tutor_subjects t
                 WHERE t.classroom_id = $1 AND t.user_id = p.user_id) AS tutor_subject
       FROM people p WHERE ($2::text IS NULL OR p.user_id > $2)
       GROUP BY p.user_id ORDER BY p.user_id LIMIT $3`,
      [classroomId, cursor ?? null, limit + 1],
    );
    const page = rows.slice(0, limit);
    const names = await this.identity.displayNames(page.map((r) => r.user_id));
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
          peerTutorSubject: held.has('peer-tutor') ? r.tutor_subject : null,
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
      `SELECT p.id, p.title, COALESCE(pl.brief, p.brief) AS brief, w.group_id, w.doc_id FROM rm_projects p
       JOIN rm_workspaces w ON w.project_id = p.id
       LEFT JOIN rm_project_plans pl ON pl.project_id = p.id
       WHERE p.classroom_id = $1 AND w.group_id IS NOT NULL ORDER BY p.assigned_at, p.id`,
      [classroomId],
    );
    const projects = new Map<string, ProjectView>();
    for (const row of rows) {
      const project = projects.get(row.id) ?? {
        id: row.id,
        title: row.title,
        brief: row.brief,
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
      locked: boolean | null;
    }>(
      `SELECT p.id AS project_id, p.title, COALESCE(pl.brief, p.brief) AS brief, c.id AS classroom_id, c.name AS classroom_name,
              g.id AS group_id, g.name AS group_name, w.doc_id, pl.locked, p.assigned_at
       FROM rm_group_members m
       JOIN rm_groups g ON g.id = m.group_id
       JOIN rm_workspaces w ON w.group_id = g.id
       JOIN rm_projects p ON p.id = w.project_id
       JOIN rm_classrooms c ON c.id = p.classroom_id
       LEFT JOIN rm_project_plans pl ON pl.project_id = p.id
       WHERE m.student_id = $1
       UNION ALL
       SELECT p.id, p.title, COALESCE(pl.brief, p.brief), c.id, c.name, NULL, NULL, w.doc_id, pl.locked,
              p.assigned_at
       FROM rm_workspaces w
       JOIN rm_projects p ON p.id = w.project_id
       JOIN rm_classrooms c ON c.id = p.classroom_id
       LEFT JOIN rm_project_plans pl ON pl.project_id = p.id
       WHERE w.student_id = $1
       ORDER BY assigned_at DESC`,
      [studentId],
    );
    const ownName = rows.some((r) => r.group_id === null)
      ? ((await this.identity.displayNames([studentId])).get(studentId) ?? 'Me')
      : 'Me';
    return rows.map((r) => ({
      projectId: r.project_id,
      title: r.title,
      brief: r.brief,
      classroomId: r.classroom_id,
      classroomName: r.classroom_name,
      groupId: r.group_id,
      groupName: r.group_name ?? ownName,
      docId: r.doc_id,
      locked: r.locked === true,
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
      member: boolean;
      locked: boolean | null;
    }>(
      `SELECT w.classroom_id,
              (w.student_id = $2 OR EXISTS (SELECT 1 FROM rm_group_members m
                 WHERE m.group_id = w.group_id AND m.student_id = $2)) AS member,
              (SELECT pl.locked FROM rm_project_plans pl WHERE pl.project_id = w.project_id) AS locked
       FROM rm_workspaces w WHERE w.doc_id = $1`,
      [docId, userId],
    );
    if (!row) return { refused: 'notFound' };
    const roles = await this.access.rolesOf(row.classroom_id, userId);
    const access = domainWorkspaceAccess({
      roles,
      isWorkspaceMember: row.member === true,
      locked: row.locked === true,
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
       WHERE w.doc_id = $1 AND w.classroom_id = $2
         AND (w.student_id = $3 OR EXISTS (SELECT 1 FROM rm_group_members g
               WHERE g.group_id = w.group_id AND g.student_id = $3))`,
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
      locked: boolean | null;
    }>(
      `SELECT p.id AS project_id, p.title, COALESCE(pl.brief, p.brief) AS brief, w.classroom_id, g.id AS group_id, g.name AS group_name,
              w.student_id, pl.locked
       FROM rm_workspaces w JOIN rm_projects p ON p.id = w.project_id
       LEFT JOIN rm_groups g ON g.id = w.group_id
       LEFT JOIN rm_project_plans pl ON pl.project_id = p.id
       WHERE w.doc_id = $1`,
      [docId],
    );
    if (!row) throw new AppError('workspace.not-found', 'This workspace does not exist.');
    const memberIds = row.student_id
      ? [row.student_id]
      : (
          await this.db.query<{ student_id: string }>(
            'SELECT student_id FROM rm_group_members WHERE group_id = $1',
            [row.group_id],
          )
        ).map((r) => r.student_id);
    const names = await this.identity.displayNames(memberIds);
    return {
      docId,
      projectId: row.project_id,
      locked: row.locked === true,
      projectTitle: row.title,
      brief: row.brief,
      classroomId: row.classroom_id,
      groupName: row.group_name ?? names.get(row.student_id ?? '') ?? 'Own workspace',
      members: memberIds.map((id) => ({ id, displayName: names.get(id) ?? 'Former student' })),
      access: decision.access,
    };
  }

  async classroomsOfDocuments(docIds: readonly string[]): Promise<string[]> {
    if (docIds.length === 0) return [];
    const rows = await this.db.query<{ classroom_id: string }>(
      'SELECT DISTINCT classroom_id FROM rm_workspaces WHERE doc_id = ANY($1::text[])',
      [docIds],
    );
    return rows.map((r) => r.classroom_id);
  }
}
