import { expect, it } from '@jest/globals';
import type { Signal, StudentActivityFacts } from '@commonplace/domain';
import { groupSignals, studentBoardEntry } from '@commonplace/domain';
import type { BoardView } from '@commonplace/shared';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { LoopPerson } from '../projects/classroom-loop.testing.js';
import { loopHarness } from '../projects/classroom-loop.testing.js';
import { describeOnEveryStore } from '../documents/workspace-app.testing.js';
import { boardActivityProjection } from './board-activity.projection.js';
import { BoardQueries } from './board.queries.js';
import { classroomWith, recordedAt } from './board.testing.js';

const MINUTE = 60_000;
/** On a minute, so the stuck window starts on one too and no minute straddles it. */
const NOW = Date.UTC(2026, 10, 23, 11, 0, 0);

/**
 * A morning of made-up activity, recorded at chosen times (never on a whole
 * second, so never on a minute's edge), in log order.
 */
function morning(docs: readonly string[], students: readonly string[]): RecordedEvent[] {
  const [doc0 = '', doc1 = ''] = docs;
  const [steady = '', bursty = '', circling = '', quiet = '', leader = '', follower = ''] =
    students;
  const timed: { at: number; type: string; data: Record<string, unknown> }[] = [];
  const enter = (docId: string, userId: string, at: number) =>
    timed.push({ at, type: 'WorkspaceEntered', data: { docId, userId } });
  const leave = (docId: string, userId: string, at: number) =>
    timed.push({ at, type: 'WorkspaceLeft', data: { docId, userId } });
  const edit = (docId: string, authorId: string, at: number, inserted: number, deleted: number) =>
    timed.push({ at, type: 'DocumentUpdated', data: { docId, authorId, inserted, deleted } });
  const start = NOW - 100 * MINUTE + 1_500;

  // Types steadily for 90 minutes, until a minute ago: active now.
  enter(doc0, steady, start - MINUTE);
  for (let at = start; at < NOW - MINUTE; at += 7_000) edit(doc0, steady, at, 3, 1);
  // Bursts of typing three minutes apart (runs of their own), leaves and comes back, then stops: idle.
  enter(doc0, bursty, start);
  for (let burst = 0; burst < 12; burst++)
    for (let k = 0; k < 5; k++) edit(doc0, bursty, start + burst * 3 * MINUTE + k * 4_300, 6, 0);
  leave(doc0, bursty, start + 40 * MINUTE + 700);
  enter(doc0, bursty, start + 55 * MINUTE + 700);
  for (let k = 0; k < 20; k++) edit(doc0, bursty, start + 56 * MINUTE + k * 2_900, 2, 0);
  // Writes and deletes it again for the last 18 minutes: stuck.
  enter(doc0, circling, NOW - 30 * MINUTE + 300);
  for (let at = NOW - 18 * MINUTE + 250; at < NOW - 30_000; at += 5_000)
    edit(doc0, circling, at, 4, 4);
  // Opened the workspace and never typed: idle since arrival.
  enter(doc0, quiet, NOW - 25 * MINUTE + 900);
  // One member of the other group does nearly all of its work: imbalance.
  enter(doc1, leader, start);
  enter(doc1, follower, start);
  for (let at = start + 10_100; at < NOW - 40 * MINUTE; at += 11_000) edit(doc1, leader, at, 9, 0);
  edit(doc1, follower, start + 20 * MINUTE + 4_400, 5, 0);

  return recordedAt(timed);
}

const iso = (value: Date | string): string => new Date(value).toISOString();

const signalView = (signal: Signal) => ({
  kind: signal.kind,
  reason: signal.reason,
  since: signal.since ?? null,
  studentId: signal.studentId ?? null,
  groupId: signal.groupId ?? null,
  checkpointId: signal.checkpointId ?? null,
});

