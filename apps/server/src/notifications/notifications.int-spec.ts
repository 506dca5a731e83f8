import { describe, expect, it } from '@jest/globals';
import type {
  ErrorBody,
  InquiryPost,
  GroupView,
  HelpRequestView,
  NotificationList,
  NotificationView,
  ProjectDetail,
  TutoringSessionView,
  WorkspaceProgress,
} from '@commonplace/shared';
import { API_ROUTES, SOCKET_EVENTS, apiPath } from '@commonplace/shared';
import { waitFor } from '../collab/collab.testing.js';
import type { LoopPerson } from '../projects/classroom-loop.testing.js';
import { loopHarness } from '../projects/classroom-loop.testing.js';
import { inviteAndSignInMentor, openSpace } from '../inquiry/inquiry.testing.js';
import { NotificationsPublisher } from './notifications.publisher.js';
import { pgliteStore } from '../documents/workspace-app.testing.js';

const R = API_ROUTES;

/** Every notification pushed to one person's open app, in order. */
async function inbox(who: LoopPerson): Promise<NotificationView[]> {
  const pushed: NotificationView[] = [];
  const socket = who.socket();
  socket.on(SOCKET_EVENTS.notification, (n: NotificationView) => pushed.push(n));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return pushed;
}

const listOf = async (who: LoopPerson) =>
  (await who.call<NotificationList>('GET', apiPath(R.myNotifications))).body;

