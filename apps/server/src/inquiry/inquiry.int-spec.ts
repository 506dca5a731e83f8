import { expect, it } from '@jest/globals';
import type {
  ClassroomView,
  InquiryPost,
  InquiryPostMessage,
  InquiryPostList,
  InquirySpaceView,
  InvitableClassroomList,
  MentorAccessReport,
  MentorInviteCreated,
  MentorSignInResponse,
} from '@commonplace/shared';
import { API_ROUTES, INQUIRY_SOCKET_EVENTS, apiPath } from '@commonplace/shared';
import { waitFor } from '../collab/collab.testing.js';
import { loopHarness } from '../projects/classroom-loop.testing.js';
import {
  TEST_REDIS_URL,
  createPostgresTestDatabase,
  describeWithPostgres,
  describeWithRedis,
  redisAvailable,
} from '../testing/services.js';
import { describeOnEveryStore } from '../documents/workspace-app.testing.js';
import { InquiryGateway } from './inquiry.gateway.js';
import { inviteAndSignInMentor, openSpace } from './inquiry.testing.js';

const R = API_ROUTES;

await describeOnEveryStore('cross-classroom inquiry', (openStore) => {
  const { start, person, withToken, client } = loopHarness(openStore);

  it('joins two classrooms, shows first names and classrooms only, refuses contact details, and lets either teacher moderate', async () => {
    const { app, url } = await start();
    const hill = await person(app, url, 'ms-hill', 'teacher');
    const ode = await person(app, url, 'mr-ode', 'teacher');
    const ada = await person(app, url, 'ada', 'student');
    const bo = await person(app, url, 'bo', 'student');
    const make = async (teacher: typeof hill, name: string, student: typeof ada) => {
      const classroom = (
        await teacher.call<ClassroomView>('POST', apiPath(R.createClassroom), { name })
      ).body;
      await student.call('POST', apiPath(R.joinClassroom), { code: classroom.joinCode });
      return classroom.id;
    };
    const hillClass = await make(hill, 'Hillside Y7', ada);
    const odeClass = await make(ode, 'Riverside 7B', bo);

    const space = (
      await hill.call<InquirySpaceView>(
        'POST',
        apiPath(R.openInquirySpace, { classroomId: hillClass }),
        { title: 'Rivers', drivingQuestion: 'Why does our river flood?' },
      )
    ).body;
    const spaceId = space.spaceId;
    expect(space).toMatchObject({ myRole: 'moderator', boardDocId: `inquiry-${spaceId}` });
    // Before Riverside accepts, its people cannot see the space.
    expect((await bo.call('GET', apiPath(R.inquirySpace, { spaceId }))).body).toMatchObject({
      code: 'inquiry.space-not-found',
    });
    await hill.call('POST', apiPath(R.inviteClassroom, { spaceId }), { classroomId: odeClass });
    const declinedByOther = await hill.call(
      'POST',
      apiPath(R.respondToInquiryInvitation, { spaceId, classroomId: odeClass }),
      { accept: true },
    );
    expect(declinedByOther).toMatchObject({
      status: 403,
      body: { code: 'inquiry.not-invited-teacher' },
    });
    const joined = await ode.call<InquirySpaceView>(
      'POST',
      apiPath(R.respondToInquiryInvitation, { spaceId, classroomId: odeClass }),
      { accept: true },
    );
    expect(joined.body.classrooms.map((c) => [c.classroomName, c.status]).sort()).toEqual([
      ['Hillside Y7', 'host'],
      ['Riverside 7B', 'joined'],
    ]);

    const post = (who: typeof ada, text: string) =>
      who.call<InquiryPost>('POST', apiPath(R.createPost, { spaceId }), { kind: 'evidence', text });
    const boPost = await post(bo, 'Our gauge read 2.4 m after the storm.');
    expect(boPost.status).toBe(201);
    expect(boPost.body).toMatchObject({
      authorFirstName: 'bo',
      classroomName: 'Riverside 7B',
      authorRole: 'student',
    });
    const withPhone = await post(ada, 'Text me on 07700 900123 to swap photos');
    expect(withPhone.status).toBe(422);
    expect(withPhone.body).toMatchObject({ code: 'inquiry.contact-details' });
    expect((withPhone.body as unknown as { message: string }).message).toContain('a phone number');

    // Either classroom's teacher moderates; hidden text is gone for everyone else.
    expect(
      (await ada.call('POST', apiPath(R.hidePost, { spaceId, postId: boPost.body.postId }), {}))
        .status,
    ).toBe(403);
    expect(
      (await hill.call('POST', apiPath(R.hidePost, { spaceId, postId: boPost.body.postId }), {}))
        .status,
    ).toBe(204);
    const seenBy = async (who: typeof ada) =>
      (await who.call<InquiryPostList>('GET', apiPath(R.inquiryPosts, { spaceId }))).body.items;
    expect((await seenBy(ada)).map((p) => [p.hidden, p.text])).toEqual([[true, '']]);
    expect((await seenBy(ode)).map((p) => p.text)).toEqual([
      'Our gauge read 2.4 m after the storm.',
    ]);
    const listed = JSON.stringify(await seenBy(ada));
    expect(listed).not.toContain(bo.id);

    const locked = await ode.call<InquirySpaceView>('POST', apiPath(R.lockBoard, { spaceId }), {});
    expect(locked.body.locked).toBe(true);
    expect((await post(ada, 'Rain data')).body).toMatchObject({ code: 'inquiry.board-locked' });
    await hill.call('POST', apiPath(R.unlockBoard, { spaceId }), {});
    expect(
      (await ode.call('DELETE', apiPath(R.removeParticipant, { spaceId, userId: ada.id }))).status,
    ).toBe(204);
    expect((await post(ada, 'Rain data')).body).toMatchObject({
      code: 'inquiry.participant-removed',
    });
    expect((await post(bo, 'Rain data')).status).toBe(201);

    // A community mentor: one space, through the link, everything in the log, until revoked.
    const invited = await hill.call<MentorInviteCreated>(
      'POST',
      apiPath(R.inviteMentor, { spaceId }),
      {
        name: 'Grace Okafor',
        displayName: 'Dr Okafor',
        organisation: 'River Trust',
        backgroundCheckVerifiedOn: '2026-01-05',
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    );
    expect(invited.status).toBe(201);
    expect(invited.body.mentor).toMatchObject({ name: 'Grace Okafor', displayName: 'Dr Okafor' });
    const link = invited.body.inviteToken;
    const anonymous = client(url, undefined);
    const signedIn = await anonymous<MentorSignInResponse>('POST', apiPath(R.mentorSignIn), {
      inviteToken: link,
    });
    expect(signedIn.status).toBe(200);
    // Students see the name the teacher chose at invite; the header says it too.
    expect(signedIn.body.displayName).toBe('Dr Okafor');
    const grace = withToken(url, signedIn.body.mentorId, signedIn.body.token);
    expect(
      (await grace.call<InquirySpaceView>('GET', apiPath(R.inquirySpace, { spaceId }))).body,
    ).toMatchObject({ myRole: 'mentor' });
    // Her page then watches the space live: still one visit, so one 'document-opened' below.
    const graceSocket = grace.socket();
    expect(
      await graceSocket.timeout(5_000).emitWithAck(INQUIRY_SOCKET_EVENTS.spaceWatch, { spaceId }),
    ).toEqual({ ok: true });
    const gracePost = await post(grace, 'Floodplains store water; look at the old maps.');
    expect(gracePost.body).toMatchObject({
      authorFirstName: 'Dr Okafor',
      organisation: 'River Trust',
      authorRole: 'mentor',
    });
    expect((await post(grace, 'Email me: grace@rivertrust.org')).body).toMatchObject({
      code: 'inquiry.contact-details',
    });
    const elsewhere = (
      await hill.call<InquirySpaceView>(
        'POST',
        apiPath(R.openInquirySpace, { classroomId: hillClass }),
        { title: 'Bees', drivingQuestion: 'Where do our bees go?' },
      )
    ).body;
    expect(
      (await grace.call('GET', apiPath(R.inquirySpace, { spaceId: elsewhere.spaceId }))).body,
    ).toMatchObject({ code: 'inquiry.not-a-participant' });
    const mentorId = signedIn.body.mentorId;
    const report = await ode.call<MentorAccessReport>(
      'GET',
      apiPath(R.mentorAccessReport, { spaceId, mentorId }),
    );
    expect(report.body.entries.map((e) => e.kind)).toEqual([
      'signed-in',
      'document-opened',
      'posted',
    ]);
    // Revocation closes the mentor's live connection within a second.
    const ended = new Promise<{ reason: string }>((resolve) =>
      graceSocket.once(INQUIRY_SOCKET_EVENTS.accessEnded, resolve),
    );
    const closed = new Promise<number>((resolve) =>
      graceSocket.once('disconnect', () => resolve(Date.now())),
    );
    const revokedAt = Date.now();
    expect((await ode.call('DELETE', apiPath(R.revokeMentor, { spaceId, mentorId }))).status).toBe(
      204,
    );
    expect(await ended).toEqual({ reason: 'revoked' });
    expect((await closed) - revokedAt).toBeLessThan(1_000);
    expect((await post(grace, 'One more thing')).body).toMatchObject({
      code: 'inquiry.mentor-revoked',
    });
    expect(await anonymous('POST', apiPath(R.mentorSignIn), { inviteToken: link })).toMatchObject({
      status: 410,
      body: { code: 'inquiry.mentor-revoked' },
    });
  }, 60_000);

  it('closes an expiring mentor’s connection at the end of their access, and the link stops working', async () => {
    const { app, url } = await start();
    const hill = await person(app, url, 'ms-hill', 'teacher');
    const classroom = (
      await hill.call<ClassroomView>('POST', apiPath(R.createClassroom), { name: 'Y7' })
    ).body;
    const spaceId = (
      await hill.call<InquirySpaceView>(
        'POST',
        apiPath(R.openInquirySpace, { classroomId: classroom.id }),
        { title: 'Rivers', drivingQuestion: 'Why does our river flood?' },
      )
    ).body.spaceId;
    const expiresAt = Date.now() + 2_000;
    const invited = await hill.call<MentorInviteCreated>(
      'POST',
      apiPath(R.inviteMentor, { spaceId }),
      {
        name: 'Grace Okafor',
        organisation: 'River Trust',
        backgroundCheckVerifiedOn: '2026-01-05',
        expiresAt: new Date(expiresAt).toISOString(),
      },
    );
    const anonymous = client(url, undefined);
    const signedIn = await anonymous<MentorSignInResponse>('POST', apiPath(R.mentorSignIn), {
      inviteToken: invited.body.inviteToken,
    });
    const grace = withToken(url, signedIn.body.mentorId, signedIn.body.token);
    // Her page loads the space, then watches it.
    expect((await grace.call('GET', apiPath(R.inquirySpace, { spaceId }))).status).toBe(200);
    const socket = grace.socket();
    const ended = new Promise<{ reason: string }>((resolve) =>
      socket.once(INQUIRY_SOCKET_EVENTS.accessEnded, resolve),
    );
    const closed = new Promise<number>((resolve) =>
      socket.once('disconnect', () => resolve(Date.now())),
    );
    expect(
      await socket.timeout(5_000).emitWithAck(INQUIRY_SOCKET_EVENTS.spaceWatch, { spaceId }),
    ).toEqual({ ok: true });
    expect(await ended).toEqual({ reason: 'expired' });
    expect((await closed) - expiresAt).toBeLessThan(1_000);
    expect(
      await anonymous('POST', apiPath(R.mentorSignIn), { inviteToken: invited.body.inviteToken }),
    ).toMatchObject({ status: 410, body: { code: 'inquiry.invite-expired' } });
    const report = await hill.call<MentorAccessReport>(
      'GET',
      apiPath(R.mentorAccessReport, { spaceId, mentorId: signedIn.body.mentorId }),
    );
    expect(report.body.entries.map((e) => e.kind)).toEqual([
      'signed-in',
      'document-opened',
      'expired',
    ]);
  }, 60_000);
});

await describeOnEveryStore('inquiry live room and participants', (openStore) => {
  const { start, person, withToken, client } = loopHarness(openStore);

  it('invites by join code, pushes posts, hides and locks to each viewer as they may see them, lists participants by first name, and drops a removed participant', async () => {
    const { app, url } = await start();
    const hill = await person(app, url, 'ms-hill', 'teacher');
    const ode = await person(app, url, 'mr-ode', 'teacher');
    const ada = await person(app, url, 'Ada Lovelace', 'student');
    const di = await person(app, url, 'Di Prince', 'student');
    const bo = await person(app, url, 'Bo Diddley', 'student');
    const make = async (teacher: typeof hill, name: string, students: Array<typeof ada>) => {
      const classroom = (
        await teacher.call<ClassroomView>('POST', apiPath(R.createClassroom), { name })
      ).body;
      for (const student of students) {
        await student.call('POST', apiPath(R.joinClassroom), { code: classroom.joinCode });
      }
      return classroom;
    };
    const hillClass = await make(hill, 'Hillside Y7', [ada, di]);
    const odeClass = await make(ode, 'Riverside 7B', [bo]);
    const spaceId = await openSpace(hill, hillClass.id);

    // What a teacher of another school can know is the code the other teacher shares.
    expect(
      await hill.call('POST', apiPath(R.inviteClassroom, { spaceId }), { joinCode: 'ZZZ999' }),
    ).toMatchObject({ status: 404, body: { code: 'classroom.unknown-join-code' } });
    const invited = await hill.call<InquirySpaceView>(
      'POST',
      apiPath(R.inviteClassroom, { spaceId }),
      { joinCode: (odeClass.joinCode ?? '').toLowerCase() },
    );
    expect(invited.body.classrooms.find((c) => c.classroomId === odeClass.id)?.status).toBe(
      'invited',
    );
    await ode.call(
      'POST',
      apiPath(R.respondToInquiryInvitation, { spaceId, classroomId: odeClass.id }),
      { accept: true },
    );

    const watch = async (who: typeof hill) => {
      const socket = who.socket();
      const posts: InquiryPostMessage[] = [];
      const spaces: InquirySpaceView[] = [];
      socket.on(INQUIRY_SOCKET_EVENTS.post, (message: InquiryPostMessage) => posts.push(message));
      socket.on(INQUIRY_SOCKET_EVENTS.space, (view: InquirySpaceView) => spaces.push(view));
      expect(
        await socket.timeout(5_000).emitWithAck(INQUIRY_SOCKET_EVENTS.spaceWatch, { spaceId }),
      ).toEqual({ ok: true });
      const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
      return { posts, spaces, disconnected };
    };
    const adaLive = await watch(ada);
    const diLive = await watch(di);
    const odeLive = await watch(ode);

    const posted = (
      await bo.call<InquiryPost>('POST', apiPath(R.createPost, { spaceId }), {
        kind: 'evidence',
        text: 'Our gauge read 2.4 m after the storm.',
      })
    ).body;
    const received = (live: typeof adaLive, predicate: (m: InquiryPostMessage) => boolean) =>
      waitFor(() => live.posts.some(predicate), 10_000, 'the pushed post');
    await received(adaLive, (m) => m.post.postId === posted.postId);
    await received(odeLive, (m) => m.post.postId === posted.postId);
    expect(adaLive.posts[0]).toEqual({
      spaceId,
      post: expect.objectContaining({
        authorFirstName: 'Bo',
        classroomName: 'Riverside 7B',
        text: 'Our gauge read 2.4 m after the storm.',
        hidden: false,
      }),
    });
    expect(JSON.stringify(adaLive.posts)).not.toContain(bo.id);

    // Hidden: a participant gets the empty place, a moderator still reads it.
    await hill.call('POST', apiPath(R.hidePost, { spaceId, postId: posted.postId }), {});
    await received(adaLive, (m) => m.post.hidden);
    await received(odeLive, (m) => m.post.hidden);
    expect(adaLive.posts.at(-1)?.post).toMatchObject({ hidden: true, text: '' });
    expect(odeLive.posts.at(-1)?.post).toMatchObject({
      hidden: true,
      text: 'Our gauge read 2.4 m after the storm.',
    });

    await ode.call('POST', apiPath(R.lockBoard, { spaceId }), {});
    await waitFor(() => adaLive.spaces.some((s) => s.locked), 10_000, 'the pushed lock');
    await hill.call('POST', apiPath(R.unlockBoard, { spaceId }), {});
    await waitFor(() => adaLive.spaces.at(-1)?.locked === false, 10_000, 'the pushed unlock');

    // Participants: first names and classroom names; ids only for moderators.
    type Participants = {
      classrooms: Array<{
        classroomName: string;
        people: Array<{ participantId: string | null; firstName: string; role: string }>;
      }>;
      mentors: unknown[];
    };
    const asAda = (await ada.call<Participants>('GET', apiPath(R.inquiryParticipants, { spaceId })))
      .body;
    expect(
      asAda.classrooms.map((c) => [c.classroomName, c.people.map((p) => [p.firstName, p.role])]),
    ).toEqual([
      [
        'Hillside Y7',
        [
          ['Ada', 'student'],
          ['Di', 'student'],
          ['ms-hill', 'teacher'],
        ],
      ],
      [
        'Riverside 7B',
        [
          ['Bo', 'student'],
          ['mr-ode', 'teacher'],
        ],
      ],
    ]);
    expect(JSON.stringify(asAda)).not.toContain(di.id);
    const asOde = (await ode.call<Participants>('GET', apiPath(R.inquiryParticipants, { spaceId })))
      .body;
    const diEntry = asOde.classrooms.flatMap((c) => c.people).find((p) => p.firstName === 'Di');
    expect(diEntry?.participantId).toBe(di.id);

    // The other school's teacher removes Di: Di leaves the room and the list.
    expect(
      (await ode.call('DELETE', apiPath(R.removeParticipant, { spaceId, userId: di.id }))).status,
    ).toBe(204);
    const second = (
      await bo.call<InquiryPost>('POST', apiPath(R.createPost, { spaceId }), {
        kind: 'discussion',
        text: 'Rain data for October',
      })
    ).body;
    await received(adaLive, (m) => m.post.postId === second.postId);
    await app.nest.get(InquiryGateway).settled();
    expect(diLive.posts.some((m) => m.post.postId === second.postId)).toBe(false);
    // Di's page is told: its connection closes, and watching again is refused with the reason.
    expect(await diLive.disconnected).toBe('io server disconnect');
    expect(
      await di.socket().timeout(5_000).emitWithAck(INQUIRY_SOCKET_EVENTS.spaceWatch, { spaceId }),
    ).toMatchObject({ ok: false, code: 'inquiry.participant-removed' });
    expect(await di.call('GET', apiPath(R.inquiryPosts, { spaceId }))).toMatchObject({
      status: 403,
      body: { code: 'inquiry.participant-removed' },
    });
    const afterRemoval = (
      await ada.call<Participants>('GET', apiPath(R.inquiryParticipants, { spaceId }))
    ).body;
    expect(afterRemoval.classrooms[0]?.people.map((p) => p.firstName)).toEqual(['Ada', 'ms-hill']);

    // A mentor sees the students only: first names and classroom names, nothing else.
    const { session } = await inviteAndSignInMentor(
      hill,
      client(url, undefined),
      spaceId,
      Date.now() + 86_400_000,
    );
    const grace = withToken(url, session.mentorId, session.token);
    const asGrace = await grace.call<Participants>(
      'GET',
      apiPath(R.inquiryParticipants, { spaceId }),
    );
    expect(asGrace.body).toEqual({
      spaceId,
      classrooms: [
        {
          classroomId: hillClass.id,
          classroomName: 'Hillside Y7',
          people: [{ participantId: null, firstName: 'Ada', role: 'student' }],
        },
        {
          classroomId: odeClass.id,
          classroomName: 'Riverside 7B',
          people: [{ participantId: null, firstName: 'Bo', role: 'student' }],
        },
      ],
      mentors: [],
    });
    const asHill = (
      await hill.call<Participants>('GET', apiPath(R.inquiryParticipants, { spaceId }))
    ).body;
    expect(asHill.mentors).toEqual([
      { participantId: session.mentorId, firstName: 'Grace Okafor', organisation: 'River Trust' },
    ]);
  }, 90_000);
});

await describeOnEveryStore('inviting a classroom of my school', (openStore) => {
  const { start, person } = loopHarness(openStore);

  it('lists the other classrooms of my classrooms’ school, not yet in the space, and invites one picked from it', async () => {
    const { app, url } = await start();
    const hill = await person(app, url, 'ms-hill', 'teacher');
    const ode = await person(app, url, 'mr-ode', 'teacher');
    const far = await person(app, url, 'ms-far', 'teacher');
    const create = async (teacher: typeof hill, name: string) =>
      (await teacher.call<ClassroomView>('POST', apiPath(R.createClassroom), { name })).body.id;
    const hillClass = await create(hill, 'Hillside Y7');
    const odeClass = await create(ode, 'Hillside Y8');
    await create(far, 'Faraway 7C');
    const school = await hill.call<{ id: string }>('POST', apiPath(R.createSchool), {
      name: 'Hillside School',
    });
    // Only the school's admins link classrooms to it.
    await hill.call('POST', apiPath(R.addSchoolAdmin, { schoolId: school.body.id }), {
      userId: ode.id,
    });
    for (const [teacher, classroomId] of [
      [hill, hillClass],
      [ode, odeClass],
    ] as const) {
      const linked = await teacher.call('POST', apiPath(R.linkClassroomToSchool, { classroomId }), {
        schoolId: school.body.id,
      });
      expect(linked.status).toBe(204);
    }
    const spaceId = await openSpace(hill, hillClass);
    const invitable = async () =>
      (await hill.call<InvitableClassroomList>('GET', apiPath(R.invitableClassrooms, { spaceId })))
        .body.items;
    // Another school's classroom is not offered: its teacher shares a join code instead.
    expect(await invitable()).toEqual([{ classroomId: odeClass, classroomName: 'Hillside Y8' }]);
    expect(
      (await hill.call('POST', apiPath(R.inviteClassroom, { spaceId }), { classroomId: odeClass }))
        .status,
    ).toBe(201);
    expect(await invitable()).toEqual([]);
    expect((await far.call('GET', apiPath(R.invitableClassrooms, { spaceId }))).status).toBe(404);
  });
});

const withServices = (await redisAvailable()).available ? describeWithPostgres : describeWithRedis;

await withServices('the inquiry room on several instances', () => {
  const { start, person, withToken } = loopHarness(async () => {
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

  it('pushes a post and its hiding to watchers on the instance that does not run the inquiry projection, each as they may see it', async () => {
    // A starts first, so A holds the projections; the watchers are on B.
    const a = await start();
    const b = await start();
    const hill = await person(a.app, a.url, 'ms-hill', 'teacher');
    const ada = await person(a.app, a.url, 'ada', 'student');
    const classroom = (
      await hill.call<ClassroomView>('POST', apiPath(R.createClassroom), { name: 'Y7' })
    ).body;
    await ada.call('POST', apiPath(R.joinClassroom), { code: classroom.joinCode });
    const spaceId = await openSpace(hill, classroom.id);
    const watchOnB = async (who: typeof hill) => {
      const socket = withToken(b.url, who.id, who.token).socket();
      const posts: InquiryPostMessage[] = [];
      socket.on(INQUIRY_SOCKET_EVENTS.post, (message: InquiryPostMessage) => posts.push(message));
      expect(
        await socket.timeout(5_000).emitWithAck(INQUIRY_SOCKET_EVENTS.spaceWatch, { spaceId }),
      ).toEqual({ ok: true });
      return posts;
    };
    const adaOnB = await watchOnB(ada);
    const hillOnB = await watchOnB(hill);
    const posted = (
      await ada.call<InquiryPost>('POST', apiPath(R.createPost, { spaceId }), {
        kind: 'evidence',
        text: 'The gauge read 2.4 m.',
      })
    ).body;
    await waitFor(
      () => adaOnB.some((m) => m.post.postId === posted.postId),
      10_000,
      'the post on B',
    );
    await hill.call('POST', apiPath(R.hidePost, { spaceId, postId: posted.postId }), {});
    await waitFor(() => adaOnB.some((m) => m.post.hidden), 10_000, 'the hiding on B (ada)');
    await waitFor(() => hillOnB.some((m) => m.post.hidden), 10_000, 'the hiding on B (hill)');
    expect(adaOnB.find((m) => m.post.hidden)?.post.text).toBe('');
    expect(hillOnB.find((m) => m.post.hidden)?.post.text).toBe('The gauge read 2.4 m.');
  }, 60_000);
});