await describeOnEveryStore('the board from kept runs and minutes', (openStore) => {
  const { start, person } = loopHarness(openStore);

  it('shows what every edit sample one by one would show, reading only the kept runs and minutes', async () => {
    const { app, url } = await start();
    const teacher = await person(app, url, 'rivera', 'teacher');
    const students: LoopPerson[] = [];
    for (let i = 0; i < 6; i++) students.push(await person(app, url, `s${i}`, 'student'));
    const { classroomId, docs } = await classroomWith(teacher, [
      students.slice(0, 4),
      students.slice(4),
    ]);
    const ids = students.map((s) => s.id);
    const events = morning(docs, ids);
    for (let from = 0; from < events.length; from += 500)
      await app.store.db.transaction((tx) =>
        boardActivityProjection.applyBatch!(events.slice(from, from + 500), tx),
      );

    const queries = app.nest.get(BoardQueries);
    const now = new Date(NOW);
    // What the board showed when it read every sample: the domain's functions over each one.
    const samples = await app.store.db.query<{
      doc_id: string;
      user_id: string;
      at: Date | string;
      inserted: number;
      deleted: number;
    }>('SELECT doc_id, user_id, at, inserted, deleted FROM rm_edit_samples');
    const presence = await app.store.db.query<{
      doc_id: string;
      user_id: string;
      from_at: Date | string;
      to_at: Date | string | null;
    }>('SELECT doc_id, user_id, from_at, to_at FROM rm_presence_intervals');
    expect(samples.length).toBeGreaterThan(1_000);
    const factsOf = (studentId: string, docId: string): StudentActivityFacts => ({
      studentId,
      presence: presence
        .filter((p) => p.user_id === studentId && p.doc_id === docId)
        .map((p) => ({ from: iso(p.from_at), ...(p.to_at ? { to: iso(p.to_at) } : {}) })),
      edits: samples
        .filter((e) => e.user_id === studentId && e.doc_id === docId)
        .map((e) => ({ at: iso(e.at), inserted: e.inserted, deleted: e.deleted })),
    });
    const expectedStudent = (studentId: string, docId: string) => {
      const entry = studentBoardEntry(
        factsOf(studentId, docId),
        now.toISOString(),
        queries.thresholds,
      );
      return {
        studentId,
        inserted: entry.inserted,
        deleted: entry.deleted,
        present: entry.present,
        activeNow: entry.signals.some((s) => s.kind === 'active-now'),
        lastActiveAt: entry.lastEditAt ?? null,
        timeOnTask: entry.timeOnTask,
        signals: entry.signals.map(signalView),
      };
    };
    const seen = (board: BoardView) =>
      board.groups.map((group) => ({
        imbalance: group.signals.filter((s) => s.kind === 'imbalance').map((s) => s.studentId),
        students: group.students
          .map(({ displayName: _name, share: _share, ...student }) => student)
          .sort((a, b) => a.studentId.localeCompare(b.studentId)),
      }));
    const expected = [
      { members: ids.slice(0, 4), docId: docs[0] ?? '' },
      { members: ids.slice(4), docId: docs[1] ?? '' },
    ].map(({ members, docId }) => ({
      imbalance: groupSignals(
        { groupId: 'g', members: members.map((id) => factsOf(id, docId)) },
        now.toISOString(),
        queries.thresholds,
      )
        .filter((s) => s.kind === 'imbalance')
        .map((s) => s.studentId),
      students: members
        .map((id) => expectedStudent(id, docId))
        .sort((a, b) => a.studentId.localeCompare(b.studentId)),
    }));

    // Every signal the board has is exercised, so agreeing means something.
    const kinds = new Set(
      expected.flatMap((g) => g.students.flatMap((s) => s.signals.map((signal) => signal.kind))),
    );
    expect([...kinds].sort()).toEqual(['active-now', 'idle', 'stuck']);
    expect(expected[1]?.imbalance).toEqual([ids[4]]);

    // The samples are gone: the board must be reading what the projection keeps.
    await app.store.db.query('DELETE FROM rm_edit_samples');
    expect(seen(await queries.board(classroomId, now))).toEqual(expected);
  }, 60_000);
});
