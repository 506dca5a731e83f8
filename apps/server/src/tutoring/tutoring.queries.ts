import { Inject, Injectable } from '@nestjs/common';
import type { TutorSubjectSource } from '../roster/classroom.queries.js';
import { ClassroomQueries } from '../roster/classroom.queries.js';
import type { SqlDatabase } from '../database/sql-database.js';
import { SQL_DATABASE } from '../store/store.tokens.js';

/**
 * Reads of tutoring's read models that other features need: the live board's
 * open help requests, and the peer tutors' subjects on the roster (handed to
 * `ClassroomQueries`, which may not import tutoring).
 */
@Injectable()
export class TutoringQueries implements TutorSubjectSource {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    classrooms: ClassroomQueries,
  ) {
    classrooms.readTutorSubjectsFrom(this);
  }

  /** The requests of a classroom still waiting: a claimed or withdrawn one no longer makes anyone stuck. */
  async openHelpRequests(
    classroomId: string,
  ): Promise<{ studentId: string; raisedAt: Date | string }[]> {
    const rows = await this.db.query<{ student_id: string; raised_at: Date | string }>(
      `SELECT student_id, raised_at FROM rm_help_requests
       WHERE classroom_id = $1 AND status = 'open'`,
      [classroomId],
    );
    return rows.map((r) => ({ studentId: r.student_id, raisedAt: r.raised_at }));
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

  async tutorSubjectsIn(
    classroomId: string,
    userIds: readonly string[],
  ): Promise<Map<string, string>> {
    const rows = await this.db.query<{ user_id: string; subject: string }>(
      `SELECT user_id, subject FROM rm_peer_tutor_subjects
       WHERE classroom_id = $1 AND user_id = ANY($2::text[])`,
      [classroomId, userIds],
    );
    return new Map(rows.map((r) => [r.user_id, r.subject]));
  }
}
