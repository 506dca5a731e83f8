import type { ProjectEvent, RosterEvent } from '@commonplace/domain';
import type { SqlExecutor } from '../database/sql-database.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { Projection } from '../projections/projection.js';

/** Classrooms, memberships, groups, projects and their workspaces, as the API reads them. */
export const rosterProjection: Projection = {
  name: 'roster',
  handles: [
    'ClassroomCreated',
    'StudentJoinedClassroom',
    'GroupCreated',
    'StudentAddedToGroup',
    'StudentRemovedFromGroup',
    'ProjectAssigned',
  ],
  migrations: [
    {
      id: 'roster-001-tables',
      sql: `
        CREATE TABLE IF NOT EXISTS rm_classrooms (
          id text PRIMARY KEY, name text NOT NULL, teacher_id text NOT NULL,
          join_code text NOT NULL UNIQUE, created_at timestamptz NOT NULL);
        CREATE INDEX IF NOT EXISTS rm_classrooms_teacher ON rm_classrooms (teacher_id);
        CREATE TABLE IF NOT EXISTS rm_classroom_students (
          classroom_id text NOT NULL, student_id text NOT NULL, joined_at timestamptz NOT NULL,
          PRIMARY KEY (classroom_id, student_id));
        CREATE INDEX IF NOT EXISTS rm_classroom_students_student ON rm_classroom_students (student_id);
        CREATE TABLE IF NOT EXISTS rm_groups (
          id text PRIMARY KEY, classroom_id text NOT NULL, name text NOT NULL, created_at timestamptz NOT NULL);
        CREATE INDEX IF NOT EXISTS rm_groups_classroom ON rm_groups (classroom_id);
        CREATE TABLE IF NOT EXISTS rm_group_members (
          group_id text NOT NULL, student_id text NOT NULL, classroom_id text NOT NULL,
          PRIMARY KEY (group_id, student_id));
        CREATE INDEX IF NOT EXISTS rm_group_members_student ON rm_group_members (student_id);
        CREATE TABLE IF NOT EXISTS rm_projects (
          id text PRIMARY KEY, classroom_id text NOT NULL, title text NOT NULL, brief text NOT NULL,
          assigned_at timestamptz NOT NULL);
        CREATE TABLE IF NOT EXISTS rm_workspaces (
          doc_id text PRIMARY KEY, project_id text NOT NULL, group_id text NOT NULL, classroom_id text NOT NULL);
        CREATE INDEX IF NOT EXISTS rm_workspaces_group ON rm_workspaces (group_id);
      `,
    },
  ],

  async apply(recorded: RecordedEvent, tx: SqlExecutor): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as RosterEvent | ProjectEvent;
    const at = recorded.recordedAt.toISOString();
    switch (event.type) {
      case 'ClassroomCreated': {
        const { classroomId, name, teacherId, joinCode } = event.data;
        await tx.query(
          `INSERT INTO rm_classrooms (id, name, teacher_id, join_code, created_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (id) DO NOTHING`,
          [classroomId, name, teacherId, joinCode, at],
        );
        return;
      }
      case 'StudentJoinedClassroom':
        await tx.query(
          `INSERT INTO rm_classroom_students (classroom_id, student_id, joined_at) VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING`,
          [event.data.classroomId, event.data.studentId, at],
        );
        return;
      case 'GroupCreated':
        await tx.query(
          `INSERT INTO rm_groups (id, classroom_id, name, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
          [event.data.groupId, event.data.classroomId, event.data.name, at],
        );
        return;
      case 'StudentAddedToGroup':
        await tx.query(
          `INSERT INTO rm_group_members (group_id, student_id, classroom_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
          [event.data.groupId, event.data.studentId, event.data.classroomId],
        );
        return;
      case 'StudentRemovedFromGroup':
        await tx.query('DELETE FROM rm_group_members WHERE group_id = $1 AND student_id = $2', [
          event.data.groupId,
          event.data.studentId,
        ]);
        return;
      case 'ProjectAssigned': {
        const { projectId, classroomId, title, brief, workspaces } = event.data;
        await tx.query(
          `INSERT INTO rm_projects (id, classroom_id, title, brief, assigned_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT DO NOTHING`,
          [projectId, classroomId, title, brief, at],
        );
        for (const workspace of workspaces) {
          await tx.query(
            `INSERT INTO rm_workspaces (doc_id, project_id, group_id, classroom_id) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING`,
            [workspace.docId, projectId, workspace.groupId, classroomId],
          );
        }
        return;
      }
    }
  },
};
