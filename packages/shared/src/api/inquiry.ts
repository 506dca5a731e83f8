import { z } from 'zod';
import { EmptyRequestSchema, IdSchema, InstantSchema, NameSchema } from './common.js';
import { defineRoute } from './route.js';
import { textSchema } from './text.js';

/*
 * Cross-classroom inquiry and community mentors (issue 6). A teacher opens a
 * space with a driving question and invites other classrooms; every
 * participating classroom's teachers moderate. Posts go through the API, not
 * straight into the Yjs board, so the server can refuse contact details and
 * record every mentor post; the board document (`boardDocId`) holds the
 * arrangement of evidence cards.
 */

export const OpenInquirySpaceRequestSchema = z.object({
  title: NameSchema,
  drivingQuestion: textSchema({
    empty: 'Write the driving question.',
    max: 500,
    tooLong: 'Keep the question under 500 characters.',
  }),
});
export type OpenInquirySpaceRequest = z.infer<typeof OpenInquirySpaceRequestSchema>;

/**
 * The classroom to invite: by the join code its teacher shares (what a teacher
 * of another school can actually know), or by id for a classroom of the
 * inviter's own school, picked from a list. An unknown code answers 404
 * `classroom.unknown-join-code`.
 */
export const InviteClassroomRequestSchema = z.union([
  z.object({ classroomId: IdSchema }).strict(),
  z
    .object({
      joinCode: z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[A-Z0-9]{6}$/, 'A join code is six letters and digits.'),
    })
    .strict(),
]);
export type InviteClassroomRequest = z.infer<typeof InviteClassroomRequestSchema>;

export const RespondToInquiryInvitationRequestSchema = z.object({ accept: z.boolean() });
export type RespondToInquiryInvitationRequest = z.infer<
  typeof RespondToInquiryInvitationRequestSchema
>;

export const InquiryClassroomStatusSchema = z.enum(['host', 'invited', 'joined', 'declined']);
export type InquiryClassroomStatus = z.infer<typeof InquiryClassroomStatusSchema>;

export const InquiryClassroomSchema = z.object({
  classroomId: IdSchema,
  /** The classroom's name; never its school or its teachers' details. */
  classroomName: z.string(),
  status: InquiryClassroomStatusSchema,
});

export const InquirySpaceViewSchema = z.object({
  spaceId: IdSchema,
  title: z.string(),
  drivingQuestion: z.string(),
  hostClassroomId: IdSchema,
  boardDocId: IdSchema,
  locked: z.boolean(),
  classrooms: z.array(InquiryClassroomSchema),
  /** What the caller may do here. */
  myRole: z.enum(['moderator', 'participant', 'mentor']),
});
export type InquirySpaceView = z.infer<typeof InquirySpaceViewSchema>;
export const InquirySpaceListSchema = z.object({ items: z.array(InquirySpaceViewSchema) });
export type InquirySpaceList = z.infer<typeof InquirySpaceListSchema>;

export const PostKindSchema = z.enum(['evidence', 'discussion']);
export const CreatePostRequestSchema = z.object({
  kind: PostKindSchema,
  text: textSchema({
    empty: 'Write something first.',
    max: 2000,
    tooLong: 'Keep a post under 2,000 characters.',
  }),
  /** Answer to another post (threaded discussion). */
  replyTo: IdSchema.optional(),
});
export type CreatePostRequest = z.infer<typeof CreatePostRequestSchema>;

/**
 * A post as every participant sees it: the author's first name and classroom
 * only (mentors: name and organisation). Hidden posts keep their place with
 * empty text for participants; moderators still read them.
 */
export const InquiryPostSchema = z.object({
  postId: IdSchema,
  kind: PostKindSchema,
  replyTo: IdSchema.nullable(),
  authorFirstName: z.string(),
  /** The author's classroom's name; null for mentors. */
  classroomName: z.string().nullable(),
  authorRole: z.enum(['teacher', 'student', 'mentor']),
  /** A mentor's organisation. */
  organisation: z.string().nullable(),
  text: z.string(),
  postedAt: z.string(),
  hidden: z.boolean(),
});
export type InquiryPost = z.infer<typeof InquiryPostSchema>;
export const InquiryPostListSchema = z.object({ items: z.array(InquiryPostSchema) });
export type InquiryPostList = z.infer<typeof InquiryPostListSchema>;

