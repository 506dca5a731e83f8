import type { Command } from '../common/decider.js';

/**
 * Who is acting, resolved by the server before the command is issued: the
 * classrooms a person teaches (teacher or co-teacher) and the classroom they
 * are a student in, from the roster; or the mentor their invite-link session
 * belongs to. The space's stream decides what each may do here.
 */
export type InquiryActor =
  | {
      readonly kind: 'person';
      readonly teaches: readonly string[];
      readonly studiesIn: readonly string[];
    }
  | { readonly kind: 'mentor'; readonly mentorId: string };

interface Acting {
  actor: InquiryActor;
}

export type OpenInquirySpace = Command<
  'OpenInquirySpace',
  {
    spaceId: string;
    classroomId: string;
    title: string;
    drivingQuestion: string;
    boardDocId: string;
  } & Acting
>;

export type InviteClassroomToInquiry = Command<
  'InviteClassroomToInquiry',
  { spaceId: string; classroomId: string } & Acting
>;

export type RespondToInquiryInvitation = Command<
  'RespondToInquiryInvitation',
  { spaceId: string; classroomId: string; accept: boolean } & Acting
>;

/**
 * `text` is checked here (length, contact details); `sealedText` is the same
 * trimmed text sealed by the server with the author's key, and is what the
 * log keeps. The domain cannot seal: it holds no keys and does no I/O.
 */
export type CreateInquiryPost = Command<
  'CreateInquiryPost',
  {
    spaceId: string;
    postId: string;
    kind: 'evidence' | 'discussion';
    text: string;
    sealedText: string;
    replyTo?: string;
  } & Acting
>;

/** Opening the board: refused to non-participants; recorded for mentors. */
export type OpenInquiryBoard = Command<'OpenInquiryBoard', { spaceId: string } & Acting>;

export type HideInquiryPost = Command<
  'HideInquiryPost',
  { spaceId: string; postId: string; reason?: string } & Acting
>;

export type LockInquiryBoard = Command<'LockInquiryBoard', { spaceId: string } & Acting>;
export type UnlockInquiryBoard = Command<'UnlockInquiryBoard', { spaceId: string } & Acting>;

export type RemoveInquiryParticipant = Command<
  'RemoveInquiryParticipant',
  { spaceId: string; userId: string } & Acting
>;

export type InviteMentor = Command<
  'InviteMentor',
  {
    spaceId: string;
    mentorId: string;
    name: string;
    /** How students see them ("Dr Okafor"); their name when absent. */
    displayName?: string;
    organisation: string;
    /** The trimmed name, display name and organisation sealed with the mentor's key: what the log keeps. */
    sealed: { name: string; organisation: string; displayName?: string };
    /** `2026-11-01`. */
    backgroundCheckVerifiedOn: string;
    expiresAt: string;
    tokenHash: string;
  } & Acting
>;

export type SignInMentor = Command<
  'SignInMentor',
  { spaceId: string; mentorId: string; tokenHash: string }
>;

export type RevokeMentor = Command<'RevokeMentor', { spaceId: string; mentorId: string } & Acting>;

/** Issued by the server's timer at `expiresAt`; records nothing before then or twice. */
export type ExpireMentor = Command<'ExpireMentor', { spaceId: string; mentorId: string }>;

export type InquiryCommand =
  | OpenInquirySpace
  | InviteClassroomToInquiry
  | RespondToInquiryInvitation
  | CreateInquiryPost
  | OpenInquiryBoard
  | HideInquiryPost
  | LockInquiryBoard
  | UnlockInquiryBoard
  | RemoveInquiryParticipant
  | InviteMentor
  | SignInMentor
  | RevokeMentor
  | ExpireMentor;
