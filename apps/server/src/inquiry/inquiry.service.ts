import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { InquiryActor, InquiryCommand } from '@commonplace/domain';
import { DomainError, inquiryDecider, streams } from '@commonplace/domain';
import type {
  CreatePostRequest,
  InquiryParticipants,
  InquiryPost,
  InquirySpaceView,
  InvitableClassroomList,
  InviteClassroomRequest,
  OpenInquirySpaceRequest,
} from '@commonplace/shared';
import { ClassroomAccess } from '../roster/classroom-access.service.js';
import { ClassroomQueries } from '../roster/classroom.queries.js';
import { AppError } from '../common/app-error.js';
import { CommandHandler } from '../commands/command.handler.js';
import type { SqlDatabase } from '../database/sql-database.js';
import { IdentityService } from '../identity/identity.service.js';
import type { Principal } from '../identity/token.service.js';
import { SQL_DATABASE } from '../store/store.tokens.js';
import { InquiryPersonalData } from './inquiry-personal-data.service.js';

type ClassroomStatus = 'host' | 'invited' | 'joined' | 'declined';

interface SpaceRow {
  id: string;
  host_classroom_id: string;
  title: string;
  driving_question: string;
  board_doc_id: string;
  locked: boolean;
}

interface PostRow {
  id: string;
  kind: 'evidence' | 'discussion';
  reply_to: string | null;
  author_role: 'teacher' | 'student' | 'mentor';
  author_id: string;
  classroom_id: string | null;
  text: string;
  posted_at: Date | string;
  hidden: boolean;
  sealed: boolean;
}

const participating = (status: ClassroomStatus) => status === 'host' || status === 'joined';
const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? '';
/**
 * How a person is named in a space: students by first name only (all a mentor may know of
 * them); adults as they are addressed, whole ("Ms Rivera", "Dr Sam Okafor"): the first word
 * of those is a title, and read "Dr, mentor from River Trust" or "Ms (teacher)".
 */
const nameInSpace = (name: string, role: string) =>
  role === 'student' ? firstName(name) : name.trim();

/**
 * Cross-classroom inquiry spaces. The caller's place in each of the space's
 * classrooms comes from the roster read model; the space's stream decides
 * the rest (moderators are the teachers of every participating classroom,
 * posts with contact details are refused). Other schools' people appear by
 * first name and classroom name only.
 */
