import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { streams } from '@commonplace/domain';
import {
  ClassroomService,
  IdentityService,
  Logger,
  ProjectService,
  createApp,
  loadConfig,
} from '../collab/server-modules.js';
import { createScratchSchema } from '../common/postgres-schema.js';
import { Samples, nowMs, sleep } from '../common/stats.js';
import type { LatencySummary } from '../common/stats.js';
import { io } from './live-deps.js';
import type { Engine } from './projection-bench.js';

export interface SocketLagResult {
  readonly engine: Engine;
  readonly offeredPerSecond: number;
  readonly appended: number;
  readonly snapshots: number;
  /** Append committed → the first board snapshot that includes it arrives at a socket.io client. */
  readonly commitToSocketMs: LatencySummary;
  readonly ok: boolean;
}

/** An empty Yjs update: the activity projection reads only the counts. */
const EMPTY_UPDATE = Buffer.from([0, 0]).toString('base64');

interface BoardSnapshot {
  readonly groups: readonly {
    readonly students: readonly { readonly studentId: string; readonly inserted: number }[];
  }[];
}

/**
 * The real app (createApp, in this process) with a teacher watching the live
 * board over socket.io. DocumentUpdated events, one inserted character each,
 * are appended open-loop to a student's workspace stream; an event has reached
 * the teacher once a snapshot shows the student's count at or past the event's
 * place in the log.
 */
export async function runSocketLag(
  engine: Engine,
  baseUrl: string,
  offeredPerSecond: number,
  durationMs: number,
): Promise<SocketLagResult> {
  Logger.overrideLogger(['fatal', 'error', 'warn']);
  const schema = engine === 'postgres' ? await createScratchSchema(baseUrl, 'socket') : undefined;
  const dataDir =
    engine === 'pglite' ? mkdtempSync(join(tmpdir(), 'commonplace-bench-socket-')) : undefined;
  const app = await createApp(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      SESSION_SECRET: randomBytes(32).toString('hex'),
      ...(schema ? { DATABASE_URL: schema.connectionString } : { DATA_DIR: dataDir }),
    }),
  );
  const socket = { current: undefined as ReturnType<typeof io> | undefined };
  try {
    const url = (await app.listen()).replace('localhost', '127.0.0.1');
    const identity = app.nest.get(IdentityService);
    const classrooms = app.nest.get(ClassroomService);
    const password = 'bench-password-not-secret';
    const tag = randomBytes(3).toString('hex');
    const teacherAccount = await identity.createAccount({
      login: `t-${tag}`,
      displayName: 'Teacher',
      kind: 'teacher',
      password,
    });
    const teacher = { userId: teacherAccount.id, kind: 'teacher' as const };
    const student = await identity.createAccount({
      login: `s-${tag}`,
      displayName: 'Student',
      kind: 'student',
      password,
    });
    const classroom = await classrooms.createClassroom(teacher, 'Socket lag');
    const group = await classrooms.createGroup(teacher, classroom.id, 'Group');
    await classrooms.join({ userId: student.id, kind: 'student' }, classroom.joinCode ?? '');
    await classrooms.addStudentToGroup(teacher, classroom.id, group.id, student.id);
    const project = await app.nest
      .get(ProjectService)
      .assign(teacher, classroom.id, { title: 'Project', brief: 'Brief' });
    const docId = project.workspaces[0]?.docId ?? '';
    const signIn = await fetch(`${url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: `t-${tag}`, password }),
    });
    const { token } = (await signIn.json()) as { token: string };

    const snapshots: { at: number; inserted: number }[] = [];
    const client = io(url, { auth: { token }, transports: ['websocket'] });
    socket.current = client;
    client.on('board:snapshot', (board: BoardSnapshot) => {
      const inserted =
        board.groups.flatMap((g) => g.students).find((s) => s.studentId === student.id)?.inserted ??
        0;
      snapshots.push({ at: nowMs(), inserted });
    });
    await new Promise<void>((resolve, reject) => {
      client.once('connect_error', reject);
      client.emit(
        'board:watch',
        { classroomId: classroom.id },
        (ack: { ok: boolean; message?: string }) =>
          ack.ok ? resolve() : reject(new Error(ack.message ?? 'board:watch refused')),
      );
    });

    const stream = streams.document(docId);
    const acknowledged: { position: number; at: number }[] = [];
    const inFlight: Promise<void>[] = [];
    const start = nowMs();
    let issued = 0;
    while (nowMs() - start < durationMs) {
      const due = Math.floor(((nowMs() - start) * offeredPerSecond) / 1000);
      for (; issued < due; issued += 1) {
        inFlight.push(
          app.store.events
            .appendToStream(stream, [
              {
                id: randomUUID(),
                type: 'DocumentUpdated',
                data: {
                  docId,
                  authorId: student.id,
                  update: EMPTY_UPDATE,
                  inserted: 1,
                  deleted: 0,
                },
                metadata: { at: new Date().toISOString(), by: student.id },
              },
            ])
            .then(({ position }) => {
              acknowledged.push({ position, at: nowMs() });
            }),
        );
      }
      await sleep(1);
    }
    await Promise.all(inFlight);
    const deadline = nowMs() + 60_000;
    while ((snapshots.at(-1)?.inserted ?? 0) < acknowledged.length && nowMs() < deadline)
      await sleep(10);

    // The board counts this student's events, applied in log order: the n-th (by position) is in any snapshot counting n or more.
    const lag = new Samples();
    const inLogOrder = [...acknowledged].sort((a, b) => a.position - b.position);
    for (const [index, { at }] of inLogOrder.entries()) {
      const rank = index + 1;
      const snapshot = snapshots.find((s) => s.inserted >= rank);
      if (snapshot) lag.add(Math.max(0, snapshot.at - at));
    }
    return {
      engine,
      offeredPerSecond,
      appended: acknowledged.length,
      snapshots: snapshots.length,
      commitToSocketMs: lag.summary(),
      ok:
        lag.count === acknowledged.length &&
        (snapshots.at(-1)?.inserted ?? 0) === acknowledged.length,
    };
  } finally {
    socket.current?.close();
    await app.close();
    await schema?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}
