/**
 * How fast the server's REAL projections rebuild through the CLI's own code
 * path (runCli: projections rebuild <name>, blue/green, 2,000-event batches),
 * each with its batch handler and with it removed (event by event, as they
 * all ran before), on a generated store shaped like the 200 × 5 collab run:
 * 200 documents, five writers each, mostly edits, some entering and leaving.
 *
 *   npx nx run @commonplace/bench:build --outputStyle=static && \
 *     node bench/dist/event-store/real-projections-rebuild.js [pglite|postgres] [events] [names] [batch size] [shape]
 *
 * names: comma-separated projection names (default: activity,board-activity).
 * batch size: events per transaction (default 2000, the CLI's); 100 is what the runner reads per live batch.
 * shape: collab (default, as above) or classroom: classes of 30 going through the classroom loop
 * (journal entries, goals, raised hands and tutoring sessions, submissions, feedback and responses),
 * for projects and tutoring; or inquiry: inquiry spaces of two classes of 30 and four mentors (classes posting
 * evidence and discussion, mentors signing in, opening the board and posting, moderation), for inquiry.
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), in a scratch schema.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '@commonplace/server/dist/cli/cli.js';
import { FEATURES } from '@commonplace/server/dist/app.features.js';
import { benchDatabaseUrl, createScratchSchema } from '../common/postgres-schema.js';
import type { NewEvent, Projection, SqlDatabase } from '../common/server-modules.js';
import { PgliteDatabase, PostgresDatabase, createSqlEventStore } from '../common/server-modules.js';
import { nowMs } from '../common/stats.js';

const PROJECTIONS = FEATURES.projections;

const [
  engineArg = 'pglite',
  eventsArg = '50000',
  namesArg = 'activity,board-activity',
  batchArg = '2000',
  shapeArg = 'collab',
] = process.argv.slice(2);
if (shapeArg !== 'collab' && shapeArg !== 'classroom' && shapeArg !== 'inquiry')
  throw new Error(`Say collab, classroom or inquiry, not "${shapeArg}".`);
if (engineArg !== 'pglite' && engineArg !== 'postgres')
  throw new Error(`Say pglite or postgres, not "${engineArg}".`);
const total = Number(eventsArg);
if (!Number.isSafeInteger(total) || total < 1)
  throw new Error(`The event count must be a positive whole number, not "${eventsArg}".`);
const batchSize = Number(batchArg);
if (!Number.isSafeInteger(batchSize) || batchSize < 1)
  throw new Error(`The batch size must be a positive whole number, not "${batchArg}".`);
const names = namesArg.split(',').map((name) => name.trim());
const unknown = names.filter((name) => !PROJECTIONS.some((p) => p.name === name));
if (unknown.length > 0) throw new Error(`No projection named ${unknown.join(', ')}.`);

/** Seeded, so every run rebuilds the same log. */
let seed = 42;
const next = (below: number) => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed % below;
};

async function fill(db: SqlDatabase): Promise<void> {
  if (shapeArg !== 'collab') {
    await fillStreams(db, shapeArg === 'classroom' ? lesson : inquirySpace, shapeArg);
    return;
  }
  const store = await createSqlEventStore(db);
  try {
    for (let written = 0; written < total;) {
      const docId = `doc-${next(200)}`;
      const batch: NewEvent[] = [];
      for (let i = 0; i < 100 && written < total; i += 1, written += 1) {
        const userId = `user-${next(5)}`;
        const roll = next(20);
        if (roll === 0)
          batch.push({ id: randomUUID(), type: 'WorkspaceEntered', data: { docId, userId } });
        else if (roll === 1)
          batch.push({ id: randomUUID(), type: 'WorkspaceLeft', data: { docId, userId } });
        else
          batch.push({
            id: randomUUID(),
            type: 'DocumentUpdated',
            data: { docId, authorId: userId, inserted: next(30), deleted: next(4) },
          });
      }
      await store.appendToStream(`document-${docId}`, batch);
    }
  } finally {
    await store.close();
  }
}

