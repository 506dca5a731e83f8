import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { SwaggerModule } from '@nestjs/swagger';
import type { ApiRouteName, RouteDefinition } from '@commonplace/shared';
import * as shared from '@commonplace/shared';
import { z } from 'zod';

const S = shared;

/** Where the document and its UI are served, under the API prefix. */
export const OPENAPI_PATH = 'api/docs';

interface RouteSchemas {
  readonly body?: z.ZodType;
  readonly query?: z.ZodType;
  /** The 2xx answer; absent for 204 No Content. */
  readonly response?: z.ZodType;
  readonly status?: 200 | 201 | 204;
}

const Empty = S.EmptyRequestSchema;
const list = <T extends z.ZodType>(item: T) => z.array(item);

/**
 * The shared zod schemas of every route, so the document is generated from
 * the same schemas the server validates with and the web app parses with:
 * nothing is restated as DTO classes. The Record makes a route without an
 * entry a compile error.
 */
const ROUTE_SCHEMAS: Record<ApiRouteName, RouteSchemas> = {
  signIn: { body: S.SignInRequestSchema, response: S.SignInResponseSchema, status: 200 },
  studentSignIn: {
    body: S.StudentSignInRequestSchema,
    response: S.SignInResponseSchema,
    status: 200,
  },
  me: { response: S.UserSchema },
  myProjects: { response: list(S.MyProjectSchema) },
  myChildren: { response: list(S.ChildSchema) },
  listClassrooms: { response: list(S.ClassroomSummarySchema) },
  createClassroom: { body: S.CreateClassroomRequestSchema, response: S.ClassroomViewSchema },
  joinClassroom: { body: S.JoinClassroomRequestSchema, response: S.ClassroomSummarySchema },
  classroom: { response: S.ClassroomViewSchema },
  roster: { query: S.PageQuerySchema, response: S.RosterPageSchema },
  removeMember: { query: S.RemoveMemberQuerySchema, status: 204 },
  createGroup: { body: S.CreateGroupRequestSchema, response: S.GroupViewSchema },
  renameGroup: { body: S.RenameGroupRequestSchema, response: S.GroupViewSchema, status: 200 },
  dissolveGroup: { status: 204 },
  addGroupMember: { body: S.AddStudentToGroupRequestSchema, response: S.GroupViewSchema },
  removeGroupMember: { response: S.GroupViewSchema, status: 200 },
  designatePeerTutor: { body: S.DesignatePeerTutorRequestSchema, status: 204 },
  withdrawPeerTutor: { status: 204 },
  createStudentAccount: { body: S.CreateStudentAccountRequestSchema, response: S.SignInCardSchema },
  resetStudentSecret: { response: S.SignInCardSchema },
  createInvite: { body: S.CreateInviteRequestSchema, response: S.CreatedInviteSchema },
  listInvites: { query: S.PageQuerySchema, response: S.InvitePageSchema },
  revokeInvite: { status: 204 },
  previewInvite: {
    body: z.object({ token: S.InviteTokenSchema }),
    response: S.InvitePreviewSchema,
    status: 200,
  },
  acceptInvite: {
    body: S.AcceptInviteRequestSchema,
    response: S.AcceptInviteResponseSchema,
    status: 200,
  },
  createSchool: { body: S.CreateSchoolRequestSchema, response: S.SchoolViewSchema },
  school: { response: S.SchoolViewSchema },
  addSchoolAdmin: { body: S.AddSchoolAdminRequestSchema, response: S.SchoolViewSchema },
  removeSchoolAdmin: { status: 204 },
  linkClassroomToSchool: { body: S.LinkClassroomToSchoolRequestSchema, status: 204 },
  assignProject: { body: S.AssignProjectRequestSchema, response: S.ProjectDetailSchema },
  listProjects: { query: S.PageQuerySchema, response: S.ProjectPageSchema },
  classroomFeedbackLatency: {
    query: S.FeedbackLatencyQuerySchema,
    response: S.ClassroomFeedbackLatencySchema,
  },
  project: { response: S.ProjectDetailSchema },
  updatePlan: {
    body: S.UpdateProjectPlanRequestSchema,
    response: S.ProjectDetailSchema,
    status: 200,
  },
  lockProject: { body: Empty, response: S.ProjectDetailSchema, status: 200 },
  unlockProject: { body: Empty, response: S.ProjectDetailSchema, status: 200 },
  workspace: { response: S.WorkspaceViewSchema },
  workspaceProgress: { response: S.WorkspaceProgressSchema },
  myActivity: { query: S.MyActivityQuerySchema, response: S.MyActivitySchema },
  workspaceContributions: { response: S.WorkspaceContributionsSchema },
  markCheckpointReached: { body: Empty, response: S.WorkspaceProgressSchema, status: 200 },
  confirmCheckpoint: { body: Empty, response: S.WorkspaceProgressSchema, status: 200 },
  reopenCheckpoint: {
    body: S.ReopenCheckpointRequestSchema,
    response: S.WorkspaceProgressSchema,
    status: 200,
  },
  submit: { body: S.SubmitRequestSchema, response: S.WorkspaceProgressSchema },
  listSubmissions: { query: S.PageQuerySchema, response: S.SubmissionPageSchema },
  giveFeedback: { body: S.GiveFeedbackRequestSchema, response: S.WorkspaceProgressSchema },
  returnSubmission: {
    body: S.ReturnForRevisionRequestSchema,
    response: S.WorkspaceProgressSchema,
    status: 200,
  },
  respondToFeedback: {
    body: S.RespondToFeedbackRequestSchema,
    response: S.WorkspaceProgressSchema,
  },
  documentHistory: { query: S.DocumentHistoryQuerySchema, response: S.DocumentHistoryPageSchema },
  documentRevision: { response: S.DocumentRevisionSchema },
  documentReplay: { query: S.DocumentReplayQuerySchema, response: S.DocumentReplayPageSchema },
  journal: {
    query: S.PageQuerySchema.extend(S.LearnerQuerySchema.shape),
    response: S.JournalPageSchema,
  },
  writeJournalEntry: { body: S.WriteJournalEntryRequestSchema, response: S.JournalEntrySchema },
  goals: { query: S.LearnerQuerySchema, response: S.GoalListSchema },
  setGoal: { body: S.SetGoalRequestSchema, response: S.GoalViewSchema },
  dropGoal: { status: 204 },
  studentOverview: { response: S.StudentOverviewSchema },
  raiseHelpRequest: { body: S.RaiseHelpRequestRequestSchema, response: S.HelpRequestViewSchema },
  helpQueue: { response: S.HelpQueueSchema },
  cancelHelpRequest: { status: 204 },
  referHelpRequest: {
    body: S.ReferHelpRequestRequestSchema,
    response: S.HelpRequestViewSchema,
  },
  claimHelpRequest: { body: Empty, response: S.TutoringSessionViewSchema },
  tutoringSessions: { response: S.TutoringSessionListSchema },
  tutoringSession: { response: S.TutoringSessionViewSchema },
  addSessionNote: { body: S.AddSessionNoteRequestSchema, response: S.TutoringSessionViewSchema },
  endSession: { body: S.EndSessionRequestSchema, response: S.TutoringSessionViewSchema },
  rateSession: { body: S.RateSessionRequestSchema, response: S.TutoringSessionViewSchema },
  setProjectDocAccess: {
    body: S.SetProjectDocAccessRequestSchema,
    response: S.TutoringSessionViewSchema,
    status: 200,
  },
  familyDashboard: { query: S.FamilyDashboardQuerySchema, response: S.FamilyChildDashboardSchema },
  openInquirySpace: { body: S.OpenInquirySpaceRequestSchema, response: S.InquirySpaceViewSchema },
  inquirySpaces: { response: S.InquirySpaceListSchema },
  inquirySpace: { response: S.InquirySpaceViewSchema },
  inviteClassroom: { body: S.InviteClassroomRequestSchema, response: S.InquirySpaceViewSchema },
  respondToInquiryInvitation: {
    body: S.RespondToInquiryInvitationRequestSchema,
    response: S.InquirySpaceViewSchema,
    status: 200,
  },
  inquiryPosts: { response: S.InquiryPostListSchema },
  createPost: { body: S.CreatePostRequestSchema, response: S.InquiryPostSchema },
  hidePost: { body: S.HidePostRequestSchema, status: 204 },
  lockBoard: { body: Empty, response: S.InquirySpaceViewSchema, status: 200 },
  unlockBoard: { body: Empty, response: S.InquirySpaceViewSchema, status: 200 },
  inquiryParticipants: { response: S.InquiryParticipantsSchema },
  invitableClassrooms: { response: S.InvitableClassroomListSchema },
  removeParticipant: { status: 204 },
  inviteMentor: { body: S.InviteMentorRequestSchema, response: S.MentorInviteCreatedSchema },
  mentors: { response: S.MentorListSchema },
  revokeMentor: { status: 204 },
  mentorAccessReport: { response: S.MentorAccessReportSchema },
  mentorSignIn: {
    body: S.MentorSignInRequestSchema,
    response: S.MentorSignInResponseSchema,
    status: 200,
  },
  board: { response: S.BoardViewSchema },
  health: { response: S.HealthSchema },
  metrics: {},
};

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
}

