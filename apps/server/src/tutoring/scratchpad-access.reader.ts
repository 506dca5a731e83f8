import { Inject, Injectable } from '@nestjs/common';
import type { WorkspaceAccess } from '@commonplace/domain';
import { scratchpadAccess, tutorReadsLinkedDoc } from '@commonplace/domain';
import { ClassroomAccess } from '../roster/classroom-access.service.js';
import type { SqlDatabase } from '../database/sql-database.js';
import { SQL_DATABASE } from '../store/store.tokens.js';

/** Scratchpad documents are named after their session, so the authorizer can tell them apart. */
export const SCRATCHPAD_PREFIX = 'tutoring-';

interface SessionRow {
  classroom_id: string;
  tutor_id: string;
  student_id: string;
  status: 'live' | 'ended';
  linked_doc_readable: boolean;
}

/**
 * Document access that comes from tutoring sessions: a session's scratchpad
 * (tutor and student write while live, teachers observe), and a student's
 * project document read by their tutor where a teacher allowed it.
 */
@Injectable()
export class ScratchpadAccessReader {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly access: ClassroomAccess,
  ) {}

  isScratchpad(docId: string): boolean {
    return docId.startsWith(SCRATCHPAD_PREFIX);
  }

  async scratchpad(docId: string, userId: string): Promise<WorkspaceAccess> {
    const [row] = await this.db.query<SessionRow>(
      `SELECT classroom_id, tutor_id, student_id, status, linked_doc_readable
       FROM rm_tutoring_sessions WHERE scratchpad_doc_id = $1`,
      [docId],
    );
    if (!row) return 'none';
    const roles = await this.access.rolesOf(row.classroom_id, userId);
    return scratchpadAccess({
      userId,
      isStaff: roles.includes('teacher') || roles.includes('co-teacher'),
      session: this.parties(row),
    });
  }

  /** Whether `userId` tutors a live session that a teacher let read this project document. */
  async tutorReads(docId: string, userId: string): Promise<boolean> {
    const rows = await this.db.query<SessionRow>(
      `SELECT classroom_id, tutor_id, student_id, status, linked_doc_readable
       FROM rm_tutoring_sessions WHERE linked_doc_id = $1 AND tutor_id = $2`,
      [docId, userId],
    );
    return rows.some((row) => tutorReadsLinkedDoc({ userId, session: this.parties(row) }));
  }

  /** The session's scratchpad and, if it has one, the student's project document it links. */
  async documentsOfSession(sessionId: string): Promise<string[]> {
    const [row] = await this.db.query<{ scratchpad_doc_id: string; linked_doc_id: string | null }>(
      'SELECT scratchpad_doc_id, linked_doc_id FROM rm_tutoring_sessions WHERE id = $1',
      [sessionId],
    );
    if (!row) return [];
    return row.linked_doc_id === null
      ? [row.scratchpad_doc_id]
      : [row.scratchpad_doc_id, row.linked_doc_id];
  }

  /** Every scratchpad of the classroom's sessions, live or past (teachers observe both). */
  async scratchpadsOfClassroom(classroomId: string): Promise<string[]> {
    const rows = await this.db.query<{ scratchpad_doc_id: string }>(
      'SELECT scratchpad_doc_id FROM rm_tutoring_sessions WHERE classroom_id = $1',
      [classroomId],
    );
    return rows.map((row) => row.scratchpad_doc_id);
  }

  private parties(row: SessionRow) {
    return {
      tutorId: row.tutor_id,
      studentId: row.student_id,
      ended: row.status === 'ended',
      linkedDocReadable: row.linked_doc_readable,
    };
  }
}
