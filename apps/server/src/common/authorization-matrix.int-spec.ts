import { expect, it } from '@jest/globals';
import type {
  AnyRoute,
  ApiRouteName,
  ClassroomView,
  CreatedInvite,
  AcceptInviteResponse,
  GroupView,
  HelpRequestView,
  InquiryPost,
  InquirySpaceView,
  MentorInviteCreated,
  ProjectDetail,
  SignInCard,
  SocketAck,
  TutoringSessionView,
  WorkspaceProgress,
} from '@commonplace/shared';
import {
  API_PREFIX,
  API_ROUTES,
  INQUIRY_SOCKET_EVENTS,
  ROUTE_PERMISSIONS,
  SOCKET_EVENTS,
  TUTORING_SOCKET_EVENTS,
  apiPath,
} from '@commonplace/shared';
import { CLASSROOM_PERMISSIONS, streams } from '@commonplace/domain';
import type { CommonplaceApp } from '../app.js';
import { waitFor } from '../collab/collab.testing.js';
import { IdentityService } from '../identity/identity.service.js';
import { TokenService } from '../identity/token.service.js';
import type { LoopPerson } from '../projects/classroom-loop.testing.js';
import { loopHarness } from '../projects/classroom-loop.testing.js';
import { describeOnEveryStore } from '../documents/workspace-app.testing.js';

type Who =
  | 'teacher'
  | 'coTeacher'
  | 'student'
  | 'otherGroup'
  | 'guardian'
  | 'mentor'
  | 'schoolAdmin'
  | 'stranger'
  | 'anonymous';
const EVERYONE: readonly Who[] = [
  'teacher',
  'coTeacher',
  'student',
  'otherGroup',
  'guardian',
  'mentor',
  'schoolAdmin',
  'stranger',
  'anonymous',
];
const SIGNED_IN = EVERYONE.filter((w) => w !== 'anonymous');
const STAFF: readonly Who[] = ['teacher', 'coTeacher'];
/** Members write, staff and school admins observe: every read of a workspace. */
const WORKSPACE: readonly Who[] = ['teacher', 'coTeacher', 'student', 'schoolAdmin'];
/** Comments on a passage: the workspace's members and the classroom's teachers, not school admins. */
const COMMENTERS: readonly Who[] = ['teacher', 'coTeacher', 'student'];
/** Accounts of the teacher kind, wherever they teach. */
const TEACHER_ACCOUNTS: readonly Who[] = ['teacher', 'coTeacher', 'schoolAdmin'];
const LEARNERS: readonly Who[] = ['student', 'otherGroup'];
/** Teachers and students of the classroom hosting the inquiry space. */
const INQUIRY_PARTICIPANTS: readonly Who[] = ['teacher', 'coTeacher', 'student', 'otherGroup'];

interface Fixture {
  classroomId: string;
  groupId: string;
  spareGroupId: string;
  extraStudentId: string;
  youngStudentId: string;
  projectId: string;
  docId: string;
  checkpointId: string;
  submissionId: string;
  feedbackId: string;
  inviteId: string;
  studentId: string;
  schoolId: string;
  outsiderId: string;
  /** Help requests raised by `student`: one to withdraw, one to claim; and a session the teacher tutors. */
  cancelRequestId: string;
  claimRequestId: string;
  sessionId: string;
  /** An inquiry space hosted by the classroom, a post in it, and a classroom of another school. */
  spaceId: string;
  postId: string;
  otherClassroomId: string;
  /** A community mentor invited to the inquiry space. */
  spaceMentorId: string;
}

interface Row {
  /** Who gets past authorization; everyone else must be refused. */
  readonly allowed: readonly Who[] | 'public';
  readonly params?: (f: Fixture) => Record<string, string>;
  readonly body?: (f: Fixture) => unknown;
  readonly query?: (f: Fixture) => string;
  /** Ends the session that calls: called with a fresh sign-in of each person, so the others go on. */
  readonly endsTheSession?: true;
}

/**
 * Every route of API_ROUTES, and who may call it. A route added to the table
 * without a row here fails the test, and so does a route Nest serves that the
 * table lacks. "Allowed" means authorization let the call through: the answer
 * may still be a business refusal (a conflict, a missing group), but never
 * 401/403 or the not-found that hides a classroom from outsiders.
 */
