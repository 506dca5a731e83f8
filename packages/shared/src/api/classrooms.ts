import { z } from 'zod';
import { ClassCodeSchema } from './auth.js';
import { IdSchema, InstantSchema, NameSchema, PageQuerySchema, pageOf } from './common.js';
import { defineRoute } from './route.js';
import { textSchema } from './text.js';

/**
 * Roles per classroom, the same list as the domain's `CLASSROOM_ROLES` (a
 * server test keeps the two equal). A person may hold several at once.
 */
export const CLASSROOM_ROLE_NAMES = [
  'teacher',
  'co-teacher',
  'student',
  'peer-tutor',
  'mentor',
  'guardian',
  'school-admin',
] as const;
export const ClassroomRoleSchema = z.enum(CLASSROOM_ROLE_NAMES);
export type ClassroomRole = z.infer<typeof ClassroomRoleSchema>;

// --- requests ----------------------------------------------------------------
export const CreateClassroomRequestSchema = z.object({ name: NameSchema });
export type CreateClassroomRequest = z.infer<typeof CreateClassroomRequestSchema>;

export const JoinClassroomRequestSchema = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{6}$/, 'A join code is six letters and digits.'),
});
export type JoinClassroomRequest = z.infer<typeof JoinClassroomRequestSchema>;

export const CreateGroupRequestSchema = z.object({ name: NameSchema });
export type CreateGroupRequest = z.infer<typeof CreateGroupRequestSchema>;

export const RenameGroupRequestSchema = z.object({ name: NameSchema });
export type RenameGroupRequest = z.infer<typeof RenameGroupRequestSchema>;

/** Puts a student in the group, moving them out of the one they were in. */
export const AddStudentToGroupRequestSchema = z.object({ studentId: IdSchema });
export type AddStudentToGroupRequest = z.infer<typeof AddStudentToGroupRequestSchema>;

/** What a peer tutor tutors, or what a help request is about ("Fractions", "Spanish"). */
export const TutoringSubjectSchema = textSchema({
  max: 60,
  tooLong: 'Keep the subject under 60 characters.',
});

/** Without a subject (or with a blank one), the tutor takes requests about anything. */
export const DesignatePeerTutorRequestSchema = z.object({
  studentId: IdSchema,
  subject: TutoringSubjectSchema.optional(),
});
export type DesignatePeerTutorRequest = z.infer<typeof DesignatePeerTutorRequestSchema>;

/** Which of the person's roles to remove (`DELETE …/members/:userId?role=guardian`). */
export const RemovableRoleSchema = z.enum(['co-teacher', 'guardian', 'mentor', 'student']);
export type RemovableRole = z.infer<typeof RemovableRoleSchema>;
export const RemoveMemberQuerySchema = z.object({ role: RemovableRoleSchema });
export type RemoveMemberQuery = z.infer<typeof RemoveMemberQuerySchema>;

/**
 * The whole class in groups of `size` in one step: `random` shuffles; `balanced` deals the
 * students round-robin in the order of their current groups, so each new group mixes members
 * of different old ones. Either way sizes differ by at most one, the existing groups (and
 * their workspaces) are reused first and new ones made only as needed.
 */
export const GroupingMethodSchema = z.enum(['random', 'balanced']);
export const ArrangeGroupsRequestSchema = z.object({
  how: GroupingMethodSchema,
  size: z.number().int().min(2).max(12),
});
export type ArrangeGroupsRequest = z.infer<typeof ArrangeGroupsRequestSchema>;

// --- views -------------------------------------------------------------------
export const PersonSchema = z.object({ id: IdSchema, displayName: z.string() });
export type Person = z.infer<typeof PersonSchema>;

export const GroupViewSchema = z.object({
  id: IdSchema,
  name: z.string(),
  memberIds: z.array(IdSchema),
});
export type GroupView = z.infer<typeof GroupViewSchema>;

export const GroupsViewSchema = z.object({ groups: z.array(GroupViewSchema) });
export type GroupsView = z.infer<typeof GroupsViewSchema>;

export const WorkspaceRefSchema = z.object({ groupId: IdSchema, docId: IdSchema });
export type WorkspaceRef = z.infer<typeof WorkspaceRefSchema>;

export const ProjectViewSchema = z.object({
  id: IdSchema,
  title: z.string(),
  brief: z.string(),
  workspaces: z.array(WorkspaceRefSchema),
});
export type ProjectView = z.infer<typeof ProjectViewSchema>;

