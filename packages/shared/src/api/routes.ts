import { FAMILY_ROUTES } from './families.js';
import { INQUIRY_SPACE_ROUTES, MENTOR_ROUTES } from './inquiry.js';
import { TUTORING_ROUTES } from './tutoring.js';

/**
 * Every HTTP route of the API, in one table used by the server's controllers,
 * the web app's client and the tests (the OpenAPI check and the authorization
 * matrix compare it with what Nest registers). Paths are relative to
 * `API_PREFIX`; build concrete URLs with `apiPath`.
 */
export const API_PREFIX = '/api';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RouteDefinition {
  readonly method: HttpMethod;
  readonly path: string;
  /** `public` routes answer without a session; every other one needs a bearer token. */
  readonly access: 'public' | 'signed-in';
  readonly summary: string;
}

const route = <M extends HttpMethod, P extends string>(
  method: M,
  path: P,
  summary: string,
  access: 'public' | 'signed-in' = 'signed-in',
) => ({ method, path, summary, access }) as const;

export const API_ROUTES = {
  // --- identity ----------------------------------------------------------------
  signIn: route('POST', '/auth/sign-in', 'Sign in with a login and password', 'public'),
  studentSignIn: route(
    'POST',
    '/auth/student-sign-in',
    'Sign in a young student with the class code and the secret from their card',
    'public',
  ),
  me: route('GET', '/me', 'Who am I'),
  myProjects: route('GET', '/me/projects', 'My projects (students)'),
  myChildren: route('GET', '/me/children', 'The students I am guardian of'),

  // --- classrooms and roster ---------------------------------------------------
  listClassrooms: route('GET', '/classrooms', 'My classrooms'),
  createClassroom: route('POST', '/classrooms', 'Create a classroom (teachers)'),
  joinClassroom: route('POST', '/classrooms/join', 'Join a classroom with its code (students)'),
  classroom: route('GET', '/classrooms/:classroomId', 'One classroom'),
  roster: route('GET', '/classrooms/:classroomId/members', 'Everyone in the classroom, with roles'),
  removeMember: route(
    'DELETE',
    '/classrooms/:classroomId/members/:userId',
    'Remove one of a person’s roles in the classroom (`?role=`)',
  ),
  createGroup: route('POST', '/classrooms/:classroomId/groups', 'Create a group'),
  renameGroup: route('PATCH', '/classrooms/:classroomId/groups/:groupId', 'Rename a group'),
  dissolveGroup: route(
    'DELETE',
    '/classrooms/:classroomId/groups/:groupId',
    'Dissolve a group (its members become ungrouped)',
  ),
  addGroupMember: route(
    'POST',
    '/classrooms/:classroomId/groups/:groupId/members',
    'Put a student in a group, moving them out of their old one',
  ),
  removeGroupMember: route(
    'DELETE',
    '/classrooms/:classroomId/groups/:groupId/members/:studentId',
    'Take a student out of a group',
  ),
  designatePeerTutor: route(
    'POST',
    '/classrooms/:classroomId/peer-tutors',
    'Make a student a peer tutor',
  ),
  withdrawPeerTutor: route(
    'DELETE',
    '/classrooms/:classroomId/peer-tutors/:studentId',
    'Withdraw a peer tutor',
  ),
  createStudentAccount: route(
    'POST',
    '/classrooms/:classroomId/student-accounts',
    'Create a young student’s account; returns their sign-in card',
  ),
  resetStudentSecret: route(
    'POST',
    '/classrooms/:classroomId/student-accounts/:studentId/secret',
    'Reset a young student’s secret; returns a new sign-in card',
  ),
  createInvite: route(
    'POST',
    '/classrooms/:classroomId/invites',
    'Invite a co-teacher, guardian or mentor by a link that expires',
  ),
  listInvites: route('GET', '/classrooms/:classroomId/invites', 'The classroom’s invites'),
  revokeInvite: route(
    'DELETE',
    '/classrooms/:classroomId/invites/:inviteId',
    'Revoke an invite link',
  ),
  previewInvite: route(
    'POST',
    '/invites/preview',
    'What an invite link is for, before accepting',
    'public',
  ),
  acceptInvite: route(
    'POST',
    '/invites/accept',
    'Accept an invite, signed in or making a new account',
    'public',
  ),

  // --- schools -----------------------------------------------------------------
  createSchool: route(
    'POST',
    '/schools',
    'Create a school (teachers); its creator is its first admin',
  ),
  school: route('GET', '/schools/:schoolId', 'A school: its admins and classrooms (school admins)'),
  addSchoolAdmin: route('POST', '/schools/:schoolId/admins', 'Add a school admin (school admins)'),
  removeSchoolAdmin: route(
    'DELETE',
    '/schools/:schoolId/admins/:userId',
    'Remove a school admin; the last one stays (school admins)',
  ),
  linkClassroomToSchool: route(
    'POST',
    '/classrooms/:classroomId/school',
    'Attach the classroom to a school (its owner)',
  ),

  // --- projects ----------------------------------------------------------------
  assignProject: route(
    'POST',
    '/classrooms/:classroomId/projects',
    'Assign a project to groups or students',
  ),
  listProjects: route('GET', '/classrooms/:classroomId/projects', 'The classroom’s projects'),
  classroomFeedbackLatency: route(
    'GET',
    '/classrooms/:classroomId/feedback-latency',
    'Every submission since `from` and when it was first answered, for the term chart (teachers)',
  ),
  project: route('GET', '/projects/:projectId', 'One project: plan, rubric, lock, workspaces'),
  updatePlan: route('PATCH', '/projects/:projectId/plan', 'Edit the brief, checkpoints or rubric'),
  lockProject: route('POST', '/projects/:projectId/lock', 'Lock the project for assessment'),
  unlockProject: route('POST', '/projects/:projectId/unlock', 'Unlock the project'),

  // --- workspaces ----------------------------------------------------------------
  workspace: route('GET', '/workspaces/:docId', 'One workspace and my access to it'),
  workspaceProgress: route(
    'GET',
    '/workspaces/:docId/progress',
    'A workspace’s checkpoints, submissions and feedback',
  ),
  myActivity: route(
    'GET',
    '/workspaces/:docId/activity/mine',
    'My characters written and time on task in a workspace, day by day',
  ),
  workspaceContributions: route(
    'GET',
    '/workspaces/:docId/contributions',
    'Each member’s share of a group document over the whole project (teachers)',
  ),
  markCheckpointReached: route(
    'POST',
    '/workspaces/:docId/checkpoints/:checkpointId/reached',
    'Mark a checkpoint reached (group members)',
  ),
  confirmCheckpoint: route(
    'POST',
    '/workspaces/:docId/checkpoints/:checkpointId/confirm',
    'Confirm a reached checkpoint (staff)',
  ),
  reopenCheckpoint: route(
    'POST',
    '/workspaces/:docId/checkpoints/:checkpointId/reopen',
    'Reopen a checkpoint (staff)',
  ),
  submit: route(
    'POST',
    '/workspaces/:docId/submissions',
    'Submit the workspace, pinning its current revision',
  ),
  listSubmissions: route('GET', '/workspaces/:docId/submissions', 'A workspace’s submissions'),
  giveFeedback: route(
    'POST',
    '/workspaces/:docId/submissions/:submissionId/feedback',
    'Give feedback and rubric scores (staff)',
  ),
  returnSubmission: route(
    'POST',
    '/workspaces/:docId/submissions/:submissionId/return',
    'Return a submission for revision (staff)',
  ),
  respondToFeedback: route(
    'POST',
    '/workspaces/:docId/feedback/:feedbackId/responses',
    'Respond to feedback (group members)',
  ),
  documentHistory: route('GET', '/workspaces/:docId/history', 'A document’s changes, newest first'),
  documentRevision: route(
    'GET',
    '/workspaces/:docId/history/:revision',
    'A document’s text after one revision',
  ),
  documentReplay: route(
    'GET',
    '/workspaces/:docId/replay',
    'A document’s changes with their update bytes, oldest first, for history replay',
  ),

  // --- learners ------------------------------------------------------------------
  journal: route('GET', '/projects/:projectId/journal', 'A student’s reflection journal'),
  writeJournalEntry: route('POST', '/projects/:projectId/journal', 'Write a journal entry'),
  goals: route('GET', '/projects/:projectId/goals', 'A student’s goals and progress'),
  setGoal: route('POST', '/projects/:projectId/goals', 'Set a personal goal'),
  dropGoal: route('DELETE', '/projects/:projectId/goals/:goalId', 'Drop a personal goal'),
  studentOverview: route(
    'GET',
    '/students/:studentId/overview',
    'A student’s projects, progress and feedback (guardians, teachers, the student)',
  ),

  // --- peer tutoring (issue 6) -------------------------------------------------
  ...TUTORING_ROUTES,

  // --- families (issue 6) ----------------------------------------------------------
  ...FAMILY_ROUTES,

  // --- cross-classroom inquiry (issue 6) ---------------------------------------------
  ...INQUIRY_SPACE_ROUTES,
  ...MENTOR_ROUTES,

  // --- live board and operations -------------------------------------------------
  board: route('GET', '/classrooms/:classroomId/board', 'The live board with signals (staff)'),
  health: route('GET', '/health', 'Store and projection status', 'public'),
  metrics: route('GET', '/metrics', 'Prometheus metrics', 'public'),
} as const satisfies Record<string, RouteDefinition>;

export type ApiRouteName = keyof typeof API_ROUTES;

/** The `:name` parameters of a path pattern, as a union of names. */
export type PathParams<P extends string> = P extends `${string}:${infer Param}/${infer Rest}`
  ? Param | PathParams<`/${Rest}`>
  : P extends `${string}:${infer Param}`
    ? Param
    : never;

type ParamsArg<P extends string> = [PathParams<P>] extends [never]
  ? []
  : [params: Record<PathParams<P>, string | number>];

/**
 * The URL of a route, prefix included, every parameter encoded:
 * `apiPath(API_ROUTES.classroom, { classroomId })` → `/api/classrooms/c-1`.
 */
export function apiPath<P extends string>(
  route: { readonly path: P },
  ...args: ParamsArg<P>
): string {
  const params = (args[0] ?? {}) as Record<string, string | number>;
  const filled = route.path.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined)
      throw new Error(`apiPath: missing parameter ${name} for ${route.path}`);
    return encodeURIComponent(String(value));
  });
  return `${API_PREFIX}${filled}`;
}
