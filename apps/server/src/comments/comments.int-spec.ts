import { describe, expect, it } from '@jest/globals';
import type {
  CommentThread,
  CommentThreadList,
  ErrorBody,
  GroupView,
  HelpRequestView,
  NotificationList,
  ProjectDetail,
  TutoringSessionView,
} from '@commonplace/shared';
import { API_ROUTES, apiPath } from '@commonplace/shared';
import { streams } from '@commonplace/domain';
import type { LoopPerson } from '../projects/classroom-loop.testing.js';
import { loopHarness } from '../projects/classroom-loop.testing.js';
import { pgliteStore } from '../documents/workspace-app.testing.js';

const R = API_ROUTES;
/** Two Yjs relative positions, as a browser encodes them (the server only keeps them). */
const anchor = { start: 'AQLNpQEA', end: 'AQLNpQEM' };

describe('comments on a passage (PGlite)', () => {
  const { start, person, joinedClassroom } = loopHarness(pgliteStore);

  /** Ana and Ben in the Otters, Cy in the Herons and a peer tutor, a project for both groups. */
  async function classroom() {
    const { app, url } = await start();
    const teacher = await person(app, url, 'ms-rivera', 'teacher');
    const otherTeacher = await person(app, url, 'mr-stone', 'teacher');
    const ana = await person(app, url, 'ana', 'student');
    const ben = await person(app, url, 'ben', 'student');
    const cy = await person(app, url, 'cy', 'student');
    const classroomId = (await joinedClassroom(teacher, [ana, ben, cy])).id;
    const group = async (name: string, members: readonly LoopPerson[]) => {
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
      return made.body.id;
    };
    const otters = await group('Otters', [ana, ben]);
    await group('Herons', [cy]);
    const project = await teacher.call<ProjectDetail>(
      'POST',
      apiPath(R.assignProject, { classroomId }),
      { title: 'Rivers' },
    );
    const docId = project.body.workspaces.find((w) => w.groupId === otters)?.docId ?? '';
    expect(docId).not.toBe('');
    return { app, url, teacher, otherTeacher, ana, ben, cy, classroomId, docId };
  }

  it('lets the teacher and the group comment, reply, resolve and reopen, and keeps the words sealed in the log', async () => {
    const { app, teacher, ana, ben, docId } = await classroom();
    const comments = apiPath(R.documentComments, { docId });

    const started = await teacher.call<CommentThread>('POST', comments, {
      anchor,
      quote: 'otters hold hands',
      text: '  Where did you read this?  ',
    });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({
      docId,
      anchor,
      quote: 'otters hold hands',
      authorId: teacher.id,
      authorDisplayName: 'ms-rivera',
      text: 'Where did you read this?',
      resolved: false,
      replies: [],
    });
    const threadId = started.body.threadId;
    const thread = (path: typeof R.replyToComment | typeof R.resolveComment) =>
      apiPath(path, { docId, threadId });

    const replied = await ana.call<CommentThread>('POST', thread(R.replyToComment), {
      text: 'In the river guide, page 4.',
    });
    expect(replied.status).toBe(201);
    expect(replied.body.replies).toMatchObject([
      { authorId: ana.id, authorDisplayName: 'ana', text: 'In the river guide, page 4.' },
    ]);

    const resolved = await ben.call<CommentThread>('POST', thread(R.resolveComment), {});
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ resolved: true, statusBy: 'ben' });
    // A resolved thread takes no reply until it is reopened, and is not resolved twice.
    const late = await ana.call<ErrorBody>('POST', thread(R.replyToComment), { text: 'Also p. 5' });
    expect([late.status, late.body.code]).toEqual([409, 'comments.thread-resolved']);
    const twice = await teacher.call<ErrorBody>('POST', thread(R.resolveComment), {});
    expect([twice.status, twice.body.code]).toEqual([409, 'comments.already-resolved']);

    const reopened = await teacher.call<CommentThread>(
      'POST',
      apiPath(R.reopenComment, { docId, threadId }),
      {},
    );
    expect(reopened.body).toMatchObject({ resolved: false, statusBy: 'ms-rivera' });
    const again = await teacher.call<ErrorBody>(
      'POST',
      apiPath(R.reopenComment, { docId, threadId }),
      {},
    );
    expect([again.status, again.body.code]).toEqual([409, 'comments.not-resolved']);

    // Everyone who may see them reads the same threads, oldest first.
    const second = await ben.call<CommentThread>('POST', comments, {
      anchor,
      quote: 'rivers',
      text: 'Should we say which river?',
    });
    expect(second.status).toBe(201);
    for (const reader of [teacher, ana, ben]) {
      const list = await reader.call<CommentThreadList>('GET', comments);
      expect(list.status).toBe(200);
      expect(list.body.threads.map((t) => [t.text, t.resolved, t.replies.length])).toEqual([
        ['Where did you read this?', false, 1],
        ['Should we say which river?', false, 0],
      ]);
    }

    // In the log, on the document's comment stream, for a notification to pick up; the words sealed.
    const log = await app.store.events.readStream(streams.comments(docId));
    expect(log.map((e) => e.type)).toEqual([
      'PassageCommented',
      'CommentReplied',
      'CommentThreadResolved',
      'CommentThreadReopened',
      'PassageCommented',
    ]);
    expect(log[0]?.data).toMatchObject({ docId, threadId, authorRole: 'teacher', sealed: true });
    expect(log[1]?.data).toMatchObject({ authorId: ana.id, authorRole: 'member' });
    expect(JSON.stringify(log.map((e) => e.data))).not.toContain('river guide');

    // The group hears of comments and replies on its work, never of its own.
    const kindsFor = async (reader: LoopPerson) => {
      const list = await reader.call<NotificationList>('GET', apiPath(R.myNotifications));
      return list.body.items
        .filter((n) => n.kind.startsWith('comment-'))
        .map((n) => [n.kind, n.actorName, n.link])
        .sort();
    };
    const link = `/workspaces/${docId}`;
    expect(await kindsFor(ana)).toEqual([
      ['comment-added', 'ben', link],
      ['comment-added', 'ms-rivera', link],
    ]);
    expect(await kindsFor(ben)).toEqual([
      ['comment-added', 'ms-rivera', link],
      ['comment-replied', 'ana', link],
    ]);
  }, 60_000);

  it('lets a peer tutor who reads the workspace comment, and nobody outside the workspace', async () => {
    const { teacher, otherTeacher, ana, cy, classroomId, docId } = await classroom();
    const comments = apiPath(R.documentComments, { docId });
    const body = { anchor, quote: 'otters', text: 'Is this a fact?' };

    // Cy, in another group, and a teacher of another classroom: as if it did not exist.
    for (const outsider of [cy, otherTeacher]) {
      const list = await outsider.call<ErrorBody>('GET', comments);
      expect([list.status, list.body.code]).toEqual([404, 'workspace.not-found']);
      const post = await outsider.call<ErrorBody>('POST', comments, body);
      expect([post.status, post.body.code]).toEqual([404, 'workspace.not-found']);
    }
    const unknown = await teacher.call<ErrorBody>(
      'GET',
      apiPath(R.documentComments, { docId: 'no-such-doc' }),
    );
    expect([unknown.status, unknown.body.code]).toEqual([404, 'workspace.not-found']);

    // Cy becomes a peer tutor and takes Ana's question about this workspace: now Cy reads it.
    await teacher.call('POST', apiPath(R.designatePeerTutor, { classroomId }), {
      studentId: cy.id,
    });
    expect((await cy.call('GET', comments)).status).toBe(404);
    const raised = await ana.call<HelpRequestView>(
      'POST',
      apiPath(R.raiseHelpRequest, { classroomId }),
      { topic: 'Is our intro clear?', docId },
    );
    expect(raised.status).toBe(201);
    const claimed = await cy.call<TutoringSessionView>(
      'POST',
      apiPath(R.claimHelpRequest, { requestId: raised.body.requestId }),
      {},
    );
    expect(claimed.status).toBeLessThan(300);
    // Claiming alone does not open the project: a teacher lets the tutor read it.
    expect((await cy.call('GET', comments)).status).toBe(404);
    const allowed = await teacher.call(
      'PATCH',
      apiPath(R.setProjectDocAccess, { sessionId: claimed.body.sessionId }),
      { allowed: true },
    );
    expect(allowed.status).toBe(200);
    const tutored = await cy.call<CommentThread>('POST', comments, body);
    expect(tutored.status).toBe(201);
    expect(tutored.body.authorId).toBe(cy.id);
    expect((await ana.call<CommentThreadList>('GET', comments)).body.threads).toHaveLength(1);
  }, 60_000);

  it('answers bad input with a clear 4xx and records nothing', async () => {
    const { app, teacher, docId } = await classroom();
    const comments = apiPath(R.documentComments, { docId });
    const bad = async (payload: unknown) => {
      const answer = await teacher.call<ErrorBody>('POST', comments, payload);
      return [answer.status, answer.body.code, answer.body.message];
    };
    expect(await bad({ anchor, quote: 'otters', text: '   ' })).toEqual([
      400,
      'request.invalid',
      expect.stringContaining('Write something'),
    ]);
    expect(await bad({ anchor, quote: 'otters', text: 'x'.repeat(2001) })).toEqual([
      400,
      'request.invalid',
      expect.stringContaining('2,000'),
    ]);
    expect(
      await bad({ anchor: { start: 'javascript:x', end: anchor.end }, quote: 'o', text: 'Hm' }),
    ).toEqual([400, 'request.invalid', expect.stringContaining('select the passage again')]);
    expect(await bad({ quote: 'otters', text: 'Hm' })).toEqual([
      400,
      'request.invalid',
      expect.any(String),
    ]);
    expect(await bad({ anchor, quote: ' ', text: 'Hm' })).toEqual([
      400,
      'request.invalid',
      expect.stringContaining('Select the passage'),
    ]);
    expect(await bad({ anchor, quote: 'otters', text: 'Hm', extra: 1 })).toEqual([
      400,
      'request.invalid',
      expect.any(String),
    ]);
    const missing = await teacher.call<ErrorBody>(
      'POST',
      apiPath(R.replyToComment, { docId, threadId: 'no-such-thread' }),
      { text: 'Hello?' },
    );
    expect([missing.status, missing.body.code]).toEqual([404, 'comments.thread-not-found']);
    expect(await app.store.events.readStream(streams.comments(docId))).toEqual([]);
  }, 60_000);
});