export const ClassroomSummarySchema = z.object({
  id: IdSchema,
  name: z.string(),
  /** The caller's main role here: teacher, co-teacher, student, guardian... */
  role: ClassroomRoleSchema,
  /** Every role the caller holds here (a student can also be a peer tutor). */
  roles: z.array(ClassroomRoleSchema),
});
export type ClassroomSummary = z.infer<typeof ClassroomSummarySchema>;

export const ClassroomViewSchema = z.object({
  id: IdSchema,
  name: z.string(),
  role: ClassroomRoleSchema,
  roles: z.array(ClassroomRoleSchema),
  /** Only teachers and co-teachers see the join code. */
  joinCode: z.string().nullable(),
  students: z.array(PersonSchema),
  groups: z.array(GroupViewSchema),
  projects: z.array(ProjectViewSchema),
});
export type ClassroomView = z.infer<typeof ClassroomViewSchema>;

/** One person on the roster, with every role they hold in the classroom. */
export const RosterMemberSchema = z.object({
  userId: IdSchema,
  displayName: z.string(),
  roles: z.array(ClassroomRoleSchema),
  /** The student's current group, if any. */
  groupId: IdSchema.nullable(),
  /** A teacher-made account: signs in with the class code and a secret card. */
  youngStudent: z.boolean(),
  /** For guardians: whose guardian they are. */
  guardianOf: z.array(IdSchema),
  /** For peer tutors: the subject they tutor; null for any subject (and for everyone else). */
  peerTutorSubject: z.string().nullable(),
});
export type RosterMember = z.infer<typeof RosterMemberSchema>;
export const RosterPageSchema = pageOf(RosterMemberSchema);
export type RosterPage = z.infer<typeof RosterPageSchema>;

// --- young students ----------------------------------------------------------
export const CreateStudentAccountRequestSchema = z.object({
  displayName: NameSchema,
});
export type CreateStudentAccountRequest = z.infer<typeof CreateStudentAccountRequestSchema>;

/**
 * What a printed sign-in card shows. The secret is returned only when it is
 * made (on creation and on reset): the server keeps nothing but its hash, so
 * printing a lost card means resetting its secret.
 */
export const SignInCardSchema = z.object({
  studentId: IdSchema,
  displayName: z.string(),
  classroomName: z.string(),
  classCode: ClassCodeSchema,
  secret: z.string(),
});
export type SignInCard = z.infer<typeof SignInCardSchema>;

// --- invites -----------------------------------------------------------------
export const InvitedRoleSchema = z.enum(['co-teacher', 'guardian', 'mentor']);
export type InvitedRole = z.infer<typeof InvitedRoleSchema>;

export const CreateInviteRequestSchema = z
  .object({
    role: InvitedRoleSchema,
    /** How long the link works. */
    expiresInHours: z
      .number()
      .int('Give whole hours.')
      .min(1, 'A link must work for at least an hour.')
      .max(24 * 30, 'A link can work for 30 days at most.')
      .default(72),
    /** For a guardian: the students they are guardian of. */
    studentIds: z.array(IdSchema).max(10).optional(),
    /** For a mentor from outside the school: when their access ends. */
    accessUntil: InstantSchema.optional(),
  })
  .refine((r) => r.role !== 'guardian' || (r.studentIds?.length ?? 0) > 0, {
    message: 'Choose the students this guardian is invited for.',
    path: ['studentIds'],
  });
export type CreateInviteRequest = z.input<typeof CreateInviteRequestSchema>;

export const InviteStatusSchema = z.enum(['open', 'accepted', 'expired', 'revoked']);
export type InviteStatus = z.infer<typeof InviteStatusSchema>;

export const InviteViewSchema = z.object({
  inviteId: IdSchema,
  classroomId: IdSchema,
  role: InvitedRoleSchema,
  status: InviteStatusSchema,
  expiresAt: z.string(),
  studentIds: z.array(IdSchema),
  accessUntil: z.string().nullable(),
  acceptedBy: IdSchema.nullable(),
});
export type InviteView = z.infer<typeof InviteViewSchema>;
export const InvitePageSchema = pageOf(InviteViewSchema);
export type InvitePage = z.infer<typeof InvitePageSchema>;

/** The token is shown once (only its hash is stored); the web app puts it in its invite page link. */
export const CreatedInviteSchema = z.object({ invite: InviteViewSchema, token: z.string() });
export type CreatedInvite = z.infer<typeof CreatedInviteSchema>;

