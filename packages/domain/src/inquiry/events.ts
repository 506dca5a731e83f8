import type { DomainEvent } from '../common/decider.js';

/*
 * One stream per inquiry space, `inquiry-<spaceId>`: its classrooms, posts,
 * moderation and mentors. Every rule cuts across them (a mentor may post only
 * while their access lasts and the board is unlocked; a removed participant
 * may not post; moderators are the teachers of the classrooms that joined), so
 * one stream keeps each a single consistent decision. Traffic is human-paced.
 * Mentor sign-ins and boards opened are events too: the log is the access
 * report, and it cannot be edited afterwards.
 */

export type InquirySpaceOpened = DomainEvent<
  'InquirySpaceOpened',
  {
    spaceId: string;
    hostClassroomId: string;
    title: string;
    drivingQuestion: string;
    boardDocId: string;
    by: string;
    at: string;
  }
>;

export type InquiryClassroomInvited = DomainEvent<
  'InquiryClassroomInvited',
  { spaceId: string; classroomId: string; by: string; at: string }
>;

export type InquiryInvitationAccepted = DomainEvent<
  'InquiryInvitationAccepted',
  { spaceId: string; classroomId: string; by: string; at: string }
>;

export type InquiryInvitationDeclined = DomainEvent<
  'InquiryInvitationDeclined',
  { spaceId: string; classroomId: string; by: string; at: string }
>;

export type InquiryAuthor =
  | { readonly role: 'teacher' | 'student'; readonly userId: string; readonly classroomId: string }
  | { readonly role: 'mentor'; readonly mentorId: string };

/**
 * Post bodies and a mentor's name and organisation are personal data: with
 * `sealed`, they are sealed with their person's key (the author's user id or
 * mentor id; see the server's PersonalDataVault), so erasing that person makes
 * them read as erased, in the log and in every read model rebuilt from it.
 * Events recorded before sealing began carry them in the clear, without `sealed`.
 */
export type InquiryPostAdded = DomainEvent<
  'InquiryPostAdded',
  {
    spaceId: string;
    postId: string;
    kind: 'evidence' | 'discussion';
    text: string;
    sealed?: true;
    replyTo: string | null;
    author: InquiryAuthor;
    at: string;
  }
>;

export type InquiryPostHidden = DomainEvent<
  'InquiryPostHidden',
  { spaceId: string; postId: string; reason: string | null; by: string; at: string }
>;

export type InquiryBoardLocked = DomainEvent<
  'InquiryBoardLocked',
  { spaceId: string; by: string; at: string }
>;
export type InquiryBoardUnlocked = DomainEvent<
  'InquiryBoardUnlocked',
  { spaceId: string; by: string; at: string }
>;

/** `userId` is a person's id, or a mentor's id for a mentor. */
export type InquiryParticipantRemoved = DomainEvent<
  'InquiryParticipantRemoved',
  { spaceId: string; userId: string; by: string; at: string }
>;

export type MentorInvited = DomainEvent<
  'MentorInvited',
  {
    spaceId: string;
    mentorId: string;
    name: string;
    /** How students see them, chosen at invite ("Dr Okafor"); absent in older events: `name`. */
    displayName?: string;
    organisation: string;
    /** `name`, `displayName` and `organisation` are sealed with the mentor's key (see InquiryPostAdded). */
    sealed?: true;
    backgroundCheckVerifiedOn: string;
    expiresAt: string;
    /** A hash of the invite link's secret; the secret itself is never stored. */
    tokenHash: string;
    by: string;
    at: string;
  }
>;

export type MentorSignedIn = DomainEvent<
  'MentorSignedIn',
  { spaceId: string; mentorId: string; at: string }
>;

export type MentorOpenedBoard = DomainEvent<
  'MentorOpenedBoard',
  { spaceId: string; mentorId: string; docId: string; at: string }
>;

export type MentorRevoked = DomainEvent<
  'MentorRevoked',
  { spaceId: string; mentorId: string; by: string; at: string }
>;

/** Recorded by the server's timer at the moment a mentor's access ends. */
export type MentorAccessExpired = DomainEvent<
  'MentorAccessExpired',
  { spaceId: string; mentorId: string; at: string }
>;

export type InquiryEvent =
  | InquirySpaceOpened
  | InquiryClassroomInvited
  | InquiryInvitationAccepted
  | InquiryInvitationDeclined
  | InquiryPostAdded
  | InquiryPostHidden
  | InquiryBoardLocked
  | InquiryBoardUnlocked
  | InquiryParticipantRemoved
  | MentorInvited
  | MentorSignedIn
  | MentorOpenedBoard
  | MentorRevoked
  | MentorAccessExpired;
