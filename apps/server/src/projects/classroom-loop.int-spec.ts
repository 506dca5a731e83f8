import { expect, it } from '@jest/globals';
import type {
  ClassroomFeedbackLatency,
  BoardView,
  ClassroomView,
  ErrorBody,
  GroupView,
  ProjectDetail,
  SignInCard,
  SignInResponse,
  SocketAck,
  StudentOverview,
  WorkspaceProgress,
} from '@commonplace/shared';
import { API_ROUTES, SOCKET_EVENTS, apiPath } from '@commonplace/shared';
import { streams } from '@commonplace/domain';
import type { CommonplaceApp } from '../app.js';
import { waitFor } from '../collab/collab.testing.js';
import { LiveGateway } from '../activity/live.gateway.js';
import { describeOnEveryStore } from '../documents/workspace-app.testing.js';
import { loopHarness } from './classroom-loop.testing.js';

const R = API_ROUTES;

/** The document stream's head revision once the first edit is stored (edits flush after 250 ms). */
async function appended(app: CommonplaceApp, docId: string): Promise<number> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [head] = await app.store.events.readStream(streams.document(docId), {
      direction: 'backwards',
      maxCount: 1,
    });
    if (head) return head.revision;
    if (Date.now() > deadline) throw new Error('Timed out waiting for the edit to be stored.');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/**
 * The classroom loop end to end through the real app: a young student's
 * account and card sign-in, a project with checkpoints and a rubric, marking,
 * submitting (pinning the revision), feedback per group and per student,
 * return, response, resubmission and lock; and the live board's signals.
 */
