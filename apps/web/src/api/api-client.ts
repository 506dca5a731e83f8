import {
  API_ROUTES,
  apiPath,
  BoardViewSchema,
  ClassroomFeedbackLatencySchema,
  AcceptInviteResponseSchema,
  ChildSchema,
  ClassroomSummarySchema,
  ClassroomViewSchema,
  CreatedInviteSchema,
  DocumentReplayPageSchema,
  DocumentRevisionSchema,
  ErrorBodySchema,
  GoalListSchema,
  GroupViewSchema,
  InvitePageSchema,
  InvitePreviewSchema,
  JournalPageSchema,
  MyProjectSchema,
  ProjectDetailSchema,
  ProjectPageSchema,
  RosterPageSchema,
  SignInCardSchema,
  SignInResponseSchema,
  StudentOverviewSchema,
  FamilyChildDashboardSchema,
  HelpQueueSchema,
  InquiryParticipantsSchema,
  InquiryPostListSchema,
  InvitableClassroomListSchema,
  InquiryPostSchema,
  InquirySpaceListSchema,
  InquirySpaceViewSchema,
  MentorAccessReportSchema,
  MentorInviteCreatedSchema,
  MentorListSchema,
  MentorSignInResponseSchema,
  HelpRequestViewSchema,
  TutoringSessionListSchema,
  TutoringSessionViewSchema,
  MyActivitySchema,
  WorkspaceContributionsSchema,
  UserSchema,
  WorkspaceProgressSchema,
  WorkspaceViewSchema,
} from '@commonplace/shared';
import type {
  AcceptInviteRequest,
  AcceptInviteResponse,
  AddStudentToGroupRequest,
  Child,
  CreatedInvite,
  CreateInviteRequest,
  AssignProjectRequest,
  BoardView,
  ClassroomFeedbackLatency,
  ClassroomSummary,
  ClassroomView,
  CreateClassroomRequest,
  CreateGroupRequest,
  CreateStudentAccountRequest,
  DesignatePeerTutorRequest,
  DocumentReplayPage,
  DocumentRevision,
  GiveFeedbackRequest,
  GoalList,
  GroupView,
  HttpMethod,
  InvitePage,
  InvitePreview,
  JoinClassroomRequest,
  JournalPage,
  MyProject,
  ProjectDetail,
  ProjectPage,
  RenameGroupRequest,
  ReopenCheckpointRequest,
  RespondToFeedbackRequest,
  ReturnForRevisionRequest,
  RosterPage,
  SetGoalRequest,
  SignInCard,
  SignInRequest,
  SignInResponse,
  StudentOverview,
  FamilyChildDashboard,
  HelpQueue,
  CreatePostRequest,
  InquiryParticipants,
  InquiryPost,
  InquiryPostList,
  InvitableClassroomList,
  InviteClassroomRequest,
  InquirySpaceList,
  InquirySpaceView,
  InviteMentorRequest,
  MentorAccessReport,
  MentorInviteCreated,
  MentorList,
  MentorSignInResponse,
  OpenInquirySpaceRequest,
  HelpRequestView,
  RaiseHelpRequestRequest,
  RateSessionRequest,
  TutoringSessionList,
  TutoringSessionView,
  MyActivity,
  WorkspaceContributions,
  StudentSignInRequest,
  UpdateProjectPlanRequest,
  User,
  WorkspaceProgress,
  WorkspaceView,
  WriteJournalEntryRequest,
} from '@commonplace/shared';
import { ApiError } from './api-error';
import { i18n } from '../i18n/i18n';

/** The part of a zod schema the client needs; keeps zod itself out of the web app's imports. */
interface ResponseSchema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false };
}

export interface ApiClientOptions {
  getToken: () => string | null;
  /** Called when a signed-in request is refused as unauthenticated (expired or revoked token). */
  onUnauthorized: () => void;
}

const ClassroomSummaryListSchema = ClassroomSummarySchema.array();
const MyProjectListSchema = MyProjectSchema.array();
const ChildListSchema = ChildSchema.array();