const MATRIX: Record<ApiRouteName, Row> = {
  signIn: { allowed: 'public', body: () => ({ login: 'nobody', password: 'wrong' }) },
  studentSignIn: {
    allowed: 'public',
    body: () => ({ classCode: 'ZZZZZZ', secret: 'no-such-card' }),
  },
  me: { allowed: SIGNED_IN },
  signOut: { allowed: SIGNED_IN, endsTheSession: true },
  mySessions: { allowed: SIGNED_IN },
  // An id no one has: 404 auth.session-not-found, once past authentication.
  endMySession: { allowed: SIGNED_IN, params: () => ({ sessionId: 'no-such-session' }) },
  collabTicket: { allowed: SIGNED_IN },
  myNotifications: { allowed: SIGNED_IN },
  markNotificationsRead: { allowed: SIGNED_IN, body: () => ({ all: true }) },
  myProjects: { allowed: SIGNED_IN },
  myChildren: { allowed: ['guardian'] },
  listClassrooms: { allowed: SIGNED_IN },
  createClassroom: { allowed: TEACHER_ACCOUNTS, body: () => ({ name: 'Another class' }) },
  joinClassroom: {
    allowed: ['student', 'otherGroup', 'stranger'],
    body: () => ({ code: 'ZZZZZZ' }),
  },
  classroom: {
    allowed: ['teacher', 'coTeacher', 'student', 'otherGroup', 'schoolAdmin'],
    params: (f) => ({ classroomId: f.classroomId }),
  },
  roster: { allowed: STAFF, params: (f) => ({ classroomId: f.classroomId }) },
  removeMember: {
    allowed: STAFF,
    params: (f) => ({ classroomId: f.classroomId, userId: f.extraStudentId }),
    query: () => '?role=student',
  },
  createGroup: {
    allowed: STAFF,
    params: (f) => ({ classroomId: f.classroomId }),
    body: () => ({ name: `G${Math.random()}` }),
  },
  renameGroup: {
    allowed: STAFF,
    params: (f) => ({ classroomId: f.classroomId, groupId: f.spareGroupId }),
    body: () => ({ name: `Renamed ${Math.random()}` }),
  },
  dissolveGroup: {
    allowed: STAFF,
    params: (f) => ({ classroomId: f.classroomId, groupId: f.spareGroupId }),
  },
  addGroupMember: {
    allowed: STAFF,
    params: (f) => ({ classroomId: f.classroomId, groupId: f.spareGroupId }),
    body: (f) => ({ studentId: f.extraStudentId }),
  },
  removeGroupMember: {
    allowed: STAFF,
    params: (f) => ({
      classroomId: f.classroomId,
      groupId: f.spareGroupId,
      studentId: f.extraStudentId,
    }),
  },
  // Past authorization, a size of 1 is refused as bad input, so the fixture's groups stay as they are.
  arrangeGroups: {
    allowed: STAFF,
    params: (f) => ({ classroomId: f.classroomId }),
    body: () => ({ how: 'random', size: 1 }),
  },
  // Nothing to undo: a conflict, once past authorization.
  undoGroupArrangement: { allowed: STAFF, params: (f) => ({ classroomId: f.classroomId }) },
  designatePeerTutor: {
    allowed: STAFF,
    params: (f) => ({ classroomId: f.classroomId }),
    body: (f) => ({ studentId: f.extraStudentId }),
  },
  withdrawPeerTutor: {
    allowed: STAFF,
    params: (f) => ({ classroomId: f.classroomId, studentId: f.extraStudentId }),
  },
  createStudentAccount: {
    allowed: STAFF,
    params: (f) => ({ classroomId: f.classroomId }),
    body: () => ({ displayName: 'Kim' }),
  },
  resetStudentSecret: {
    allowed: STAFF,
    params: (f) => ({ classroomId: f.classroomId, studentId: f.youngStudentId }),
  },
  createInvite: {
    allowed: STAFF,
    params: (f) => ({ classroomId: f.classroomId }),
    body: (f) => ({ role: 'guardian', studentIds: [f.studentId] }),
  },
  listInvites: { allowed: STAFF, params: (f) => ({ classroomId: f.classroomId }) },
  revokeInvite: {
    allowed: STAFF,
    params: (f) => ({ classroomId: f.classroomId, inviteId: f.inviteId }),
  },
  previewInvite: { allowed: 'public', body: () => ({ token: 'not-an-invite-token' }) },
  acceptInvite: { allowed: 'public', body: () => ({ token: 'not-an-invite-token' }) },
  assignProject: {
    allowed: STAFF,
    params: (f) => ({ classroomId: f.classroomId }),
    body: () => ({ title: 'More' }),
  },
  createSchool: { allowed: TEACHER_ACCOUNTS, body: () => ({ name: 'Another school' }) },
  school: { allowed: ['schoolAdmin'], params: (f) => ({ schoolId: f.schoolId }) },
  addSchoolAdmin: {
    allowed: ['schoolAdmin'],
    params: (f) => ({ schoolId: f.schoolId }),
    body: (f) => ({ userId: f.outsiderId }),
  },
  removeSchoolAdmin: {
    allowed: ['schoolAdmin'],
    params: (f) => ({ schoolId: f.schoolId, userId: f.outsiderId }),
  },
  linkClassroomToSchool: {
    allowed: ['teacher'],
    params: (f) => ({ classroomId: f.classroomId }),
    body: (f) => ({ schoolId: f.schoolId }),
  },
  listProjects: {
    allowed: ['teacher', 'coTeacher', 'student', 'otherGroup', 'guardian', 'schoolAdmin'],
    params: (f) => ({ classroomId: f.classroomId }),
  },
  project: {
    allowed: ['teacher', 'coTeacher', 'student', 'otherGroup', 'guardian', 'schoolAdmin'],
    params: (f) => ({ projectId: f.projectId }),
  },
  updatePlan: {
    allowed: STAFF,
    params: (f) => ({ projectId: f.projectId }),
    body: () => ({ brief: 'Updated.' }),
  },
  lockProject: { allowed: STAFF, params: (f) => ({ projectId: f.projectId }), body: () => ({}) },
  unlockProject: { allowed: STAFF, params: (f) => ({ projectId: f.projectId }), body: () => ({}) },
  workspace: { allowed: WORKSPACE, params: (f) => ({ docId: f.docId }) },
  workspaceProgress: { allowed: WORKSPACE, params: (f) => ({ docId: f.docId }) },
  myActivity: { allowed: WORKSPACE, params: (f) => ({ docId: f.docId }) },
  workspaceContributions: { allowed: STAFF, params: (f) => ({ docId: f.docId }) },
  markCheckpointReached: {
    allowed: ['student'],
    params: (f) => ({ docId: f.docId, checkpointId: f.checkpointId }),
    body: () => ({}),
  },
  confirmCheckpoint: {
    allowed: STAFF,
    params: (f) => ({ docId: f.docId, checkpointId: f.checkpointId }),
    body: () => ({}),
  },
  reopenCheckpoint: {
    allowed: STAFF,
    params: (f) => ({ docId: f.docId, checkpointId: f.checkpointId }),
    body: () => ({}),
  },
  submit: { allowed: ['student'], params: (f) => ({ docId: f.docId }), body: () => ({}) },
  listSubmissions: { allowed: WORKSPACE, params: (f) => ({ docId: f.docId }) },
  giveFeedback: {
    allowed: STAFF,
    params: (f) => ({ docId: f.docId, submissionId: f.submissionId }),
    body: () => ({ comment: 'More evidence.' }),
  },
  returnSubmission: {
    allowed: STAFF,
    params: (f) => ({ docId: f.docId, submissionId: f.submissionId }),
    body: () => ({}),
  },
  respondToFeedback: {
    allowed: ['student'],
    params: (f) => ({ docId: f.docId, feedbackId: f.feedbackId }),
    body: () => ({ response: 'Thanks.' }),
  },
  documentHistory: { allowed: WORKSPACE, params: (f) => ({ docId: f.docId }) },
  documentRevision: { allowed: WORKSPACE, params: (f) => ({ docId: f.docId, revision: '0' }) },
  documentReplay: { allowed: WORKSPACE, params: (f) => ({ docId: f.docId }) },
  documentComments: { allowed: COMMENTERS, params: (f) => ({ docId: f.docId }) },
  startComment: {
    allowed: COMMENTERS,
    params: (f) => ({ docId: f.docId }),
    body: () => ({ anchor: { start: 'AQLNpQEA', end: 'AQLNpQEM' }, quote: 'otters', text: 'Why?' }),
  },
  replyToComment: {
    allowed: COMMENTERS,
    params: (f) => ({ docId: f.docId, threadId: 'no-such-thread' }),
    body: () => ({ text: 'Because.' }),
  },
  resolveComment: {
    allowed: COMMENTERS,
    params: (f) => ({ docId: f.docId, threadId: 'no-such-thread' }),
    body: () => ({}),
  },
  reopenComment: {
    allowed: COMMENTERS,
    params: (f) => ({ docId: f.docId, threadId: 'no-such-thread' }),
    body: () => ({}),
  },
  journal: {
    allowed: ['teacher', 'coTeacher', 'student', 'otherGroup'],
    params: (f) => ({ projectId: f.projectId }),
  },
  writeJournalEntry: {
    allowed: LEARNERS,
    params: (f) => ({ projectId: f.projectId }),
    body: () => ({ prompt: 'What did you try today?', text: 'A map.' }),
  },
  goals: {
    allowed: ['teacher', 'coTeacher', 'student', 'otherGroup'],
    params: (f) => ({ projectId: f.projectId }),
  },
  setGoal: {
    allowed: LEARNERS,
    params: (f) => ({ projectId: f.projectId }),
    body: (f) => ({
      checkpointId: f.checkpointId,
      targetDate: new Date(Date.now() + 86_400_000 * 3).toISOString(),
    }),
  },
  dropGoal: {
    allowed: LEARNERS,
    params: (f) => ({ projectId: f.projectId, goalId: 'no-such-goal' }),
  },
  studentOverview: {
    allowed: ['teacher', 'coTeacher', 'student', 'guardian'],
    params: (f) => ({ studentId: f.studentId }),
  },
  raiseHelpRequest: {
    allowed: LEARNERS,
    params: (f) => ({ classroomId: f.classroomId }),
    body: () => ({ topic: 'Fractions' }),
  },
  helpQueue: {
    allowed: ['teacher', 'coTeacher', 'student', 'otherGroup', 'schoolAdmin'],
    params: (f) => ({ classroomId: f.classroomId }),
  },
  cancelHelpRequest: {
    allowed: ['teacher', 'coTeacher', 'student'],
    params: (f) => ({ requestId: f.cancelRequestId }),
  },
  referHelpRequest: {
    allowed: STAFF,
    params: (f) => ({ requestId: f.claimRequestId }),
    body: (f) => ({ tutorId: f.extraStudentId, note: 'Start with halves.' }),
  },
  claimHelpRequest: {
    allowed: STAFF,
    params: (f) => ({ requestId: f.claimRequestId }),
    body: () => ({}),
  },
  tutoringSessions: {
    allowed: ['teacher', 'coTeacher', 'student', 'otherGroup', 'schoolAdmin'],
    params: (f) => ({ classroomId: f.classroomId }),
  },
  tutoringSession: {
    allowed: ['teacher', 'coTeacher', 'student'],
    params: (f) => ({ sessionId: f.sessionId }),
  },
  addSessionNote: {
    allowed: ['teacher', 'student'],
    params: (f) => ({ sessionId: f.sessionId }),
    body: () => ({ text: 'Halves first.' }),
  },
  setProjectDocAccess: {
    allowed: STAFF,
    params: (f) => ({ sessionId: f.sessionId }),
    body: () => ({ allowed: true }),
  },
  endSession: {
    allowed: STAFF,
    params: (f) => ({ sessionId: f.sessionId }),
    body: () => ({ summary: 'Halves and quarters.' }),
  },
  rateSession: {
    allowed: ['student'],
    params: (f) => ({ sessionId: f.sessionId }),
    body: () => ({ stars: 4 }),
  },
  familyDashboard: { allowed: ['guardian'], params: (f) => ({ studentId: f.studentId }) },
  guardianSummary: { allowed: ['guardian'] },
  setGuardianSummary: { allowed: ['guardian'], body: () => ({ email: 'family@example.org' }) },
  openInquirySpace: {
    allowed: STAFF,
    params: (f) => ({ classroomId: f.classroomId }),
    body: () => ({ title: 'Rivers', drivingQuestion: 'Why does it flood?' }),
  },
  inquirySpaces: { allowed: SIGNED_IN },
  inquirySpace: { allowed: INQUIRY_PARTICIPANTS, params: (f) => ({ spaceId: f.spaceId }) },
  inviteClassroom: {
    allowed: STAFF,
    params: (f) => ({ spaceId: f.spaceId }),
    body: (f) => ({ classroomId: f.otherClassroomId }),
  },
  respondToInquiryInvitation: {
    // Only the invited classroom's own teachers answer; none of these people teach it.
    allowed: [],
    params: (f) => ({ spaceId: f.spaceId, classroomId: f.otherClassroomId }),
    body: () => ({ accept: true }),
  },
  inquiryPosts: { allowed: INQUIRY_PARTICIPANTS, params: (f) => ({ spaceId: f.spaceId }) },
  createPost: {
    allowed: INQUIRY_PARTICIPANTS,
    params: (f) => ({ spaceId: f.spaceId }),
    body: () => ({ kind: 'evidence', text: 'The gauge read 2 m.' }),
  },
  hidePost: {
    allowed: STAFF,
    params: (f) => ({ spaceId: f.spaceId, postId: f.postId }),
    body: () => ({}),
  },
  lockBoard: { allowed: STAFF, params: (f) => ({ spaceId: f.spaceId }), body: () => ({}) },
  unlockBoard: { allowed: STAFF, params: (f) => ({ spaceId: f.spaceId }), body: () => ({}) },
  inquiryParticipants: {
    allowed: INQUIRY_PARTICIPANTS,
    params: (f) => ({ spaceId: f.spaceId }),
  },
  invitableClassrooms: { allowed: STAFF, params: (f) => ({ spaceId: f.spaceId }) },
  removeParticipant: {
    allowed: STAFF,
    params: (f) => ({ spaceId: f.spaceId, userId: f.extraStudentId }),
  },
  inviteMentor: {
    allowed: STAFF,
    params: (f) => ({ spaceId: f.spaceId }),
    body: () => ({
      name: 'Grace Okafor',
      organisation: 'River Trust',
      backgroundCheckVerifiedOn: '2026-01-05',
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    }),
  },
  mentors: { allowed: STAFF, params: (f) => ({ spaceId: f.spaceId }) },
  mentorAccessReport: {
    allowed: STAFF,
    params: (f) => ({ spaceId: f.spaceId, mentorId: f.spaceMentorId }),
  },
  revokeMentor: {
    allowed: STAFF,
    params: (f) => ({ spaceId: f.spaceId, mentorId: f.spaceMentorId }),
  },
  mentorSignIn: { allowed: 'public', body: () => ({ inviteToken: 'not.an.invite' }) },
  board: { allowed: STAFF, params: (f) => ({ classroomId: f.classroomId }) },
  classroomFeedbackLatency: {
    allowed: STAFF,
    params: (f) => ({ classroomId: f.classroomId }),
    query: () => '?from=2026-01-01T00:00:00.000Z',
  },
  health: { allowed: 'public' },
  metrics: { allowed: 'public' },
};

