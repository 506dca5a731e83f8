import type { Decider } from '../common/decider.js';
import { DomainError } from '../common/domain-error.js';
import type { InquiryActor, InquiryCommand } from './commands.js';
import { explainContactDetails, findContactDetails } from './contact-details.js';
import type { InquiryAuthor, InquiryEvent } from './events.js';

export type InquiryClassroomStatus = 'host' | 'invited' | 'joined' | 'declined';

export interface InquiryMentor {
  readonly tokenHash: string;
  readonly expiresAt: string;
  readonly status: 'invited' | 'active' | 'revoked' | 'expired';
}

export type InquiryState =
  | { readonly status: 'absent' }
  | {
      readonly status: 'open';
      readonly spaceId: string;
      readonly boardDocId: string;
      readonly locked: boolean;
      readonly classrooms: ReadonlyMap<string, InquiryClassroomStatus>;
      readonly posts: ReadonlyMap<string, { readonly hidden: boolean }>;
      /** People and mentors a moderator removed. */
      readonly removed: ReadonlySet<string>;
      readonly mentors: ReadonlyMap<string, InquiryMentor>;
    };

type OpenSpace = Extract<InquiryState, { status: 'open' }>;

const MAX_POST = 2000;

/** What a mentor's access is at `now`: the server's revocation watcher reads this too. */
export function mentorStatus(
  state: InquiryState,
  mentorId: string,
  now: string,
): InquiryMentor['status'] | 'unknown' {
  if (state.status === 'absent') return 'unknown';
  const mentor = state.mentors.get(mentorId);
  if (mentor === undefined) return 'unknown';
  if (mentor.status === 'revoked' || mentor.status === 'expired') return mentor.status;
  if (Date.parse(now) >= Date.parse(mentor.expiresAt)) return 'expired';
  return mentor.status;
}

function participating(status: InquiryClassroomStatus | undefined): boolean {
  return status === 'host' || status === 'joined';
}

/** The participating classrooms a person teaches; moderators are their teachers. */
export function moderates(state: InquiryState, actor: InquiryActor): boolean {
  if (state.status === 'absent' || actor.kind !== 'person') return false;
  return actor.teaches.some((id) => participating(state.classrooms.get(id)));
}

function requireSpace(state: InquiryState): OpenSpace {
  if (state.status === 'absent') {
    throw new DomainError('inquiry.space-not-found', 'This inquiry space does not exist.');
  }
  return state;
}

function requireModerator(state: OpenSpace, actor: InquiryActor): void {
  if (!moderates(state, actor)) {
    throw new DomainError(
      'inquiry.not-moderator',
      'Only teachers of the classrooms taking part can do that.',
    );
  }
}

function requireLiveMentor(state: OpenSpace, mentorId: string, at: string): void {
  const status = mentorStatus(state, mentorId, at);
  if (status === 'unknown') {
    throw new DomainError(
      'inquiry.not-a-participant',
      'Your mentor invitation is for another inquiry space.',
    );
  }
  if (status === 'revoked') {
    throw new DomainError('inquiry.mentor-revoked', 'A teacher has ended your access as a mentor.');
  }
  if (status === 'expired') {
    throw new DomainError('inquiry.invite-expired', 'Your access as a mentor has ended.');
  }
}

/**
 * Who may take part, and as whom: a mentor of this space while their access
 * lasts, or a teacher or student of a participating classroom not removed.
 */
function requireParticipant(
  state: OpenSpace,
  actor: InquiryActor,
  at: string,
  by: string,
): InquiryAuthor {
  if (actor.kind === 'mentor') {
    requireLiveMentor(state, actor.mentorId, at);
    if (state.removed.has(actor.mentorId)) {
      throw new DomainError(
        'inquiry.participant-removed',
        'A teacher removed you from this inquiry space.',
      );
    }
    return { role: 'mentor', mentorId: actor.mentorId };
  }
  const taught = actor.teaches.find((id) => participating(state.classrooms.get(id)));
  const studied = actor.studiesIn.find((id) => participating(state.classrooms.get(id)));
  if (taught === undefined && studied === undefined) {
    throw new DomainError(
      'inquiry.not-a-participant',
      'Your classroom is not taking part in this inquiry space.',
    );
  }
  if (state.removed.has(by)) {
    throw new DomainError(
      'inquiry.participant-removed',
      'A teacher removed you from this inquiry space.',
    );
  }
  return taught !== undefined
    ? { role: 'teacher', userId: by, classroomId: taught }
    : { role: 'student', userId: by, classroomId: studied ?? '' };
}

function isCalendarDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

export const inquiryDecider: Decider<InquiryCommand, InquiryEvent, InquiryState> = {
  initialState: { status: 'absent' },

  decide(command, state) {
    const { at, by } = command.metadata;
    switch (command.type) {
      case 'OpenInquirySpace': {
        if (state.status !== 'absent') {
          throw new DomainError('inquiry.space-exists', 'This inquiry space already exists.');
        }
        const { spaceId, classroomId, boardDocId, actor } = command.data;
        if (actor.kind !== 'person' || !actor.teaches.includes(classroomId)) {
          throw new DomainError(
            'inquiry.not-moderator',
            'Only a teacher of the classroom can open an inquiry space for it.',
          );
        }
        const title = command.data.title.trim();
        const drivingQuestion = command.data.drivingQuestion.trim();
        if (title.length === 0 || title.length > 100) {
          throw new DomainError(
            'inquiry.text-invalid',
            'Give the space a title of 1 to 100 characters.',
          );
        }
        if (drivingQuestion.length === 0 || drivingQuestion.length > 500) {
          throw new DomainError(
            'inquiry.text-invalid',
            'Write a driving question of 1 to 500 characters.',
          );
        }
        return [
          {
            type: 'InquirySpaceOpened',
            data: {
              spaceId,
              hostClassroomId: classroomId,
              title,
              drivingQuestion,
              boardDocId,
              by,
              at,
            },
          },
        ];
      }

      case 'InviteClassroomToInquiry': {
        const space = requireSpace(state);
        requireModerator(space, command.data.actor);
        const { spaceId, classroomId } = command.data;
        const current = space.classrooms.get(classroomId);
        if (participating(current)) {
          throw new DomainError(
            'inquiry.classroom-already-in',
            'That classroom already takes part in this space.',
          );
        }
        if (current === 'invited') return [];
        return [{ type: 'InquiryClassroomInvited', data: { spaceId, classroomId, by, at } }];
      }

      case 'RespondToInquiryInvitation': {
        const space = requireSpace(state);
        const { spaceId, classroomId, accept, actor } = command.data;
        if (actor.kind !== 'person' || !actor.teaches.includes(classroomId)) {
          throw new DomainError(
            'inquiry.not-invited-teacher',
            'Only a teacher of the invited classroom can answer this invitation.',
          );
        }
        if (space.classrooms.get(classroomId) !== 'invited') {
          throw new DomainError(
            'inquiry.no-invitation',
            'There is no open invitation for that classroom.',
          );
        }
        return [
          {
            type: accept ? 'InquiryInvitationAccepted' : 'InquiryInvitationDeclined',
            data: { spaceId, classroomId, by, at },
          },
        ];
      }

      case 'OpenInquiryBoard': {
        const space = requireSpace(state);
        const { actor, spaceId } = command.data;
        requireParticipant(space, actor, at, by);
        if (actor.kind !== 'mentor') return [];
        return [
          {
            type: 'MentorOpenedBoard',
            data: { spaceId, mentorId: actor.mentorId, docId: space.boardDocId, at },
          },
        ];
      }

      case 'CreateInquiryPost': {
        const space = requireSpace(state);
        const { spaceId, postId, kind, replyTo, actor } = command.data;
        const author = requireParticipant(space, actor, at, by);
        if (space.locked && !moderates(space, actor)) {
          throw new DomainError('inquiry.board-locked', 'A teacher has locked this board for now.');
        }
        if (space.posts.has(postId)) {
          throw new DomainError('inquiry.post-exists', 'This post already exists.');
        }
        if (replyTo !== undefined && !space.posts.has(replyTo)) {
          throw new DomainError('inquiry.post-not-found', 'The post you reply to does not exist.');
        }
        const text = command.data.text.trim();
        if (text.length === 0 || text.length > MAX_POST) {
          throw new DomainError(
            'inquiry.text-invalid',
            `Write a post of 1 to ${MAX_POST.toLocaleString('en')} characters.`,
          );
        }
        const findings = findContactDetails(text);
        if (findings.length > 0) {
          throw new DomainError('inquiry.contact-details', explainContactDetails(findings));
        }
        return [
          {
            type: 'InquiryPostAdded',
            data: {
              spaceId,
              postId,
              kind,
              text: command.data.sealedText,
              sealed: true,
              replyTo: replyTo ?? null,
              author,
              at,
            },
          },
        ];
      }

      case 'HideInquiryPost': {
        const space = requireSpace(state);
        requireModerator(space, command.data.actor);
        const { spaceId, postId } = command.data;
        const post = space.posts.get(postId);
        if (post === undefined) {
          throw new DomainError('inquiry.post-not-found', 'That post does not exist.');
        }
        if (post.hidden) return [];
        const reason = command.data.reason?.trim() ?? '';
        return [
          {
            type: 'InquiryPostHidden',
            data: { spaceId, postId, reason: reason.length > 0 ? reason : null, by, at },
          },
        ];
      }

      case 'LockInquiryBoard':
      case 'UnlockInquiryBoard': {
        const space = requireSpace(state);
        requireModerator(space, command.data.actor);
        const lock = command.type === 'LockInquiryBoard';
        if (space.locked === lock) return [];
        const { spaceId } = command.data;
        return [
          lock
            ? { type: 'InquiryBoardLocked', data: { spaceId, by, at } }
            : { type: 'InquiryBoardUnlocked', data: { spaceId, by, at } },
        ];
      }

      case 'RemoveInquiryParticipant': {
        const space = requireSpace(state);
        requireModerator(space, command.data.actor);
        const { spaceId, userId } = command.data;
        if (userId === by) {
          throw new DomainError(
            'inquiry.cannot-remove-self',
            'You cannot remove yourself; another teacher can.',
          );
        }
        if (space.removed.has(userId)) return [];
        return [{ type: 'InquiryParticipantRemoved', data: { spaceId, userId, by, at } }];
      }

      case 'InviteMentor': {
        const space = requireSpace(state);
        requireModerator(space, command.data.actor);
        const { spaceId, mentorId, backgroundCheckVerifiedOn, expiresAt, tokenHash } = command.data;
        if (space.mentors.has(mentorId)) {
          throw new DomainError('inquiry.mentor-exists', 'This mentor is already invited.');
        }
        const name = command.data.name.trim();
        const organisation = command.data.organisation.trim();
        const displayName = command.data.displayName?.trim();
        if (name.length === 0 || organisation.length === 0 || displayName === '') {
          throw new DomainError(
            'inquiry.text-invalid',
            'Give the mentor’s name and their organisation.',
          );
        }
        if (
          !isCalendarDate(backgroundCheckVerifiedOn) ||
          backgroundCheckVerifiedOn > at.slice(0, 10)
        ) {
          throw new DomainError(
            'inquiry.background-check-invalid',
            'Give the day the background check was verified; it cannot be in the future.',
          );
        }
        if (Number.isNaN(Date.parse(expiresAt)) || Date.parse(expiresAt) <= Date.parse(at)) {
          throw new DomainError(
            'inquiry.mentor-expiry-invalid',
            'The mentor’s access must end after now.',
          );
        }
        return [
          {
            type: 'MentorInvited',
            data: {
              spaceId,
              mentorId,
              name: command.data.sealed.name,
              ...(displayName !== undefined && command.data.sealed.displayName !== undefined
                ? { displayName: command.data.sealed.displayName }
                : {}),
              organisation: command.data.sealed.organisation,
              sealed: true,
              backgroundCheckVerifiedOn,
              expiresAt,
              tokenHash,
              by,
              at,
            },
          },
        ];
      }

      case 'SignInMentor': {
        const space = requireSpace(state);
        const { spaceId, mentorId, tokenHash } = command.data;
        const mentor = space.mentors.get(mentorId);
        if (mentor === undefined) {
          throw new DomainError('inquiry.mentor-not-found', 'This invite link is not valid.');
        }
        if (mentor.tokenHash !== tokenHash) {
          throw new DomainError('inquiry.invite-token-mismatch', 'This invite link is not valid.');
        }
        requireLiveMentor(space, mentorId, at);
        if (space.removed.has(mentorId)) {
          throw new DomainError(
            'inquiry.participant-removed',
            'A teacher removed you from this inquiry space.',
          );
        }
        return [{ type: 'MentorSignedIn', data: { spaceId, mentorId, at } }];
      }

      case 'RevokeMentor': {
        const space = requireSpace(state);
        requireModerator(space, command.data.actor);
        const { spaceId, mentorId } = command.data;
        const mentor = space.mentors.get(mentorId);
        if (mentor === undefined) {
          throw new DomainError('inquiry.mentor-not-found', 'No such mentor in this space.');
        }
        if (mentor.status === 'revoked') return [];
        return [{ type: 'MentorRevoked', data: { spaceId, mentorId, by, at } }];
      }

      case 'ExpireMentor': {
        const space = requireSpace(state);
        const { spaceId, mentorId } = command.data;
        const mentor = space.mentors.get(mentorId);
        if (mentor === undefined || mentor.status === 'revoked' || mentor.status === 'expired') {
          return [];
        }
        if (Date.parse(at) < Date.parse(mentor.expiresAt)) return [];
        return [{ type: 'MentorAccessExpired', data: { spaceId, mentorId, at } }];
      }
    }
  },

  evolve(state, event) {
    if (event.type === 'InquirySpaceOpened') {
      return {
        status: 'open',
        spaceId: event.data.spaceId,
        boardDocId: event.data.boardDocId,
        locked: false,
        classrooms: new Map([[event.data.hostClassroomId, 'host']]),
        posts: new Map(),
        removed: new Set(),
        mentors: new Map(),
      };
    }
    if (state.status === 'absent') return state;
    const withClassroom = (classroomId: string, status: InquiryClassroomStatus): OpenSpace => ({
      ...state,
      classrooms: new Map([...state.classrooms, [classroomId, status]]),
    });
    const withMentor = (mentorId: string, status: InquiryMentor['status']): OpenSpace => {
      const mentor = state.mentors.get(mentorId);
      if (mentor === undefined) return state;
      return { ...state, mentors: new Map([...state.mentors, [mentorId, { ...mentor, status }]]) };
    };
    switch (event.type) {
      case 'InquiryClassroomInvited':
        return withClassroom(event.data.classroomId, 'invited');
      case 'InquiryInvitationAccepted':
        return withClassroom(event.data.classroomId, 'joined');
      case 'InquiryInvitationDeclined':
        return withClassroom(event.data.classroomId, 'declined');
      case 'InquiryPostAdded':
        return {
          ...state,
          posts: new Map([...state.posts, [event.data.postId, { hidden: false }]]),
        };
      case 'InquiryPostHidden':
        return {
          ...state,
          posts: new Map([...state.posts, [event.data.postId, { hidden: true }]]),
        };
      case 'InquiryBoardLocked':
        return { ...state, locked: true };
      case 'InquiryBoardUnlocked':
        return { ...state, locked: false };
      case 'InquiryParticipantRemoved':
        return { ...state, removed: new Set([...state.removed, event.data.userId]) };
      case 'MentorInvited':
        return {
          ...state,
          mentors: new Map([
            ...state.mentors,
            [
              event.data.mentorId,
              {
                tokenHash: event.data.tokenHash,
                expiresAt: event.data.expiresAt,
                status: 'invited',
              },
            ],
          ]),
        };
      case 'MentorSignedIn':
        return withMentor(event.data.mentorId, 'active');
      case 'MentorOpenedBoard':
        return state;
      case 'MentorRevoked':
        return withMentor(event.data.mentorId, 'revoked');
      case 'MentorAccessExpired':
        return withMentor(event.data.mentorId, 'expired');
    }
  },
};
