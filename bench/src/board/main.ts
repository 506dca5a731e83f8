/**
 * What one live-board recompute costs as a class types all day: a 30-student
 * classroom (six groups of five, one project, six workspaces) on the real app
 * (createApp, in this process), with 0 / 10k / 30k / 65k / 130k edit samples
 * in its last 12 hours, the board computed the old way (every sample loaded
 * and filtered once per student, `legacy-board.ts`) and the new way (the
 * server's `BoardQueries`, reading the kept minutes), interleaved call by call
 * in one run (one way after the other for each count), on PGlite and on PostgreSQL.
 *
 *   npm run -w @commonplace/bench bench:board [-- --smoke]
 *
 * Samples arrive as a class writes them: each student 1.6 samples a second
 * (48 a second for the class, so 130k is 45 minutes of typing), written
 * through the board-activity projection's own batch handler with the times
 * they would have been recorded at (the log is not involved: only the read
 * model is measured). The board is asked for at the last sample plus 1.5 s.
 *
 * Per recompute: this process's CPU (user + system, process.cpuUsage: the
 * server's side, and on PGlite the database's too), wall time, and on
 * PostgreSQL the CPU of the backends serving the app (from /proc, so Linux
 * with PostgreSQL on this host; 10 ms ticks, so read it as a mean).
 *
 * BENCH_ENGINES (default pglite,postgres), BENCH_COUNTS (default
 * 0,10000,30000,65000,130000), BENCH_CELL_MS (default 8000: time per count
 * and engine, half each way; at least 3 calls each whatever it takes).
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), in a scratch schema.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BoardView } from '@commonplace/shared';
import {
  ClassroomService,
  IdentityService,
  Logger,
  ProjectService,
  createApp,
  loadConfig,
} from '../collab/server-modules.js';
import { benchDatabaseUrl, createScratchSchema } from '../common/postgres-schema.js';
import type { Table } from '../common/report.js';
import { benchMode, commandLine, envNumber, machineInfo, writeReport } from '../common/report.js';
import type { RecordedEvent, SqlDatabase } from '../common/server-modules.js';
import { PostgresDatabase } from '../common/server-modules.js';
import { Samples, round } from '../common/stats.js';
import type { LatencySummary } from '../common/stats.js';
import { BoardQueries, boardActivityProjection } from './deps.js';
import { legacyBoard } from './legacy-board.js';

type Engine = 'pglite' | 'postgres';

const STUDENTS = 30;
const GROUP_SIZE = 5;
const SAMPLES_PER_STUDENT_PER_SECOND = 1.6;
const CLASS_RATE = STUDENTS * SAMPLES_PER_STUDENT_PER_SECOND;
const SEED_BATCH = 2_000;
/** Past the app's own log (which holds only the classroom's set-up). */
const FIRST_POSITION = 1_000_000_000;

interface WayResult {
  readonly calls: number;
  readonly cpuMs: LatencySummary;
  readonly wallMs: LatencySummary;
  /** PostgreSQL backends' CPU per recompute (mean); null on PGlite. */
  readonly pgCpuMs: number | null;
}

interface CountResult {
  readonly engine: Engine;
  readonly samples: number;
  readonly minuteRows: number;
  readonly runRows: number;
  readonly old: WayResult;
  readonly kept: WayResult;
  /** Students whose tile (characters, last edit, time on task, signal kinds) is the same both ways. */
  readonly tilesAgreeing: number;
}

/** Local ports of this process's TCP sockets: PostgreSQL knows its clients by them. */
function ownPorts(): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const socket = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (socket?.[1]) inodes.add(socket[1]);
    } catch {
      // Closed while we looked.
    }
  }
  const ports: number[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1]?.split(':').at(-1);
      if (fields[9] && inodes.has(fields[9]) && local) ports.push(parseInt(local, 16));
    }
  }
  return ports;
}

