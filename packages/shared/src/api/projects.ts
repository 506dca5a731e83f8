import { z } from 'zod';
import {
  EmptyRequestSchema,
  IdSchema,
  InstantSchema,
  NameSchema,
  PageQuerySchema,
  pageOf,
} from './common.js';
import { defineRoute } from './route.js';
import { textSchema } from './text.js';

const Brief = textSchema({ max: 5000, tooLong: 'Keep the brief under 5,000 characters.' });
const Comment = textSchema({ max: 5000, tooLong: 'Keep comments under 5,000 characters.' });
const Note = textSchema({ max: 1000, tooLong: 'Keep notes under 1,000 characters.' });

// --- the plan: checkpoints and rubric ------------------------------------------
/** Checkpoints are ordered as listed; leave `checkpointId` out for a new one. */
export const CheckpointInputSchema = z.object({
  checkpointId: IdSchema.optional(),
  title: NameSchema,
  dueAt: InstantSchema,
});
export type CheckpointInput = z.infer<typeof CheckpointInputSchema>;

export const RubricLevelInputSchema = z.object({
  levelId: IdSchema.optional(),
  title: NameSchema,
  points: z.number().min(0).max(1000),
});
export const RubricCriterionInputSchema = z.object({
  criterionId: IdSchema.optional(),
  title: NameSchema,
  /** From lowest to highest. */
  levels: z
    .array(RubricLevelInputSchema)
    .min(2, 'Give each criterion at least two levels to choose between.')
    .max(10),
});
export const RubricInputSchema = z.object({
  criteria: z
    .array(RubricCriterionInputSchema)
    .min(1, 'A rubric needs at least one criterion.')
    .max(20),
});
export type RubricInput = z.infer<typeof RubricInputSchema>;

export const CheckpointSchema = z.object({
  checkpointId: IdSchema,
  title: z.string(),
  dueAt: z.string(),
});
export type Checkpoint = z.infer<typeof CheckpointSchema>;
export const RubricLevelSchema = z.object({
  levelId: IdSchema,
  title: z.string(),
  points: z.number(),
});
export const RubricCriterionSchema = z.object({
  criterionId: IdSchema,
  title: z.string(),
  levels: z.array(RubricLevelSchema),
});
export const RubricSchema = z.object({ criteria: z.array(RubricCriterionSchema) });
export type Rubric = z.infer<typeof RubricSchema>;

/**
 * Assign a project. With no `groupIds` and no `studentIds` it goes to every
 * group of the classroom (one workspace document per group); `studentIds`
 * gives those students a workspace of their own.
 */
export const AssignProjectRequestSchema = z.object({
  title: NameSchema,
  brief: Brief.default(''),
  checkpoints: z.array(CheckpointInputSchema).max(30).default([]),
  rubric: RubricInputSchema.optional(),
  groupIds: z.array(IdSchema).max(100).optional(),
  studentIds: z.array(IdSchema).max(200).optional(),
});
export type AssignProjectRequest = z.input<typeof AssignProjectRequestSchema>;

/** Edit the plan; fields left out stay as they are. */
export const UpdateProjectPlanRequestSchema = z
  .object({
    brief: Brief.optional(),
    checkpoints: z.array(CheckpointInputSchema).max(30).optional(),
    rubric: RubricInputSchema.optional(),
  })
  .refine((r) => r.brief !== undefined || r.checkpoints !== undefined || r.rubric !== undefined, {
    message: 'Change the brief, the checkpoints or the rubric.',
  });
export type UpdateProjectPlanRequest = z.infer<typeof UpdateProjectPlanRequestSchema>;

// --- project views -----------------------------------------------------------
export const ProjectWorkspaceSchema = z.object({
  docId: IdSchema,
  /** Set for a group's workspace. */
  groupId: IdSchema.nullable(),
  /** Set for a student working alone. */
  studentId: IdSchema.nullable(),
  /** The group's name, or the student's. */
  name: z.string(),
  memberIds: z.array(IdSchema),
});
export type ProjectWorkspace = z.infer<typeof ProjectWorkspaceSchema>;

export const ProjectDetailSchema = z.object({
  id: IdSchema,
  classroomId: IdSchema,
  title: z.string(),
  brief: z.string(),
  checkpoints: z.array(CheckpointSchema),
  rubric: RubricSchema.nullable(),
  /** Locked for assessment: documents are read-only and submissions refused. */
  locked: z.boolean(),
  assignedAt: z.string(),
  /** Staff see every workspace; a student sees only their own. */
  workspaces: z.array(ProjectWorkspaceSchema),
});
export type ProjectDetail = z.infer<typeof ProjectDetailSchema>;

