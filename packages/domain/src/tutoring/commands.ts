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

/** That `docId` is the student's own workspace is checked against the projects read model first. */
export type RaiseHelpRequest = Command<
  'RaiseHelpRequest',
  {
    requestId: string;
    classroomId: string;
    topic: string;
    /** What it is about, to reach the tutors of that subject; absent: any tutor. */
    subject?: string;
    docId?: string;
    checkpointId?: string;
  }
>;

/** That `tutorId` is a peer tutor of the classroom is checked against the roster first. */
export type ReferHelpRequest = Command<
  'ReferHelpRequest',
  { requestId: string; tutorId: string; note: string; actor: TutoringActor }
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
  { requestId: string; noteId: string; text: string }
>;

export type EndTutoringSession = Command<
  'EndTutoringSession',
  { requestId: string; summary: string; actor: TutoringActor }
>;

export type RateTutoringSession = Command<
  'RateTutoringSession',
  { requestId: string; stars: number; comment?: string }
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