/** Codes that mean "not for you", whatever the status they travel with. */
const REFUSALS = new Set([
  'auth.unauthenticated',
  'auth.forbidden',
  'classroom.not-found',
  'workspace.not-found',
  'project.not-found',
  'projects.not-staff',
  'projects.not-a-member',
  'projects.not-journal-owner',
  'roster.not-teacher',
  'roster.not-owner',
  'roster.not-school-admin',
  'school.not-found',
  'tutoring.request-not-found',
  'tutoring.session-not-found',
  'inquiry.space-not-found',
]);

function refused(status: number, body: unknown): boolean {
  const code = (body as { code?: unknown } | undefined)?.code;
  return status === 403 || (typeof code === 'string' && REFUSALS.has(code));
}

/** Method and path of every route Nest serves under the API prefix. */
function servedRoutes(app: CommonplaceApp): string[] {
  const express = app.nest.getHttpAdapter().getInstance() as {
    router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> };
  };
  return express.router.stack.flatMap((layer) =>
    // The OpenAPI document and its UI (/api/docs...) are not API routes.
    layer.route &&
    layer.route.path.startsWith(API_PREFIX) &&
    !layer.route.path.startsWith(`${API_PREFIX}/docs`)
      ? Object.keys(layer.route.methods)
          .filter((m) => m !== '_all')
          .map((m) => `${m.toUpperCase()} ${layer.route?.path.slice(API_PREFIX.length)}`)
      : [],
  );
}

