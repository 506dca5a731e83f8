import { z } from 'zod';
import { TutoringSubjectSchema } from './classrooms.js';
import { EmptyRequestSchema, IdSchema } from './common.js';
import { defineRoute } from './route.js';
import { textSchema } from './text.js';

/*
 * Peer tutoring (issue 6). A student raises a help request; the classroom's
 * peer tutors see a live queue; a teacher may refer the request to one tutor
 * with a private note; the first tutor to claim it opens a session with a
 * shared scratchpad (a Yjs document).
 */

export const HelpTopicSchema = textSchema({
  empty: 'Say what you need help with.',
  max: 200,
  tooLong: 'Keep the topic under 200 characters.',
});

export const RaiseHelpRequestRequestSchema = z.object({
  topic: HelpTopicSchema,
  /** What it is about, to reach the peer tutors of that subject; blank or absent: any tutor. */
  subject: TutoringSubjectSchema.optional(),
  /** The student's own project workspace the question is about, if any. */
  docId: IdSchema.optional(),
  /** A checkpoint of that project; needs `docId`. */
  checkpointId: IdSchema.optional(),
});
export type RaiseHelpRequestRequest = z.infer<typeof RaiseHelpRequestRequestSchema>;

export const ReferHelpRequestRequestSchema = z.object({
  tutorId: IdSchema,
  /** Only the tutor and the classroom's teachers ever read it. */
  note: textSchema({ max: 500, tooLong: 'Keep the note under 500 characters.' }).default(''),
});
export type ReferHelpRequestRequest = z.input<typeof ReferHelpRequestRequestSchema>;

export const HelpRequestStatusSchema = z.enum(['open', 'claimed', 'cancelled']);
export type HelpRequestStatus = z.infer<typeof HelpRequestStatusSchema>;

export const HelpRequestViewSchema = z.object({
  requestId: IdSchema,
  classroomId: IdSchema,
  studentId: IdSchema,
  /** First name only. */
  studentName: z.string(),
  topic: z.string(),
  /** Null: for any tutor. */
  subject: z.string().nullable(),
  docId: IdSchema.nullable(),
  checkpointId: IdSchema.nullable(),
  status: HelpRequestStatusSchema,
  raisedAt: z.string(),
  /** The tutor a teacher referred it to; only that tutor may claim it then. */
  referredTo: IdSchema.nullable(),
  /** Present only for the referred tutor and the classroom's teachers. */
  referralNote: z.string().optional(),
  sessionId: IdSchema.nullable(),
});
export type HelpRequestView = z.infer<typeof HelpRequestViewSchema>;

export const HelpQueueSchema = z.object({
  classroomId: IdSchema,
  /** Open requests, oldest first. */
  items: z.array(HelpRequestViewSchema),
});
export type HelpQueue = z.infer<typeof HelpQueueSchema>;

export const SessionNoteSchema = z.object({
  noteId: IdSchema,
  authorId: IdSchema,
  authorName: z.string(),
  text: z.string(),
  writtenAt: z.string(),
});
export type SessionNote = z.infer<typeof SessionNoteSchema>;

export const AddSessionNoteRequestSchema = z.object({
  text: textSchema({
    empty: 'Write something first.',
    max: 1000,
    tooLong: 'Keep a note under 1,000 characters.',
  }),
});
export type AddSessionNoteRequest = z.infer<typeof AddSessionNoteRequestSchema>;

export const EndSessionRequestSchema = z.object({
  summary: textSchema({
    empty: 'Sum up what you worked on.',
    max: 1000,
    tooLong: 'Keep the summary under 1,000 characters.',
  }),
});
export type EndSessionRequest = z.infer<typeof EndSessionRequestSchema>;

export const RateSessionRequestSchema = z.object({
  stars: z.number().int('Whole stars only.').min(1, 'At least one star.').max(5, 'At most five.'),
  comment: textSchema({ max: 500, tooLong: 'Keep the comment under 500 characters.' }).optional(),
});
export type RateSessionRequest = z.infer<typeof RateSessionRequestSchema>;

/** Teachers decide whether the tutor may read the student's linked project document. */
export const SetProjectDocAccessRequestSchema = z.object({ allowed: z.boolean() });
export type SetProjectDocAccessRequest = z.infer<typeof SetProjectDocAccessRequestSchema>;

export const TutoringSessionViewSchema = z.object({
  sessionId: IdSchema,
  requestId: IdSchema,
  classroomId: IdSchema,
  tutorId: IdSchema,
  tutorName: z.string(),
  studentId: IdSchema,
  studentName: z.string(),
  topic: z.string(),
  /** The shared Yjs scratchpad: tutor and student write, teachers observe read-only. */
  scratchpadDocId: IdSchema,
  /** The student's project document linked to the request, if any. */
  linkedDocId: IdSchema.nullable(),
  /** Whether the tutor may read `linkedDocId` (a teacher's choice). */
  linkedDocReadable: z.boolean(),
  status: z.enum(['live', 'ended']),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  summary: z.string().nullable(),
  rating: z.object({ stars: z.number().int(), comment: z.string().nullable() }).nullable(),
  notes: z.array(SessionNoteSchema),
});
export type TutoringSessionView = z.infer<typeof TutoringSessionViewSchema>;