/**
 * For commands whose answer the page does not read: it fetches the views it shows again,
 * so a command's body (or its absence, on a 204) never decides what the page displays.
 */
const Done: ResponseSchema<void> = { safeParse: () => ({ success: true, data: undefined }) };

/** A page of a list, asked for in full: pages stay small, the lists on these pages are short. */
const ALL = '?limit=200';

export function createApiClient({ getToken, onUnauthorized }: ApiClientOptions) {
  async function request<T>(
    method: HttpMethod,
    path: string,
    schema: ResponseSchema<T>,
    body?: unknown,
    /** A session other than the current one (a new account's, before it is signed in). */
    tokenOverride?: string,
  ): Promise<T> {
    const token = tokenOverride ?? getToken();
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers['Authorization'] = `Bearer ${token}`;

    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'network', i18n.t('errors.network', { ns: 'common' }));
    }

    const payload: unknown = await response.json().catch(() => undefined);

    if (!response.ok) {
      // A 401 on sign-in means wrong credentials; anywhere else it means the session is gone.
      if (response.status === 401 && token) onUnauthorized();
      const error = ErrorBodySchema.safeParse(payload);
      if (error.success) throw new ApiError(response.status, error.data.code, error.data.message);
      throw new ApiError(response.status, 'http', fallbackMessage(response.status));
    }

    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      throw new ApiError(
        response.status,
        'bad-response',
        i18n.t('errors.badResponse', { ns: 'common' }),
      );
    }
    return parsed.data;
  }

  const R = API_ROUTES;

  return {
    // --- identity ---------------------------------------------------------------
    signIn: (body: SignInRequest): Promise<SignInResponse> =>
      request(R.signIn.method, apiPath(R.signIn), SignInResponseSchema, body),
    studentSignIn: (body: StudentSignInRequest): Promise<SignInResponse> =>
      request(R.studentSignIn.method, apiPath(R.studentSignIn), SignInResponseSchema, body),

    /** Who a session belongs to; with `token`, a session not signed in yet. */
    me: (token?: string): Promise<User> =>
      request(R.me.method, apiPath(R.me), UserSchema, undefined, token),
    myChildren: (): Promise<Child[]> =>
      request(R.myChildren.method, apiPath(R.myChildren), ChildListSchema),
    studentOverview: (studentId: string): Promise<StudentOverview> =>
      request(
        R.studentOverview.method,
        apiPath(R.studentOverview, { studentId }),
        StudentOverviewSchema,
      ),

    /** Only the caller's own child; anyone else is refused with `families.not-your-child`. */
    familyDashboard: (studentId: string): Promise<FamilyChildDashboard> =>
      request(
        R.familyDashboard.method,
        `${apiPath(R.familyDashboard, { studentId })}?tz=${encodeURIComponent(viewerTimeZone())}`,
        FamilyChildDashboardSchema,
      ),

    // --- peer tutoring ----------------------------------------------------------------
    raiseHelpRequest: (
      classroomId: string,
      body: RaiseHelpRequestRequest,
    ): Promise<HelpRequestView> =>
      request(
        R.raiseHelpRequest.method,
        apiPath(R.raiseHelpRequest, { classroomId }),
        HelpRequestViewSchema,
        body,
      ),
    helpQueue: (classroomId: string): Promise<HelpQueue> =>
      request(R.helpQueue.method, apiPath(R.helpQueue, { classroomId }), HelpQueueSchema),
    claimHelpRequest: (requestId: string): Promise<TutoringSessionView> =>
      request(
        R.claimHelpRequest.method,
        apiPath(R.claimHelpRequest, { requestId }),
        TutoringSessionViewSchema,
        // The server takes an empty JSON object, not a missing body.
        {},
      ),
    tutoringSessions: (classroomId: string): Promise<TutoringSessionList> =>
      request(
        R.tutoringSessions.method,
        apiPath(R.tutoringSessions, { classroomId }),
        TutoringSessionListSchema,
      ),
    tutoringSession: (sessionId: string): Promise<TutoringSessionView> =>
      request(
        R.tutoringSession.method,
        apiPath(R.tutoringSession, { sessionId }),
        TutoringSessionViewSchema,
      ),
    addSessionNote: (sessionId: string, text: string): Promise<TutoringSessionView> =>
      request(
        R.addSessionNote.method,
        apiPath(R.addSessionNote, { sessionId }),
        TutoringSessionViewSchema,
        { text },
      ),
    endSession: (sessionId: string, summary: string): Promise<TutoringSessionView> =>
      request(
        R.endSession.method,
        apiPath(R.endSession, { sessionId }),
        TutoringSessionViewSchema,
        {
          summary,
        },
      ),
    rateSession: (sessionId: string, body: RateSessionRequest): Promise<TutoringSessionView> =>
      request(
        R.rateSession.method,
        apiPath(R.rateSession, { sessionId }),
        TutoringSessionViewSchema,
        body,
      ),

    // --- cross-classroom inquiry and mentors ------------------------------------------
    openInquirySpace: (
      classroomId: string,
      body: OpenInquirySpaceRequest,
    ): Promise<InquirySpaceView> =>
      request(
        R.openInquirySpace.method,
        apiPath(R.openInquirySpace, { classroomId }),
        InquirySpaceViewSchema,
        body,
      ),
    inquirySpaces: (): Promise<InquirySpaceList> =>
      request(R.inquirySpaces.method, apiPath(R.inquirySpaces), InquirySpaceListSchema),
    inquirySpace: (spaceId: string): Promise<InquirySpaceView> =>
      request(R.inquirySpace.method, apiPath(R.inquirySpace, { spaceId }), InquirySpaceViewSchema),
    /** By the join code the other classroom's teacher shares, or by id when picked from my school. */
    inviteClassroom: (spaceId: string, body: InviteClassroomRequest): Promise<void> =>
      request(R.inviteClassroom.method, apiPath(R.inviteClassroom, { spaceId }), Done, body),
    invitableClassrooms: (spaceId: string): Promise<InvitableClassroomList> =>
      request(
        R.invitableClassrooms.method,
        apiPath(R.invitableClassrooms, { spaceId }),
        InvitableClassroomListSchema,
      ),
    inquiryParticipants: (spaceId: string): Promise<InquiryParticipants> =>
      request(
        R.inquiryParticipants.method,
        apiPath(R.inquiryParticipants, { spaceId }),
        InquiryParticipantsSchema,
      ),
    respondToInquiryInvitation: (
      spaceId: string,
      classroomId: string,
      accept: boolean,
    ): Promise<void> =>
      request(
        R.respondToInquiryInvitation.method,
        apiPath(R.respondToInquiryInvitation, { spaceId, classroomId }),
        Done,
        { accept },
      ),
    inquiryPosts: (spaceId: string): Promise<InquiryPostList> =>
      request(R.inquiryPosts.method, apiPath(R.inquiryPosts, { spaceId }), InquiryPostListSchema),
    createPost: (spaceId: string, body: CreatePostRequest): Promise<InquiryPost> =>
      request(R.createPost.method, apiPath(R.createPost, { spaceId }), InquiryPostSchema, body),
    hidePost: (spaceId: string, postId: string): Promise<void> =>
      request(R.hidePost.method, apiPath(R.hidePost, { spaceId, postId }), Done, {}),
    removeParticipant: (spaceId: string, userId: string): Promise<void> =>
      request(R.removeParticipant.method, apiPath(R.removeParticipant, { spaceId, userId }), Done),
    lockBoard: (spaceId: string): Promise<void> =>
      request(R.lockBoard.method, apiPath(R.lockBoard, { spaceId }), Done, {}),
    unlockBoard: (spaceId: string): Promise<void> =>
      request(R.unlockBoard.method, apiPath(R.unlockBoard, { spaceId }), Done, {}),
    inviteMentor: (spaceId: string, body: InviteMentorRequest): Promise<MentorInviteCreated> =>
      request(
        R.inviteMentor.method,
        apiPath(R.inviteMentor, { spaceId }),
        MentorInviteCreatedSchema,
        body,
      ),
    mentors: (spaceId: string): Promise<MentorList> =>
      request(R.mentors.method, apiPath(R.mentors, { spaceId }), MentorListSchema),
    revokeMentor: (spaceId: string, mentorId: string): Promise<void> =>
      request(R.revokeMentor.method, apiPath(R.revokeMentor, { spaceId, mentorId }), Done),
    mentorAccessReport: (spaceId: string, mentorId: string): Promise<MentorAccessReport> =>
      request(
        R.mentorAccessReport.method,
        apiPath(R.mentorAccessReport, { spaceId, mentorId }),
        MentorAccessReportSchema,
      ),
    mentorSignIn: (inviteToken: string): Promise<MentorSignInResponse> =>
      request(R.mentorSignIn.method, apiPath(R.mentorSignIn), MentorSignInResponseSchema, {
        inviteToken,
      }),

    // --- invites --------------------------------------------------------------------
    createInvite: (classroomId: string, body: CreateInviteRequest): Promise<CreatedInvite> =>
      request(
        R.createInvite.method,
        apiPath(R.createInvite, { classroomId }),
        CreatedInviteSchema,
        body,
      ),
    listInvites: (classroomId: string): Promise<InvitePage> =>
      request(
        R.listInvites.method,
        apiPath(R.listInvites, { classroomId }) + ALL,
        InvitePageSchema,
      ),
    revokeInvite: (classroomId: string, inviteId: string): Promise<void> =>
      request(R.revokeInvite.method, apiPath(R.revokeInvite, { classroomId, inviteId }), Done),
    previewInvite: (token: string): Promise<InvitePreview> =>
      request(R.previewInvite.method, apiPath(R.previewInvite), InvitePreviewSchema, { token }),
    acceptInvite: (body: AcceptInviteRequest): Promise<AcceptInviteResponse> =>
      request(R.acceptInvite.method, apiPath(R.acceptInvite), AcceptInviteResponseSchema, body),

    // --- classrooms and roster ----------------------------------------------------
    listClassrooms: (): Promise<ClassroomSummary[]> =>
      request(R.listClassrooms.method, apiPath(R.listClassrooms), ClassroomSummaryListSchema),
    createClassroom: (body: CreateClassroomRequest): Promise<ClassroomView> =>
      request(R.createClassroom.method, apiPath(R.createClassroom), ClassroomViewSchema, body),
    getClassroom: (classroomId: string): Promise<ClassroomView> =>
      request(R.classroom.method, apiPath(R.classroom, { classroomId }), ClassroomViewSchema),
    joinClassroom: (body: JoinClassroomRequest): Promise<ClassroomSummary> =>
      request(R.joinClassroom.method, apiPath(R.joinClassroom), ClassroomSummarySchema, body),
    getRoster: (classroomId: string): Promise<RosterPage> =>
      request(R.roster.method, apiPath(R.roster, { classroomId }) + ALL, RosterPageSchema),

    createGroup: (classroomId: string, body: CreateGroupRequest): Promise<GroupView> =>
      request(R.createGroup.method, apiPath(R.createGroup, { classroomId }), GroupViewSchema, body),
    renameGroup: (classroomId: string, groupId: string, body: RenameGroupRequest): Promise<void> =>
      request(R.renameGroup.method, apiPath(R.renameGroup, { classroomId, groupId }), Done, body),
    dissolveGroup: (classroomId: string, groupId: string): Promise<void> =>
      request(R.dissolveGroup.method, apiPath(R.dissolveGroup, { classroomId, groupId }), Done),
    addStudentToGroup: (
      classroomId: string,
      groupId: string,
      body: AddStudentToGroupRequest,
    ): Promise<void> =>
      request(
        R.addGroupMember.method,
        apiPath(R.addGroupMember, { classroomId, groupId }),
        Done,
        body,
      ),
    removeStudentFromGroup: (
      classroomId: string,
      groupId: string,
      studentId: string,
    ): Promise<void> =>
      request(
        R.removeGroupMember.method,
        apiPath(R.removeGroupMember, { classroomId, groupId, studentId }),
        Done,
      ),
    designatePeerTutor: (classroomId: string, body: DesignatePeerTutorRequest): Promise<void> =>
      request(
        R.designatePeerTutor.method,
        apiPath(R.designatePeerTutor, { classroomId }),
        Done,
        body,
      ),
    withdrawPeerTutor: (classroomId: string, studentId: string): Promise<void> =>
      request(
        R.withdrawPeerTutor.method,
        apiPath(R.withdrawPeerTutor, { classroomId, studentId }),
        Done,
      ),

    createStudentAccount: (
      classroomId: string,
      body: CreateStudentAccountRequest,
    ): Promise<SignInCard> =>
      request(
        R.createStudentAccount.method,
        apiPath(R.createStudentAccount, { classroomId }),
        SignInCardSchema,
        body,
      ),
    resetStudentSecret: (classroomId: string, studentId: string): Promise<SignInCard> =>
      request(
        R.resetStudentSecret.method,
        apiPath(R.resetStudentSecret, { classroomId, studentId }),
        SignInCardSchema,
        {},
      ),

    // --- projects -------------------------------------------------------------------
    assignProject: (classroomId: string, body: AssignProjectRequest): Promise<void> =>
      request(R.assignProject.method, apiPath(R.assignProject, { classroomId }), Done, body),
    listProjects: (classroomId: string): Promise<ProjectPage> =>
      request(
        R.listProjects.method,
        apiPath(R.listProjects, { classroomId }) + ALL,
        ProjectPageSchema,
      ),
    getProject: (projectId: string): Promise<ProjectDetail> =>
      request(R.project.method, apiPath(R.project, { projectId }), ProjectDetailSchema),
    updatePlan: (projectId: string, body: UpdateProjectPlanRequest): Promise<void> =>
      request(R.updatePlan.method, apiPath(R.updatePlan, { projectId }), Done, body),
    lockProject: (projectId: string): Promise<void> =>
      request(R.lockProject.method, apiPath(R.lockProject, { projectId }), Done, {}),
    unlockProject: (projectId: string): Promise<void> =>
      request(R.unlockProject.method, apiPath(R.unlockProject, { projectId }), Done, {}),
    listMyProjects: (): Promise<MyProject[]> =>
      request(R.myProjects.method, apiPath(R.myProjects), MyProjectListSchema),

    // --- workspaces -----------------------------------------------------------------
    getWorkspace: (docId: string): Promise<WorkspaceView> =>
      request(R.workspace.method, apiPath(R.workspace, { docId }), WorkspaceViewSchema),
    /** My own characters and minutes on task in a workspace, day by day (oldest first). */
    /** Day by day, each day from midnight in this browser's time zone. */
    myActivity: (docId: string, days = 14): Promise<MyActivity> =>
      request(
        R.myActivity.method,
        `${apiPath(R.myActivity, { docId })}?days=${days}&tz=${encodeURIComponent(viewerTimeZone())}`,
        MyActivitySchema,
      ),
    /** One page of a document's changes with their update bytes, oldest first (history replay). */
    getReplayPage: (docId: string, after: number | null): Promise<DocumentReplayPage> =>
      request(
        R.documentReplay.method,
        `${apiPath(R.documentReplay, { docId })}?limit=1000${after === null ? '' : `&after=${after}`}`,
        DocumentReplayPageSchema,
      ),
    /** Each member's share of a group document over the whole project (teachers). */
    workspaceContributions: (docId: string): Promise<WorkspaceContributions> =>
      request(
        R.workspaceContributions.method,
        apiPath(R.workspaceContributions, { docId }),
        WorkspaceContributionsSchema,
      ),
    getProgress: (docId: string): Promise<WorkspaceProgress> =>
      request(
        R.workspaceProgress.method,
        apiPath(R.workspaceProgress, { docId }),
        WorkspaceProgressSchema,
      ),
    markCheckpointReached: (docId: string, checkpointId: string): Promise<void> =>
      request(
        R.markCheckpointReached.method,
        apiPath(R.markCheckpointReached, { docId, checkpointId }),
        Done,
        {},
      ),
    confirmCheckpoint: (docId: string, checkpointId: string): Promise<void> =>
      request(
        R.confirmCheckpoint.method,
        apiPath(R.confirmCheckpoint, { docId, checkpointId }),
        Done,
        {},
      ),
    reopenCheckpoint: (
      docId: string,
      checkpointId: string,
      body: ReopenCheckpointRequest,
    ): Promise<void> =>
      request(
        R.reopenCheckpoint.method,
        apiPath(R.reopenCheckpoint, { docId, checkpointId }),
        Done,
        body,
      ),
    submit: (docId: string): Promise<void> =>
      request(R.submit.method, apiPath(R.submit, { docId }), Done, {}),
    giveFeedback: (docId: string, submissionId: string, body: GiveFeedbackRequest): Promise<void> =>
      request(R.giveFeedback.method, apiPath(R.giveFeedback, { docId, submissionId }), Done, body),
    returnSubmission: (
      docId: string,
      submissionId: string,
      body: ReturnForRevisionRequest,
    ): Promise<void> =>
      request(
        R.returnSubmission.method,
        apiPath(R.returnSubmission, { docId, submissionId }),
        Done,
        body,
      ),
    respondToFeedback: (
      docId: string,
      feedbackId: string,
      body: RespondToFeedbackRequest,
    ): Promise<void> =>
      request(
        R.respondToFeedback.method,
        apiPath(R.respondToFeedback, { docId, feedbackId }),
        Done,
        body,
      ),
    getRevision: (docId: string, revision: number): Promise<DocumentRevision> =>
      request(
        R.documentRevision.method,
        apiPath(R.documentRevision, { docId, revision }),
        DocumentRevisionSchema,
      ),

    // --- learners -------------------------------------------------------------------
    /** The caller's own journal, or (staff) one student's. */
    getJournal: (projectId: string, studentId?: string): Promise<JournalPage> =>
      request(
        R.journal.method,
        apiPath(R.journal, { projectId }) +
          ALL +
          (studentId ? `&studentId=${encodeURIComponent(studentId)}` : ''),
        JournalPageSchema,
      ),
    writeJournalEntry: (projectId: string, body: WriteJournalEntryRequest): Promise<void> =>
      request(R.writeJournalEntry.method, apiPath(R.writeJournalEntry, { projectId }), Done, body),
    getGoals: (projectId: string): Promise<GoalList> =>
      request(R.goals.method, apiPath(R.goals, { projectId }), GoalListSchema),
    setGoal: (projectId: string, body: SetGoalRequest): Promise<void> =>
      request(R.setGoal.method, apiPath(R.setGoal, { projectId }), Done, body),
    dropGoal: (projectId: string, goalId: string): Promise<void> =>
      request(R.dropGoal.method, apiPath(R.dropGoal, { projectId, goalId }), Done),

    // --- live board -----------------------------------------------------------------
    getBoard: (classroomId: string): Promise<BoardView> =>
      request(R.board.method, apiPath(R.board, { classroomId }), BoardViewSchema),
    /** Submissions since `from` (the viewer's first week of the term) and their first answers. */
    classroomFeedbackLatency: (
      classroomId: string,
      from: Date,
    ): Promise<ClassroomFeedbackLatency> =>
      request(
        R.classroomFeedbackLatency.method,
        `${apiPath(R.classroomFeedbackLatency, { classroomId })}?from=${encodeURIComponent(from.toISOString())}`,
        ClassroomFeedbackLatencySchema,
      ),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** The browser's IANA time zone, so the server's days start at the reader's midnight. */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The client's own words when the server gave no readable message (a proxy's 502, say). */
function fallbackMessage(status: number): string {
  const t = (key: string) => i18n.t(`errors.${key}`, { ns: 'common' });
  if (status === 401) return t('status401');
  if (status === 403) return t('status403');
  if (status === 404) return t('status404');
  if (status === 429) return t('status429');
  if (status >= 500) return t('status5xx');
  return t('statusOther');
}