export const ProjectSummarySchema = z.object({
  id: IdSchema,
  classroomId: IdSchema,
  title: z.string(),
  locked: z.boolean(),
  assignedAt: z.string(),
  checkpointCount: z.number().int().nonnegative(),
  hasRubric: z.boolean(),
});
export type ProjectSummary = z.infer<typeof ProjectSummarySchema>;
export const ProjectPageSchema = pageOf(ProjectSummarySchema);
export type ProjectPage = z.infer<typeof ProjectPageSchema>;

export const MyProjectSchema = z.object({
  projectId: IdSchema,
  title: z.string(),
  brief: z.string(),
  classroomId: IdSchema,
  classroomName: z.string(),
  /** The group's id, or null for a workspace of one's own. */
  groupId: IdSchema.nullable(),
  /** The group's name, or the student's own name. */
  groupName: z.string(),
  docId: IdSchema,
  locked: z.boolean(),
});
export type MyProject = z.infer<typeof MyProjectSchema>;

// --- checkpoints in a workspace ----------------------------------------------
export const CheckpointStateSchema = z.enum(['open', 'reached', 'confirmed']);
export type CheckpointState = z.infer<typeof CheckpointStateSchema>;

export const CheckpointProgressSchema = z.object({
  checkpointId: IdSchema,
  title: z.string(),
  dueAt: z.string(),
  state: CheckpointStateSchema,
  reachedAt: z.string().nullable(),
  reachedBy: IdSchema.nullable(),
  confirmedAt: z.string().nullable(),
  /** The teacher's note when they last reopened it. */
  reopenNote: z.string().nullable(),
  /** Past due and not reached. */
  overdue: z.boolean(),
});
export type CheckpointProgress = z.infer<typeof CheckpointProgressSchema>;

export const ReopenCheckpointRequestSchema = z.object({ note: Note.optional() });
export type ReopenCheckpointRequest = z.infer<typeof ReopenCheckpointRequestSchema>;

// --- submissions and feedback ------------------------------------------------
export const RubricScoreSchema = z.object({ criterionId: IdSchema, levelId: IdSchema });
export type RubricScore = z.infer<typeof RubricScoreSchema>;

export const StudentFeedbackSchema = z.object({
  studentId: IdSchema,
  comment: Comment.optional(),
  scores: z.array(RubricScoreSchema).max(20).optional(),
});
export type StudentFeedback = z.infer<typeof StudentFeedbackSchema>;

/** The submission pins the document's current revision: what was assessed can always be rebuilt. */
export const SubmitRequestSchema = z.object({});
export type SubmitRequest = z.infer<typeof SubmitRequestSchema>;

export const GiveFeedbackRequestSchema = z.object({
  comment: Comment.default(''),
  scores: z.array(RubricScoreSchema).max(20).default([]),
  perStudent: z.array(StudentFeedbackSchema).max(50).default([]),
});
export type GiveFeedbackRequest = z.input<typeof GiveFeedbackRequestSchema>;

export const ReturnForRevisionRequestSchema = z.object({ note: Note.optional() });
export type ReturnForRevisionRequest = z.infer<typeof ReturnForRevisionRequestSchema>;

export const RespondToFeedbackRequestSchema = z.object({
  response: textSchema({
    empty: 'Write a response.',
    max: 2000,
    tooLong: 'Keep responses under 2,000 characters.',
  }),
});
export type RespondToFeedbackRequest = z.infer<typeof RespondToFeedbackRequestSchema>;

export const FeedbackResponseViewSchema = z.object({
  response: z.string(),
  respondedBy: IdSchema,
  respondedAt: z.string(),
});

export const FeedbackViewSchema = z.object({
  feedbackId: IdSchema,
  submissionId: IdSchema,
  comment: z.string(),
  scores: z.array(RubricScoreSchema),
  /** A student sees only their own entry; staff see everyone's. */
  perStudent: z.array(StudentFeedbackSchema),
  givenBy: IdSchema,
  givenAt: z.string(),
  responses: z.array(FeedbackResponseViewSchema),
});
export type FeedbackView = z.infer<typeof FeedbackViewSchema>;

