import type { DomainEvent } from '../common/decider.js';

/*
 * One stream per help request, `help-<requestId>`, carrying the request and
 * the tutoring session it turns into. Claiming is the contended step (several
 * tutors watch the same live queue): with the request and its session on one
 * stream, "who claimed first" is a single optimistic-concurrency decision and
 * the loser's retry sees the claim and is refused with a typed error.
 * Who is a peer tutor or a teacher lives on the classroom stream; the server
 * resolves it into the command's actor, as the projects context does.
 */

export type HelpRequested = DomainEvent<
  'HelpRequested',
  {
    requestId: string;
    classroomId: string;
    studentId: string;
    /** Sealed with the student's key when `sealed`; in the clear in events from before sealing began. */
    topic: string;
    sealed?: true;
    /** Absent on requests raised before subjects existed, and on requests for any tutor. */
    subject?: string;
    docId: string | null;
    checkpointId: string | null;
    at: string;
  }
>;

export type HelpRequestReferred = DomainEvent<
  'HelpRequestReferred',
  {
    requestId: string;
    tutorId: string;
    /**
     * Sealed with the student's key (whom it is about, not `by`) when
     * `sealed`; empty when the teacher wrote none; in the clear in events
     * from before sealing began.
     */
    note: string;
    sealed?: true;
    by: string;
    at: string;
  }
>;

export type HelpRequestCancelled = DomainEvent<
  'HelpRequestCancelled',
  { requestId: string; by: string; at: string }
>;

export type HelpRequestClaimed = DomainEvent<
  'HelpRequestClaimed',
  { requestId: string; tutorId: string; at: string }
>;

export type TutoringSessionStarted = DomainEvent<
  'TutoringSessionStarted',
  {
    requestId: string;
    sessionId: string;
    classroomId: string;
    tutorId: string;
    studentId: string;
    /** The shared Yjs scratchpad of this session. */
    scratchpadDocId: string;
    linkedDocId: string | null;
    at: string;
  }
>;

export type LinkedDocAccessSet = DomainEvent<
  'LinkedDocAccessSet',
  { requestId: string; sessionId: string; allowed: boolean; by: string; at: string }
>;

export type SessionNoteAdded = DomainEvent<
  'SessionNoteAdded',
  {
    requestId: string;
    sessionId: string;
    noteId: string;
    authorId: string;
    /** Sealed with the author's key when `sealed`. */
    text: string;
    sealed?: true;
    at: string;
  }
>;

export type TutoringSessionEnded = DomainEvent<
  'TutoringSessionEnded',
  {
    requestId: string;
    sessionId: string;
    /** Sealed with the key of `by` when `sealed`. */
    summary: string;
    sealed?: true;
    by: string;
    at: string;
  }
>;

export type TutoringSessionRated = DomainEvent<
  'TutoringSessionRated',
  {
    requestId: string;
    sessionId: string;
    stars: number;
    /** Sealed with the student's key when `sealed`. */
    comment: string | null;
    sealed?: true;
    at: string;
  }
>;

export type TutoringEvent =
  | HelpRequested
  | HelpRequestReferred
  | HelpRequestCancelled
  | HelpRequestClaimed
  | TutoringSessionStarted
  | LinkedDocAccessSet
  | SessionNoteAdded
  | TutoringSessionEnded
  | TutoringSessionRated;
