import type { Command } from '../common/decider.js';

/**
 * Who is acting, as the classroom stream says at the moment of the command:
 * `staff` for its teachers and co-teachers, `peerTutor` for designated peer
 * tutors. The server resolves it from the roster before issuing the command.
 */
export interface TutoringActor {
  readonly staff: boolean;
  readonly peerTutor: boolean;
  /** The subject a peer tutor was designated for; null or absent: any subject. */
  readonly tutorSubject?: string | null;
}

/**
 * Free text written by students (topics, notes, summaries, comments) is
 * checked here in the clear (`topic`, `text`…) and kept in the log only
 * sealed: the `sealed…` field is the same trimmed text sealed by the server
 * with its writer's key, so erasing that person makes it read as erased.
 */

/** That `docId` is the student's own workspace is checked against the projects read model first. */
export type RaiseHelpRequest = Command<
  'RaiseHelpRequest',
  {
    requestId: string;
    classroomId: string;
    topic: string;
    /** The trimmed topic sealed with the student's key. */
    sealedTopic: string;
    /** What it is about, to reach the tutors of that subject; absent: any tutor. */
    subject?: string;
    docId?: string;
    checkpointId?: string;
  }
>;

/** That `tutorId` is a peer tutor of the classroom is checked against the roster first. */
export type ReferHelpRequest = Command<
  'ReferHelpRequest',
  {
    requestId: string;
    tutorId: string;
    note: string;
    /**
     * The trimmed note sealed with the STUDENT's key, when there is one: the
     * teacher writes it, but it is about the student (a minor), so erasing
     * the student makes it read as erased.
     */
    sealedNote?: string;
    actor: TutoringActor;
  }
>;

export type CancelHelpRequest = Command<
  'CancelHelpRequest',
  { requestId: string; actor: TutoringActor }
>;

export type ClaimHelpRequest = Command<
  'ClaimHelpRequest',
  { requestId: string; sessionId: string; scratchpadDocId: string; actor: TutoringActor }
>;

export type SetLinkedDocAccess = Command<
  'SetLinkedDocAccess',
  { requestId: string; allowed: boolean; actor: TutoringActor }
>;

export type AddSessionNote = Command<
  'AddSessionNote',
  {
    requestId: string;
    noteId: string;
    text: string;
    /** The trimmed text sealed with its author's key. */
    sealedText: string;
  }
>;

export type EndTutoringSession = Command<
  'EndTutoringSession',
  {
    requestId: string;
    summary: string;
    /** The trimmed summary sealed with the key of whoever ends the session. */
    sealedSummary: string;
    actor: TutoringActor;
  }
>;

export type RateTutoringSession = Command<
  'RateTutoringSession',
  {
    requestId: string;
    stars: number;
    comment?: string;
    /** The trimmed comment sealed with the student's key, when there is one. */
    sealedComment?: string;
  }
>;

export type TutoringCommand =
  | RaiseHelpRequest
  | ReferHelpRequest
  | CancelHelpRequest
  | ClaimHelpRequest
  | SetLinkedDocAccess
  | AddSessionNote
  | EndTutoringSession
  | RateTutoringSession;