await describeOnEveryStore('the classroom loop', (openStore) => {
  const { start, person, client, withToken, connectDoc } = loopHarness(openStore);

  it('runs from a young student’s card to feedback, resubmission and a lock', async () => {
    const { app, url } = await start();
    const teacher = await person(app, url, 'rivera', 'teacher');
    const ben = await person(app, url, 'ben', 'student');
    const eli = await person(app, url, 'eli', 'student');

    const classroom = (
      await teacher.call<ClassroomView>('POST', apiPath(R.createClassroom), { name: 'Year 3' })
    ).body;
    const classroomId = classroom.id;
    const card = await teacher.call<SignInCard>(
      'POST',
      apiPath(R.createStudentAccount, { classroomId }),
      { displayName: 'Zoë Ångström' },
    );
    expect(card.status).toBe(201);
    expect(card.body).toMatchObject({ displayName: 'Zoë Ångström', classCode: classroom.joinCode });
    // The name is sealed in the log: the plaintext never reaches an event.
    const log = await app.store.events.readAll();
    expect(JSON.stringify(log.map((e) => e.data))).not.toContain('Zoë');

    const signIn = await client(url, undefined)<SignInResponse>('POST', apiPath(R.studentSignIn), {
      classCode: classroom.joinCode?.toLowerCase(),
      secret: card.body.secret.toUpperCase(),
    });
    expect(signIn.status).toBe(200);
    expect(signIn.body.user).toMatchObject({
      id: card.body.studentId,
      displayName: 'Zoë Ångström',
    });
    const zoe = withToken(url, card.body.studentId, signIn.body.token);
    const wrongSecret = await client(url, undefined)<ErrorBody>('POST', apiPath(R.studentSignIn), {
      classCode: classroom.joinCode,
      secret: 'not-the-secret',
    });
    expect(wrongSecret).toMatchObject({ status: 401, body: { code: 'auth.invalid-credentials' } });

    await ben.call('POST', apiPath(R.joinClassroom), { code: classroom.joinCode });
    await eli.call('POST', apiPath(R.joinClassroom), { code: classroom.joinCode });
    const otters = (
      await teacher.call<GroupView>('POST', apiPath(R.createGroup, { classroomId }), {
        name: 'Otters',
      })
    ).body;
    const herons = (
      await teacher.call<GroupView>('POST', apiPath(R.createGroup, { classroomId }), {
        name: 'Herons',
      })
    ).body;
    for (const [group, student] of [
      [otters, zoe],
      [otters, ben],
      [herons, eli],
    ] as const) {
      await teacher.call('POST', apiPath(R.addGroupMember, { classroomId, groupId: group.id }), {
        studentId: student.id,
      });
    }

    const level = (title: string, points: number) => ({ title, points });
    const assigned = await teacher.call<ProjectDetail>(
      'POST',
      apiPath(R.assignProject, { classroomId }),
      {
        title: 'Rivers',
        brief: 'Map a river.',
        checkpoints: [
          { title: 'Question', dueAt: inDays(-1) },
          { title: 'Draft', dueAt: inDays(2) },
        ],
        rubric: {
          criteria: [{ title: 'Evidence', levels: [level('Beginning', 1), level('Secure', 3)] }],
        },
      },
    );
    expect(assigned.status).toBe(201);
    const project = assigned.body;
    const [question, draft] = project.checkpoints;
    const criterion = project.rubric?.criteria[0];
    const docId = project.workspaces.find((w) => w.groupId === otters.id)?.docId ?? '';
    const heronsDoc = project.workspaces.find((w) => w.groupId === herons.id)?.docId ?? '';
    expect(question && draft && criterion && docId && heronsDoc).toBeTruthy();

    // A student sees only their own workspace of the project.
    const asZoe = await zoe.call<ProjectDetail>(
      'GET',
      apiPath(R.project, { projectId: project.id }),
    );
    expect(asZoe.body.workspaces.map((w) => w.docId)).toEqual([docId]);

    // Nothing written yet: nothing to submit, and the refusal says so.
    const empty = await zoe.call<ErrorBody>('POST', apiPath(R.submit, { docId }), {});
    expect(empty).toMatchObject({ status: 422, body: { code: 'submission.empty-document' } });

    const editor = connectDoc(url, docId, zoe.token ?? '');
    await waitFor(() => editor.provider.synced, 10_000, 'the editor synced');
    editor.text.insert(0, 'Rivers carry water to the sea.');
    const progressOf = (who: typeof zoe) =>
      who.call<WorkspaceProgress>('GET', apiPath(R.workspaceProgress, { docId }));

    const reached = await zoe.call<WorkspaceProgress>(
      'POST',
      apiPath(R.markCheckpointReached, { docId, checkpointId: question?.checkpointId ?? '' }),
      {},
    );
    expect(reached.status).toBe(200);
    expect(reached.body.checkpoints.map((c) => [c.state, c.overdue])).toEqual([
      ['reached', false],
      ['open', false],
    ]);
    // A student cannot confirm; the teacher can. Another group cannot mark this one's.
    const selfConfirm = await zoe.call<ErrorBody>(
      'POST',
      apiPath(R.confirmCheckpoint, { docId, checkpointId: question?.checkpointId ?? '' }),
      {},
    );
    expect(selfConfirm).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
    const otherGroup = await eli.call<ErrorBody>(
      'POST',
      apiPath(R.markCheckpointReached, { docId, checkpointId: draft?.checkpointId ?? '' }),
      {},
    );
    expect(otherGroup).toMatchObject({ status: 403, body: { code: 'projects.not-a-member' } });
    const confirmed = await teacher.call<WorkspaceProgress>(
      'POST',
      apiPath(R.confirmCheckpoint, { docId, checkpointId: question?.checkpointId ?? '' }),
      {},
    );
    expect(confirmed.body.checkpoints[0]?.state).toBe('confirmed');

    // Submitting pins the document's revision: wait for the edit to reach the log first.
    const stored = await appended(app, docId);
    const submit = await zoe.call<WorkspaceProgress>('POST', apiPath(R.submit, { docId }), {});
    expect(submit.status).toBe(201);
    const submitted = submit.body;
    const submission = submitted.submissions[0];
    expect(submission).toMatchObject({ status: 'submitted', submittedBy: zoe.id });
    expect(submission?.documentRevision).toBe(stored);
    const again = await ben.call<ErrorBody>('POST', apiPath(R.submit, { docId }), {});
    expect(again).toMatchObject({ status: 409, body: { code: 'projects.already-submitted' } });

    // Feedback: the group's comment and scores, and one note for each student.
    const feedback = await teacher.call<WorkspaceProgress>(
      'POST',
      apiPath(R.giveFeedback, { docId, submissionId: submission?.submissionId ?? '' }),
      {
        comment: 'Good start.',
        scores: [{ criterionId: criterion?.criterionId, levelId: criterion?.levels[0]?.levelId }],
        perStudent: [
          { studentId: zoe.id, comment: 'Cite your source, Zoë.' },
          { studentId: ben.id, comment: 'Add a map, Ben.' },
        ],
      },
    );
    expect(feedback.status).toBe(201);
    const badScore = await teacher.call<ErrorBody>(
      'POST',
      apiPath(R.giveFeedback, { docId, submissionId: submission?.submissionId ?? '' }),
      { scores: [{ criterionId: 'nope', levelId: 'nope' }] },
    );
    expect(badScore).toMatchObject({ status: 422, body: { code: 'projects.score-invalid' } });
    await teacher.call(
      'POST',
      apiPath(R.returnSubmission, { docId, submissionId: submission?.submissionId ?? '' }),
      { note: 'Revise the conclusion.' },
    );

    // The student sees the group's feedback and only their own note.
    const seen = (await progressOf(zoe)).body.submissions[0];
    expect(seen).toMatchObject({ status: 'returned', returnNote: 'Revise the conclusion.' });
    expect(seen?.feedback[0]?.comment).toBe('Good start.');
    expect(seen?.feedback[0]?.perStudent).toEqual([
      { studentId: zoe.id, comment: 'Cite your source, Zoë.' },
    ]);
    const teacherView = (await progressOf(teacher)).body.submissions[0];
    expect(teacherView?.feedback[0]?.perStudent).toHaveLength(2);

    const responded = await zoe.call<WorkspaceProgress>(
      'POST',
      apiPath(R.respondToFeedback, { docId, feedbackId: seen?.feedback[0]?.feedbackId ?? '' }),
      { response: 'Added the source.' },
    );
    expect(responded.body.submissions[0]?.feedback[0]?.responses[0]?.response).toBe(
      'Added the source.',
    );
    const resubmitted = await ben.call<WorkspaceProgress>('POST', apiPath(R.submit, { docId }), {});
    expect(resubmitted.status).toBe(201);
    expect(resubmitted.body.submissions.map((s) => s.status)).toEqual(['submitted', 'superseded']);

    // The term chart's numbers: the first submission answered at its feedback (earlier than
    // the return), the resubmission still waiting; for the classroom's teachers only.
    const latencyPath = `${apiPath(R.classroomFeedbackLatency, { classroomId })}?from=${inDays(-7)}`;
    const latency = await teacher.call<ClassroomFeedbackLatency>('GET', latencyPath);
    expect(latency.status).toBe(200);
    const [first, second] = resubmitted.body.submissions.slice().reverse();
    expect(latency.body).toEqual({
      items: [
        {
          submissionId: first?.submissionId,
          docId,
          submittedAt: first?.submittedAt,
          answeredAt: first?.feedback[0]?.givenAt,
        },
        {
          submissionId: second?.submissionId,
          docId,
          submittedAt: second?.submittedAt,
          answeredAt: null,
        },
      ],
      truncated: false,
    });
    const later = `${apiPath(R.classroomFeedbackLatency, { classroomId })}?from=${inDays(1)}`;
    expect((await teacher.call<ClassroomFeedbackLatency>('GET', later)).body.items).toEqual([]);
    expect((await zoe.call<ErrorBody>('GET', latencyPath)).status).toBe(403);

    // Locked for assessment: read-only and no more marks, until unlocked.
    const locked = await teacher.call<ProjectDetail>(
      'POST',
      apiPath(R.lockProject, { projectId: project.id }),
      {},
    );
    expect(locked.body.locked).toBe(true);
    const whileLocked = await zoe.call<ErrorBody>(
      'POST',
      apiPath(R.markCheckpointReached, { docId, checkpointId: draft?.checkpointId ?? '' }),
      {},
    );
    expect(whileLocked).toMatchObject({ status: 423, body: { code: 'projects.locked' } });
    const workspace = await zoe.call<{ access: string; locked: boolean }>(
      'GET',
      apiPath(R.workspace, { docId }),
    );
    expect(workspace.body).toMatchObject({ access: 'read-only', locked: true });

    // Journal and goals: the student's own, readable by their teacher, not by classmates.
    await zoe.call('POST', apiPath(R.writeJournalEntry, { projectId: project.id }), {
      prompt: 'What did you try today?',
      text: 'I read about river mouths.',
    });
    const goal = await zoe.call<{ status: string }>(
      'POST',
      apiPath(R.setGoal, { projectId: project.id }),
      { checkpointId: draft?.checkpointId, targetDate: inDays(1) },
    );
    expect(goal.body.status).toBe('due-soon');
    const journalPath = `${apiPath(R.journal, { projectId: project.id })}?studentId=${zoe.id}`;
    expect((await teacher.call<{ items: unknown[] }>('GET', journalPath)).body.items).toHaveLength(
      1,
    );
    expect((await ben.call('GET', journalPath)).status).toBe(403);

    // The overview a guardian would see: progress and the student's own feedback.
    const overview = await zoe.call<StudentOverview>(
      'GET',
      apiPath(R.studentOverview, { studentId: zoe.id }),
    );
    expect(overview.body.projects[0]?.checkpoints[0]?.state).toBe('confirmed');
    expect((await eli.call('GET', apiPath(R.studentOverview, { studentId: zoe.id }))).status).toBe(
      403,
    );
  }, 60_000);

  it('pushes the board live with reasons, and shows idle after the threshold with no event', async () => {
    // 0.02 minutes: idle after 1.2 s present without an edit.
    const { app, url } = await start({ IDLE_MINUTES: '0.02' });
    const teacher = await person(app, url, 'rivera', 'teacher');
    const ana = await person(app, url, 'ana', 'student');
    const classroom = (
      await teacher.call<ClassroomView>('POST', apiPath(R.createClassroom), { name: 'Year 7' })
    ).body;
    const classroomId = classroom.id;
    await ana.call('POST', apiPath(R.joinClassroom), { code: classroom.joinCode });
    const group = (
      await teacher.call<GroupView>('POST', apiPath(R.createGroup, { classroomId }), {
        name: 'Otters',
      })
    ).body;
    await teacher.call('POST', apiPath(R.addGroupMember, { classroomId, groupId: group.id }), {
      studentId: ana.id,
    });
    const project = (
      await teacher.call<ProjectDetail>('POST', apiPath(R.assignProject, { classroomId }), {
        title: 'Rivers',
        checkpoints: [{ title: 'Question', dueAt: inDays(-1) }],
      })
    ).body;
    const docId = project.workspaces[0]?.docId ?? '';

    const boards: BoardView[] = [];
    const socket = teacher.socket();
    socket.on(SOCKET_EVENTS.boardSnapshot, (board: BoardView) => boards.push(board));
    const ack = (await socket
      .timeout(5_000)
      .emitWithAck(SOCKET_EVENTS.boardWatch, { classroomId })) as SocketAck;
    expect(ack).toEqual({ ok: true });
    await waitFor(() => boards.length > 0, 5_000, 'the first board');
    expect(boards[0]?.groups[0]?.signals.map((s) => [s.kind, s.reason])).toEqual([
      ['checkpoint-overdue', '“Question” was due 1 day ago and is not reached yet.'],
    ]);

    // A student may not watch the board.
    const refused = (await ana
      .socket()
      .timeout(5_000)
      .emitWithAck(SOCKET_EVENTS.boardWatch, { classroomId })) as SocketAck;
    expect(refused).toMatchObject({ ok: false, code: 'auth.forbidden' });

    const student = (board: BoardView | undefined) => board?.groups[0]?.students[0];
    const editor = connectDoc(url, docId, ana.token ?? '');
    await waitFor(() => editor.provider.synced, 10_000, 'the editor synced');
    const typedAt = Date.now();
    editor.text.insert(0, 'The river is wide.');
    await waitFor(
      () => student(boards.at(-1))?.activeNow === true,
      5_000,
      'the board showing Ana active now',
    );
    // Edits flush after 250 ms; the board follows within a second of the change.
    expect(Date.now() - typedAt).toBeLessThan(1_500);
    expect(student(boards.at(-1))).toMatchObject({ present: true, inserted: 18, share: 1 });

    // No further event: the timer re-evaluates and idle fires with its reason.
    await waitFor(
      () => student(boards.at(-1))?.signals.some((s) => s.kind === 'idle') === true,
      10_000,
      'the idle signal',
    );
    const idle = student(boards.at(-1))?.signals.find((s) => s.kind === 'idle');
    expect(idle?.reason).toMatch(/^In the workspace, but no edits for/);
  }, 60_000);

  it('pushes each viewer their own view of a workspace, and drops a student moved out of the group', async () => {
    const { app, url } = await start();
    const teacher = await person(app, url, 'rivera', 'teacher');
    const ana = await person(app, url, 'ana', 'student');
    const ben = await person(app, url, 'ben', 'student');
    const classroom = (
      await teacher.call<ClassroomView>('POST', apiPath(R.createClassroom), { name: 'Y7' })
    ).body;
    const classroomId = classroom.id;
    const groupIds: string[] = [];
    for (const name of ['Otters', 'Herons']) {
      const group = await teacher.call<GroupView>('POST', apiPath(R.createGroup, { classroomId }), {
        name,
      });
      groupIds.push(group.body.id);
    }
    for (const student of [ana, ben]) {
      await student.call('POST', apiPath(R.joinClassroom), { code: classroom.joinCode });
      await teacher.call(
        'POST',
        apiPath(R.addGroupMember, { classroomId, groupId: groupIds[0] ?? '' }),
        { studentId: student.id },
      );
    }
    const project = (
      await teacher.call<ProjectDetail>('POST', apiPath(R.assignProject, { classroomId }), {
        title: 'Rivers',
      })
    ).body;
    const docId = project.workspaces.find((w) => w.groupId === groupIds[0])?.docId ?? '';
    const editor = connectDoc(url, docId, ana.token ?? '');
    await waitFor(() => editor.provider.synced, 10_000, 'the editor synced');
    editor.text.insert(0, 'Notes');
    await appended(app, docId);
    const submission = (await ana.call<WorkspaceProgress>('POST', apiPath(R.submit, { docId }), {}))
      .body.submissions[0];

    const received = new Map<string, WorkspaceProgress[]>();
    for (const [name, who] of [
      ['teacher', teacher],
      ['ana', ana],
      ['ben', ben],
    ] as const) {
      const list: WorkspaceProgress[] = [];
      received.set(name, list);
      const socket = who.socket();
      socket.on(SOCKET_EVENTS.workspaceProgress, (p: WorkspaceProgress) => list.push(p));
      const ack = (await socket
        .timeout(5_000)
        .emitWithAck(SOCKET_EVENTS.workspaceWatch, { docId })) as SocketAck;
      expect(ack).toEqual({ ok: true });
    }
    const latest = (name: string) => received.get(name)?.at(-1)?.submissions[0]?.feedback[0];
    await teacher.call(
      'POST',
      apiPath(R.giveFeedback, { docId, submissionId: submission?.submissionId ?? '' }),
      {
        comment: 'Good.',
        perStudent: [
          { studentId: ana.id, comment: 'For Ana.' },
          { studentId: ben.id, comment: 'For Ben.' },
        ],
      },
    );
    await waitFor(
      () =>
        latest('ana') !== undefined &&
        latest('ben') !== undefined &&
        latest('teacher') !== undefined,
      5_000,
      'the feedback pushed to all three',
    );
    expect(latest('ana')?.perStudent.map((f) => f.comment)).toEqual(['For Ana.']);
    expect(latest('ben')?.perStudent.map((f) => f.comment)).toEqual(['For Ben.']);
    expect(latest('teacher')?.perStudent).toHaveLength(2);

    // Ben moves to the other group: the next push reaches Ana and the teacher, and Ben leaves the room.
    await teacher.call(
      'POST',
      apiPath(R.addGroupMember, { classroomId, groupId: groupIds[1] ?? '' }),
      { studentId: ben.id },
    );
    const benBefore = received.get('ben')?.length ?? 0;
    const anaBefore = received.get('ana')?.length ?? 0;
    await teacher.call(
      'POST',
      apiPath(R.returnSubmission, { docId, submissionId: submission?.submissionId ?? '' }),
      {},
    );
    const gateway = app.nest.get(LiveGateway);
    await waitFor(
      () =>
        (received.get('ana')?.length ?? 0) > anaBefore &&
        gateway.watchers('workspace', docId) === 2,
      5_000,
      'Ana told of the return and Ben out of the room',
    );
    expect(received.get('ana')?.at(-1)?.submissions[0]?.status).toBe('returned');
    expect(received.get('ben')?.length).toBe(benBefore);
  }, 60_000);
});
