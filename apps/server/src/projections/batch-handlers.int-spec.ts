import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, jest } from '@jest/globals';
import { createApp } from '../app.js';
import type { CliIo } from '../cli/cli.js';
import { runCli } from '../cli/cli.js';
import { loadConfig } from '../config/config.js';
import { PgliteDatabase } from '../database/pglite-database.js';
import type { SqlDatabase } from '../database/sql-database.js';
import type { NewEvent } from '../event-store/event-store.port.js';
import { FEATURES } from '../app.features.js';
import { pgliteFromTemplate } from '../testing/pglite-template.js';
import { createPostgresTestDatabase, describeWithPostgres } from '../testing/services.js';
import type { Projection } from './projection.js';
import { rebuildInPlace } from './rebuild.testing.js';

const PROJECTIONS = FEATURES.projections;

jest.setTimeout(180_000);

const BATCHED = PROJECTIONS.filter((projection) => projection.applyBatch !== undefined);

/** Every read-model table, every row, in a stable order. */
async function readModels(db: SqlDatabase): Promise<Record<string, unknown[]>> {
  const tables = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_name LIKE 'rm\\_%' ORDER BY table_name`,
  );
  const models: Record<string, unknown[]> = {};
  for (const { table_name: table } of tables)
    models[table] = await db.query(`SELECT * FROM "${table}" AS t ORDER BY t::text`);
  return models;
}

type Rebuild = (projection: Projection, batchSize: number) => Promise<void>;

/** The CLI's rebuild (`projections rebuild <name> --batch-size N`), on the store `env` names. */
const rebuildWithCli =
  (env: Record<string, string>): Rebuild =>
  async (projection, batchSize) => {
    const out: string[] = [];
    const io: CliIo = {
      env,
      out: (text) => out.push(text),
      err: (text) => out.push(text),
      progress: () => ({ start: () => undefined, update: () => undefined, stop: () => undefined }),
      projections: [projection],
    };
    const argv = ['projections', 'rebuild', projection.name, '--batch-size', String(batchSize)];
    expect({ code: await runCli(argv, io), out }).toEqual({ code: 0, out: expect.any(Array) });
  };

/** The same rebuild, on the in-memory store the test keeps open. */
const rebuildOnDb =
  (db: SqlDatabase): Rebuild =>
  (projection, batchSize) =>
    rebuildInPlace(db, projection, batchSize);

/**
 * A seeded generator of whole numbers below `below`, from the high bits of a
 * linear congruential sequence: its low bits repeat every few steps (`seed %
 * 8` cycles through eight values), which once made the classroom loop below
 * all journal entries.
 */
function seeded(seed: number): (below: number) => number {
  let state = seed;
  return (below) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return Math.floor((state / 2_147_483_648) * below);
  };
}

/**
 * A busy afternoon on the demo classroom's workspaces, seeded so a failure
 * repeats: edits, people coming and going, a crashed entry with no leave. The
 * demo seed alone has no activity, so without this the batch handlers would
 * only ever see empty batches.
 */
function activity(docIds: readonly string[], userIds: readonly string[]): NewEvent[][] {
  const next = seeded(11);
  const appends: NewEvent[][] = [];
  for (let append = 0; append < 40; append += 1) {
    const events: NewEvent[] = [];
    for (let index = 0; index < 1 + next(30); index += 1) {
      const docId = docIds[next(docIds.length)] ?? '';
      const userId = userIds[next(userIds.length)] ?? '';
      const roll = next(10);
      if (roll < 6)
        events.push({
          id: randomUUID(),
          type: 'DocumentUpdated',
          data: { docId, authorId: userId, update: '', inserted: next(50), deleted: next(6) },
        });
      else
        events.push({
          id: randomUUID(),
          type: roll < 8 ? 'WorkspaceEntered' : 'WorkspaceLeft',
          data: { docId, userId },
        });
    }
    appends.push(events);
  }
  return appends;
}

/** Thirty appends of one to four bursts each, a burst one to twelve events from one maker. */
function bursts(
  next: (below: number) => number,
  makers: readonly ((n: number) => NewEvent)[],
  made: number,
): NewEvent[][] {
  const appends: NewEvent[][] = [];
  let n = made;
  for (let append = 0; append < 30; append += 1) {
    const events: NewEvent[] = [];
    for (let burst = 0; burst < 1 + next(4); burst += 1) {
      const make = makers[next(makers.length)] as (n: number) => NewEvent;
      for (let index = 0; index < 1 + next(12); index += 1) events.push(make((n += 1)));
    }
    appends.push(events);
  }
  return appends;
}

/**
 * The classroom loop in bursts, seeded: a class writing journal entries,
 * setting and dropping goals, a round of feedback and the responses, hands
 * raised and claimed, a session's notes; runs of one type broken by others,
 * and now and then an id sent twice (the first must win, as one by one).
 */
function classroomLoop(studentIds: readonly string[]): NewEvent[][] {
  const next = seeded(23);
  const at = (n: number) => new Date(Date.UTC(2026, 8, 1, 9, 0, n)).toISOString();
  const student = () => studentIds[next(studentIds.length)] ?? 'student';
  const id = (kind: string) => `${kind}-${next(40)}`;
  const makers: ((n: number) => NewEvent)[] = [
    (n) => ({
      id: randomUUID(),
      type: 'JournalEntryWritten',
      data: {
        projectId: 'project-1',
        studentId: student(),
        entryId: id('entry'),
        prompt: 'What did you try today?',
        text: `attempt ${n}`,
        writtenAt: at(n),
      },
    }),
    (n) => ({
      id: randomUUID(),
      type: 'PersonalGoalSet',
      data: {
        projectId: 'project-1',
        studentId: student(),
        goalId: id('goal'),
        checkpointId: `checkpoint-${next(3)}`,
        targetDate: at(n + 86_400),
        ...(next(2) === 0 ? { note: `by Friday ${n}` } : {}),
        setAt: at(n),
      },
    }),
    () => ({
      id: randomUUID(),
      type: 'PersonalGoalDropped',
      data: { projectId: 'project-1', studentId: student(), goalId: id('goal') },
    }),
    (n) => ({
      id: randomUUID(),
      type: 'FeedbackGiven',
      data: {
        projectId: 'project-1',
        docId: `doc-${next(5)}`,
        submissionId: id('submission'),
        feedbackId: id('feedback'),
        comment: `well argued ${n}`,
        scores: [{ criterionId: 'evidence', level: next(4) }],
        perStudent: [{ studentId: student(), comment: 'clear "quotes" \\ and ünïcode' }],
        givenBy: 'teacher',
        givenAt: at(n),
      },
    }),
    (n) => ({
      id: randomUUID(),
      type: 'FeedbackResponded',
      data: {
        projectId: 'project-1',
        docId: `doc-${next(5)}`,
        feedbackId: id('feedback'),
        response: `thanks ${n}`,
        respondedBy: student(),
        respondedAt: at(n),
      },
    }),
    (n) => ({
      id: randomUUID(),
      type: 'HelpRequested',
      data: {
        requestId: id('request'),
        classroomId: 'classroom-1',
        studentId: student(),
        topic: `fractions ${n}`,
        docId: next(2) === 0 ? null : `doc-${next(5)}`,
        checkpointId: next(2) === 0 ? null : `checkpoint-${next(3)}`,
        at: at(n),
      },
    }),
    (n) => ({
      id: randomUUID(),
      type: next(2) === 0 ? 'HelpRequestClaimed' : 'HelpRequestCancelled',
      data: { requestId: id('request'), tutorId: student(), by: student(), at: at(n) },
    }),
    (n) => ({
      id: randomUUID(),
      type: 'SessionNoteAdded',
      data: {
        requestId: id('request'),
        sessionId: `session-${next(4)}`,
        noteId: id('note'),
        authorId: student(),
        text: `tried a number line ${n}`,
        at: at(n),
      },
    }),
  ];
  return bursts(next, makers, 0);
}

/**
 * Inquiry spaces in bursts, seeded: classes posting evidence and discussion
 * (some sealed, some by mentors, which also log), mentors invited, signing in
 * and opening the board, posts hidden, boards locked, participants removed,
 * access revoked and expired; runs of one type broken by others, and now and
 * then an id sent twice (the first must win, as one by one).
 */
function inquirySpaces(studentIds: readonly string[]): NewEvent[][] {
  const next = seeded(37);
  const at = (n: number) => new Date(Date.UTC(2026, 9, 1, 9, 0, n)).toISOString();
  const student = () => studentIds[next(studentIds.length)] ?? 'student';
  const space = () => `space-${next(3)}`;
  const mentor = () => `mentor-${next(6)}`;
  const id = (kind: string) => `${kind}-${next(40)}`;
  const makers: ((n: number) => NewEvent)[] = [
    (n) => {
      const author =
        next(3) === 0
          ? { role: 'mentor' as const, mentorId: mentor() }
          : { role: 'student' as const, userId: student(), classroomId: 'classroom-1' };
      return {
        id: randomUUID(),
        type: 'InquiryPostAdded',
        data: {
          spaceId: space(),
          postId: id('post'),
          kind: next(2) === 0 ? 'evidence' : 'discussion',
          text: `the river is "warmer" \\ ünïcode ${n}`,
          ...(next(2) === 0 ? { sealed: true } : {}),
          replyTo: next(2) === 0 ? null : id('post'),
          author,
          at: at(n),
        },
      };
    },
    (n) => ({
      id: randomUUID(),
      type: 'InquiryPostHidden',
      data: { spaceId: space(), postId: id('post'), reason: null, by: 'teacher', at: at(n) },
    }),
    (n) => ({
      id: randomUUID(),
      type: next(2) === 0 ? 'InquiryBoardLocked' : 'InquiryBoardUnlocked',
      data: { spaceId: space(), by: 'teacher', at: at(n) },
    }),
    (n) => ({
      id: randomUUID(),
      type: 'InquiryParticipantRemoved',
      data: {
        spaceId: space(),
        userId: next(2) === 0 ? student() : mentor(),
        by: 'teacher',
        at: at(n),
      },
    }),
    (n) => ({
      id: randomUUID(),
      type: 'MentorInvited',
      data: {
        spaceId: space(),
        mentorId: mentor(),
        name: `Ada ${n}`,
        organisation: 'River Trust',
        ...(next(2) === 0 ? { sealed: true } : {}),
        backgroundCheckVerifiedOn: '2026-08-01',
        expiresAt: at(n + 400 * 86_400),
        tokenHash: `hash-${n}`,
        by: 'teacher',
        at: at(n),
      },
    }),
    (n) => ({
      id: randomUUID(),
      type: 'MentorOpenedBoard',
      data: { spaceId: space(), mentorId: mentor(), docId: `board-${next(3)}`, at: at(n) },
    }),
    (n) => {
      const type = ['MentorSignedIn', 'MentorRevoked', 'MentorAccessExpired'][next(3)] as string;
      return {
        id: randomUUID(),
        type,
        data: { spaceId: space(), mentorId: mentor(), by: 'teacher', at: at(n) },
      };
    },
    (n) => ({
      id: randomUUID(),
      type: ['InquiryClassroomInvited', 'InquiryInvitationAccepted', 'InquiryInvitationDeclined'][
        next(3)
      ] as string,
      data: { spaceId: space(), classroomId: `classroom-${next(3)}`, by: 'teacher', at: at(n) },
    }),
  ];
  // Three spaces first, so the locks and classroom statuses have rows to change.
  const opened: NewEvent[] = [0, 1, 2].map((index) => ({
    id: randomUUID(),
    type: 'InquirySpaceOpened',
    data: {
      spaceId: `space-${index}`,
      hostClassroomId: 'classroom-1',
      title: `Our river ${index}`,
      drivingQuestion: 'Why is the river warmer downstream?',
      boardDocId: `board-${index}`,
      by: 'teacher',
      at: at(index + 1),
    },
  }));
  return [opened, ...bursts(next, makers, opened.length)];
}

/** Seeds the demo with activity, lets the server project it live, and stops the server. */
async function seededStore(env: Record<string, string>, database?: SqlDatabase): Promise<void> {
  const app = await createApp(loadConfig({ ...env, PORT: '0', LOG_LEVEL: 'error' }), { database });
  try {
    expect(app.seeded).toBe(true);
    const docs = await app.store.db.query<{ doc_id: string }>(
      'SELECT doc_id FROM rm_workspaces ORDER BY doc_id',
    );
    const people = await app.store.db.query<{ student_id: string }>(
      'SELECT student_id FROM rm_classroom_students ORDER BY student_id',
    );
    expect(docs.length).toBeGreaterThan(0);
    // Their own stream: these are not real Yjs changes, and no document should try to load them.
    for (const [index, events] of activity(
      docs.map((row) => row.doc_id),
      people.map((row) => row.student_id),
    ).entries())
      await app.store.events.appendToStream(`batch-handler-test-${index % 3}`, events);
    for (const events of classroomLoop(people.map((row) => row.student_id)))
      await app.store.events.appendToStream('batch-handler-test-classroom', events);
    for (const events of inquirySpaces(people.map((row) => row.student_id)))
      await app.store.events.appendToStream('batch-handler-test-inquiry', events);
    await app.store.projections.waitFor(await app.store.events.headPosition());
  } finally {
    await app.close();
  }
}

/**
 * A batch handler must leave exactly the rows its projection's `apply` leaves
 * one event at a time, whatever the batch boundaries: rebuilt event by event,
 * then in batches of odd sizes, the read models are the same.
 */
async function expectBatchesMatchEventByEvent(
  rebuild: Rebuild,
  peek: () => Promise<Record<string, unknown[]>>,
) {
  expect(BATCHED.map((projection) => projection.name)).toEqual(
    expect.arrayContaining(['activity', 'board-activity', 'projects', 'tutoring', 'inquiry']),
  );
  for (const projection of BATCHED) {
    await rebuild({ ...projection, applyBatch: undefined }, 2_000);
    const oneByOne = await peek();
    expect(Object.values(oneByOne).some((rows) => rows.length > 0)).toBe(true);
    for (const batchSize of [1_000, 7]) {
      await rebuild(projection, batchSize);
      expect({ projection: projection.name, batchSize, models: await peek() }).toEqual({
        projection: projection.name,
        batchSize,
        models: oneByOne,
      });
    }
  }
}

// In memory, from the template: the data folder only keeps the session secret. (Run on a folder,
// every rebuild reopened the store from disk, which made this the slowest file of the suite.)
describe('batch handlers against event by event (PGlite)', () => {
  it('rebuild every batched projection to the same rows as applying its events one by one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'commonplace-batches-'));
    const pglite = await pgliteFromTemplate();
    try {
      // A wrapper for the app (its close marks it closed), another for the rebuilds.
      const open = () => PgliteDatabase.fromInstance(pglite, { closesInstance: false });
      await seededStore({ DATA_DIR: dir }, open());
      const db = open();
      await expectBatchesMatchEventByEvent(rebuildOnDb(db), () => readModels(db));
    } finally {
      await pglite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

await describeWithPostgres('batch handlers against event by event (PostgreSQL)', () => {
  it('rebuild every batched projection to the same rows as applying its events one by one', async () => {
    const database = await createPostgresTestDatabase();
    try {
      const env = { DATABASE_URL: database.connectionString, SESSION_SECRET: 'x'.repeat(32) };
      await seededStore(env);
      await expectBatchesMatchEventByEvent(rebuildWithCli(env), () => readModels(database.db));
    } finally {
      await database.dispose();
    }
  });
});
