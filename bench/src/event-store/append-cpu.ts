/**
 * Where an append's CPU goes, on a machine too busy for throughput to say:
 * the same closed loop as the appends section (each writer its own stream,
 * exact expected revision), but measured as CPU time per append, in this
 * process (the client) and in the PostgreSQL backends serving it (read from
 * /proc, so Linux with PostgreSQL on this host), for the raw single-row
 * INSERT … COMMIT ceiling and Commonplace's adapter, twice each, interleaved.
 * Then the same appends with no client at all: a procedure appends in a loop,
 * committing each (without waiting for the flush), so its time is the
 * backend's CPU for the append alone — what the append function costs beyond
 * a raw insert, without protocol or concurrency.
 *
 *   npx nx run @commonplace/bench:build --outputStyle=static && \
 *     node bench/dist/event-store/append-cpu.js [writers] [appends per writer]
 *
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), in scratch schemas.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { benchDatabaseUrl } from '../common/postgres-schema.js';
import { PostgresDatabase } from '../common/server-modules.js';
import { createScratchSchema } from '../common/postgres-schema.js';
import { createSqlEventStore } from '../common/server-modules.js';
import type { AppendSubject } from './subjects.js';
import { commonplacePostgres, RAW_TABLE_SQL, rawPostgres } from './subjects.js';

const [writersArg = '8', perWriterArg = '1500'] = process.argv.slice(2);
const writers = Number(writersArg);
const perWriter = Number(perWriterArg);
if (![writers, perWriter].every((n) => Number.isSafeInteger(n) && n > 0))
  throw new Error('Give the writers and the appends per writer as positive whole numbers.');
const baseUrl = benchDatabaseUrl();

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
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

async function measure(name: string, subject: AppendSubject, admin: PostgresDatabase) {
  const tag = Math.random().toString(36).slice(2, 8);
  const revisions = new Array<number>(writers).fill(-1);
  const run = (appends: number) =>
    Promise.all(
      revisions.map(async (_, writer) => {
        for (let n = 0; n < appends; n += 1) {
          await subject.append(`cpu-${tag}-${writer}`, revisions[writer] ?? -1, 1);
          revisions[writer] = (revisions[writer] ?? -1) + 1;
        }
      }),
    );
  await run(100); // Opens every pooled connection.
  const backends = (
    await admin.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE client_port = ANY ($1::int[]) AND pid <> pg_backend_pid()',
      [ownPorts()],
    )
  ).map((row) => row.pid);
  const pgBefore = backends.reduce((sum, pid) => sum + cpuMs(pid), 0);
  const nodeBefore = process.cpuUsage();
  const started = performance.now();
  await run(perWriter);
  const seconds = (performance.now() - started) / 1000;
  const node = process.cpuUsage(nodeBefore);
  const pgMs = backends.reduce((sum, pid) => sum + cpuMs(pid), 0) - pgBefore;
  const appends = writers * perWriter;
  const nodeUs = (node.user + node.system) / appends;
  const pgUs = (pgMs * 1000) / appends;
  console.log(
    `${name.padEnd(34)} ${Math.round(appends / seconds)
      .toString()
      .padStart(6)} appends/s   client ${nodeUs.toFixed(0).padStart(4)} µs   PostgreSQL ${pgUs
      .toFixed(0)
      .padStart(4)} µs   (per append; ${backends.length} backends)`,
  );
}

/** One event as the adapter sends it; `i` is the loop's counter. */
const EVENT = `jsonb_build_array(jsonb_build_object('id', gen_random_uuid(), 'type', 'Counted', 'data', jsonb_build_object('n', i)))`;
const SERVER_SIDE = {
  'raw INSERT … COMMIT (pg)': `INSERT INTO raw_events (stream_name, revision, event_id, type, data)
      SELECT 'loop-' || (i % ${writers}), i, (e.value ->> 'id')::uuid, e.value ->> 'type', e.value -> 'data'
        FROM jsonb_array_elements(${EVENT}) AS e(value)`,
  'Commonplace (PostgreSQL adapter)': `PERFORM commonplace_append('loop-' || (i % ${writers}), 'any', ${EVENT})`,
} as const;

/** µs per append of a procedure appending `appends` times, each committed on its own. */
async function serverSide(name: keyof typeof SERVER_SIDE, appends: number): Promise<number> {
  const schema = await createScratchSchema(baseUrl, 'loop');
  const db = new PostgresDatabase({ connectionString: schema.connectionString, max: 1 });
  try {
    if (name === 'raw INSERT … COMMIT (pg)') await db.query(RAW_TABLE_SQL);
    else await (await createSqlEventStore(db)).close();
    await db.query(`CREATE PROCEDURE append_loop(first integer, n integer) LANGUAGE plpgsql AS $$
      BEGIN
        FOR i IN first..first + n - 1 LOOP
          ${SERVER_SIDE[name]};
          COMMIT;
        END LOOP;
      END $$`);
    await db.query('SET synchronous_commit = off');
    await db.query('CALL append_loop(1, 1000)'); // Warms the plans.
    const started = performance.now();
    await db.query(`CALL append_loop(1001, ${appends})`);
    return ((performance.now() - started) * 1000) / appends;
  } finally {
    await db.close();
    await schema.drop();
  }
}

const admin = new PostgresDatabase({ connectionString: baseUrl, max: 1 });
try {
  console.log(`${writers} writers × ${perWriter} single-event appends each, CPU per append:`);
  for (let round = 0; round < 2; round += 1) {
    for (const [name, open] of [
      ['raw INSERT … COMMIT (pg)', () => rawPostgres(baseUrl, writers)],
      ['Commonplace (PostgreSQL adapter)', () => commonplacePostgres(baseUrl)],
    ] as const) {
      const subject = await open();
      try {
        await measure(name, subject, admin);
      } finally {
        await subject.close();
      }
    }
  }
  console.log(
    'The same appends inside PostgreSQL, no client (a procedure looping, one commit each):',
  );
  for (let round = 0; round < 2; round += 1) {
    for (const name of Object.keys(SERVER_SIDE) as (keyof typeof SERVER_SIDE)[]) {
      const us = await serverSide(name, writers * perWriter);
      console.log(`${name.padEnd(34)} PostgreSQL ${us.toFixed(0).padStart(4)} µs per append`);
    }
  }
} finally {
  await admin.close();
}