/** A post pushed live to the space's room, as the receiving viewer may see it. */
export const InquiryPostMessageSchema = z.object({ spaceId: IdSchema, post: InquiryPostSchema });
export type InquiryPostMessage = z.infer<typeof InquiryPostMessageSchema>;

/**
 * Who takes part, per classroom: first names only, and nothing else about
 * them. `participantId` is there only for moderators (it is what removing
 * someone needs); mentors see the students alone, and no other mentor.
 */
export const InquiryParticipantSchema = z.object({
  participantId: IdSchema.nullable(),
  firstName: z.string(),
  role: z.enum(['teacher', 'student']),
});
export const InquiryParticipantsSchema = z.object({
  spaceId: IdSchema,
  classrooms: z.array(
    z.object({
      classroomId: IdSchema,
      classroomName: z.string(),
      people: z.array(InquiryParticipantSchema),
    }),
  ),
  mentors: z.array(
    z.object({
      participantId: IdSchema.nullable(),
      firstName: z.string(),
      organisation: z.string(),
    }),
  ),
});
export type InquiryParticipants = z.infer<typeof InquiryParticipantsSchema>;
export type InquiryParticipant = z.infer<typeof InquiryParticipantSchema>;

/** A classroom of the inviter's own school that could be invited (teachers of a school's classroom). */
export const InvitableClassroomListSchema = z.object({
  items: z.array(z.object({ classroomId: IdSchema, classroomName: z.string() })),
});
export type InvitableClassroomList = z.infer<typeof InvitableClassroomListSchema>;

export const HidePostRequestSchema = z.object({
  reason: textSchema({ max: 300, tooLong: 'Keep the reason under 300 characters.' }).optional(),
});
export type HidePostRequest = z.infer<typeof HidePostRequestSchema>;

/**
 * Refused posts answer 422 with code `inquiry.contact-details` and a message
 * naming what was found ("a phone number", "an email address", "a link to
 * another platform"); nothing is stored.
 */
export const CONTACT_DETAILS_ERROR_CODE = 'inquiry.contact-details';

// --- mentors -------------------------------------------------------------------

/** A calendar date, `2026-11-23`. */
export const CalendarDateSchema = z.iso.date({ message: 'Give a date like 2026-11-23.' });

export const InviteMentorRequestSchema = z.object({
  name: NameSchema,
  /**
   * How students see them, chosen by the teacher ("Dr Okafor"); their name when absent.
   * Sealed with the mentor's key like the name.
   */
  displayName: NameSchema.optional(),
  organisation: NameSchema,
  /** The day their background check was verified. */
  backgroundCheckVerifiedOn: CalendarDateSchema,
  /** When their access ends; the live connection is cut at that moment. */
  expiresAt: InstantSchema,
});
export type InviteMentorRequest = z.infer<typeof InviteMentorRequestSchema>;

export const MentorViewSchema = z.object({
  mentorId: IdSchema,
  spaceId: IdSchema,
  name: z.string(),
  /** How students see them: chosen at invite, else their name. */
  displayName: z.string(),
  organisation: z.string(),
  backgroundCheckVerifiedOn: z.string(),
  expiresAt: z.string(),
  status: z.enum(['invited', 'active', 'revoked', 'expired']),
});
export type MentorView = z.infer<typeof MentorViewSchema>;
export const MentorListSchema = z.object({ items: z.array(MentorViewSchema) });
export type MentorList = z.infer<typeof MentorListSchema>;

/** Returned once, to the inviting teacher: the link is the mentor's only way in. */
export const MentorInviteCreatedSchema = z.object({
  mentor: MentorViewSchema,
  inviteToken: z.string(),
});
export type MentorInviteCreated = z.infer<typeof MentorInviteCreatedSchema>;