/** User + system CPU of a process, in ms (clock ticks of 10 ms). */
function processCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** A full collection when node runs with --expose-gc (the npm script does). */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** What a tile says, for comparing the two ways. */
function tiles(board: BoardView): Map<string, string> {
  return new Map(
    board.groups.flatMap((group) =>
      group.students.map((s) => [
        s.studentId,
        JSON.stringify([
          s.inserted,
          s.deleted,
          s.lastActiveAt,
          s.timeOnTask,
          s.present,
          s.signals.map((signal) => signal.kind),
        ]),
      ]),
    ),
  );
}

class WayMeter {
  private readonly cpu = new Samples();
  private readonly wall = new Samples();
  private pgMs = 0;

  constructor(private readonly backends: readonly number[]) {}

  async call(compute: () => Promise<BoardView>): Promise<BoardView> {
    const pgBefore = this.backends.map(processCpuMs);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const board = await compute();
    this.wall.add(performance.now() - started);
    const cpu = process.cpuUsage(cpuBefore);
    this.cpu.add((cpu.user + cpu.system) / 1000);
    // A backend the pool closed meanwhile reads as 0: it adds nothing rather than a negative.
    this.backends.forEach((pid, i) => {
      const after = processCpuMs(pid);
      if (after > 0) this.pgMs += after - (pgBefore[i] ?? after);
    });
    return board;
  }

  result(engine: Engine): WayResult {
    return {
      calls: this.cpu.count,
      cpuMs: this.cpu.summary(),
      wallMs: this.wall.summary(),
      pgCpuMs: engine === 'postgres' ? round(this.pgMs / Math.max(1, this.cpu.count)) : null,
    };
  }
}