@Injectable()
export class InquiryService {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly commands: CommandHandler,
    private readonly access: ClassroomAccess,
    private readonly identity: IdentityService,
    private readonly classrooms: ClassroomQueries,
    private readonly personal: InquiryPersonalData,
  ) {}

  private async run(principal: Principal, command: Omit<InquiryCommand, 'metadata'>) {
    await this.commands.send(
      inquiryDecider,
      streams.inquiry(command.data.spaceId),
      principal.userId,
      command,
    );
  }

  /** The caller as a teacher or student of the given classrooms. */
  private async actorIn(principal: Principal, classroomIds: readonly string[]) {
    const teaches: string[] = [];
    const studiesIn: string[] = [];
    for (const classroomId of classroomIds) {
      const roles = await this.access.rolesOf(classroomId, principal.userId);
      if (roles.includes('teacher') || roles.includes('co-teacher')) teaches.push(classroomId);
      if (roles.includes('student') || roles.includes('peer-tutor')) studiesIn.push(classroomId);
    }
    return { kind: 'person', teaches, studiesIn } satisfies InquiryActor;
  }

  /**
   * The space and the caller's place in it. Participants, and teachers of an
   * invited classroom (to answer), may see it; anyone else is told it does not exist.
   */
  private async spaceFor(principal: Principal, spaceId: string) {
    if (principal.kind === 'mentor') return this.mentorSpaceFor(principal, spaceId);
    const [space] = await this.db.query<SpaceRow>('SELECT * FROM rm_inquiry_spaces WHERE id = $1', [
      spaceId,
    ]);
    const classrooms = space
      ? await this.db.query<{ classroom_id: string; status: ClassroomStatus }>(
          'SELECT classroom_id, status FROM rm_inquiry_classrooms WHERE space_id = $1 ORDER BY classroom_id',
          [spaceId],
        )
      : [];
    const actor = await this.actorIn(
      principal,
      classrooms.map((c) => c.classroom_id),
    );
    const statusOf = new Map(classrooms.map((c) => [c.classroom_id, c.status]));
    // Someone a moderator removed no longer takes part, whatever their classroom.
    const removed = space ? await this.isRemoved(spaceId, principal.userId) : false;
    const moderator =
      !removed && actor.teaches.some((id) => participating(statusOf.get(id) ?? 'declined'));
    const participant =
      moderator ||
      (!removed && actor.studiesIn.some((id) => participating(statusOf.get(id) ?? 'declined')));
    const invitedTeacher = actor.teaches.some((id) => statusOf.get(id) === 'invited');
    if (space && removed && !invitedTeacher) {
      throw new DomainError(
        'inquiry.participant-removed',
        'A teacher removed you from this inquiry space.',
      );
    }
    if (!space || (!participant && !invitedTeacher)) {
      throw new DomainError('inquiry.space-not-found', 'This inquiry space does not exist.');
    }
    return { space, classrooms, actor: actor as InquiryActor, moderator, participant };
  }

  /**
   * A mentor sees their one space while their access lasts; any other space,
   * or any space after revocation or expiry, is refused with the reason.
   */
  private async mentorSpaceFor(principal: Principal, spaceId: string) {
    const [mentor] = await this.db.query<{
      space_id: string;
      status: string;
      expires_at: Date | string;
    }>('SELECT space_id, status, expires_at FROM rm_inquiry_mentors WHERE id = $1', [
      principal.userId,
    ]);
    if (!mentor || mentor.space_id !== spaceId) {
      throw new DomainError(
        'inquiry.not-a-participant',
        'Your mentor invitation is for another inquiry space.',
      );
    }
    if (mentor.status === 'revoked') {
      throw new DomainError(
        'inquiry.mentor-revoked',
        'A teacher has ended your access as a mentor.',
      );
    }
    if (mentor.status === 'expired' || new Date(mentor.expires_at).getTime() <= Date.now()) {
      throw new DomainError('inquiry.invite-expired', 'Your access as a mentor has ended.');
    }
    if (await this.isRemoved(spaceId, principal.userId)) {
      throw new DomainError(
        'inquiry.participant-removed',
        'A teacher removed you from this inquiry space.',
      );
    }
    const [space] = await this.db.query<SpaceRow>('SELECT * FROM rm_inquiry_spaces WHERE id = $1', [
      spaceId,
    ]);
    if (!space)
      throw new DomainError('inquiry.space-not-found', 'This inquiry space does not exist.');
    const classrooms = await this.db.query<{ classroom_id: string; status: ClassroomStatus }>(
      'SELECT classroom_id, status FROM rm_inquiry_classrooms WHERE space_id = $1 ORDER BY classroom_id',
      [spaceId],
    );
    const actor: InquiryActor = { kind: 'mentor', mentorId: principal.userId };
    return { space, classrooms, actor, moderator: false, participant: true };
  }

  private async isRemoved(spaceId: string, userId: string): Promise<boolean> {
    const rows = await this.db.query(
      'SELECT 1 FROM rm_inquiry_removed WHERE space_id = $1 AND user_id = $2',
      [spaceId, userId],
    );
    return rows.length > 0;
  }

  async open(principal: Principal, classroomId: string, body: OpenInquirySpaceRequest) {
    await this.access.require(classroomId, principal.userId, 'projects.manage');
    const spaceId = randomUUID();
    await this.run(principal, {
      type: 'OpenInquirySpace',
      data: {
        spaceId,
        classroomId,
        ...body,
        boardDocId: `inquiry-${spaceId}`,
        actor: await this.actorIn(principal, [classroomId]),
      },
    });
    return this.view(principal, spaceId);
  }

  async list(principal: Principal): Promise<InquirySpaceView[]> {
    const rows = await this.db.query<{ space_id: string }>(
      `SELECT DISTINCT ic.space_id FROM rm_inquiry_classrooms ic
       WHERE ic.classroom_id = ANY($1::text[])
       ORDER BY ic.space_id`,
      [await this.classrooms.classroomsTaughtOrStudiedIn(principal.userId)],
    );
    const views: InquirySpaceView[] = [];
    for (const { space_id } of rows) {
      try {
        views.push(await this.view(principal, space_id));
      } catch (error) {
        // A declined invitation or a classroom that only studies elsewhere: not listed.
        if (!(error instanceof DomainError)) throw error;
      }
    }
    return views;
  }

  /**
   * The space as the caller sees it. A mentor's page load (GET of the space) is
   * the one entry per visit in their access log; everything else passes
   * `record: false` — the live watch, which follows every load and again on
   * each reconnection, and the pushes to the room.
   */
  async view(
    principal: Principal,
    spaceId: string,
    { record = true }: { record?: boolean } = {},
  ): Promise<InquirySpaceView> {
    const { space, classrooms, moderator, actor } = await this.spaceFor(principal, spaceId);
    // Every visit of a mentor to the space is in the log (the decider records it).
    if (actor.kind === 'mentor' && record) {
      await this.run(principal, { type: 'OpenInquiryBoard', data: { spaceId, actor } });
    }
    const nameOf = await this.classrooms.namesOf(classrooms.map((c) => c.classroom_id));
    return {
      spaceId: space.id,
      title: space.title,
      drivingQuestion: space.driving_question,
      hostClassroomId: space.host_classroom_id,
      boardDocId: space.board_doc_id,
      locked: space.locked,
      classrooms: classrooms.map((c) => ({
        classroomId: c.classroom_id,
        classroomName: nameOf.get(c.classroom_id) ?? '',
        status: c.status,
      })),
      myRole: actor.kind === 'mentor' ? 'mentor' : moderator ? 'moderator' : 'participant',
    };
  }

  private async act(
    principal: Principal,
    spaceId: string,
    command: (actor: InquiryActor) => Omit<InquiryCommand, 'metadata'>,
  ) {
    const { actor } = await this.spaceFor(principal, spaceId);
    await this.run(principal, command(actor));
  }

  /** The caller's actor in the space if they moderate it; anyone else is refused. */
  async moderatorActor(principal: Principal, spaceId: string): Promise<InquiryActor> {
    const { actor, moderator } = await this.spaceFor(principal, spaceId);
    if (!moderator) {
      throw new DomainError(
        'inquiry.not-moderator',
        'Only teachers of the classrooms taking part can do that.',
      );
    }
    return actor;
  }

  async inviteClassroom(principal: Principal, spaceId: string, request: InviteClassroomRequest) {
    const classroomId =
      'joinCode' in request
        ? await this.classrooms.classroomIdByJoinCode(request.joinCode)
        : request.classroomId;
    if (classroomId === undefined) {
      throw new AppError(
        'classroom.unknown-join-code',
        'No classroom has that join code. Check it with the classroom’s teacher and try again.',
      );
    }
    await this.act(principal, spaceId, (actor) => ({
      type: 'InviteClassroomToInquiry',
      data: { spaceId, classroomId, actor },
    }));
    return this.view(principal, spaceId);
  }

  async respond(principal: Principal, spaceId: string, classroomId: string, accept: boolean) {
    await this.act(principal, spaceId, (actor) => ({
      type: 'RespondToInquiryInvitation',
      data: { spaceId, classroomId, accept, actor },
    }));
    return this.view(principal, spaceId);
  }

  async post(principal: Principal, spaceId: string, body: CreatePostRequest) {
    const postId = randomUUID();
    // The body enters the log sealed with its author's key; the decider checks the clear text.
    const sealedText = await this.personal.seal(principal.userId, body.text.trim());
    await this.act(principal, spaceId, (actor) => ({
      type: 'CreateInquiryPost',
      data: { spaceId, postId, ...body, sealedText, actor },
    }));
    const posts = await this.posts(principal, spaceId);
    const post = posts.find((p) => p.postId === postId);
    if (!post) throw new Error(`post ${postId} missing after catching up`);
    return post;
  }

  async hide(principal: Principal, spaceId: string, postId: string, reason?: string) {
    await this.act(principal, spaceId, (actor) => ({
      type: 'HideInquiryPost',
      data: { spaceId, postId, actor, ...(reason === undefined ? {} : { reason }) },
    }));
  }

  async setLocked(principal: Principal, spaceId: string, locked: boolean) {
    await this.act(principal, spaceId, (actor) => ({
      type: locked ? 'LockInquiryBoard' : 'UnlockInquiryBoard',
      data: { spaceId, actor },
    }));
    return this.view(principal, spaceId);
  }

  async removeParticipant(principal: Principal, spaceId: string, userId: string) {
    await this.act(principal, spaceId, (actor) => ({
      type: 'RemoveInquiryParticipant',
      data: { spaceId, userId, actor },
    }));
  }

  /**
   * Hidden posts keep their place with empty text, except for moderators.
   * With `postId`, just that post (a live push), as this caller may see it.
   */
  async posts(principal: Principal, spaceId: string, postId?: string): Promise<InquiryPost[]> {
    const { moderator, participant } = await this.spaceFor(principal, spaceId);
    if (!participant) {
      throw new DomainError(
        'inquiry.not-a-participant',
        'Your classroom is not taking part in this inquiry space yet.',
      );
    }
    const rows = await this.db.query<PostRow>(
      postId === undefined
        ? 'SELECT * FROM rm_inquiry_posts WHERE space_id = $1 ORDER BY posted_at, id'
        : 'SELECT * FROM rm_inquiry_posts WHERE space_id = $1 AND id = $2',
      postId === undefined ? [spaceId] : [spaceId, postId],
    );
    const people = await this.identity.displayNames([...new Set(rows.map((r) => r.author_id))]);
    const classroomName = await this.classrooms.namesOf([
      ...new Set(rows.flatMap((r) => (r.classroom_id ? [r.classroom_id] : []))),
    ]);
    const mentorOf = await this.mentorNames(
      spaceId,
      rows.filter((r) => r.author_role === 'mentor').map((r) => r.author_id),
    );
    return Promise.all(
      rows.map(async (r) => ({
        postId: r.id,
        kind: r.kind,
        replyTo: r.reply_to,
        authorFirstName: nameInSpace(
          mentorOf.get(r.author_id)?.name ?? people.get(r.author_id) ?? '',
          r.author_role,
        ),
        classroomName: r.classroom_id ? (classroomName.get(r.classroom_id) ?? '') : null,
        authorRole: r.author_role,
        organisation: mentorOf.get(r.author_id)?.organisation ?? null,
        text: r.hidden && !moderator ? '' : await this.personal.read(r.author_id, r.text, r.sealed),
        postedAt: new Date(r.posted_at).toISOString(),
        hidden: r.hidden,
      })),
    );
  }

  /**
   * Mentors' names as students see them (the display name chosen at invite, else the name)
   * and organisations, opened (or erased); all of the space's without `ids`.
   */
  private async mentorNames(spaceId: string, ids?: readonly string[]) {
    const rows = await this.db.query<{
      id: string;
      name: string;
      organisation: string;
      sealed: boolean;
      status: string;
      expires_at: Date | string;
    }>(
      ids === undefined
        ? 'SELECT id, COALESCE(display_name, name) AS name, organisation, sealed, status, expires_at FROM rm_inquiry_mentors WHERE space_id = $1'
        : 'SELECT id, COALESCE(display_name, name) AS name, organisation, sealed, status, expires_at FROM rm_inquiry_mentors WHERE space_id = $1 AND id = ANY($2::text[])',
      ids === undefined ? [spaceId] : [spaceId, [...new Set(ids)]],
    );
    const opened = await Promise.all(
      rows.map(async (m) => ({
        id: m.id,
        status: m.status,
        expiresAt: new Date(m.expires_at).getTime(),
        name: await this.personal.read(m.id, m.name, m.sealed),
        organisation: await this.personal.read(m.id, m.organisation, m.sealed),
      })),
    );
    return new Map(opened.map((m) => [m.id, m]));
  }

  /**
   * Who takes part, per participating classroom, by first name. Moderators
   * also get ids (to remove someone) and everyone removed is left out.
   * Mentors see the students only: first names and classroom names.
   */
  async participants(principal: Principal, spaceId: string): Promise<InquiryParticipants> {
    const { classrooms, moderator, participant, actor } = await this.spaceFor(principal, spaceId);
    if (!participant) {
      throw new DomainError(
        'inquiry.not-a-participant',
        'Your classroom is not taking part in this inquiry space yet.',
      );
    }
    const mentor = actor.kind === 'mentor';
    const ids = classrooms.filter((c) => participating(c.status)).map((c) => c.classroom_id);
    const names = [...(await this.classrooms.namesOf(ids))].map(([id, name]) => ({ id, name }));
    const removed = new Set(
      (
        await this.db.query<{ user_id: string }>(
          'SELECT user_id FROM rm_inquiry_removed WHERE space_id = $1',
          [spaceId],
        )
      ).map((r) => r.user_id),
    );
    const people = await this.classrooms.teachersAndStudentsOf(ids);
    const shown = people.filter((p) => !removed.has(p.userId) && (!mentor || p.role === 'student'));
    const displayNames = await this.identity.displayNames([...new Set(shown.map((p) => p.userId))]);
    const byFirstName = (a: { firstName: string }, b: { firstName: string }) =>
      a.firstName.localeCompare(b.firstName);
    const mentors = mentor ? [] : [...(await this.mentorNames(spaceId)).values()];
    return {
      spaceId,
      classrooms: names
        .map((c) => ({
          classroomId: c.id,
          classroomName: c.name,
          people: shown
            .filter((p) => p.classroomId === c.id)
            .map((p) => ({
              participantId: moderator ? p.userId : null,
              firstName: nameInSpace(displayNames.get(p.userId) ?? '', p.role),
              role: p.role,
            }))
            .sort(byFirstName),
        }))
        .sort((a, b) => a.classroomName.localeCompare(b.classroomName)),
      mentors: mentors
        .filter(
          (m) =>
            !removed.has(m.id) &&
            m.status !== 'revoked' &&
            m.status !== 'expired' &&
            m.expiresAt > Date.now(),
        )
        .map((m) => ({
          participantId: moderator ? m.id : null,
          firstName: nameInSpace(m.name, 'mentor'),
          organisation: m.organisation,
        }))
        .sort(byFirstName),
    };
  }

  /**
   * Classrooms a moderator could invite by picking them: those of the schools
   * their own participating classrooms belong to, not already in the space.
   */
  async invitableClassrooms(
    principal: Principal,
    spaceId: string,
  ): Promise<InvitableClassroomList> {
    const { actor, moderator, classrooms } = await this.spaceFor(principal, spaceId);
    if (!moderator || actor.kind !== 'person') {
      throw new DomainError(
        'inquiry.not-moderator',
        'Only teachers of the classrooms taking part can do that.',
      );
    }
    const rows = await this.classrooms.classroomsOfSameSchools(
      actor.teaches,
      classrooms.filter((c) => c.status !== 'declined').map((c) => c.classroom_id),
    );
    return { items: rows.map((r) => ({ classroomId: r.id, classroomName: r.name })) };
  }
}