export const MentorSignInRequestSchema = z.object({ inviteToken: z.string().min(1).max(500) });
export type MentorSignInRequest = z.infer<typeof MentorSignInRequestSchema>;

/** A mentor's session is good for their one space only. */
export const MentorSignInResponseSchema = z.object({
  token: z.string(),
  mentorId: IdSchema,
  spaceId: IdSchema,
  expiresAt: z.string(),
  /** The display name the teacher chose at invite ("Dr Okafor"), else their name: the header's "Signed in as". */
  displayName: z.string(),
});
export type MentorSignInResponse = z.infer<typeof MentorSignInResponseSchema>;

export const MentorAccessEntrySchema = z.object({
  at: z.string(),
  kind: z.enum(['signed-in', 'document-opened', 'posted', 'refused', 'revoked', 'expired']),
  /** The document opened, the post made, or why the attempt was refused. */
  detail: z.string(),
});
export const MentorAccessReportSchema = z.object({
  mentor: MentorViewSchema,
  entries: z.array(MentorAccessEntrySchema),
});
export type MentorAccessReport = z.infer<typeof MentorAccessReportSchema>;

/** A space spans classrooms: its own state says who takes part and who moderates. */
const spaceDecides = {
  decidedBy: 'service',
  reason: 'A space spans several classrooms: the space decides its participants and moderators',
} as const;

/** Spaces, classrooms, posts and moderation. */
export const INQUIRY_SPACE_ROUTES = {
  openInquirySpace: defineRoute({
    method: 'POST',
    path: '/classrooms/:classroomId/inquiry-spaces',
    summary: 'Open an inquiry space with a driving question (teachers)',
    authorize: { permission: 'projects.manage', scope: 'classroom', param: 'classroomId' },
    body: OpenInquirySpaceRequestSchema,
    response: InquirySpaceViewSchema,
  }),
  inquirySpaces: defineRoute({
    method: 'GET',
    path: '/inquiry-spaces',
    summary: 'The inquiry spaces I take part in or am invited to',
    authorize: { decidedBy: 'service', reason: 'Anyone signed in; only their own spaces' },
    response: InquirySpaceListSchema,
  }),
  inquirySpace: defineRoute({
    method: 'GET',
    path: '/inquiry-spaces/:spaceId',
    summary: 'One inquiry space',
    authorize: spaceDecides,
    response: InquirySpaceViewSchema,
  }),
  inviteClassroom: defineRoute({
    method: 'POST',
    path: '/inquiry-spaces/:spaceId/classrooms',
    summary: 'Invite another classroom (moderators)',
    authorize: spaceDecides,
    body: InviteClassroomRequestSchema,
    response: InquirySpaceViewSchema,
  }),
  respondToInquiryInvitation: defineRoute({
    method: 'POST',
    path: '/inquiry-spaces/:spaceId/classrooms/:classroomId/response',
    summary: 'Accept or decline an invitation (the invited classroom’s teachers)',
    authorize: spaceDecides,
    body: RespondToInquiryInvitationRequestSchema,
    response: InquirySpaceViewSchema,
    status: 200,
  }),
  inquiryPosts: defineRoute({
    method: 'GET',
    path: '/inquiry-spaces/:spaceId/posts',
    summary: 'Posts on the board, first names and classrooms only',
    authorize: spaceDecides,
    response: InquiryPostListSchema,
  }),
  createPost: defineRoute({
    method: 'POST',
    path: '/inquiry-spaces/:spaceId/posts',
    summary: 'Post evidence or a reply; contact details are refused',
    authorize: spaceDecides,
    body: CreatePostRequestSchema,
    response: InquiryPostSchema,
  }),
  hidePost: defineRoute({
    method: 'POST',
    path: '/inquiry-spaces/:spaceId/posts/:postId/hide',
    summary: 'Hide a post (moderators)',
    authorize: spaceDecides,
    body: HidePostRequestSchema,
    status: 204,
  }),
  lockBoard: defineRoute({
    method: 'POST',
    path: '/inquiry-spaces/:spaceId/lock',
    summary: 'Lock the board (moderators)',
    authorize: spaceDecides,
    body: EmptyRequestSchema,
    response: InquirySpaceViewSchema,
    status: 200,
  }),
  unlockBoard: defineRoute({
    method: 'POST',
    path: '/inquiry-spaces/:spaceId/unlock',
    summary: 'Unlock the board (moderators)',
    authorize: spaceDecides,
    body: EmptyRequestSchema,
    response: InquirySpaceViewSchema,
    status: 200,
  }),
  inquiryParticipants: defineRoute({
    method: 'GET',
    path: '/inquiry-spaces/:spaceId/participants',
    summary: 'Who takes part, by first name and classroom (participants and mentors)',
    authorize: spaceDecides,
    response: InquiryParticipantsSchema,
  }),
  invitableClassrooms: defineRoute({
    method: 'GET',
    path: '/inquiry-spaces/:spaceId/invitable-classrooms',
    summary: 'Classrooms of my school not yet in the space (moderators)',
    authorize: spaceDecides,
    response: InvitableClassroomListSchema,
  }),
  removeParticipant: defineRoute({
    method: 'DELETE',
    path: '/inquiry-spaces/:spaceId/participants/:userId',
    summary: 'Remove a participant from the space (moderators)',
    authorize: spaceDecides,
    status: 204,
  }),
};

