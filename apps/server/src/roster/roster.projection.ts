import type { ProjectEvent, RosterEvent, SchoolEvent } from '@commonplace/domain';
import type { SqlExecutor } from '../database/sql-database.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { RunWriter } from '../projections/apply-in-runs.js';
import { applyInRuns } from '../projections/apply-in-runs.js';
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
    'InviteIssued',
    'InviteAccepted',
    'InviteRevoked',
    'StudentAccountCreated',
    'StudentSecretReset',
    'GroupRenamed',
    'GroupDissolved',
    'PeerTutorDesignated',
    'PeerTutorWithdrawn',
    'MemberRemoved',
    'ClassroomLinkedToSchool',
    'SchoolCreated',
    'SchoolAdminAdded',
    'SchoolAdminRemoved',
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
    {
      // Roles beyond teacher and student, young students' accounts, invites, individual workspaces.
      id: 'roster-002-classroom-loop',
      sql: `
        CREATE TABLE IF NOT EXISTS rm_memberships (
          classroom_id text NOT NULL, user_id text NOT NULL, role text NOT NULL,
          access_until timestamptz, since timestamptz NOT NULL,
          PRIMARY KEY (classroom_id, user_id, role));
        CREATE INDEX IF NOT EXISTS rm_memberships_user ON rm_memberships (user_id);
        CREATE TABLE IF NOT EXISTS rm_guardianships (
          classroom_id text NOT NULL, guardian_id text NOT NULL, student_id text NOT NULL,
          PRIMARY KEY (classroom_id, guardian_id, student_id));
        CREATE INDEX IF NOT EXISTS rm_guardianships_student ON rm_guardianships (student_id);
        CREATE TABLE IF NOT EXISTS rm_young_students (
          student_id text PRIMARY KEY, classroom_id text NOT NULL,
          display_name_sealed text NOT NULL, secret_hash text NOT NULL, created_at timestamptz NOT NULL);
        CREATE INDEX IF NOT EXISTS rm_young_students_secret ON rm_young_students (classroom_id, secret_hash);
        CREATE TABLE IF NOT EXISTS rm_invites (
          id text PRIMARY KEY, classroom_id text NOT NULL, role text NOT NULL, token_hash text NOT NULL,
          expires_at timestamptz NOT NULL, student_ids jsonb NOT NULL, access_until timestamptz,
          status text NOT NULL, accepted_by text, created_at timestamptz NOT NULL);
        CREATE INDEX IF NOT EXISTS rm_invites_classroom ON rm_invites (classroom_id, created_at);
        ALTER TABLE rm_workspaces ALTER COLUMN group_id DROP NOT NULL;
        ALTER TABLE rm_workspaces ADD COLUMN IF NOT EXISTS student_id text;
        CREATE INDEX IF NOT EXISTS rm_workspaces_student ON rm_workspaces (student_id);
      `,
    },
    {
      id: 'roster-003-schools',
      sql: `
        CREATE TABLE IF NOT EXISTS rm_schools (
          id text PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL);
        CREATE TABLE IF NOT EXISTS rm_school_admins (
          school_id text NOT NULL, user_id text NOT NULL, PRIMARY KEY (school_id, user_id));
        CREATE INDEX IF NOT EXISTS rm_school_admins_user ON rm_school_admins (user_id);
        ALTER TABLE rm_classrooms ADD COLUMN IF NOT EXISTS school_id text;
      `,
    },
  ],

  /**
   * Human-paced and order-dependent (joins, removals, renames), so only runs of
   * plain additions go in as one statement: a class joining, groups being
   * made and filled. Everything else is applied one by one, in its place.
   */
  async applyBatch(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    await applyInRuns(events, tx, ROSTER_RUNS, (event, inTx) =>
      rosterProjection.apply(event, inTx),
    );
  },

  async apply(recorded: RecordedEvent, tx: SqlExecutor): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as
      RosterEvent | ProjectEvent | SchoolEvent;
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
        for (const workspace of event.data.individualWorkspaces ?? []) {
          await tx.query(
            `INSERT INTO rm_workspaces (doc_id, project_id, group_id, student_id, classroom_id)
             VALUES ($1, $2, NULL, $3, $4) ON CONFLICT DO NOTHING`,
            [workspace.docId, projectId, workspace.studentId, classroomId],
          );
        }
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
      default:
        await applyClassroomLoop(event, at, tx);
    }
  },
};

type Data<T extends RosterEvent['type']> = Extract<RosterEvent, { type: T }>['data'];