/** What the invite page shows before accepting (no sign-in needed). */
export const InvitePreviewSchema = z.object({
  classroomName: z.string(),
  role: InvitedRoleSchema,
  expiresAt: z.string(),
  status: InviteStatusSchema,
});
export type InvitePreview = z.infer<typeof InvitePreviewSchema>;

export const InviteTokenSchema = z.string().trim().min(10).max(200);

/**
 * Accept an invite. Signed in: the invite joins that account. Not signed in:
 * `account` makes a new account (guardians and mentors usually have none).
 */
export const AcceptInviteRequestSchema = z.object({
  token: InviteTokenSchema,
  account: z
    .object({
      login: z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[a-z0-9._@-]{3,100}$/, 'Use 3 to 100 letters, digits, dots, dashes or @.'),
      displayName: NameSchema,
      password: z.string().min(10, 'Use at least 10 characters for your password.').max(200),
    })
    .optional(),
});
export type AcceptInviteRequest = z.infer<typeof AcceptInviteRequestSchema>;

export const AcceptInviteResponseSchema = z.object({
  classroom: ClassroomSummarySchema,
  /** Present when the invite made a new account: the session for it. */
  token: z.string().optional(),
});
export type AcceptInviteResponse = z.infer<typeof AcceptInviteResponseSchema>;

/** A guardian's children, as their home page lists them. */
export const ChildSchema = z.object({
  studentId: IdSchema,
  displayName: z.string(),
  classroomId: IdSchema,
  classroomName: z.string(),
});
export type Child = z.infer<typeof ChildSchema>;

export const InvitePreviewRequestSchema = z.object({ token: InviteTokenSchema });
export type InvitePreviewRequest = z.infer<typeof InvitePreviewRequestSchema>;

const inClassroom = (permission: 'classroom.view' | 'classroom.manage-roster' | 'groups.manage') =>
  ({ permission, scope: 'classroom', param: 'classroomId' }) as const;