await describeOnEveryStore('the authorization matrix', (openStore) => {
  const { start, person, client, withToken, connectDoc } = loopHarness(openStore);

  it('lists every served route in the route table and every route in the matrix', async () => {
    const { app } = await start();
    const table = Object.values(API_ROUTES)
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    expect(servedRoutes(app).sort()).toEqual(table);
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(API_ROUTES).sort());
  }, 30_000);

  it('has every route declare its permission, or public, or which service decides and why', () => {
    expect([...ROUTE_PERMISSIONS].sort()).toEqual(Object.keys(CLASSROOM_PERMISSIONS).sort());
    const undeclared: string[] = [];
    for (const [name, route] of Object.entries(API_ROUTES) as [ApiRouteName, AnyRoute][]) {
      const rule = route.authorize;
      const declared =
        rule === 'public'
          ? MATRIX[name].allowed === 'public'
          : 'decidedBy' in rule
            ? rule.reason.trim().length > 0
            : rule.permission in CLASSROOM_PERMISSIONS && route.path.includes(`:${rule.param}`);
      if (!declared) undeclared.push(`${name}: ${JSON.stringify(rule)}`);
    }
    expect(undeclared).toEqual([]);
    // And nothing the matrix calls public needs a session.
    const publicRows = Object.entries(MATRIX).filter(([, row]) => row.allowed === 'public');
    expect(publicRows.map(([name]) => name).sort()).toEqual(
      Object.entries(API_ROUTES)
        .filter(([, route]) => route.authorize === 'public')
        .map(([name]) => name)
        .sort(),
    );
  });

  it('lets each role through exactly where the matrix says, on every endpoint and socket room', async () => {
    const { app, url } = await start();
    const teacher = await person(app, url, 'teacher', 'teacher');
    const student = await person(app, url, 'student', 'student');
    const otherGroup = await person(app, url, 'other', 'student');
    const extra = await person(app, url, 'extra', 'student');
    const stranger = await person(app, url, 'stranger', 'student');
    const coTeacherAccount = await person(app, url, 'co', 'teacher');
    const schoolAdmin = await person(app, url, 'admin', 'teacher');
    const outsider = await person(app, url, 'outsider', 'teacher');

    const classroom = (
      await teacher.call<ClassroomView>('POST', apiPath(API_ROUTES.createClassroom), { name: 'Y7' })
    ).body;
    const classroomId = classroom.id;
    const school = await schoolAdmin.call<{ id: string }>(
      'POST',
      apiPath(API_ROUTES.createSchool),
      {
        name: 'Riverside School',
      },
    );
    expect(school.status).toBe(201);
    // Only an admin of the school links a classroom to it: the teacher is one just for that.
    const adminPath = { schoolId: school.body.id };
    await schoolAdmin.call('POST', apiPath(API_ROUTES.addSchoolAdmin, adminPath), {
      userId: teacher.id,
    });
    const linked = await teacher.call(
      'POST',
      apiPath(API_ROUTES.linkClassroomToSchool, { classroomId }),
      { schoolId: school.body.id },
    );
    expect(linked.status).toBe(204);
    const removed = await schoolAdmin.call(
      'DELETE',
      apiPath(API_ROUTES.removeSchoolAdmin, { ...adminPath, userId: teacher.id }),
    );
    expect(removed.status).toBe(204);
    for (const s of [student, otherGroup, extra]) {
      await s.call('POST', apiPath(API_ROUTES.joinClassroom), { code: classroom.joinCode });
    }
    const group = async (name: string, members: readonly LoopPerson[]) => {
      const created = (
        await teacher.call<GroupView>('POST', apiPath(API_ROUTES.createGroup, { classroomId }), {
          name,
        })
      ).body;
      for (const m of members) {
        await teacher.call(
          'POST',
          apiPath(API_ROUTES.addGroupMember, { classroomId, groupId: created.id }),
          { studentId: m.id },
        );
      }
      return created.id;
    };
    const groupId = await group('Otters', [student]);
    await group('Herons', [otherGroup]);
    const spareGroupId = await group('Spare', []);
    const young = (
      await teacher.call<SignInCard>(
        'POST',
        apiPath(API_ROUTES.createStudentAccount, { classroomId }),
        { displayName: 'Kim' },
      )
    ).body;

    // Co-teacher, guardian and mentor come in through invite links, as in real life.
    const invite = async (body: unknown) =>
      (
        await teacher.call<CreatedInvite>(
          'POST',
          apiPath(API_ROUTES.createInvite, { classroomId }),
          body,
        )
      ).body;
    const coInvite = await invite({ role: 'co-teacher' });
    expect(
      (
        await coTeacherAccount.call('POST', apiPath(API_ROUTES.acceptInvite), {
          token: coInvite.token,
        })
      ).status,
    ).toBe(200);
    const anonymous = client(url, undefined);
    const join = async (token: string, login: string): Promise<LoopPerson> => {
      const accepted = await anonymous<AcceptInviteResponse>(
        'POST',
        apiPath(API_ROUTES.acceptInvite),
        {
          token,
          account: { login, displayName: login, password: 'long-enough-password' },
        },
      );
      expect(accepted.status).toBe(200);
      const me = await client(url, accepted.body.token)<{ id: string }>(
        'GET',
        apiPath(API_ROUTES.me),
      );
      return withToken(url, me.body.id, accepted.body.token);
    };
    const guardian = await join(
      (await invite({ role: 'guardian', studentIds: [student.id] })).token,
      'guardian@home',
    );
    const mentor = await join((await invite({ role: 'mentor' })).token, 'mentor@museum');
    // A used link stays used, whoever tries it next.
    const reused = await stranger.call('POST', apiPath(API_ROUTES.acceptInvite), {
      token: coInvite.token,
    });
    expect(reused).toMatchObject({ status: 410, body: { code: 'roster.invite-used' } });
    const spareInvite = await invite({ role: 'mentor' });

    const project = (
      await teacher.call<ProjectDetail>(
        'POST',
        apiPath(API_ROUTES.assignProject, { classroomId }),
        {
          title: 'Rivers',
          checkpoints: [
            { title: 'Question', dueAt: new Date(Date.now() + 86_400_000).toISOString() },
          ],
        },
      )
    ).body;
    const docId = project.workspaces.find((w) => w.groupId === groupId)?.docId ?? '';
    const checkpointId = project.checkpoints[0]?.checkpointId ?? '';
    const editor = connectDoc(url, docId, student.token ?? '');
    await waitFor(() => editor.provider.synced, 10_000, 'the editor synced');
    editor.text.insert(0, 'Notes');
    const deadline = Date.now() + 10_000;
    while ((await app.store.events.readStream(streams.document(docId))).length === 0) {
      if (Date.now() > deadline) throw new Error('the edit was never stored');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const submitted = (
      await student.call<WorkspaceProgress>('POST', apiPath(API_ROUTES.submit, { docId }), {})
    ).body;
    const submissionId = submitted.submissions[0]?.submissionId ?? '';
    const withFeedback = (
      await teacher.call<WorkspaceProgress>(
        'POST',
        apiPath(API_ROUTES.giveFeedback, { docId, submissionId }),
        { comment: 'Hi' },
      )
    ).body;
    const raiseHelp = async () =>
      (
        await student.call<HelpRequestView>(
          'POST',
          apiPath(API_ROUTES.raiseHelpRequest, { classroomId }),
          { topic: 'Fractions' },
        )
      ).body.requestId;
    const cancelRequestId = await raiseHelp();
    const claimRequestId = await raiseHelp();
    const tutored = await teacher.call<TutoringSessionView>(
      'POST',
      apiPath(API_ROUTES.claimHelpRequest, { requestId: await raiseHelp() }),
      {},
    );
    expect(tutored.status).toBe(201);
    const otherClassroom = (
      await outsider.call<ClassroomView>('POST', apiPath(API_ROUTES.createClassroom), {
        name: 'Z9',
      })
    ).body;
    const space = (
      await teacher.call<InquirySpaceView>(
        'POST',
        apiPath(API_ROUTES.openInquirySpace, { classroomId }),
        { title: 'Rivers', drivingQuestion: 'Why does it flood?' },
      )
    ).body;
    const posted = await student.call<InquiryPost>(
      'POST',
      apiPath(API_ROUTES.createPost, { spaceId: space.spaceId }),
      { kind: 'evidence', text: 'Photo of the gauge.' },
    );
    expect(posted.status).toBe(201);
    const spaceMentor = await teacher.call<MentorInviteCreated>(
      'POST',
      apiPath(API_ROUTES.inviteMentor, { spaceId: space.spaceId }),
      {
        name: 'Ali Ng',
        organisation: 'Museum',
        backgroundCheckVerifiedOn: '2026-01-05',
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    );
    expect(spaceMentor.status).toBe(201);
    const fixture: Fixture = {
      classroomId,
      groupId,
      spareGroupId,
      extraStudentId: extra.id,
      youngStudentId: young.studentId,
      projectId: project.id,
      docId,
      checkpointId,
      submissionId,
      feedbackId: withFeedback.submissions[0]?.feedback[0]?.feedbackId ?? '',
      inviteId: spareInvite.invite.inviteId,
      studentId: student.id,
      schoolId: school.body.id,
      outsiderId: outsider.id,
      cancelRequestId,
      claimRequestId,
      sessionId: tutored.body.sessionId,
      spaceId: space.spaceId,
      postId: posted.body.postId,
      otherClassroomId: otherClassroom.id,
      spaceMentorId: spaceMentor.body.mentor.mentorId,
    };

    const people: Record<Who, LoopPerson> = {
      teacher,
      coTeacher: coTeacherAccount,
      student,
      otherGroup,
      guardian,
      mentor,
      schoolAdmin,
      stranger,
      anonymous: withToken(url, '', undefined),
    };
    const mismatches: string[] = [];
    for (const [name, row] of Object.entries(MATRIX) as [ApiRouteName, Row][]) {
      const route = API_ROUTES[name];
      const params = row.params?.(fixture) ?? {};
      const path =
        API_PREFIX +
        route.path.replace(/:([A-Za-z]+)/g, (_m, key: string) =>
          encodeURIComponent(params[key] ?? ''),
        ) +
        (row.query?.(fixture) ?? '');
      for (const who of EVERYONE) {
        const caller =
          row.endsTheSession && who !== 'anonymous'
            ? withToken(url, people[who].id, await freshSession(app, people[who].id))
            : people[who];
        const reply = await caller.call(route.method, path, row.body?.(fixture));
        const expected = row.allowed === 'public' || row.allowed.includes(who);
        if (expected === refused(reply.status, reply.body)) {
          mismatches.push(
            `${name} as ${who}: ${expected ? 'refused' : 'allowed'} (${reply.status} ${JSON.stringify(reply.body)})`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);

    // Socket rooms: the same roles, checked at join.
    const rooms: Array<[string, unknown, readonly Who[]]> = [
      [SOCKET_EVENTS.boardWatch, { classroomId }, STAFF],
      [SOCKET_EVENTS.workspaceWatch, { docId }, WORKSPACE],
      [
        SOCKET_EVENTS.studentWatch,
        { studentId: student.id },
        ['teacher', 'coTeacher', 'student', 'guardian'],
      ],
      [
        TUTORING_SOCKET_EVENTS.queueWatch,
        { classroomId },
        ['teacher', 'coTeacher', 'student', 'otherGroup', 'schoolAdmin'],
      ],
      [
        TUTORING_SOCKET_EVENTS.sessionWatch,
        { sessionId: fixture.sessionId },
        ['teacher', 'coTeacher', 'student'],
      ],
      [INQUIRY_SOCKET_EVENTS.spaceWatch, { spaceId: fixture.spaceId }, INQUIRY_PARTICIPANTS],
    ];
    for (const [event, payload, allowed] of rooms) {
      for (const who of SIGNED_IN) {
        const ack = (await people[who]
          .socket()
          .timeout(5_000)
          .emitWithAck(event, payload)) as SocketAck;
        if (ack.ok !== allowed.includes(who))
          mismatches.push(`${event} as ${who}: ${JSON.stringify(ack)}`);
      }
    }
    expect(mismatches).toEqual([]);
    const anonymousSocket = people.anonymous.socket();
    const error = await new Promise<Error>((resolve) =>
      anonymousSocket.once('connect_error', resolve),
    );
    expect(error.message).toBe('Sign in to continue.');
  }, 120_000);
});

/** Another sign-in of the same person. */
async function freshSession(app: CommonplaceApp, userId: string): Promise<string> {
  const { kind } = (await app.nest.get(IdentityService).findUser(userId)) ?? { kind: 'mentor' };
  return app.nest.get(TokenService).issue({ userId, kind });
}
