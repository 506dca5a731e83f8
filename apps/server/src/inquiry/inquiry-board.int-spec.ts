import { expect, it, jest } from '@jest/globals';
import type {
  ClassroomView,
  InquirySpaceView,
  MentorInviteCreated,
  MentorSignInResponse,
} from '@commonplace/shared';
import { API_ROUTES, COLLAB_CLOSE, apiPath } from '@commonplace/shared';
import { waitFor } from '../collab/collab.testing.js';
import type { LoopPerson } from '../projects/classroom-loop.testing.js';
import { loopHarness } from '../projects/classroom-loop.testing.js';
import {
  TEST_REDIS_URL,
  createPostgresTestDatabase,
  describeWithPostgres,
  describeWithRedis,
  redisAvailable,
} from '../testing/services.js';
import { describeOnEveryStore } from '../documents/workspace-app.testing.js';
import { WorkspaceCollab } from '../documents/workspace-collab.service.js';

const R = API_ROUTES;

// Setting up two classrooms and a mentor on PGlite takes seconds on a busy machine; the 1 s bounds are what is tested.
jest.setTimeout(60_000);

await describeOnEveryStore('the inquiry board over the collaboration endpoint', (openStore) => {
  const { start, person, withToken, client, connectDoc } = loopHarness(openStore);

  /** A board client that also keeps every close the server sent, with when it arrived. */
  const openBoard = (url: string, docId: string, who: LoopPerson) => {
    if (who.token === undefined) throw new Error('a board client needs a token');
    const board = connectDoc(url, docId, who.token);
    const closes: Array<{ code: number; at: number }> = [];
    board.provider.on('connection-close', (event) => {
      if (event) closes.push({ code: event.code, at: performance.now() });
    });
    return { ...board, closes };
  };

  it('lets both classrooms and the mentor co-edit, refuses others, goes read-only on lock and cuts a revoked mentor, each within a second', async () => {
    const { app, url } = await start();
    const hill = await person(app, url, 'ms-hill', 'teacher');
    const ode = await person(app, url, 'mr-ode', 'teacher');
    const ada = await person(app, url, 'ada', 'student');
    const bo = await person(app, url, 'bo', 'student');
    const di = await person(app, url, 'di', 'student');
    const stranger = await person(app, url, 'cy', 'student');
    const make = async (teacher: LoopPerson, name: string, students: LoopPerson[]) => {
      const classroom = (
        await teacher.call<ClassroomView>('POST', apiPath(R.createClassroom), { name })
      ).body;
      for (const student of students) {
        await student.call('POST', apiPath(R.joinClassroom), { code: classroom.joinCode });
      }
      return classroom.id;
    };
    const hillClass = await make(hill, 'Hillside Y7', [ada, di]);
    const odeClass = await make(ode, 'Riverside 7B', [bo]);
    const space = (
      await hill.call<InquirySpaceView>(
        'POST',
        apiPath(R.openInquirySpace, { classroomId: hillClass }),
        { title: 'Rivers', drivingQuestion: 'Why does our river flood?' },
      )
    ).body;
    const { spaceId, boardDocId } = space;
    await hill.call('POST', apiPath(R.inviteClassroom, { spaceId }), { classroomId: odeClass });
    await ode.call(
      'POST',
      apiPath(R.respondToInquiryInvitation, { spaceId, classroomId: odeClass }),
      {
        accept: true,
      },
    );
    expect(
      (await ode.call('DELETE', apiPath(R.removeParticipant, { spaceId, userId: di.id }))).status,
    ).toBe(204);
    const invited = await hill.call<MentorInviteCreated>(
      'POST',
      apiPath(R.inviteMentor, { spaceId }),
      {
        name: 'Grace Okafor',
        organisation: 'River Trust',
        backgroundCheckVerifiedOn: '2026-01-05',
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    );
    const signedIn = await client(url, undefined)<MentorSignInResponse>(
      'POST',
      apiPath(R.mentorSignIn),
      { inviteToken: invited.body.inviteToken },
    );
    const mentorId = signedIn.body.mentorId;
    const grace = withToken(url, mentorId, signedIn.body.token);

    // A student of each classroom and the mentor write, and everyone converges.
    const adaBoard = openBoard(url, boardDocId, ada);
    const boBoard = openBoard(url, boardDocId, bo);
    const graceBoard = openBoard(url, boardDocId, grace);
    await waitFor(
      () => adaBoard.provider.synced && boBoard.provider.synced && graceBoard.provider.synced,
      10_000,
      'the three board clients to sync',
    );
    adaBoard.text.insert(0, 'Rain. ');
    boBoard.text.insert(0, 'Gauge. ');
    graceBoard.text.insert(0, 'Maps. ');
    const converged = () =>
      adaBoard.text.toString().length === 19 &&
      adaBoard.text.toString() === boBoard.text.toString() &&
      boBoard.text.toString() === graceBoard.text.toString();
    await waitFor(converged, 5_000, 'the three edits to converge');
    for (const part of ['Rain. ', 'Gauge. ', 'Maps. '])
      expect(adaBoard.text.toString()).toContain(part);

    // Someone in neither classroom, and a removed participant, are told the board does not exist.
    const strangerBoard = openBoard(url, boardDocId, stranger);
    const diBoard = openBoard(url, boardDocId, di);
    await waitFor(
      () => strangerBoard.closes.length > 0 && diBoard.closes.length > 0,
      5_000,
      'the stranger and the removed student to be refused',
    );
    expect(strangerBoard.closes[0]?.code).toBe(COLLAB_CLOSE.notFound.code);
    expect(diBoard.closes[0]?.code).toBe(COLLAB_CLOSE.notFound.code);
    strangerBoard.provider.destroy();
    diBoard.provider.destroy();
    expect(strangerBoard.text.toString()).toBe('');

    // Locking closes every writer with 4409 within a second; they come back read-only.
    const before = adaBoard.text.toString();
    const lockedAt = performance.now();
    expect((await ode.call('POST', apiPath(R.lockBoard, { spaceId }), {})).status).toBe(200);
    await waitFor(
      () => adaBoard.closes.length > 0 && boBoard.closes.length > 0 && graceBoard.closes.length > 0,
      1_000,
      'every writer’s board connection to close within a second of the lock',
    );
    for (const board of [adaBoard, boBoard, graceBoard]) {
      expect(board.closes[0]?.code).toBe(COLLAB_CLOSE.accessChanged.code);
      expect((board.closes[0]?.at ?? Infinity) - lockedAt).toBeLessThan(1_000);
    }
    const collab = app.nest.get(WorkspaceCollab);
    const adaAgain = openBoard(url, boardDocId, ada);
    const hillWatching = openBoard(url, boardDocId, hill);
    await waitFor(
      () => adaAgain.provider.synced && hillWatching.provider.synced,
      5_000,
      'ada and her teacher to reconnect',
    );
    expect(collab.endpoint.connectionsOn(boardDocId).map((c) => c.access)).not.toContain(
      'read-write',
    );
    // Refused by the server: had it been taken, the teacher would see it before "Unlocked." below.
    adaAgain.text.insert(0, 'Sneaky. ');

    // Unlocking reopens writing (the read-only connections are closed to come back writable).
    expect((await hill.call('POST', apiPath(R.unlockBoard, { spaceId }), {})).status).toBe(200);
    await waitFor(
      () => hillWatching.closes.length > 0,
      1_000,
      'the teacher’s read-only connection to close within a second of the unlock',
    );
    expect(hillWatching.closes[0]?.code).toBe(COLLAB_CLOSE.accessChanged.code);
    const hillAgain = openBoard(url, boardDocId, hill);
    const boAgain = openBoard(url, boardDocId, bo);
    await waitFor(
      () => hillAgain.provider.synced && boAgain.provider.synced,
      5_000,
      'hill and bo to reconnect after the unlock',
    );
    boAgain.text.insert(boAgain.text.length, 'Unlocked.');
    await waitFor(
      () => hillAgain.text.toString().endsWith('Unlocked.'),
      5_000,
      'bo’s edit after the unlock to reach the teacher',
    );
    expect(hillAgain.text.toString()).toBe(`${before}Unlocked.`);

    // Revoking the mentor closes their board connection with 4403 within a second.
    const graceAgain = openBoard(url, boardDocId, grace);
    await waitFor(() => graceAgain.provider.synced, 5_000, 'the mentor to reconnect');
    const revokedAt = performance.now();
    expect((await ode.call('DELETE', apiPath(R.revokeMentor, { spaceId, mentorId }))).status).toBe(
      204,
    );
    await waitFor(
      () => graceAgain.closes.length > 0,
      1_000,
      'the revoked mentor’s board connection to close within a second',
    );
    expect(graceAgain.closes[0]?.code).toBe(COLLAB_CLOSE.forbidden.code);
    expect((graceAgain.closes[0]?.at ?? Infinity) - revokedAt).toBeLessThan(1_000);
    expect(collab.endpoint.connectionsOn(boardDocId).map((c) => c.userId)).not.toContain(mentorId);
  });
});

const withServices = (await redisAvailable()).available ? describeWithPostgres : describeWithRedis;

await withServices('the inquiry board on several instances', () => {
  const { start, person, connectDoc } = loopHarness(async () => {
    const database = await createPostgresTestDatabase();
    return {
      env: {
        DATABASE_URL: database.connectionString,
        SESSION_SECRET: 'x'.repeat(32),
        REDIS_URL: TEST_REDIS_URL,
      },
      dispose: () => database.dispose(),
    };
  });

  it('closes a writer on the instance that does not run the inquiry projection within a second of the lock', async () => {
    // A starts first, so A holds the projections; ada edits on B.
    const a = await start();
    const b = await start();
    const hill = await person(a.app, a.url, 'ms-hill', 'teacher');
    const ada = await person(a.app, a.url, 'ada', 'student');
    const classroom = (
      await hill.call<ClassroomView>('POST', apiPath(R.createClassroom), { name: 'Y7' })
    ).body;
    await ada.call('POST', apiPath(R.joinClassroom), { code: classroom.joinCode });
    const { spaceId, boardDocId } = (
      await hill.call<InquirySpaceView>(
        'POST',
        apiPath(R.openInquirySpace, { classroomId: classroom.id }),
        { title: 'Rivers', drivingQuestion: 'Why does our river flood?' },
      )
    ).body;
    if (ada.token === undefined) throw new Error('ada needs a token');
    const board = connectDoc(b.url, boardDocId, ada.token);
    const closes: Array<{ code: number; at: number }> = [];
    board.provider.on('connection-close', (event) => {
      if (event) closes.push({ code: event.code, at: performance.now() });
    });
    await waitFor(() => board.provider.synced, 10_000, 'ada synced on B');
    expect(
      b.app.nest
        .get(WorkspaceCollab)
        .endpoint.connectionsOn(boardDocId)
        .map((c) => c.access),
    ).toEqual(['read-write']);

    const lockedAt = performance.now();
    expect((await hill.call('POST', apiPath(R.lockBoard, { spaceId }), {})).status).toBe(200);
    await waitFor(() => closes.length > 0, 1_000, 'ada’s board connection on B to close');
    expect(closes[0]?.code).toBe(COLLAB_CLOSE.accessChanged.code);
    expect((closes[0]?.at ?? Infinity) - lockedAt).toBeLessThan(1_000);
  });
});