describe('notifications (PGlite)', () => {
  const { start, person, joinedClassroom, withToken, client } = loopHarness(pgliteStore);

  it('tells the peer tutors of a new request and the student of the claim, live, never the one who acted, and keeps read marks per person', async () => {
    const { app, url } = await start();
    const teacher = await person(app, url, 'ms-hill', 'teacher');
    const ada = await person(app, url, 'ada', 'student');
    const bo = await person(app, url, 'bo', 'student');
    const cy = await person(app, url, 'cy', 'student');
    const dee = await person(app, url, 'dee', 'student');
    const classroomId = (await joinedClassroom(teacher, [ada, bo, cy, dee])).id;
    for (const tutor of [bo, cy]) {
      await teacher.call('POST', apiPath(R.designatePeerTutor, { classroomId }), {
        studentId: tutor.id,
      });
    }
    const toAda = await inbox(ada);
    const toBo = await inbox(bo);
    const toCy = await inbox(cy);
    const toDee = await inbox(dee);

    const raised = await ada.call<HelpRequestView>(
      'POST',
      apiPath(R.raiseHelpRequest, { classroomId }),
      { topic: 'Fractions' },
    );
    expect(raised.status).toBe(201);
    await waitFor(() => toBo.length === 1 && toCy.length === 1, 5_000, 'both tutors were told');
    const request = {
      id: `hr-${raised.body.requestId}`,
      kind: 'help-requested',
      actorName: 'ada',
      link: `/classrooms/${classroomId}/tutoring`,
      read: false,
    };
    expect(toBo[0]).toMatchObject(request);
    expect(toCy[0]).toMatchObject(request);
    expect(await listOf(bo)).toMatchObject({ items: [request], unread: 1 });

    const claimed = await bo.call<TutoringSessionView>(
      'POST',
      apiPath(R.claimHelpRequest, { requestId: raised.body.requestId }),
      {},
    );
    expect(claimed.status).toBe(201);
    await waitFor(() => toAda.length === 1, 5_000, 'Ada was told her request was claimed');
    const claim = {
      id: `hc-${claimed.body.sessionId}`,
      kind: 'help-claimed',
      actorName: 'bo',
      link: `/tutoring-sessions/${claimed.body.sessionId}`,
      read: false,
    };
    // Ada heard only of the claim, never of her own request; Bo nothing of his own claim.
    expect(toAda).toEqual([expect.objectContaining(claim)]);
    expect(await listOf(ada)).toMatchObject({ items: [claim], unread: 1 });
    expect(toBo).toHaveLength(1);
    // Dee is neither the student nor a tutor.
    expect(toDee).toEqual([]);
    expect(await listOf(dee)).toEqual({ items: [], unread: 0 });
    expect(await listOf(teacher)).toEqual({ items: [], unread: 0 });

    // Bo reads his; Cy's copy stays unread.
    const boRead = await bo.call<NotificationList>('POST', apiPath(R.markNotificationsRead), {
      ids: [request.id],
    });
    expect(boRead).toMatchObject({
      status: 200,
      body: { items: [{ ...request, read: true }], unread: 0 },
    });
    expect(await listOf(cy)).toMatchObject({ items: [request], unread: 1 });

    // Nobody marks another's notification, nor one that does not exist; a bad body is refused.
    for (const ids of [[claim.id], ['hr-no-such']]) {
      expect(
        await bo.call<ErrorBody>('POST', apiPath(R.markNotificationsRead), { ids }),
      ).toMatchObject({ status: 403, body: { code: 'notifications.not-yours' } });
    }
    expect((await listOf(ada)).unread).toBe(1);
    const empty = await bo.call<ErrorBody>('POST', apiPath(R.markNotificationsRead), { ids: [] });
    expect(empty.status).toBe(400);
    const signedOut = await fetch(`${url}${apiPath(R.myNotifications)}`);
    expect(signedOut.status).toBe(401);

    // "Mark all read", twice: the second records nothing.
    for (let i = 0; i < 2; i++) {
      const all = await ada.call<NotificationList>('POST', apiPath(R.markNotificationsRead), {
        all: true,
      });
      expect(all.body).toMatchObject({ items: [{ ...claim, read: true }], unread: 0 });
    }
    const reads = (await app.store.events.readAll()).filter((e) => e.type === 'NotificationsRead');
    expect(reads.map((e) => e.data)).toEqual([
      expect.objectContaining({ userId: bo.id, notificationIds: [request.id] }),
      expect.objectContaining({ userId: ada.id, notificationIds: [claim.id] }),
    ]);
  });

  it('tells a group’s students when their checkpoint is confirmed, not the teacher nor another group', async () => {
    const { app, url } = await start();
    const teacher = await person(app, url, 'ms-hill', 'teacher');
    const zoe = await person(app, url, 'zoe', 'student');
    const ben = await person(app, url, 'ben', 'student');
    const eli = await person(app, url, 'eli', 'student');
    const classroomId = (await joinedClassroom(teacher, [zoe, ben, eli])).id;
    const group = async (name: string, members: LoopPerson[]) => {
      const made = await teacher.call<GroupView>('POST', apiPath(R.createGroup, { classroomId }), {
        name,
      });
      for (const member of members) {
        await teacher.call(
          'POST',
          apiPath(R.addGroupMember, { classroomId, groupId: made.body.id }),
          { studentId: member.id },
        );
      }
      return made.body;
    };
    const otters = await group('Otters', [zoe, ben]);
    await group('Herons', [eli]);
    const project = (
      await teacher.call<ProjectDetail>('POST', apiPath(R.assignProject, { classroomId }), {
        title: 'Rivers',
        brief: 'Map a river.',
        checkpoints: [
          { title: 'Question', dueAt: new Date(Date.now() + 86_400_000).toISOString() },
        ],
      })
    ).body;
    const docId = project.workspaces.find((w) => w.groupId === otters.id)?.docId ?? '';
    const checkpointId = project.checkpoints[0]?.checkpointId ?? '';
    const toTeacher = await inbox(teacher);
    const toZoe = await inbox(zoe);
    const toBen = await inbox(ben);
    const toEli = await inbox(eli);

    await zoe.call('POST', apiPath(R.markCheckpointReached, { docId, checkpointId }), {});
    const confirmed = await teacher.call<WorkspaceProgress>(
      'POST',
      apiPath(R.confirmCheckpoint, { docId, checkpointId }),
      {},
    );
    expect(confirmed.status).toBe(200);
    await waitFor(() => toZoe.length === 1 && toBen.length === 1, 5_000, 'the group was told');
    const told = {
      kind: 'checkpoint-confirmed',
      actorName: 'ms-hill',
      link: `/workspaces/${docId}`,
    };
    expect(toZoe[0]).toMatchObject(told);
    expect(toBen[0]).toMatchObject(told);
    expect((await listOf(ben)).items).toEqual([expect.objectContaining(told)]);
    expect(toTeacher).toEqual([]);
    expect(toEli).toEqual([]);
    expect((await listOf(eli)).items).toEqual([]);
    expect((await listOf(teacher)).items).toEqual([]);
  });

  it('tells an inquiry space’s people and mentors of a post and a reply, not the author nor other classrooms', async () => {
    const { app, url } = await start();
    const hill = await person(app, url, 'ms-hill', 'teacher');
    const ada = await person(app, url, 'ada', 'student');
    const bo = await person(app, url, 'bo', 'student');
    const other = await person(app, url, 'mr-other', 'teacher');
    const classroomId = (await joinedClassroom(hill, [ada, bo])).id;
    await joinedClassroom(other, []);
    const spaceId = await openSpace(hill, classroomId);
    const { session } = await inviteAndSignInMentor(
      hill,
      client(url, undefined),
      spaceId,
      Date.now() + 86_400_000,
    );
    const grace = withToken(url, session.mentorId, session.token);
    // Hill's pushes of the posts; the access ending comes by the sweep (timed, so kept apart).
    const toHillAll = await inbox(hill);
    const posts = (pushed: NotificationView[]) =>
      pushed.filter((n) => n.kind !== 'mentor-access-ending');
    const toAda = await inbox(ada);
    const toBo = await inbox(bo);
    const toGrace = await inbox(grace);
    const toOther = await inbox(other);

    const posted = await ada.call<InquiryPost>('POST', apiPath(R.createPost, { spaceId }), {
      kind: 'discussion',
      text: 'The river rose after three days of rain.',
    });
    expect(posted.status).toBe(201);
    const post = { kind: 'inquiry-post', actorName: 'ada', link: `/inquiry-spaces/${spaceId}` };
    await waitFor(
      () => posts(toHillAll).length === 1 && toBo.length === 1 && toGrace.length === 1,
      5_000,
      'the space heard of the post',
    );
    for (const pushed of [posts(toHillAll)[0], toBo[0], toGrace[0]])
      expect(pushed).toMatchObject(post);
    expect((await listOf(grace)).items).toEqual([expect.objectContaining(post)]);

    const replied = await grace.call<InquiryPost>('POST', apiPath(R.createPost, { spaceId }), {
      kind: 'discussion',
      text: 'Upstream fields drain into it: worth measuring.',
      replyTo: posted.body.postId,
    });
    expect(replied.status).toBe(201);
    await waitFor(
      () => toAda.length === 1 && posts(toHillAll).length === 2,
      5_000,
      'the reply was heard',
    );
    expect(toAda[0]).toMatchObject({ kind: 'inquiry-reply', link: `/inquiry-spaces/${spaceId}` });
    // Ada heard nothing of her own post, Grace nothing of her reply, the other classroom nothing.
    expect(toAda).toHaveLength(1);
    expect(toGrace).toHaveLength(1);
    expect(toOther).toEqual([]);
    expect(await listOf(other)).toEqual({ items: [], unread: 0 });

    // Grace's access ends within a day: the space's teacher is told, its students are not. It
    // was due at the invite, before the sweep ran: listed, and pushed live by the next sweep.
    const ending = { kind: 'mentor-access-ending', link: `/inquiry-spaces/${spaceId}` };
    expect((await listOf(hill)).items).toContainEqual(expect.objectContaining(ending));
    expect((await listOf(ada)).items).not.toContainEqual(expect.objectContaining(ending));
    expect(posts(toHillAll).map((n) => n.kind)).toEqual(['inquiry-post', 'inquiry-reply']);
    await app.nest.get(NotificationsPublisher).pushFallenDue();
    await waitFor(
      () => toHillAll.some((n) => n.kind === 'mentor-access-ending'),
      5_000,
      'the sweep pushed the access ending',
    );
    expect(toHillAll.filter((n) => n.kind === 'mentor-access-ending')).toEqual([
      expect.objectContaining(ending),
    ]);
  });
});
