import { expect, it } from '@jest/globals';
import type {
  DocumentHistoryPage,
  HelpQueue,
  HelpRequestView,
  RosterPage,
  SocketAck,
  TutoringSessionList,
  TutoringSessionView,
} from '@commonplace/shared';
import { API_ROUTES, TUTORING_SOCKET_EVENTS, apiPath } from '@commonplace/shared';
import { waitFor } from '../collab/collab.testing.js';
import { loopHarness } from '../projects/classroom-loop.testing.js';
import { WorkspaceAuthorizer } from '../documents/workspace-collab.adapters.js';
import { describeOnEveryStore } from '../documents/workspace-app.testing.js';

const R = API_ROUTES;

await describeOnEveryStore('peer tutoring', (openStore) => {
  const { start, person, connectDoc, joinedClassroom } = loopHarness(openStore);

  it('queues a request, keeps a referral note private, lets one of two racing tutors win, and shows the teacher the session', async () => {
    const { app, url } = await start();
    const teacher = await person(app, url, 'ms-hill', 'teacher');
    const ada = await person(app, url, 'ada', 'student');
    const bo = await person(app, url, 'bo', 'student');
    const cy = await person(app, url, 'cy', 'student');
    const classroomId = (await joinedClassroom(teacher, [ada, bo, cy])).id;
    for (const tutor of [bo, cy]) {
      const designated = await teacher.call(
        'POST',
        apiPath(R.designatePeerTutor, { classroomId }),
        { studentId: tutor.id },
      );
      expect(designated.status).toBe(204);
    }

    // Bo watches the live queue before anything is asked.
    const boQueues: HelpQueue[] = [];
    const boSocket = bo.socket();
    boSocket.on(TUTORING_SOCKET_EVENTS.queue, (queue: HelpQueue) => boQueues.push(queue));
    expect(
      await boSocket.timeout(5_000).emitWithAck(TUTORING_SOCKET_EVENTS.queueWatch, { classroomId }),
    ).toEqual({ ok: true });
    const liveTopics = () =>
      boQueues
        .at(-1)
        ?.items.map((r) => r.topic)
        .join(',');

    const raise = async (topic: string) => {
      const raised = await ada.call<HelpRequestView>(
        'POST',
        apiPath(R.raiseHelpRequest, { classroomId }),
        { topic },
      );
      expect(raised.status).toBe(201);
      return raised.body.requestId;
    };
    const referred = await raise('Fractions');
    const contested = await raise('Long division');

    await waitFor(() => liveTopics() === 'Fractions,Long division', 10_000, 'Bo saw both requests');

    // A teacher refers the first request to Bo with a note only Bo and the teachers read.
    const referral = await teacher.call<HelpRequestView>(
      'POST',
      apiPath(R.referHelpRequest, { requestId: referred }),
      { tutorId: bo.id, note: 'Ada prefers drawings.' },
    );
    expect(referral.body).toMatchObject({
      referredTo: bo.id,
      referralNote: 'Ada prefers drawings.',
    });
    const queueOf = async (who: typeof bo) =>
      (await who.call<HelpQueue>('GET', apiPath(R.helpQueue, { classroomId }))).body.items;
    expect((await queueOf(bo)).map((r) => [r.topic, r.referralNote])).toEqual([
      ['Fractions', 'Ada prefers drawings.'],
      ['Long division', undefined],
    ]);
    expect((await queueOf(cy)).map((r) => r.referralNote)).toEqual([undefined, undefined]);
    expect((await queueOf(ada)).map((r) => r.referralNote)).toEqual([undefined, undefined]);
    const cyOnReferred = await cy.call(
      'POST',
      apiPath(R.claimHelpRequest, { requestId: referred }),
      {},
    );
    expect(cyOnReferred).toMatchObject({
      status: 409,
      body: { code: 'tutoring.referred-to-another' },
    });

    // Two tutors claim the same request at once: one session opens, the other tutor is told.
    const claims = await Promise.all(
      [bo, cy].map((tutor) =>
        tutor.call<TutoringSessionView & { code?: string }>(
          'POST',
          apiPath(R.claimHelpRequest, { requestId: contested }),
          {},
        ),
      ),
    );
    expect(claims.map((c) => c.status).sort()).toEqual([201, 409]);
    const won = claims.find((c) => c.status === 201);
    const lost = claims.find((c) => c.status === 409);
    expect(lost?.body).toMatchObject({
      code: 'tutoring.already-claimed',
      message: 'Another tutor claimed this request first.',
    });
    const session = won?.body as TutoringSessionView;
    const winner = session.tutorId === bo.id ? bo : cy;
    const loser = winner === bo ? cy : bo;
    expect(session).toMatchObject({ studentId: ada.id, status: 'live', topic: 'Long division' });
    expect((await queueOf(teacher)).map((r) => r.requestId)).toEqual([referred]);

    await waitFor(
      () => liveTopics() === 'Fractions',
      10_000,
      'the claimed request left the live queue',
    );
    const teacherSessions: TutoringSessionView[] = [];
    const teacherSocket = teacher.socket();
    teacherSocket.on(TUTORING_SOCKET_EVENTS.session, (view: TutoringSessionView) =>
      teacherSessions.push(view),
    );
    const watch = (who: typeof bo) =>
      who
        .socket()
        .timeout(5_000)
        .emitWithAck(TUTORING_SOCKET_EVENTS.sessionWatch, { sessionId: session.sessionId });
    expect(
      await teacherSocket
        .timeout(5_000)
        .emitWithAck(TUTORING_SOCKET_EVENTS.sessionWatch, { sessionId: session.sessionId }),
    ).toEqual({ ok: true });
    expect((await watch(loser)) as SocketAck).toMatchObject({
      ok: false,
      code: 'tutoring.session-not-found',
    });
    const sessionPath = { sessionId: session.sessionId };
    // The scratchpad: tutor and student co-edit, the teacher observes, the other tutor is refused.
    const pad = session.scratchpadDocId;
    const authorizer = app.nest.get(WorkspaceAuthorizer);
    const accessOf = async (who: typeof bo) => {
      const result = await authorizer.authorize(who.token ?? null, pad);
      return result.ok ? result.principal.access : result.reason;
    };
    expect(await accessOf(winner)).toBe('read-write');
    expect(await accessOf(ada)).toBe('read-write');
    expect(await accessOf(teacher)).toBe('read-only');
    expect(await accessOf(loser)).toBe('forbidden');
    const tutorPad = connectDoc(url, pad, winner.token ?? '');
    const studentPad = connectDoc(url, pad, ada.token ?? '');
    await waitFor(
      () => tutorPad.provider.synced && studentPad.provider.synced,
      10_000,
      'pads synced',
    );
    tutorPad.text.insert(0, '84 ÷ 4 = ?');
    await waitFor(() => studentPad.text.toString() === '84 ÷ 4 = ?', 10_000, 'the student sees it');

    expect((await loser.call('GET', apiPath(R.tutoringSession, sessionPath))).body).toMatchObject({
      code: 'tutoring.session-not-found',
    });
    const noted = await ada.call<TutoringSessionView>(
      'POST',
      apiPath(R.addSessionNote, sessionPath),
      { text: 'Bring down the next digit.' },
    );
    expect(noted.body.notes.map((n) => [n.authorName, n.text])).toEqual([
      ['ada', 'Bring down the next digit.'],
    ]);
    await waitFor(
      () => teacherSessions.at(-1)?.notes.length === 1,
      10_000,
      'the teacher watching saw the note live',
    );
    expect(
      (await ada.call('POST', apiPath(R.rateSession, sessionPath), { stars: 5 })).body,
    ).toMatchObject({ code: 'tutoring.session-live' });
    const ended = await winner.call<TutoringSessionView>(
      'POST',
      apiPath(R.endSession, sessionPath),
      {
        summary: 'Long division with remainders.',
      },
    );
    expect(ended.body).toMatchObject({
      status: 'ended',
      summary: 'Long division with remainders.',
    });
    const rated = await ada.call<TutoringSessionView>('POST', apiPath(R.rateSession, sessionPath), {
      stars: 5,
      comment: 'Clear!',
    });
    expect(rated.body.rating).toEqual({ stars: 5, comment: 'Clear!' });

    // The teacher reads the scratchpad's history; the tutor who lost the claim cannot.
    const historyPath = apiPath(R.documentHistory, { docId: pad });
    const historyDeadline = Date.now() + 10_000;
    let history = await teacher.call<DocumentHistoryPage>('GET', historyPath);
    // Edits reach the log after the flush window: poll the read until the change is there.
    while (history.status !== 200 || history.body.changes.length === 0) {
      if (Date.now() > historyDeadline)
        throw new Error('the scratchpad edit never reached history');
      await new Promise((resolve) => setTimeout(resolve, 50));
      history = await teacher.call<DocumentHistoryPage>('GET', historyPath);
    }
    expect((await loser.call('GET', historyPath)).body).toMatchObject({
      code: 'workspace.not-found',
    });

    // Once ended, the scratchpad stays readable to both and writable by no one.
    expect(await accessOf(winner)).toBe('read-only');
    expect(await accessOf(ada)).toBe('read-only');

    // The teacher sees every session, past ones included; the losing tutor sees none.
    const teacherList = (
      await teacher.call<TutoringSessionList>('GET', apiPath(R.tutoringSessions, { classroomId }))
    ).body.items;
    expect(teacherList).toHaveLength(1);
    expect(teacherList[0]).toMatchObject({
      sessionId: session.sessionId,
      status: 'ended',
      rating: { stars: 5 },
      notes: [{ text: 'Bring down the next digit.' }],
    });
    const loserList = (
      await loser.call<TutoringSessionList>('GET', apiPath(R.tutoringSessions, { classroomId }))
    ).body.items;
    expect(loserList).toEqual([]);
  }, 60_000);

  it('shows a peer tutor of one subject only that subject’s requests (and those for anyone), and refuses them the others', async () => {
    const { app, url } = await start();
    const teacher = await person(app, url, 'ms-hill', 'teacher');
    const ada = await person(app, url, 'ada', 'student');
    const bo = await person(app, url, 'bo', 'student');
    const cy = await person(app, url, 'cy', 'student');
    const classroomId = (await joinedClassroom(teacher, [ada, bo, cy])).id;
    const designate = (studentId: string, subject?: string) =>
      teacher.call('POST', apiPath(R.designatePeerTutor, { classroomId }), {
        studentId,
        ...(subject === undefined ? {} : { subject }),
      });
    expect((await designate(bo.id, ' Fractions ')).status).toBe(204);
    expect((await designate(cy.id)).status).toBe(204);
    const roster = (await teacher.call<RosterPage>('GET', apiPath(R.roster, { classroomId }))).body
      .items;
    expect(roster.find((m) => m.userId === bo.id)?.peerTutorSubject).toBe('Fractions');
    expect(roster.find((m) => m.userId === cy.id)?.peerTutorSubject).toBeNull();
    expect(roster.find((m) => m.userId === ada.id)?.peerTutorSubject).toBeNull();

    const raise = async (topic: string, subject?: string) => {
      const raised = await ada.call<HelpRequestView>(
        'POST',
        apiPath(R.raiseHelpRequest, { classroomId }),
        { topic, ...(subject === undefined ? {} : { subject }) },
      );
      expect(raised.status).toBe(201);
      return raised.body;
    };
    const halves = await raise('Adding halves', 'fractions');
    const haiku = await raise('Haiku syllables', 'Poetry');
    await raise('Where do I start?');
    expect(halves.subject).toBe('fractions');
    const topicsOf = async (who: typeof bo) =>
      (await who.call<HelpQueue>('GET', apiPath(R.helpQueue, { classroomId }))).body.items.map(
        (r) => r.topic,
      );
    expect(await topicsOf(bo)).toEqual(['Adding halves', 'Where do I start?']);
    expect(await topicsOf(cy)).toEqual(['Adding halves', 'Haiku syllables', 'Where do I start?']);
    expect(await topicsOf(teacher)).toEqual([
      'Adding halves',
      'Haiku syllables',
      'Where do I start?',
    ]);
    expect(await topicsOf(ada)).toEqual(['Adding halves', 'Haiku syllables', 'Where do I start?']);

    const offSubject = await bo.call(
      'POST',
      apiPath(R.claimHelpRequest, { requestId: haiku.requestId }),
      {},
    );
    expect(offSubject).toMatchObject({ status: 403, body: { code: 'tutoring.other-subject' } });

    // A teacher's referral reaches Bo whatever the subject: it shows in his queue and he may claim it.
    await teacher.call('POST', apiPath(R.referHelpRequest, { requestId: haiku.requestId }), {
      tutorId: bo.id,
    });
    expect(await topicsOf(bo)).toEqual(['Adding halves', 'Haiku syllables', 'Where do I start?']);
    const referred = await bo.call(
      'POST',
      apiPath(R.claimHelpRequest, { requestId: haiku.requestId }),
      {},
    );
    expect(referred.status).toBe(201);
  }, 60_000);
});