/**
 * One class of 30 through the classroom loop, in the order a lesson gives:
 * runs of one kind (the class writing at once) broken now and then by
 * another (a checkpoint reached between journal entries, a goal dropped).
 */
function lesson(classroom: number): NewEvent[] {
  const classroomId = `classroom-${classroom}`;
  const projectId = `project-${classroom}`;
  const students = Array.from({ length: 30 }, (_, s) => `student-${classroom}-${s}`);
  const docOf = (student: string) => `doc-${student}`;
  let minute = 0;
  const at = () => new Date(Date.UTC(2026, 8, 1, 8, (minute += 1))).toISOString();
  const events: NewEvent[] = [];
  const add = (type: string, data: Record<string, unknown>) =>
    events.push({ id: randomUUID(), type, data });
  const checkpoints = ['question', 'evidence', 'claim'].map((id) => ({ id, title: id }));
  add('ProjectAssigned', {
    projectId,
    classroomId,
    title: 'Floating and sinking',
    brief: 'Why do some things float?',
    assignedBy: `teacher-${classroom}`,
    workspaces: [],
    individualWorkspaces: students.map((studentId) => ({ studentId, docId: docOf(studentId) })),
    checkpoints,
  });
  for (const studentId of students) {
    add('JournalEntryWritten', {
      projectId,
      studentId,
      entryId: `entry-${studentId}`,
      prompt: 'What did you try today?',
      text: 'I put the cork and the coin in water and the coin sank straight away.',
      writtenAt: at(),
    });
    if (next(5) === 0)
      add('CheckpointReached', {
        projectId,
        docId: docOf(studentId),
        checkpointId: 'question',
        reachedBy: studentId,
        reachedAt: at(),
      });
  }
  for (const studentId of students) {
    add('PersonalGoalSet', {
      projectId,
      studentId,
      goalId: `goal-${studentId}`,
      checkpointId: 'evidence',
      targetDate: at(),
      note: 'Test three more objects',
      setAt: at(),
    });
    if (next(10) === 0)
      add('PersonalGoalDropped', { projectId, studentId, goalId: `goal-${studentId}` });
  }
  const helped = students.filter(() => next(3) === 0);
  for (const studentId of helped)
    add('HelpRequested', {
      requestId: `request-${studentId}`,
      classroomId,
      studentId,
      topic: 'density',
      docId: docOf(studentId),
      checkpointId: 'evidence',
      at: at(),
    });
  for (const studentId of helped) {
    const requestId = `request-${studentId}`;
    const sessionId = `session-${studentId}`;
    const tutorId = students[next(students.length)] ?? studentId;
    add('HelpRequestClaimed', { requestId, tutorId, at: at() });
    add('TutoringSessionStarted', {
      requestId,
      sessionId,
      classroomId,
      tutorId,
      studentId,
      scratchpadDocId: `pad-${studentId}`,
      linkedDocId: null,
      at: at(),
    });
    for (let note = 0; note < 3; note += 1)
      add('SessionNoteAdded', {
        requestId,
        sessionId,
        noteId: `note-${studentId}-${note}`,
        authorId: note % 2 === 0 ? tutorId : studentId,
        text: 'Mass divided by volume: compare it with water.',
        at: at(),
      });
    add('TutoringSessionEnded', { requestId, sessionId, summary: 'Got it', by: tutorId, at: at() });
  }
  for (const studentId of students)
    add('ProjectSubmitted', {
      projectId,
      docId: docOf(studentId),
      submissionId: `submission-${studentId}`,
      documentRevision: 1,
      submittedBy: studentId,
      submittedAt: at(),
    });
  for (const studentId of students)
    add('FeedbackGiven', {
      projectId,
      docId: docOf(studentId),
      submissionId: `submission-${studentId}`,
      feedbackId: `feedback-${studentId}`,
      comment: 'Good evidence; say why the coin sinks.',
      scores: [{ criterionId: 'evidence', level: 1 + next(4) }],
      perStudent: [],
      givenBy: `teacher-${classroom}`,
      givenAt: at(),
    });
  for (const studentId of students) {
    add('FeedbackResponded', {
      projectId,
      docId: docOf(studentId),
      feedbackId: `feedback-${studentId}`,
      response: 'I will add the density table.',
      respondedBy: studentId,
      respondedAt: at(),
    });
    if (next(5) === 0)
      add('SubmissionReturned', {
        projectId,
        docId: docOf(studentId),
        submissionId: `submission-${studentId}`,
        returnedBy: `teacher-${classroom}`,
        returnedAt: at(),
        note: 'One more try',
      });
  }
  return events;
}

