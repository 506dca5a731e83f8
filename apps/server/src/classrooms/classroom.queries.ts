import { Inject, Injectable } from '@nestjs/common';
import type {
  BoardView,
  ClassroomRole,
  ClassroomSummary,
  ClassroomView,
  GroupView,
  MyProject,
  ProjectView,
  WorkspaceView,
} from '@commonplace/shared';
import { AppError } from '../common/app-error.js';
import type { SqlDatabase } from '../database/sql-database.js';
import { IdentityService } from '../identity/identity.service.js';
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
  ) {}

  async roleOf(classroomId: string, userId: string): Promise<ClassroomRole | null> {
    const [row] = await this.db.query<{ role: ClassroomRole }>(
      `SELECT 'teacher' AS role FROM rm_classrooms WHERE id = $1 AND teacher_id = $2
       UNION ALL
       SELECT 'student' AS role FROM rm_classroom_students WHERE classroom_id = $1 AND student_id = $2`,
      [classroomId, userId],
    );
    return row?.role ?? null;
  }

  /** The caller's role, or a refusal that does not reveal whether the classroom exists. */
  async requireRole(
    classroomId: string,
    userId: string,
    allowed: readonly ClassroomRole[],
  ): Promise<ClassroomRole> {
    const role = await this.roleOf(classroomId, userId);
    if (role === null)
      throw new AppError('classroom.not-found', 'This classroom does not exist or is not yours.');
    if (!allowed.includes(role)) {
      throw new AppError('auth.forbidden', 'Only the classroom’s teacher can do that.');
    }
    return role;
  }

  async classroomIdByJoinCode(code: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ id: string }>(
      'SELECT id FROM rm_classrooms WHERE join_code = $1',
      [code],
    );
    return row?.id;
  }

  async listFor(userId: string): Promise<ClassroomSummary[]> {
    return this.db.query<ClassroomSummary>(
      `SELECT id, name, 'teacher' AS role FROM rm_classrooms WHERE teacher_id = $1
       UNION ALL
       SELECT c.id, c.name, 'student' AS role FROM rm_classrooms c
         JOIN rm_classroom_students s ON s.classroom_id = c.id WHERE s.student_id = $1
       ORDER BY name`,
      [userId],
    );
  }

  async summary(classroomId: string, userId: string): Promise<ClassroomSummary> {
    const found = (await this.listFor(userId)).find((c) => c.id === classroomId);
    if (!found)
      throw new AppError('classroom.not-found', 'This classroom does not exist or is not yours.');
    return found;
  }

  async view(classroomId: string, userId: string): Promise<ClassroomView> {
    const role = await this.requireRole(classroomId, userId, ['teacher', 'student']);
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
      role,
      joinCode: role === 'teacher' ? classroom.join_code : null,
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
      `SELECT p.id, p.title, p.brief, w.group_id, w.doc_id FROM rm_projects p
       JOIN rm_workspaces w ON w.project_id = p.id
       WHERE p.classroom_id = $1 ORDER BY p.assigned_at, p.id`,
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
      group_id: string;
      group_name: string;
      doc_id: string;
    }>(
      `SELECT p.id AS project_id, p.title, p.brief, c.id AS classroom_id, c.name AS classroom_name,
              g.id AS group_id, g.name AS group_name, w.doc_id
       FROM rm_group_members m
       JOIN rm_groups g ON g.id = m.group_id
       JOIN rm_workspaces w ON w.group_id = g.id
       JOIN rm_projects p ON p.id = w.project_id
       JOIN rm_classrooms c ON c.id = p.classroom_id
       WHERE m.student_id = $1 ORDER BY p.assigned_at DESC`,
      [studentId],
    );
    return rows.map((r) => ({
      projectId: r.project_id,
      title: r.title,
      brief: r.brief,
      classroomId: r.classroom_id,
      classroomName: r.classroom_name,
      groupId: r.group_id,
      groupName: r.group_name,
      docId: r.doc_id,
    }));
  }

  /**
   * Who may open a workspace document, and how: the group's members write, the
   * classroom's teacher observes read-only, anyone else is refused.
   */
  async workspaceAccess(
    docId: string,
    userId: string,
  ): Promise<{ access: 'read-write' | 'read-only' } | { refused: 'notFound' | 'forbidden' }> {
    const [row] = await this.db.query<{ member: boolean; teacher: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM rm_group_members m WHERE m.group_id = w.group_id AND m.student_id = $2) AS member,
              c.teacher_id = $2 AS teacher
       FROM rm_workspaces w JOIN rm_classrooms c ON c.id = w.classroom_id WHERE w.doc_id = $1`,
      [docId, userId],
    );
    if (!row) return { refused: 'notFound' };
    if (row.member) return { access: 'read-write' };
    if (row.teacher) return { access: 'read-only' };
    return { refused: 'forbidden' };
  }

  /** The workspace documents of one group, one per project it was assigned. */
  async workspaceDocIdsOfGroup(groupId: string): Promise<string[]> {
    const rows = await this.db.query<{ doc_id: string }>(
      'SELECT doc_id FROM rm_workspaces WHERE group_id = $1',
      [groupId],
    );
    return rows.map((r) => r.doc_id);
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
      title: string;
      brief: string;
      classroom_id: string;
      group_id: string;
      group_name: string;
    }>(
      `SELECT p.title, p.brief, w.classroom_id, g.id AS group_id, g.name AS group_name
       FROM rm_workspaces w JOIN rm_projects p ON p.id = w.project_id JOIN rm_groups g ON g.id = w.group_id
       WHERE w.doc_id = $1`,
      [docId],
    );
    if (!row) throw new AppError('workspace.not-found', 'This workspace does not exist.');
    const memberIds = (
      await this.db.query<{ student_id: string }>(
        'SELECT student_id FROM rm_group_members WHERE group_id = $1',
        [row.group_id],
      )
    ).map((r) => r.student_id);
    const names = await this.identity.displayNames(memberIds);
    return {
      docId,
      projectTitle: row.title,
      brief: row.brief,
      classroomId: row.classroom_id,
      groupName: row.group_name,
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

  async board(classroomId: string): Promise<BoardView> {
    const [classroom] = await this.db.query<ClassroomRow>(
      'SELECT * FROM rm_classrooms WHERE id = $1',
      [classroomId],
    );
    if (!classroom)
      throw new AppError('classroom.not-found', 'This classroom does not exist or is not yours.');
    const rows = await this.db.query<{
      group_id: string;
      group_name: string;
      student_id: string | null;
      inserted: number | null;
      deleted: number | null;
      present: boolean | null;
      last_active_at: Date | string | null;
    }>(
      `SELECT g.id AS group_id, g.name AS group_name, m.student_id,
              (SELECT sum(c.inserted)::int FROM rm_contributions c JOIN rm_workspaces w ON w.doc_id = c.doc_id
                 WHERE w.group_id = g.id AND c.user_id = m.student_id) AS inserted,
              (SELECT sum(c.deleted)::int FROM rm_contributions c JOIN rm_workspaces w ON w.doc_id = c.doc_id
                 WHERE w.group_id = g.id AND c.user_id = m.student_id) AS deleted,
              (SELECT bool_or(p.present) FROM rm_presence p JOIN rm_workspaces w ON w.doc_id = p.doc_id
                 WHERE w.group_id = g.id AND p.user_id = m.student_id) AS present,
              (SELECT max(greatest(p.last_seen_at, c.last_edit_at)) FROM rm_workspaces w
                 LEFT JOIN rm_presence p ON p.doc_id = w.doc_id AND p.user_id = m.student_id
                 LEFT JOIN rm_contributions c ON c.doc_id = w.doc_id AND c.user_id = m.student_id
                 WHERE w.group_id = g.id) AS last_active_at
       FROM rm_groups g LEFT JOIN rm_group_members m ON m.group_id = g.id
       WHERE g.classroom_id = $1 ORDER BY g.created_at, g.id`,
      [classroomId],
    );
    const names = await this.identity.displayNames(
      rows.flatMap((r) => (r.student_id ? [r.student_id] : [])),
    );
    const groups = new Map<string, BoardView['groups'][number]>();
    for (const row of rows) {
      const group = groups.get(row.group_id) ?? {
        groupId: row.group_id,
        name: row.group_name,
        students: [],
      };
      groups.set(row.group_id, group);
      if (!row.student_id) continue;
      const lastActive = row.last_active_at ? new Date(row.last_active_at) : null;
      group.students.push({
        studentId: row.student_id,
        displayName: names.get(row.student_id) ?? 'Former student',
        inserted: row.inserted ?? 0,
        deleted: row.deleted ?? 0,
        activeNow: row.present === true,
        lastActiveAt: lastActive?.toISOString() ?? null,
      });
    }
    for (const group of groups.values())
      group.students.sort((a, b) => a.displayName.localeCompare(b.displayName));
    return { classroomId, classroomName: classroom.name, groups: [...groups.values()] };
  }
}
