import { expect, it } from '@jest/globals';
import type { BoardGroup, BoardView, ClassroomView } from '@commonplace/shared';
import { API_ROUTES as R, apiPath } from '@commonplace/shared';
import { loopHarness } from '../projects/classroom-loop.testing.js';
import { describeOnEveryStore } from '../documents/workspace-app.testing.js';
import { boardActivityProjection } from './board-activity.projection.js';
import { attentionList } from './board.queries.js';
import { classroomWith, recordedAt } from './board.testing.js';

const MINUTE = 60_000;

await describeOnEveryStore('the board’s attention list', (openStore) => {
  const { start, person } = loopHarness(openStore);

  it('lists students without a group with their reason and a way to group them, longest waiting first', async () => {
    const { app, url } = await start();
    const teacher = await person(app, url, 'rivera', 'teacher');
    const quiet = await person(app, url, 'quiet', 'student');
    const busy = await person(app, url, 'busy', 'student');
    const { classroomId, groupIds, docs } = await classroomWith(teacher, [[quiet, busy]]);
    const code = (await teacher.call<ClassroomView>('GET', apiPath(R.classroom, { classroomId })))
      .body.joinCode;
    // Two students join and are put in no group: today they were on no card at all.
    const ana = await person(app, url, 'ana', 'student');
    const ben = await person(app, url, 'ben', 'student');
    await ana.call('POST', apiPath(R.joinClassroom), { code });
    await ben.call('POST', apiPath(R.joinClassroom), { code });

    // One grouped student opened the workspace 25 minutes ago and has not typed since: idle, for
    // longer than the others have waited; the other is away, with nothing to show.
    const now = Date.now();
    const doc = docs[0] ?? '';
    await app.store.db.transaction((tx) =>
      boardActivityProjection.applyBatch!(
        recordedAt([
          {
            at: now - 25 * MINUTE,
            type: 'WorkspaceEntered',
            data: { docId: doc, userId: quiet.id },
          },
        ]),
        tx,
      ),
    );

    const board = (await teacher.call<BoardView>('GET', apiPath(R.board, { classroomId }))).body;
    const seen = board.attention.map((item) => [item.kind, item.studentId, item.docId]);
    expect(seen).toEqual([
      ['idle', quiet.id, doc],
      ['ungrouped', ana.id, null],
      ['ungrouped', ben.id, null],
    ]);
    const [, first] = board.attention;
    expect(first?.reason).toMatch(/in no group/);
    expect(first?.studentName).toBeTruthy();
    expect(first?.groupId).toBeNull();
    const [idle] = board.attention;
    expect(idle?.groupId).toBe(groupIds[0]);
    const since = board.attention.map((item) => Date.parse(item.since ?? ''));
    expect([...since].sort((a, b) => a - b)).toEqual(since);

    // Grouped, they leave the list.
    await teacher.call(
      'POST',
      apiPath(R.addGroupMember, { classroomId, groupId: groupIds[0] ?? '' }),
      {
        studentId: ana.id,
      },
    );
    const after = (await teacher.call<BoardView>('GET', apiPath(R.board, { classroomId }))).body;
    expect(after.attention.filter((i) => i.kind === 'ungrouped').map((i) => i.studentId)).toEqual([
      ben.id,
    ]);
  }, 60_000);
});

it('sorts by how long each item has waited, group signals and students alike, unknown starts last', () => {
  const signal = (
    kind: 'stuck' | 'imbalance' | 'checkpoint-overdue',
    since: string | null,
    studentId: string | null,
  ) => ({
    kind,
    reason: kind,
    since,
    studentId,
    groupId: 'g1',
    checkpointId: null,
  });
  const group: BoardGroup = {
    groupId: 'g1',
    name: 'Otters',
    workspaces: [
      {
        projectId: 'p1',
        projectTitle: 'Rivers',
        docId: 'd1',
        checkpointsReached: 0,
        checkpointsTotal: 1,
        locked: false,
      },
    ],
    signals: [
      signal('imbalance', null, 's1'),
      signal('checkpoint-overdue', '2026-12-01T09:00:00.000Z', null),
    ],
    students: [
      {
        studentId: 's1',
        displayName: 'Cleo',
        inserted: 0,
        deleted: 0,
        present: true,
        activeNow: false,
        lastActiveAt: null,
        timeOnTask: { presentMs: 0, activeMs: 0 },
        share: 0,
        signals: [signal('stuck', '2026-12-07T10:00:00.000Z', 's1')],
      },
    ],
  };
  const items = attentionList(
    [group],
    [{ studentId: 's2', displayName: 'Dev', joinedAt: '2026-12-03T08:00:00.000Z' }],
  );
  expect(items.map((i) => [i.kind, i.studentName ?? i.groupName, i.docId])).toEqual([
    ['checkpoint-overdue', 'Otters', 'd1'],
    ['ungrouped', 'Dev', null],
    ['stuck', 'Cleo', 'd1'],
    ['imbalance', 'Cleo', 'd1'],
  ]);
});
