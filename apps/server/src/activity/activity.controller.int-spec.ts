import { expect, it } from '@jest/globals';
import type { MyActivity, WorkspaceContributions } from '@commonplace/shared';
import { API_ROUTES, apiPath } from '@commonplace/shared';
import { loopHarness } from '../projects/classroom-loop.testing.js';
import { describeOnEveryStore } from '../documents/workspace-app.testing.js';
import { boardActivityProjection } from './board-activity.projection.js';
import { classroomWith, recordedAt } from './board.testing.js';

const R = API_ROUTES;
const MINUTE = 60_000;

await describeOnEveryStore('activity in one workspace', (openStore) => {
  const { start, person } = loopHarness(openStore);

  it('gives the teacher each member’s share of the project, and each student only their own days', async () => {
    const { app, url } = await start();
    const teacher = await person(app, url, 'rivera', 'teacher');
    const ann = await person(app, url, 'ann', 'student');
    const ben = await person(app, url, 'ben', 'student');
    const cleo = await person(app, url, 'cleo', 'student');
    const { docs } = await classroomWith(teacher, [[ben, ann], [cleo]]);
    const [docId = ''] = docs;

    // Ann writes twice and stays; Ben writes once and leaves; Cleo, of another group, writes in it too.
    const t0 = Date.now() - 20 * MINUTE + 500;
    const timed = [
      { at: t0, type: 'WorkspaceEntered', data: { docId, userId: ann.id } },
      { at: t0 + 100, type: 'WorkspaceEntered', data: { docId, userId: ben.id } },
      {
        at: t0 + 1_000,
        type: 'DocumentUpdated',
        data: { docId, authorId: ann.id, inserted: 30, deleted: 5 },
      },
      {
        at: t0 + 2_000,
        type: 'DocumentUpdated',
        data: { docId, authorId: ben.id, inserted: 20, deleted: 0 },
      },
      {
        at: t0 + 3_000,
        type: 'DocumentUpdated',
        data: { docId, authorId: cleo.id, inserted: 7, deleted: 0 },
      },
      {
        at: t0 + MINUTE + 1_000,
        type: 'DocumentUpdated',
        data: { docId, authorId: ann.id, inserted: 10, deleted: 0 },
      },
      { at: t0 + 10 * MINUTE, type: 'WorkspaceLeft', data: { docId, userId: ben.id } },
    ];
    await app.store.db.transaction((tx) =>
      boardActivityProjection.applyBatch!(recordedAt(timed), tx),
    );

    const contributions = await teacher.call<WorkspaceContributions>(
      'GET',
      apiPath(R.workspaceContributions, { docId }),
    );
    expect(contributions.status).toBe(200);
    // The group's members only, by name; shares of the characters they changed.
    expect(contributions.body.members.map((m) => [m.displayName, m.inserted, m.deleted])).toEqual([
      ['ann', 40, 5],
      ['ben', 20, 0],
    ]);
    expect(contributions.body.members.map((m) => m.share)).toEqual([45 / 65, 20 / 65]);
    for (const member of contributions.body.members) expect(member.activeMs).toBeGreaterThan(0);

    const mine = async (student: typeof ann) => {
      const reply = await student.call<MyActivity>(
        'GET',
        `${apiPath(R.myActivity, { docId })}?days=2`,
      );
      expect(reply.status).toBe(200);
      return {
        inserted: reply.body.days.reduce((sum, d) => sum + d.inserted, 0),
        activeMinutes: reply.body.days.reduce((sum, d) => sum + d.activeMinutes, 0),
      };
    };
    const annsDays = await mine(ann);
    expect(annsDays.inserted).toBe(40);
    expect(annsDays.activeMinutes).toBeGreaterThan(0);
    expect((await mine(ben)).inserted).toBe(20);
  });
});