/** Community mentors of one space. */
export const MENTOR_ROUTES = {
  inviteMentor: defineRoute({
    method: 'POST',
    path: '/inquiry-spaces/:spaceId/mentors',
    summary: 'Invite a community mentor to this one space (moderators)',
    authorize: spaceDecides,
    body: InviteMentorRequestSchema,
    response: MentorInviteCreatedSchema,
  }),
  mentors: defineRoute({
    method: 'GET',
    path: '/inquiry-spaces/:spaceId/mentors',
    summary: 'The space’s mentors (moderators)',
    authorize: spaceDecides,
    response: MentorListSchema,
  }),
  revokeMentor: defineRoute({
    method: 'DELETE',
    path: '/inquiry-spaces/:spaceId/mentors/:mentorId',
    summary: 'Revoke a mentor; their live connection closes at once (moderators)',
    authorize: spaceDecides,
    status: 204,
  }),
  mentorAccessReport: defineRoute({
    method: 'GET',
    path: '/inquiry-spaces/:spaceId/mentors/:mentorId/access-report',
    summary: 'Every sign-in, document opened and post of one mentor (moderators)',
    authorize: spaceDecides,
    response: MentorAccessReportSchema,
  }),
  mentorSignIn: defineRoute({
    method: 'POST',
    path: '/mentor-invites/sign-in',
    summary: 'Sign in as a mentor through the invite link',
    authorize: 'public',
    body: MentorSignInRequestSchema,
    response: MentorSignInResponseSchema,
    status: 200,
  }),
};

export const INQUIRY_SOCKET_EVENTS = {
  /** client → server: watch a space (participants, moderators, its mentors). */
  spaceWatch: 'inquiry:watch',
  /** server → client: the space after any change (classrooms, lock). */
  space: 'inquiry:space',
  /** server → client: a post added or hidden, as this viewer may see it (InquiryPostMessage). */
  post: 'inquiry:post',
  /** server → client: who takes part, after someone joins, is removed, or a mentor comes or goes. */
  participants: 'inquiry:participants',
  /** server → client, then disconnect: the mentor's access was revoked or ended. */
  accessEnded: 'inquiry:access-ended',
} as const;

/** Why a mentor's connections were closed (`accessEnded`). */
export const MentorAccessEndedSchema = z.object({ reason: z.enum(['revoked', 'expired']) });
export type MentorAccessEnded = z.infer<typeof MentorAccessEndedSchema>;

export const InquirySpaceWatchSchema = z.object({ spaceId: IdSchema });
export type InquirySpaceWatch = z.infer<typeof InquirySpaceWatchSchema>;

export const inquiryRooms = {
  space: (spaceId: string) => `inquiry:${spaceId}`,
};