/** Each is ON CONFLICT DO NOTHING, as `apply` is: within one statement too, the first row wins. */
const ROSTER_RUNS: Readonly<Partial<Record<string, RunWriter>>> = {
  async StudentJoinedClassroom(events, tx) {
    const rows = events.map((e) => ({
      ...(e.data as Data<'StudentJoinedClassroom'>),
      at: e.recordedAt.toISOString(),
    }));
    await tx.query(
      `INSERT INTO rm_classroom_students (classroom_id, student_id, joined_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[]) ON CONFLICT DO NOTHING`,
      [rows.map((r) => r.classroomId), rows.map((r) => r.studentId), rows.map((r) => r.at)],
    );
  },
  async GroupCreated(events, tx) {
    const rows = events.map((e) => ({
      ...(e.data as Data<'GroupCreated'>),
      at: e.recordedAt.toISOString(),
    }));
    await tx.query(
      `INSERT INTO rm_groups (id, classroom_id, name, created_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) ON CONFLICT DO NOTHING`,
      [
        rows.map((r) => r.groupId),
        rows.map((r) => r.classroomId),
        rows.map((r) => r.name),
        rows.map((r) => r.at),
      ],
    );
  },
  async StudentAddedToGroup(events, tx) {
    const rows = events.map((e) => e.data as Data<'StudentAddedToGroup'>);
    await tx.query(
      `INSERT INTO rm_group_members (group_id, student_id, classroom_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
      [rows.map((r) => r.groupId), rows.map((r) => r.studentId), rows.map((r) => r.classroomId)],
    );
  },
};

async function addMembership(
  tx: SqlExecutor,
  classroomId: string,
  userId: string,
  role: string,
  since: string,
  accessUntil: string | null = null,
): Promise<void> {
  await tx.query(
    `INSERT INTO rm_memberships (classroom_id, user_id, role, access_until, since) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (classroom_id, user_id, role) DO UPDATE SET access_until = EXCLUDED.access_until`,
    [classroomId, userId, role, accessUntil, since],
  );
}

/** The roster events the classroom loop added: roles, young students, invites, group changes. */
async function applyClassroomLoop(
  event: RosterEvent | ProjectEvent | SchoolEvent,
  at: string,
  tx: SqlExecutor,
): Promise<void> {
  switch (event.type) {
    case 'InviteIssued': {
      const d = event.data;
      await tx.query(
        `INSERT INTO rm_invites (id, classroom_id, role, token_hash, expires_at, student_ids, access_until, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, 'open', $8) ON CONFLICT DO NOTHING`,
        [
          d.inviteId,
          d.classroomId,
          d.role,
          d.tokenHash,
          d.expiresAt,
          JSON.stringify(d.studentIds ?? []),
          d.accessUntil ?? null,
          at,
        ],
      );
      return;
    }
    case 'InviteAccepted': {
      const d = event.data;
      await tx.query(`UPDATE rm_invites SET status = 'accepted', accepted_by = $2 WHERE id = $1`, [
        d.inviteId,
        d.userId,
      ]);
      await addMembership(tx, d.classroomId, d.userId, d.role, at, d.accessUntil ?? null);
      for (const studentId of d.studentIds ?? []) {
        await tx.query(
          `INSERT INTO rm_guardianships (classroom_id, guardian_id, student_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
          [d.classroomId, d.userId, studentId],
        );
      }
      return;
    }
    case 'InviteRevoked':
      await tx.query(`UPDATE rm_invites SET status = 'revoked' WHERE id = $1`, [
        event.data.inviteId,
      ]);
      return;
    case 'StudentAccountCreated': {
      const d = event.data;
      // The name stays sealed here; it is opened when read, so erasing the key erases it everywhere.
      await tx.query(
        `INSERT INTO rm_young_students (student_id, classroom_id, display_name_sealed, secret_hash, created_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [d.studentId, d.classroomId, d.displayName, d.secretHash, at],
      );
      await tx.query(
        `INSERT INTO rm_classroom_students (classroom_id, student_id, joined_at) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING`,
        [d.classroomId, d.studentId, at],
      );
      return;
    }
    case 'StudentSecretReset':
      await tx.query('UPDATE rm_young_students SET secret_hash = $2 WHERE student_id = $1', [
        event.data.studentId,
        event.data.secretHash,
      ]);
      return;
    case 'GroupRenamed':
      await tx.query('UPDATE rm_groups SET name = $2 WHERE id = $1', [
        event.data.groupId,
        event.data.name,
      ]);
      return;
    case 'GroupDissolved':
      await tx.query('DELETE FROM rm_group_members WHERE group_id = $1', [event.data.groupId]);
      await tx.query('DELETE FROM rm_groups WHERE id = $1', [event.data.groupId]);
      return;
    case 'PeerTutorDesignated':
      await addMembership(tx, event.data.classroomId, event.data.studentId, 'peer-tutor', at);
      return;
    case 'PeerTutorWithdrawn':
      await tx.query(
        `DELETE FROM rm_memberships WHERE classroom_id = $1 AND user_id = $2 AND role = 'peer-tutor'`,
        [event.data.classroomId, event.data.studentId],
      );
      return;
    case 'MemberRemoved': {
      const { classroomId, userId, role } = event.data;
      if (role === 'student') {
        await tx.query(
          'DELETE FROM rm_classroom_students WHERE classroom_id = $1 AND student_id = $2',
          [classroomId, userId],
        );
        await tx.query(
          `DELETE FROM rm_memberships WHERE classroom_id = $1 AND user_id = $2 AND role = 'peer-tutor'`,
          [classroomId, userId],
        );
        return;
      }
      await tx.query(
        'DELETE FROM rm_memberships WHERE classroom_id = $1 AND user_id = $2 AND role = $3',
        [classroomId, userId, role],
      );
      if (role === 'guardian') {
        await tx.query(
          'DELETE FROM rm_guardianships WHERE classroom_id = $1 AND guardian_id = $2',
          [classroomId, userId],
        );
      }
      return;
    }
    case 'ClassroomLinkedToSchool':
      await tx.query('UPDATE rm_classrooms SET school_id = $2 WHERE id = $1', [
        event.data.classroomId,
        event.data.schoolId,
      ]);
      return;
    case 'SchoolCreated':
      await tx.query(
        'INSERT INTO rm_schools (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [event.data.schoolId, event.data.name, at],
      );
      return;
    case 'SchoolAdminAdded':
      await tx.query(
        'INSERT INTO rm_school_admins (school_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        [event.data.schoolId, event.data.userId],
      );
      return;
    case 'SchoolAdminRemoved':
      await tx.query('DELETE FROM rm_school_admins WHERE school_id = $1 AND user_id = $2', [
        event.data.schoolId,
        event.data.userId,
      ]);
      return;
    default:
      return;
  }
}