const ErrorResponse = {
  description: 'Refused: `{ code, message }`, the code stable, the message for a person.',
  content: { 'application/json': { schema: jsonSchema(S.ErrorBodySchema, 'output') } },
};

function operation(name: ApiRouteName, route: RouteDefinition): Record<string, unknown> {
  const schemas = ROUTE_SCHEMAS[name];
  const status = schemas.status ?? (route.method === 'POST' ? 201 : 200);
  const pathParams = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const queryParams = schemas.query
    ? Object.entries(
        (jsonSchema(schemas.query, 'input')['properties'] ?? {}) as Record<string, JsonSchema>,
      ).map(([key, schema]) => ({ name: key, in: 'query', required: false, schema }))
    : [];
  return {
    operationId: name,
    summary: route.summary,
    tags: [route.path.split('/')[1] ?? 'api'],
    ...(route.access === 'public' ? { security: [] } : {}),
    parameters: [...pathParams, ...queryParams],
    ...(schemas.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(schemas.body, 'input') } },
          },
        }
      : {}),
    responses: {
      [status]: schemas.response
        ? {
            description: 'OK',
            content: { 'application/json': { schema: jsonSchema(schemas.response, 'output') } },
          }
        : { description: status === 204 ? 'Done, nothing to return.' : 'OK' },
      default: ErrorResponse,
    },
  };
}

/** The OpenAPI 3.1 document of every route in API_ROUTES. */
export function openApiDocument(): OpenAPIObject {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, route] of Object.entries(S.API_ROUTES) as [ApiRouteName, RouteDefinition][]) {
    const path = S.API_PREFIX + route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(name, route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Commonplace API',
      version: '1',
      description:
        'Every body and parameter is validated with the shared zod schemas these are generated from. Sign in with `POST /api/auth/sign-in` and send `Authorization: Bearer <token>`. Lists page with `limit` and the previous page’s `nextCursor`.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  } as unknown as OpenAPIObject;
}

/** Serves the document at /api/docs-json and the UI at /api/docs. */
export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup(OPENAPI_PATH, app, openApiDocument(), {
    jsonDocumentUrl: `${OPENAPI_PATH}-json`,
  });
}
