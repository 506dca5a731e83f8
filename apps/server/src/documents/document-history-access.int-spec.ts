import { expect, it } from '@jest/globals';
import type {
  ClassroomView,
  DocumentHistoryPage,
  DocumentReplayPage,
  HelpRequestView,
  ProjectDetail,
  TutoringSessionView,
} from '@commonplace/shared';
import { API_ROUTES, apiPath } from '@commonplace/shared';
import { loopHarness } from '../projects/classroom-loop.testing.js';
import type { LoopPerson } from '../projects/classroom-loop.testing.js';
import { WorkspaceAuthorizer } from './workspace-collab.adapters.js';
import { describeOnEveryStore } from './workspace-app.testing.js';

const R = API_ROUTES;

/**
 * History and replay follow the live editor's rule for every kind of
 * document, not only group workspaces: a teacher reviews any tutoring
 * session's scratchpad, and no one outside the session learns it exists.
 */
await describeOnEveryStore('document history access', (openStore) => {
  const { start, person } = loopHarness(openStore);

  it('lets a teacher read a scratchpad’s history and replay, refuses a stranger and a classmate, and agrees with the collab authorizer', async () => {
    const { app, url } = await start();
    const teacher = await person(app, url, 'ms-ito', 'teacher');
    const ada = await person(app, url, 'ada', 'student');
    const bo = await person(app, url, 'bo', 'student');
    const cy = await person(app, url, 'cy', 'student');
    const stranger = await person(app, url, 'zed', 'student');
    const classroom = (
      await teacher.call<ClassroomView>('POST', apiPath(R.createClassroom), { name: 'Y8' })
    ).body;
    const classroomId = classroom.id;
    for (const s of [ada, bo, cy])
      await s.call('POST', apiPath(R.joinClassroom), { code: classroom.joinCode });
    expect(
      (
        await teacher.call('POST', apiPath(R.designatePeerTutor, { classroomId }), {
          studentId: bo.id,
        })
      ).status,
    ).toBe(204);
    // Ada works alone on a project and links her workspace to the help request.
    const project = await teacher.call<ProjectDetail>(
      'POST',
      apiPath(R.assignProject, { classroomId }),
      {
        title: 'Ratios in recipes',
        studentIds: [ada.id],
        checkpoints: [{ title: 'Draft', dueAt: new Date(Date.now() + 86_400_000).toISOString() }],
      },
    );
    expect(project.status).toBe(201);
    const adaDoc = project.body.workspaces.find((w) => w.studentId === ada.id)?.docId ?? '';
    expect(adaDoc).not.toBe('');
    const raised = await ada.call<HelpRequestView>(
      'POST',
      apiPath(R.raiseHelpRequest, { classroomId }),
      { topic: 'Ratios', docId: adaDoc },
    );
    expect(raised.status).toBe(201);
    const claimed = await bo.call<TutoringSessionView>(
      'POST',
      apiPath(R.claimHelpRequest, { requestId: raised.body.requestId }),
      {},
    );
    expect(claimed.status).toBe(201);
    const pad = claimed.body.scratchpadDocId;

    const history = apiPath(R.documentHistory, { docId: pad });
    const replay = apiPath(R.documentReplay, { docId: pad });
    const teacherHistory = await teacher.call<DocumentHistoryPage>('GET', history);
    expect(teacherHistory).toMatchObject({ status: 200, body: { changes: [] } });
    expect((await teacher.call<DocumentReplayPage>('GET', replay)).status).toBe(200);
    for (const party of [ada, bo]) expect((await party.call('GET', history)).status).toBe(200);

    const refusal = {
      status: 404,
      body: {
        code: 'workspace.not-found',
        message: 'This document does not exist or is not yours.',
      },
    };
    for (const outsider of [stranger, cy]) {
      expect(await outsider.call('GET', history)).toMatchObject(refusal);
      expect(await outsider.call('GET', replay)).toMatchObject(refusal);
    }

    // Bo reads Ada's project history only once a teacher lets him read the document itself.
    const adaHistory = apiPath(R.documentHistory, { docId: adaDoc });
    expect((await bo.call('GET', adaHistory)).status).toBe(404);
    expect(
      (
        await teacher.call(
          'PATCH',
          apiPath(R.setProjectDocAccess, { sessionId: claimed.body.sessionId }),
          { allowed: true },
        )
      ).status,
    ).toBe(200);
    expect((await bo.call('GET', adaHistory)).status).toBe(200);
    expect((await cy.call('GET', adaHistory)).status).toBe(404);

    // The same answer as the live editor gives each of them, for this and a made-up document.
    const authorizer = app.nest.get(WorkspaceAuthorizer);
    const everyone: LoopPerson[] = [teacher, ada, bo, cy, stranger];
    for (const docId of [pad, adaDoc, 'tutoring-no-such-session', 'no-such-workspace']) {
      for (const who of everyone) {
        const live = (await authorizer.authorize(who.token ?? null, docId)).ok;
        const read = await who.call('GET', apiPath(R.documentHistory, { docId }));
        expect({ docId, who: who.id, status: read.status }).toEqual({
          docId,
          who: who.id,
          status: live ? 200 : 404,
        });
      }
    }
  }, 60_000);
});