/**
 * One inquiry space through a unit, in the order the unit gives: two classes
 * of 30 (the host and one invited), four mentors; the classes post their
 * evidence and discuss at once (runs of posts), mentors sign in, open the
 * board and post, a teacher hides a post now and then, locks the board for a
 * lesson, removes a participant; at the end the mentors' access ends.
 */
function inquirySpace(index: number): NewEvent[] {
  const spaceId = `space-${index}`;
  const classrooms = [`classroom-${index}-a`, `classroom-${index}-b`];
  const students = classrooms.flatMap((classroomId) =>
    Array.from({ length: 30 }, (_, s) => ({ userId: `${classroomId}-student-${s}`, classroomId })),
  );
  const mentors = Array.from({ length: 4 }, (_, m) => `mentor-${index}-${m}`);
  const teacher = `teacher-${index}`;
  let minute = 0;
  const at = () => new Date(Date.UTC(2026, 9, 1, 8, (minute += 1))).toISOString();
  const event = (type: string, data: Record<string, unknown>): NewEvent => ({
    id: randomUUID(),
    type,
    data: { spaceId, ...data },
  });
  let posts = 0;
  const post = (author: Record<string, unknown>, kind: string, replyTo: string | null) =>
    event('InquiryPostAdded', {
      postId: `${spaceId}-post-${(posts += 1)}`,
      kind,
      text: `What we found about the river, part ${posts}`,
      sealed: true,
      replyTo,
      author,
      at: at(),
    });
  const events: NewEvent[] = [
    event('InquirySpaceOpened', {
      hostClassroomId: classrooms[0],
      title: `The river ${index}`,
      drivingQuestion: 'Why is the river warmer downstream?',
      boardDocId: `${spaceId}-board`,
      by: teacher,
      at: at(),
    }),
    event('InquiryClassroomInvited', { classroomId: classrooms[1], by: teacher, at: at() }),
    event('InquiryInvitationAccepted', { classroomId: classrooms[1], by: teacher, at: at() }),
    ...mentors.map((mentorId) =>
      event('MentorInvited', {
        mentorId,
        name: `sealed name of ${mentorId}`,
        organisation: 'sealed organisation',
        sealed: true,
        backgroundCheckVerifiedOn: '2026-09-01',
        expiresAt: '2026-12-01T00:00:00.000Z',
        tokenHash: `hash-${mentorId}`,
        by: teacher,
        at: at(),
      }),
    ),
  ];
  for (const mentorId of mentors) events.push(event('MentorSignedIn', { mentorId, at: at() }));
  for (let lessonIndex = 0; lessonIndex < 4; lessonIndex += 1) {
    const first = posts + 1;
    for (const student of students)
      events.push(post({ role: 'student', ...student }, 'evidence', null));
    for (const mentorId of mentors)
      events.push(event('MentorOpenedBoard', { mentorId, docId: `${spaceId}-board`, at: at() }));
    for (const mentorId of mentors)
      events.push(post({ role: 'mentor', mentorId }, 'discussion', `${spaceId}-post-${first}`));
    for (const student of students)
      if (next(3) === 0)
        events.push(
          post({ role: 'student', ...student }, 'discussion', `${spaceId}-post-${first}`),
        );
    events.push(
      event('InquiryPostHidden', {
        postId: `${spaceId}-post-${first + 1 + next(20)}`,
        reason: null,
        by: teacher,
        at: at(),
      }),
    );
    events.push(event('InquiryBoardLocked', { by: teacher, at: at() }));
    events.push(event('InquiryBoardUnlocked', { by: teacher, at: at() }));
  }
  events.push(
    event('InquiryParticipantRemoved', {
      userId: students[next(students.length)]?.userId,
      by: teacher,
      at: at(),
    }),
  );
  events.push(event('MentorRevoked', { mentorId: mentors[0], by: teacher, at: at() }));
  for (const mentorId of mentors.slice(1))
    events.push(event('MentorAccessExpired', { mentorId, at: at() }));
  return events;
}