export const SubmissionStatusSchema = z.enum(['submitted', 'returned', 'superseded']);
export const SubmissionViewSchema = z.object({
  submissionId: IdSchema,
  docId: IdSchema,
  /** The document's revision as submitted: open it with the history route. */
  documentRevision: z.number().int().nonnegative(),
  submittedBy: IdSchema,
  submittedAt: z.string(),
  status: SubmissionStatusSchema,
  returnedAt: z.string().nullable(),
  returnNote: z.string().nullable(),
  feedback: z.array(FeedbackViewSchema),
});
export type SubmissionView = z.infer<typeof SubmissionViewSchema>;
export const SubmissionPageSchema = pageOf(SubmissionViewSchema);
export type SubmissionPage = z.infer<typeof SubmissionPageSchema>;

/** One workspace's progress: checkpoints, submissions and feedback, live on the student's project page. */
export const WorkspaceProgressSchema = z.object({
  docId: IdSchema,
  projectId: IdSchema,
  locked: z.boolean(),
  checkpoints: z.array(CheckpointProgressSchema),
  /** Newest first. */
  submissions: z.array(SubmissionViewSchema),
});
export type WorkspaceProgress = z.infer<typeof WorkspaceProgressSchema>;

// --- feedback-loop latency over a term (teachers) ------------------------------
/** The most submissions one term chart reads; a classroom hands in far fewer in a term. */
export const FEEDBACK_LATENCY_MAX_ITEMS = 5_000;

/**
 * `from`: the first instant the chart covers, the start of the viewer's own first week (so
 * the weeks are the viewer's, whatever the server's time zone); at most a year back.
 */
export const FeedbackLatencyQuerySchema = z.object({ from: InstantSchema });
export type FeedbackLatencyQuery = z.infer<typeof FeedbackLatencyQuerySchema>;

export const FeedbackLatencyItemSchema = z.object({
  submissionId: IdSchema,
  docId: IdSchema,
  submittedAt: z.string(),
  /** The first feedback or return for revision; null while the group still waits. */
  answeredAt: z.string().nullable(),
});
export type FeedbackLatencyItem = z.infer<typeof FeedbackLatencyItemSchema>;

/**
 * Every submission of the classroom's projects handed in since `from`, oldest first, with
 * when it was first answered. One replaced by a newer submission before anyone answered it is
 * left out: nobody is waiting on it any more.
 */
export const ClassroomFeedbackLatencySchema = z.object({
  items: z.array(FeedbackLatencyItemSchema),
  /** More than `FEEDBACK_LATENCY_MAX_ITEMS` fell in the range: the newest were left out. */
  truncated: z.boolean(),
});
export type ClassroomFeedbackLatency = z.infer<typeof ClassroomFeedbackLatencySchema>;

const inClassroom = (permission: 'projects.manage' | 'projects.view' | 'projects.assess') =>
  ({ permission, scope: 'classroom', param: 'classroomId' }) as const;
const inProject = (permission: 'projects.manage' | 'projects.view') =>
  ({ permission, scope: 'project', param: 'projectId' }) as const;
const inWorkspace = (permission: 'projects.work' | 'projects.assess') =>
  ({ permission, scope: 'workspace', param: 'docId' }) as const;
/** Reads of one workspace: its members, or the classroom's staff observing. */
const workspaceReaders = {
  decidedBy: 'service',
  reason: 'The workspace’s own members or the classroom’s staff: membership, not only a role',
} as const;

