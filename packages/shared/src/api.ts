import { z } from 'zod';

const Id = z.string().min(1).max(100);
const Name = z
  .string()
  .trim()
  .min(1, 'Give it a name.')
  .max(100, 'Keep names under 100 characters.');

export const UserKindSchema = z.enum(['teacher', 'student']);
export type UserKind = z.infer<typeof UserKindSchema>;

export const UserSchema = z.object({ id: Id, displayName: z.string(), kind: UserKindSchema });
export type User = z.infer<typeof UserSchema>;

// --- sign in ---------------------------------------------------------------
export const SignInRequestSchema = z.object({
  login: z.string().trim().min(1, 'Enter your sign-in name.').max(200),
  password: z.string().min(1, 'Enter your password.').max(200),
});
export type SignInRequest = z.infer<typeof SignInRequestSchema>;
export const SignInResponseSchema = z.object({ token: z.string(), user: UserSchema });
export type SignInResponse = z.infer<typeof SignInResponseSchema>;

// --- classrooms ------------------------------------------------------------
export const CreateClassroomRequestSchema = z.object({ name: Name });
export type CreateClassroomRequest = z.infer<typeof CreateClassroomRequestSchema>;

export const JoinClassroomRequestSchema = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{6}$/, 'A join code is six letters and digits.'),
});
export type JoinClassroomRequest = z.infer<typeof JoinClassroomRequestSchema>;

export const CreateGroupRequestSchema = z.object({ name: Name });
export type CreateGroupRequest = z.infer<typeof CreateGroupRequestSchema>;

export const AddStudentToGroupRequestSchema = z.object({ studentId: Id });
export type AddStudentToGroupRequest = z.infer<typeof AddStudentToGroupRequestSchema>;

export const AssignProjectRequestSchema = z.object({
  title: Name,
  brief: z.string().trim().max(5000, 'Keep the brief under 5,000 characters.').default(''),
});
export type AssignProjectRequest = z.infer<typeof AssignProjectRequestSchema>;

export const PersonSchema = z.object({ id: Id, displayName: z.string() });
export type Person = z.infer<typeof PersonSchema>;

export const GroupViewSchema = z.object({ id: Id, name: z.string(), memberIds: z.array(Id) });
export type GroupView = z.infer<typeof GroupViewSchema>;

export const WorkspaceRefSchema = z.object({ groupId: Id, docId: Id });
export const ProjectViewSchema = z.object({
  id: Id,
  title: z.string(),
  brief: z.string(),
  workspaces: z.array(WorkspaceRefSchema),
});
export type ProjectView = z.infer<typeof ProjectViewSchema>;

export const ClassroomRoleSchema = z.enum(['teacher', 'student']);
export type ClassroomRole = z.infer<typeof ClassroomRoleSchema>;

export const ClassroomSummarySchema = z.object({
  id: Id,
  name: z.string(),
  role: ClassroomRoleSchema,
});
export type ClassroomSummary = z.infer<typeof ClassroomSummarySchema>;

export const ClassroomViewSchema = z.object({
  id: Id,
  name: z.string(),
  role: ClassroomRoleSchema,
  /** Only teachers see the join code. */
  joinCode: z.string().nullable(),
  students: z.array(PersonSchema),
  groups: z.array(GroupViewSchema),
  projects: z.array(ProjectViewSchema),
});
export type ClassroomView = z.infer<typeof ClassroomViewSchema>;

export const MyProjectSchema = z.object({
  projectId: Id,
  title: z.string(),
  brief: z.string(),
  classroomId: Id,
  classroomName: z.string(),
  groupId: Id,
  groupName: z.string(),
  docId: Id,
});
export type MyProject = z.infer<typeof MyProjectSchema>;

export const WorkspaceViewSchema = z.object({
  docId: Id,
  projectTitle: z.string(),
  brief: z.string(),
  classroomId: Id,
  groupName: z.string(),
  members: z.array(PersonSchema),
  access: z.enum(['read-write', 'read-only']),
});
export type WorkspaceView = z.infer<typeof WorkspaceViewSchema>;

// --- workspace history -----------------------------------------------------
const Revision = z.coerce
  .number()
  .int('A revision is a whole number.')
  .min(0, 'Revisions start at 0.')
  .max(Number.MAX_SAFE_INTEGER);

/** One stored change to a workspace document: who made it, when, and how much text it moved. */
export const DocumentChangeSchema = z.object({
  /** Its place in the document's stream; pass it to the revision route to see the text after it. */
  revision: z.number().int().nonnegative(),
  /** When it was stored (ISO 8601). */
  at: z.string(),
  authorId: Id,
  authorDisplayName: z.string(),
  inserted: z.number().int().nonnegative(),
  deleted: z.number().int().nonnegative(),
});
export type DocumentChange = z.infer<typeof DocumentChangeSchema>;

/** Newest first. `before` is exclusive: pass the previous page's `nextBefore` to go further back. */
export const DocumentHistoryQuerySchema = z.object({
  before: Revision.optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1, 'Ask for at least one change.')
    .max(200, 'Ask for at most 200 changes at a time.')
    .default(50),
});
export type DocumentHistoryQuery = z.infer<typeof DocumentHistoryQuerySchema>;

export const DocumentHistoryPageSchema = z.object({
  docId: Id,
  changes: z.array(DocumentChangeSchema),
  /** Null when this page reaches the first change. */
  nextBefore: z.number().int().nonnegative().nullable(),
});
export type DocumentHistoryPage = z.infer<typeof DocumentHistoryPageSchema>;

export const DocumentRevisionParamSchema = Revision;

/** The document's text as it stood right after `revision`. */
export const DocumentRevisionSchema = z.object({
  docId: Id,
  revision: z.number().int().nonnegative(),
  text: z.string(),
});
export type DocumentRevision = z.infer<typeof DocumentRevisionSchema>;

// --- live board --------------------------------------------------------------
export const BoardStudentSchema = z.object({
  studentId: Id,
  displayName: z.string(),
  inserted: z.number().int().nonnegative(),
  deleted: z.number().int().nonnegative(),
  activeNow: z.boolean(),
  lastActiveAt: z.string().nullable(),
});
export type BoardStudent = z.infer<typeof BoardStudentSchema>;

export const BoardGroupSchema = z.object({
  groupId: Id,
  name: z.string(),
  students: z.array(BoardStudentSchema),
});
export type BoardGroup = z.infer<typeof BoardGroupSchema>;

export const BoardViewSchema = z.object({
  classroomId: Id,
  classroomName: z.string(),
  groups: z.array(BoardGroupSchema),
});
export type BoardView = z.infer<typeof BoardViewSchema>;

export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  store: z.object({
    kind: z.enum(['pglite', 'postgres', 'kurrentdb']),
    status: z.enum(['up', 'down']),
  }),
  projections: z.array(
    z.object({
      name: z.string(),
      position: z.number(),
      lag: z.number(),
      state: z.enum(['stopped', 'running', 'standby', 'failed']),
    }),
  ),
});
export type Health = z.infer<typeof HealthSchema>;