/** Whole lessons or spaces, one stream each, in appends of up to 100, until the log holds `total`. */
async function fillStreams(
  db: SqlDatabase,
  make: (index: number) => NewEvent[],
  prefix: string,
): Promise<void> {
  const store = await createSqlEventStore(db);
  try {
    let written = 0;
    for (let index = 0; written < total; index += 1) {
      const events = make(index).slice(0, total - written);
      for (let start = 0; start < events.length; start += 100)
        await store.appendToStream(`${prefix}-${index}`, events.slice(start, start + 100));
      written += events.length;
    }
  } finally {
    await store.close();
  }
}

async function rebuild(env: Record<string, string>, projection: Projection): Promise<number> {
  const out: string[] = [];
  const started = nowMs();
  const code = await runCli(
    ['projections', 'rebuild', projection.name, '--batch-size', String(batchSize)],
    {
      env,
      out: (text) => out.push(text),
      err: (text) => out.push(text),
      progress: () => ({ start: () => undefined, update: () => undefined, stop: () => undefined }),
      projections: [projection],
    },
  );
  if (code !== 0) throw new Error(`rebuild ${projection.name} failed:\n${out.join('\n')}`);
  return (nowMs() - started) / 1000;
}

let env: Record<string, string>;
let cleanup: () => Promise<void>;
if (engineArg === 'pglite') {
  const folder = mkdtempSync(join(tmpdir(), 'commonplace-bench-real-rebuild-'));
  const db = await PgliteDatabase.open(folder);
  await fill(db);
  await db.close(); // The CLI opens the folder itself, as with the server stopped.
  env = { DATA_DIR: folder };
  cleanup = async () => rmSync(folder, { recursive: true, force: true });
} else {
  const schema = await createScratchSchema(benchDatabaseUrl(), 'real_rebuild');
  const db = new PostgresDatabase({ connectionString: schema.connectionString, max: 2 });
  await fill(db);
  await db.close();
  env = { DATABASE_URL: schema.connectionString };
  cleanup = () => schema.drop();
}
try {
  console.log(
    shapeArg === 'collab'
      ? `${engineArg}: ${total} events (200 docs × 5 writers, ~90 % edits), ${batchSize} per batch`
      : shapeArg === 'classroom'
        ? `${engineArg}: ${total} events (classes of 30 through the classroom loop), ${batchSize} per batch`
        : `${engineArg}: ${total} events (inquiry spaces of two classes of 30 and four mentors), ${batchSize} per batch`,
  );
  for (const projection of PROJECTIONS.filter((p) => names.includes(p.name))) {
    const variants: [string, Projection][] = [
      ['event by event', { ...projection, applyBatch: undefined }],
    ];
    if (projection.applyBatch) variants.push(['batch handler', projection]);
    for (const [label, variant] of variants) {
      const cpuBefore = process.cpuUsage();
      const seconds = await rebuild(env, variant);
      const cpu = process.cpuUsage(cpuBefore);
      // On a shared machine wall time swings with others' load; this process's CPU much less.
      // For PGlite that is all the work; for PostgreSQL only the server's side of it.
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      console.log(
        `${engineArg} ${projection.name} (${label}): ${seconds.toFixed(2)} s, ${Math.round(total / seconds)} events/s; ${cpuSeconds.toFixed(2)} s CPU in this process`,
      );
    }
  }
} finally {
  await cleanup();
}