async function runEngine(
  engine: Engine,
  counts: readonly number[],
  cellMs: number,
): Promise<CountResult[]> {
  Logger.overrideLogger(['fatal', 'error', 'warn']);
  const baseUrl = benchDatabaseUrl();
  const schema = engine === 'postgres' ? await createScratchSchema(baseUrl, 'board') : undefined;
  const dataDir =
    engine === 'pglite' ? mkdtempSync(join(tmpdir(), 'commonplace-bench-board-')) : undefined;
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
  const admin =
    engine === 'postgres' ? new PostgresDatabase({ connectionString: baseUrl, max: 1 }) : undefined;
  try {
    const identity = app.nest.get(IdentityService);
    const classrooms = app.nest.get(ClassroomService);
    const tag = randomBytes(3).toString('hex');
    const password = 'bench-password-not-secret';
    const account = await identity.createAccount({
      login: `t-${tag}`,
      displayName: 'Teacher',
      kind: 'teacher',
      password,
    });
    const teacher = { userId: account.id, kind: 'teacher' as const };
    const classroom = await classrooms.createClassroom(teacher, 'Board bench');
    const students: string[] = [];
    for (let g = 0; g < STUDENTS / GROUP_SIZE; g++) {
      const group = await classrooms.createGroup(teacher, classroom.id, `Group ${g + 1}`);
      for (let k = 0; k < GROUP_SIZE; k++) {
        const student = await identity.createAccount({
          login: `s${g}-${k}-${tag}`,
          displayName: `Student ${g}-${k}`,
          kind: 'student',
          password,
        });
        await classrooms.join({ userId: student.id, kind: 'student' }, classroom.joinCode ?? '');
        await classrooms.addStudentToGroup(teacher, classroom.id, group.id, student.id);
        students.push(student.id);
      }
    }
    const project = await app.nest
      .get(ProjectService)
      .assign(teacher, classroom.id, { title: 'Rivers', brief: 'Brief' });
    const docs = project.workspaces.map((w) => w.docId);
    const docOf = (student: number) => docs[Math.floor(student / GROUP_SIZE)] ?? '';
    await app.store.projections.waitFor(await app.store.events.headPosition());

    const db: SqlDatabase = app.store.db;
    const startAt = Math.floor((Date.now() - 3 * 3_600_000) / 60_000) * 60_000;
    let position = FIRST_POSITION;
    const recorded = (type: string, data: Record<string, unknown>, at: number): RecordedEvent => ({
      id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
      streamName: `bench-${type}`,
      type,
      data,
      metadata: {},
      revision: position,
      position: position++,
      recordedAt: new Date(at),
    });
    const apply = (events: readonly RecordedEvent[]) =>
      db.transaction((tx) => boardActivityProjection.applyBatch!(events, tx));
    // Everyone opens their workspace a minute before the first edit.
    await apply(
      students.map((userId, s) =>
        recorded('WorkspaceEntered', { docId: docOf(s), userId }, startAt - 60_000),
      ),
    );

    const queries = app.nest.get(BoardQueries);
    const results: CountResult[] = [];
    let written = 0;
    for (const count of counts) {
      while (written < count) {
        const batch: RecordedEvent[] = [];
        for (; written < count && batch.length < SEED_BATCH; written++) {
          const s = written % STUDENTS;
          batch.push(
            recorded(
              'DocumentUpdated',
              {
                docId: docOf(s),
                authorId: students[s],
                inserted: 1 + (written % 7),
                deleted: written % 11 === 0 ? 3 : 0,
              },
              startAt + Math.floor((written * 1000) / CLASS_RATE),
            ),
          );
        }
        await apply(batch);
      }
      const now = new Date(startAt + Math.floor((count * 1000) / CLASS_RATE) + 1_500);
      const [keptRows] = await db.query<{ minutes: number; runs: number }>(
        `SELECT (SELECT count(*)::integer FROM rm_edit_minutes) AS minutes,
                (SELECT count(*)::integer FROM rm_edit_runs) AS runs`,
      );

      const oldWay = () => legacyBoard(db, identity, queries.thresholds, classroom.id, now);
      const keptWay = () => queries.board(classroom.id, now);
      // Opens the pool's connections and warms both paths before anything is counted.
      for (let i = 0; i < 2; i++) await oldWay();
      for (let i = 0; i < 10; i++) await keptWay();
      const backends = admin
        ? (
            await admin.query<{ pid: number }>(
              'SELECT pid FROM pg_stat_activity WHERE client_port = ANY ($1::int[]) AND pid <> pg_backend_pid()',
              [ownPorts()],
            )
          ).map((row) => row.pid)
        : [];
      const old = new WayMeter(backends);
      const kept = new WayMeter(backends);
      // One way at a time, with a full collection between, so neither pays for the
      // other's garbage (the old way makes a lot of it); at least three calls each.
      const measure = async (meter: WayMeter, compute: () => Promise<BoardView>, most: number) => {
        collectGarbage();
        let board: BoardView | undefined;
        const started = performance.now();
        for (
          let calls = 0;
          calls < 3 || (calls < most && performance.now() - started < cellMs / 2);
          calls++
        )
          board = await meter.call(compute);
        return board ? tiles(board) : new Map<string, string>();
      };
      const before = await measure(old, oldWay, 30);
      const after = await measure(kept, keptWay, 200);
      const agreeing = [...before].filter(([id, tile]) => after.get(id) === tile).length;
      const result: CountResult = {
        engine,
        samples: count,
        minuteRows: keptRows?.minutes ?? 0,
        runRows: keptRows?.runs ?? 0,
        old: old.result(engine),
        kept: kept.result(engine),
        tilesAgreeing: agreeing,
      };
      console.log(
        `${engine} ${count} samples (${result.minuteRows} minute rows): old cpu p50 ${result.old.cpuMs.p50} ms, kept cpu p50 ${result.kept.cpuMs.p50} ms; tiles agreeing ${agreeing}/${STUDENTS}`,
      );
      results.push(result);
    }
    return results;
  } finally {
    await admin?.close();
    await app.close();
    await schema?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

const mode = benchMode();
const smoke = mode === 'smoke';
const engines = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',').map((e) => e.trim());
for (const engine of engines)
  if (engine !== 'pglite' && engine !== 'postgres')
    throw new Error(`BENCH_ENGINES takes pglite and postgres, not "${engine}".`);
const counts = (process.env.BENCH_COUNTS ?? (smoke ? '0,2000' : '0,10000,30000,65000,130000'))
  .split(',')
  .map((raw) => {
    const count = Number(raw);
    if (!Number.isSafeInteger(count) || count < 0)
      throw new Error(`BENCH_COUNTS takes whole numbers of samples, not "${raw}".`);
    return count;
  })
  .sort((a, b) => a - b);
const cellMs = envNumber('BENCH_CELL_MS', smoke ? 500 : 8_000);
const startedAt = new Date().toISOString();

const all: CountResult[] = [];
for (const engine of engines) all.push(...(await runEngine(engine as Engine, counts, cellMs)));

const flatness = (engine: string, pick: (r: CountResult) => number | null) => {
  const rows = all.filter((r) => r.engine === engine);
  const first = rows[0] ? pick(rows[0]) : null;
  const last = rows.at(-1) ? pick(rows.at(-1) as CountResult) : null;
  return first && last ? `${round(last / first, 2)}×` : '–';
};
const tables: Table[] = engines.map((engine) => ({
  title: `Board recompute, 30 students, ${engine === 'pglite' ? 'PGlite (in this process)' : 'PostgreSQL'}: old (every sample) vs kept runs and minutes`,
  columns: [
    'samples',
    'minute rows',
    'run rows',
    'old CPU p50 ms',
    'old CPU p95 ms',
    'kept CPU p50 ms',
    'kept CPU p95 ms',
    'old wall p50 ms',
    'kept wall p50 ms',
    ...(engine === 'postgres' ? ['old PG CPU ms', 'kept PG CPU ms'] : []),
    'calls old / kept',
    'tiles agreeing',
  ],
  rows: all
    .filter((r) => r.engine === engine)
    .map((r) => [
      r.samples.toLocaleString('en-US'),
      r.minuteRows,
      r.runRows,
      r.old.cpuMs.p50,
      r.old.cpuMs.p95,
      r.kept.cpuMs.p50,
      r.kept.cpuMs.p95,
      r.old.wallMs.p50,
      r.kept.wallMs.p50,
      ...(engine === 'postgres' ? [r.old.pgCpuMs, r.kept.pgCpuMs] : []),
      `${r.old.calls} / ${r.kept.calls}`,
      `${r.tilesAgreeing}/${STUDENTS}`,
    ]),
  notes: [
    `Kept-way CPU p50 at the most samples over at none: ${flatness(engine, (r) => r.kept.cpuMs.p50)} (goal: within 1.2×); old way ${flatness(engine, (r) => r.old.cpuMs.p50)}.`,
    ...(engine === 'postgres'
      ? [
          `Kept-way PostgreSQL CPU at the most samples over at none: ${flatness(engine, (r) => r.kept.pgCpuMs)}.`,
        ]
      : []),
  ],
}));

writeReport({
  name: 'board',
  command: `${commandLine()}   (normally: npm run -w @commonplace/bench bench:board${smoke ? ' -- --smoke' : ''})`,
  mode,
  startedAt,
  finishedAt: new Date().toISOString(),
  machine: machineInfo(),
  settings: {
    engines,
    counts,
    cellMs,
    students: STUDENTS,
    groupSize: GROUP_SIZE,
    classRate: CLASS_RATE,
  },
  tables,
  data: all,
  notes: [
    'CPU is this process’s (process.cpuUsage, user + system) around one board computation: the server’s work, and on PGlite the database’s too. PostgreSQL backend CPU is read from /proc in 10 ms ticks, summed over the cell and divided by its calls.',
    'Each cell measures the old way, then (after a full garbage collection) the kept way, for half of BENCH_CELL_MS each (at least 3 calls, at most 30 old and 200 kept), after 2 old and 10 kept unmeasured calls.',
    'What the kept way still reads in proportion to typing is the stuck window’s minutes (20 minutes, at most 21 rows per student and document): it stops growing once the class has typed for 20 minutes (58k samples here), whatever comes after.',
    '“tiles agreeing”: students whose tile (characters, last edit, time on task, presence, signal kinds) is the same both ways, the fewest over the cell. The kept way differs only where a minute straddles the stuck window’s start (counted whole).',
  ],
});
