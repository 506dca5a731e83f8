import { Inject, Injectable } from '@nestjs/common';
import type { AuthorizeResult } from '../collab/collab.types.js';
import { ClassroomAccess } from '../roster/classroom-access.service.js';
import type { SqlDatabase } from '../database/sql-database.js';
import { IdentityService } from '../identity/identity.service.js';
import { PersonalDataVault } from '../personal-data/personal-data-vault.js';
import { SQL_DATABASE } from '../store/store.tokens.js';

/** Board documents are named after their space (see InquiryService.open), so the authorizer can tell them apart. */
export const INQUIRY_BOARD_PREFIX = 'inquiry-';

const PARTICIPATING = new Set(['host', 'joined']);
const CLASSROOM_MEMBER = new Set(['teacher', 'co-teacher', 'student', 'peer-tutor']);

interface MentorRow {
  space_id: string;
  name: string;
  status: string;
  expires_at: Date | string;
  sealed: boolean;
}

/**
 * Who may open an inquiry space's shared board, read from the inquiry read
 * model: teachers and students of every participating classroom, and the
 * space's mentors while their access lasts; everyone read-only while the
 * board is locked. Anyone else (removed participants included) is told the
 * board does not exist, as the space's API tells them.
 */
@Injectable()
export class InquiryBoardAccessReader {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly access: ClassroomAccess,
    private readonly identity: IdentityService,
    private readonly vault: PersonalDataVault,
  ) {}

  isBoard(docId: string): boolean {
    return docId.startsWith(INQUIRY_BOARD_PREFIX);
  }

  async board(docId: string, userId: string): Promise<AuthorizeResult> {
    const [space] = await this.db.query<{ id: string; locked: boolean }>(
      'SELECT id, locked FROM rm_inquiry_spaces WHERE board_doc_id = $1',
      [docId],
    );
    if (!space) return { ok: false, reason: 'notFound' };
    const access = space.locked ? 'read-only' : 'read-write';
    // Mentors have no account: their id is their mentor id, and their name is the invite's
    // (the display name the teacher chose, else the name).
    const [mentor] = await this.db.query<MentorRow>(
      'SELECT space_id, COALESCE(display_name, name) AS name, status, expires_at, sealed FROM rm_inquiry_mentors WHERE id = $1',
      [userId],
    );
    if (mentor) {
      const valid =
        mentor.space_id === space.id &&
        mentor.status !== 'revoked' &&
        mentor.status !== 'expired' &&
        new Date(mentor.expires_at).getTime() > Date.now();
      if (!valid) return { ok: false, reason: 'notFound' };
      // Sealed with the mentor's key (see InquiryPersonalData): erased, it shows as erased.
      const displayName = mentor.sealed
        ? await this.vault.openText(userId, mentor.name)
        : mentor.name;
      return { ok: true, principal: { userId, displayName, access } };
    }
    if (!(await this.participates(space.id, userId))) return { ok: false, reason: 'notFound' };
    const user = await this.identity.findUser(userId);
    if (!user) return { ok: false, reason: 'unauthorized' };
    return { ok: true, principal: { userId, displayName: user.displayName, access } };
  }

  /** The board's space, for turning a space's events into its open connections. */
  async boardOf(spaceId: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ board_doc_id: string }>(
      'SELECT board_doc_id FROM rm_inquiry_spaces WHERE id = $1',
      [spaceId],
    );
    return row?.board_doc_id;
  }

  private async participates(spaceId: string, userId: string): Promise<boolean> {
    const removed = await this.db.query(
      'SELECT 1 FROM rm_inquiry_removed WHERE space_id = $1 AND user_id = $2',
      [spaceId, userId],
    );
    if (removed.length > 0) return false;
    const classrooms = await this.db.query<{ classroom_id: string; status: string }>(
      'SELECT classroom_id, status FROM rm_inquiry_classrooms WHERE space_id = $1',
      [spaceId],
    );
    for (const classroom of classrooms) {
      if (!PARTICIPATING.has(classroom.status)) continue;
      const roles = await this.access.rolesOf(classroom.classroom_id, userId);
      if (roles.some((role) => CLASSROOM_MEMBER.has(role))) return true;
    }
    return false;
  }
}
