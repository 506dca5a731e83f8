import { Inject, Injectable } from '@nestjs/common';
import { ClassroomQueries } from '../roster/classroom.queries.js';
import type { SqlDatabase } from '../database/sql-database.js';
import { SQL_DATABASE } from '../store/store.tokens.js';

/**
 * Who takes part in inquiry spaces, for other features (the notifications):
 * the teachers and students of the classrooms that host or joined a space,
 * and its mentors while their access lasts, less anyone a moderator removed.
 */
@Injectable()
export class InquiryQueries {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly classrooms: ClassroomQueries,
  ) {}

  /** The spaces a person (or a mentor, by their mentor id) takes part in now. */
  async spacesOf(userId: string): Promise<string[]> {
    const classroomIds = await this.classrooms.classroomsTaughtOrStudiedIn(userId);
    const rows = await this.db.query<{ space_id: string }>(
      `SELECT space_id FROM (
         SELECT space_id FROM rm_inquiry_classrooms
         WHERE classroom_id = ANY($1::text[]) AND status IN ('host', 'joined')
         UNION SELECT space_id FROM rm_inquiry_mentors
         WHERE id = $2 AND status NOT IN ('revoked', 'expired') AND expires_at > now()
       ) s
       WHERE NOT EXISTS (SELECT 1 FROM rm_inquiry_removed r WHERE r.space_id = s.space_id AND r.user_id = $2)
       ORDER BY space_id`,
      [classroomIds, userId],
    );
    return rows.map((r) => r.space_id);
  }

  /** The spaces some classrooms host or joined. */
  async spacesOfClassrooms(classroomIds: readonly string[]): Promise<string[]> {
    const rows = await this.db.query<{ space_id: string }>(
      `SELECT DISTINCT space_id FROM rm_inquiry_classrooms
       WHERE classroom_id = ANY($1::text[]) AND status IN ('host', 'joined') ORDER BY space_id`,
      [classroomIds],
    );
    return rows.map((r) => r.space_id);
  }

  /** The teachers and co-teachers of the classrooms taking part in a space. */
  async teachersOf(spaceId: string): Promise<string[]> {
    const classrooms = await this.db.query<{ classroom_id: string }>(
      `SELECT classroom_id FROM rm_inquiry_classrooms
       WHERE space_id = $1 AND status IN ('host', 'joined')`,
      [spaceId],
    );
    const people = await this.classrooms.teachersAndStudentsOf(
      classrooms.map((c) => c.classroom_id),
    );
    return [...new Set(people.filter((p) => p.role === 'teacher').map((p) => p.userId))].sort();
  }

  /** Everyone who takes part in a space now: people by user id, mentors by mentor id. */
  async membersOf(spaceId: string): Promise<string[]> {
    const [classrooms, mentors, removed] = await Promise.all([
      this.db.query<{ classroom_id: string }>(
        `SELECT classroom_id FROM rm_inquiry_classrooms
         WHERE space_id = $1 AND status IN ('host', 'joined')`,
        [spaceId],
      ),
      this.db.query<{ id: string }>(
        `SELECT id FROM rm_inquiry_mentors
         WHERE space_id = $1 AND status NOT IN ('revoked', 'expired') AND expires_at > now()`,
        [spaceId],
      ),
      this.db.query<{ user_id: string }>(
        'SELECT user_id FROM rm_inquiry_removed WHERE space_id = $1',
        [spaceId],
      ),
    ]);
    const people = await this.classrooms.teachersAndStudentsOf(
      classrooms.map((c) => c.classroom_id),
    );
    const gone = new Set(removed.map((r) => r.user_id));
    return [...new Set([...people.map((p) => p.userId), ...mentors.map((m) => m.id)])]
      .filter((id) => !gone.has(id))
      .sort();
  }
}