export const CLASSROOM_ROUTES = {
  listClassrooms: defineRoute({
    method: 'GET',
    path: '/classrooms',
    summary: 'My classrooms',
    authorize: { decidedBy: 'service', reason: 'Anyone signed in; only their own classrooms' },
    response: z.array(ClassroomSummarySchema),
  }),
  createClassroom: defineRoute({
    method: 'POST',
    path: '/classrooms',
    summary: 'Create a classroom (teachers)',
    authorize: { decidedBy: 'service', reason: 'Teacher accounts; there is no classroom yet' },
    body: CreateClassroomRequestSchema,
    response: ClassroomViewSchema,
  }),
  joinClassroom: defineRoute({
    method: 'POST',
    path: '/classrooms/join',
    summary: 'Join a classroom with its code (students)',
    authorize: {
      decidedBy: 'service',
      reason: 'Student accounts with the join code; they are not in the classroom yet',
    },
    body: JoinClassroomRequestSchema,
    response: ClassroomSummarySchema,
  }),
  classroom: defineRoute({
    method: 'GET',
    path: '/classrooms/:classroomId',
    summary: 'One classroom',
    authorize: inClassroom('classroom.view'),
    response: ClassroomViewSchema,
  }),
  roster: defineRoute({
    method: 'GET',
    path: '/classrooms/:classroomId/members',
    summary: 'Everyone in the classroom, with roles',
    authorize: inClassroom('classroom.manage-roster'),
    query: PageQuerySchema,
    response: RosterPageSchema,
  }),
  removeMember: defineRoute({
    method: 'DELETE',
    path: '/classrooms/:classroomId/members/:userId',
    summary: 'Remove one of a person’s roles in the classroom (`?role=`)',
    // Removing a co-teacher needs `classroom.own` as well: the service checks it.
    authorize: inClassroom('classroom.manage-roster'),
    query: RemoveMemberQuerySchema,
    status: 204,
  }),
  createGroup: defineRoute({
    method: 'POST',
    path: '/classrooms/:classroomId/groups',
    summary: 'Create a group',
    authorize: inClassroom('groups.manage'),
    body: CreateGroupRequestSchema,
    response: GroupViewSchema,
  }),
  renameGroup: defineRoute({
    method: 'PATCH',
    path: '/classrooms/:classroomId/groups/:groupId',
    summary: 'Rename a group',
    authorize: inClassroom('groups.manage'),
    body: RenameGroupRequestSchema,
    response: GroupViewSchema,
  }),
  dissolveGroup: defineRoute({
    method: 'DELETE',
    path: '/classrooms/:classroomId/groups/:groupId',
    summary: 'Dissolve a group (its members become ungrouped)',
    authorize: inClassroom('groups.manage'),
    status: 204,
  }),
  addGroupMember: defineRoute({
    method: 'POST',
    path: '/classrooms/:classroomId/groups/:groupId/members',
    summary: 'Put a student in a group, moving them out of their old one',
    authorize: inClassroom('groups.manage'),
    body: AddStudentToGroupRequestSchema,
    response: GroupViewSchema,
  }),
  removeGroupMember: defineRoute({
    method: 'DELETE',
    path: '/classrooms/:classroomId/groups/:groupId/members/:studentId',
    summary: 'Take a student out of a group',
    authorize: inClassroom('groups.manage'),
    response: GroupViewSchema,
  }),
  arrangeGroups: defineRoute({
    method: 'POST',
    path: '/classrooms/:classroomId/groups/arrangements',
    summary: 'Put the whole class in random or balanced groups of a size, in one step',
    authorize: inClassroom('groups.manage'),
    body: ArrangeGroupsRequestSchema,
    response: GroupsViewSchema,
  }),
  undoGroupArrangement: defineRoute({
    method: 'POST',
    path: '/classrooms/:classroomId/groups/arrangements/undo',
    summary: 'Put the groups back as they were before the last one-step grouping',
    authorize: inClassroom('groups.manage'),
    response: GroupsViewSchema,
  }),
  designatePeerTutor: defineRoute({
    method: 'POST',
    path: '/classrooms/:classroomId/peer-tutors',
    summary: 'Make a student a peer tutor',
    authorize: inClassroom('classroom.manage-roster'),
    body: DesignatePeerTutorRequestSchema,
    status: 204,
  }),
  withdrawPeerTutor: defineRoute({
    method: 'DELETE',
    path: '/classrooms/:classroomId/peer-tutors/:studentId',
    summary: 'Withdraw a peer tutor',
    authorize: inClassroom('classroom.manage-roster'),
    status: 204,
  }),
  createStudentAccount: defineRoute({
    method: 'POST',
    path: '/classrooms/:classroomId/student-accounts',
    summary: 'Create a young student’s account; returns their sign-in card',
    authorize: inClassroom('classroom.manage-roster'),
    body: CreateStudentAccountRequestSchema,
    response: SignInCardSchema,
  }),
  resetStudentSecret: defineRoute({
    method: 'POST',
    path: '/classrooms/:classroomId/student-accounts/:studentId/secret',
    summary: 'Reset a young student’s secret; returns a new sign-in card',
    authorize: inClassroom('classroom.manage-roster'),
    response: SignInCardSchema,
  }),
  createInvite: defineRoute({
    method: 'POST',
    path: '/classrooms/:classroomId/invites',
    summary: 'Invite a co-teacher, guardian or mentor by a link that expires',
    // Inviting a co-teacher needs `classroom.own` as well: the service checks it.
    authorize: inClassroom('classroom.manage-roster'),
    body: CreateInviteRequestSchema,
    response: CreatedInviteSchema,
  }),
  listInvites: defineRoute({
    method: 'GET',
    path: '/classrooms/:classroomId/invites',
    summary: 'The classroom’s invites',
    authorize: inClassroom('classroom.manage-roster'),
    query: PageQuerySchema,
    response: InvitePageSchema,
  }),
  revokeInvite: defineRoute({
    method: 'DELETE',
    path: '/classrooms/:classroomId/invites/:inviteId',
    summary: 'Revoke an invite link',
    authorize: inClassroom('classroom.manage-roster'),
    status: 204,
  }),
  previewInvite: defineRoute({
    method: 'POST',
    path: '/invites/preview',
    summary: 'What an invite link is for, before accepting',
    authorize: 'public',
    body: InvitePreviewRequestSchema,
    response: InvitePreviewSchema,
    status: 200,
  }),
  acceptInvite: defineRoute({
    method: 'POST',
    path: '/invites/accept',
    summary: 'Accept an invite, signed in or making a new account',
    authorize: 'public',
    body: AcceptInviteRequestSchema,
    response: AcceptInviteResponseSchema,
    status: 200,
  }),
  myChildren: defineRoute({
    method: 'GET',
    path: '/me/children',
    summary: 'The students I am guardian of',
    authorize: { decidedBy: 'service', reason: 'Guardian accounts; their own children only' },
    response: z.array(ChildSchema),
  }),
};