export const PROJECT_ROUTES = {
  assignProject: defineRoute({
    method: 'POST',
    path: '/classrooms/:classroomId/projects',
    summary: 'Assign a project to groups or students',
    authorize: inClassroom('projects.manage'),
    body: AssignProjectRequestSchema,
    response: ProjectDetailSchema,
  }),
  listProjects: defineRoute({
    method: 'GET',
    path: '/classrooms/:classroomId/projects',
    summary: 'The classroom’s projects',
    authorize: inClassroom('projects.view'),
    query: PageQuerySchema,
    response: ProjectPageSchema,
  }),
  classroomFeedbackLatency: defineRoute({
    method: 'GET',
    path: '/classrooms/:classroomId/feedback-latency',
    summary:
      'Every submission since `from` and when it was first answered, for the term chart (teachers)',
    authorize: inClassroom('projects.assess'),
    query: FeedbackLatencyQuerySchema,
    response: ClassroomFeedbackLatencySchema,
  }),
  project: defineRoute({
    method: 'GET',
    path: '/projects/:projectId',
    summary: 'One project: plan, rubric, lock, workspaces',
    authorize: inProject('projects.view'),
    response: ProjectDetailSchema,
  }),
  updatePlan: defineRoute({
    method: 'PATCH',
    path: '/projects/:projectId/plan',
    summary: 'Edit the brief, checkpoints or rubric',
    authorize: inProject('projects.manage'),
    body: UpdateProjectPlanRequestSchema,
    response: ProjectDetailSchema,
  }),
  lockProject: defineRoute({
    method: 'POST',
    path: '/projects/:projectId/lock',
    summary: 'Lock the project for assessment',
    authorize: inProject('projects.manage'),
    body: EmptyRequestSchema,
    response: ProjectDetailSchema,
    status: 200,
  }),
  unlockProject: defineRoute({
    method: 'POST',
    path: '/projects/:projectId/unlock',
    summary: 'Unlock the project',
    authorize: inProject('projects.manage'),
    body: EmptyRequestSchema,
    response: ProjectDetailSchema,
    status: 200,
  }),
  myProjects: defineRoute({
    method: 'GET',
    path: '/me/projects',
    summary: 'My projects (students)',
    authorize: { decidedBy: 'service', reason: 'Anyone signed in; only their own projects' },
    response: z.array(MyProjectSchema),
  }),
  workspaceProgress: defineRoute({
    method: 'GET',
    path: '/workspaces/:docId/progress',
    summary: 'A workspace’s checkpoints, submissions and feedback',
    authorize: workspaceReaders,
    response: WorkspaceProgressSchema,
  }),
  markCheckpointReached: defineRoute({
    method: 'POST',
    path: '/workspaces/:docId/checkpoints/:checkpointId/reached',
    summary: 'Mark a checkpoint reached (group members)',
    // Only in their own workspace: the decider checks membership.
    authorize: inWorkspace('projects.work'),
    body: EmptyRequestSchema,
    response: WorkspaceProgressSchema,
    status: 200,
  }),
  confirmCheckpoint: defineRoute({
    method: 'POST',
    path: '/workspaces/:docId/checkpoints/:checkpointId/confirm',
    summary: 'Confirm a reached checkpoint (staff)',
    authorize: inWorkspace('projects.assess'),
    body: EmptyRequestSchema,
    response: WorkspaceProgressSchema,
    status: 200,
  }),
  reopenCheckpoint: defineRoute({
    method: 'POST',
    path: '/workspaces/:docId/checkpoints/:checkpointId/reopen',
    summary: 'Reopen a checkpoint (staff)',
    authorize: inWorkspace('projects.assess'),
    body: ReopenCheckpointRequestSchema,
    response: WorkspaceProgressSchema,
    status: 200,
  }),
  submit: defineRoute({
    method: 'POST',
    path: '/workspaces/:docId/submissions',
    summary: 'Submit the workspace, pinning its current revision',
    authorize: inWorkspace('projects.work'),
    body: SubmitRequestSchema,
    response: WorkspaceProgressSchema,
  }),
  listSubmissions: defineRoute({
    method: 'GET',
    path: '/workspaces/:docId/submissions',
    summary: 'A workspace’s submissions',
    authorize: workspaceReaders,
    query: PageQuerySchema,
    response: SubmissionPageSchema,
  }),
  giveFeedback: defineRoute({
    method: 'POST',
    path: '/workspaces/:docId/submissions/:submissionId/feedback',
    summary: 'Give feedback and rubric scores (staff)',
    authorize: inWorkspace('projects.assess'),
    body: GiveFeedbackRequestSchema,
    response: WorkspaceProgressSchema,
  }),
  returnSubmission: defineRoute({
    method: 'POST',
    path: '/workspaces/:docId/submissions/:submissionId/return',
    summary: 'Return a submission for revision (staff)',
    authorize: inWorkspace('projects.assess'),
    body: ReturnForRevisionRequestSchema,
    response: WorkspaceProgressSchema,
    status: 200,
  }),
  respondToFeedback: defineRoute({
    method: 'POST',
    path: '/workspaces/:docId/feedback/:feedbackId/responses',
    summary: 'Respond to feedback (group members)',
    authorize: inWorkspace('projects.work'),
    body: RespondToFeedbackRequestSchema,
    response: WorkspaceProgressSchema,
  }),
};