export const TutoringSessionListSchema = z.object({ items: z.array(TutoringSessionViewSchema) });
export type TutoringSessionList = z.infer<typeof TutoringSessionListSchema>;

const inClassroom = (permission: 'tutoring.request-help' | 'classroom.view') =>
  ({ permission, scope: 'classroom', param: 'classroomId' }) as const;
const requestDecides = {
  decidedBy: 'service',
  reason: 'Decided on the request: its own student, the tutor it was referred to, its teachers',
} as const;
const sessionDecides = {
  decidedBy: 'service',
  reason: 'Decided on the session: its tutor, its student, the classroom’s teachers',
} as const;

export const TUTORING_ROUTES = {
  raiseHelpRequest: defineRoute({
    method: 'POST',
    path: '/classrooms/:classroomId/help-requests',
    summary: 'Ask for help (students)',
    authorize: inClassroom('tutoring.request-help'),
    body: RaiseHelpRequestRequestSchema,
    response: HelpRequestViewSchema,
  }),
  helpQueue: defineRoute({
    method: 'GET',
    path: '/classrooms/:classroomId/help-requests',
    summary: 'Open help requests (peer tutors and teachers; students see their own)',
    authorize: inClassroom('classroom.view'),
    response: HelpQueueSchema,
  }),
  cancelHelpRequest: defineRoute({
    method: 'DELETE',
    path: '/help-requests/:requestId',
    summary: 'Withdraw an open help request (its student or a teacher)',
    authorize: requestDecides,
    status: 204,
  }),
  referHelpRequest: defineRoute({
    method: 'POST',
    path: '/help-requests/:requestId/referral',
    summary: 'Refer an open request to one peer tutor with a private note (teachers)',
    authorize: requestDecides,
    body: ReferHelpRequestRequestSchema,
    response: HelpRequestViewSchema,
  }),
  claimHelpRequest: defineRoute({
    method: 'POST',
    path: '/help-requests/:requestId/claim',
    summary: 'Claim a request and open a tutoring session; 409 if someone was first',
    authorize: requestDecides,
    body: EmptyRequestSchema,
    response: TutoringSessionViewSchema,
  }),
  tutoringSessions: defineRoute({
    method: 'GET',
    path: '/classrooms/:classroomId/tutoring-sessions',
    summary: 'Tutoring sessions, live and past (teachers: all; others: their own)',
    authorize: inClassroom('classroom.view'),
    response: TutoringSessionListSchema,
  }),
  tutoringSession: defineRoute({
    method: 'GET',
    path: '/tutoring-sessions/:sessionId',
    summary: 'One tutoring session',
    authorize: sessionDecides,
    response: TutoringSessionViewSchema,
  }),
  addSessionNote: defineRoute({
    method: 'POST',
    path: '/tutoring-sessions/:sessionId/notes',
    summary: 'Add a session note (tutor or student, while live)',
    authorize: sessionDecides,
    body: AddSessionNoteRequestSchema,
    response: TutoringSessionViewSchema,
  }),
  endSession: defineRoute({
    method: 'POST',
    path: '/tutoring-sessions/:sessionId/end',
    summary: 'End the session with a summary (tutor or a teacher)',
    authorize: sessionDecides,
    body: EndSessionRequestSchema,
    response: TutoringSessionViewSchema,
  }),
  rateSession: defineRoute({
    method: 'POST',
    path: '/tutoring-sessions/:sessionId/rating',
    summary: 'Rate an ended session (its student, once)',
    authorize: sessionDecides,
    body: RateSessionRequestSchema,
    response: TutoringSessionViewSchema,
  }),
  setProjectDocAccess: defineRoute({
    method: 'PATCH',
    path: '/tutoring-sessions/:sessionId/project-access',
    summary: 'Let the tutor read the linked project document, or not (teachers)',
    authorize: sessionDecides,
    body: SetProjectDocAccessRequestSchema,
    response: TutoringSessionViewSchema,
  }),
};

/** socket.io events for the live queue and sessions. */
export const TUTORING_SOCKET_EVENTS = {
  /** client → server: watch a classroom's help queue (peer tutors and teachers). */
  queueWatch: 'tutoring:watch',
  /** server → client: the whole queue, on watch and after every raise, referral, claim or cancel. */
  queue: 'tutoring:queue',
  /** client → server: watch one session (its tutor, its student, the classroom's teachers). */
  sessionWatch: 'tutoring:session-watch',
  /** server → client: the watched session, after start, each note, end and rating. */
  session: 'tutoring:session',
} as const;

export const TutoringQueueWatchSchema = z.object({ classroomId: IdSchema });
export type TutoringQueueWatch = z.infer<typeof TutoringQueueWatchSchema>;
export const TutoringSessionWatchSchema = z.object({ sessionId: IdSchema });
export type TutoringSessionWatch = z.infer<typeof TutoringSessionWatchSchema>;

export const tutoringRooms = {
  queue: (classroomId: string) => `tutoring-queue:${classroomId}`,
  session: (sessionId: string) => `tutoring-session:${sessionId}`,
};
