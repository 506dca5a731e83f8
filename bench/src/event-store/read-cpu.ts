/**
 * What a projection's read of the log costs PostgreSQL, since readers compute
 * this database's own horizon (event-store-008) instead of reading the
 * cluster-wide xmin: CPU time of the one backend serving the reads (read from
 * /proc/<pid>/schedstat, so Linux with PostgreSQL on this host), per read,
 * through the adapter, beside the event-store-007 statements (the xmin
 * predicate, inline here) on the same table. Three states of the cluster:
 * nothing else running; a transaction holding an xid open in another
 * database (created for the run, dropped after) with an event appended after
 * it began, so xmin holds that event back; and the same with a second
 * transaction open in this database, which holds readers back either way.
 * Rows marked 007 are event-store-007's statements.
 *
 *   npx nx run @commonplace/bench:build --outputStyle=static && \
 *     node bench/dist/event-store/read-cpu.js [reads per cell] [rounds]
 *
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), in a scratch schema.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { benchDatabaseUrl, createScratchSchema } from '../common/postgres-schema.js';
import { createSqlEventStore, PostgresDatabase } from '../common/server-modules.js';

const [readsArg = '2000', roundsArg = '3'] = process.argv.slice(2);
const reads = Number(readsArg);
const rounds = Number(roundsArg);
if (![reads, rounds].every((n) => Number.isSafeInteger(n) && n > 0))
  throw new Error('Give the reads per cell and the rounds as positive whole numbers.');
const baseUrl = benchDatabaseUrl();

/** event-store-007's reads: `SETTLED` was this predicate, in one ad hoc statement per read. */
const XMIN = 'transaction_id < pg_snapshot_xmin(pg_current_snapshot())';
const OLD_PAGE = `SELECT position, stream_name, revision, event_id::text AS event_id, type, data, metadata, recorded_at FROM events
  WHERE position > $1 AND ${XMIN}
    AND ($2::text IS NULL OR starts_with(stream_name, $2::text))
    AND ($3::jsonb IS NULL OR type IN (SELECT jsonb_array_elements_text($3::jsonb)))
  ORDER BY position ASC LIMIT $4`;
const OLD_PAGE_WITH_HEAD = `SELECT h.head, p.* FROM
  (SELECT coalesce(max(position), 0) AS head FROM events WHERE ${XMIN}) h
  LEFT JOIN LATERAL (${OLD_PAGE}) p ON true
  ORDER BY p.position ASC`;

/** CPU time a process has run, in µs. */
function cpuMicros(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1000;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function adminQuery(sql: string): Promise<void> {
  const admin = new PostgresDatabase({ connectionString: baseUrl, max: 1 });
  try {
    await admin.query(sql);
  } finally {
    await admin.close();
  }
}

/** A session of its own that begins a transaction and takes an xid, left open until `end`. */
async function openTransaction(connectionString: string): Promise<{ end(): Promise<void> }> {
  const holder = new PostgresDatabase({ connectionString, max: 1 });
  const session = await holder.openSession?.('read-cpu bench: an open transaction');
  if (!session) throw new Error('PostgresDatabase should open sessions.');
  await session.query('BEGIN');
  await session.query('SELECT pg_current_xact_id()');
  return {
    async end() {
      await session.close();
      await holder.close();
    },
  };
}

const schema = await createScratchSchema(baseUrl, 'read_cpu');
const otherDatabase = `bench_other_${randomBytes(3).toString('hex')}`;
// One connection, so one backend serves every read and its CPU is theirs.
const db = new PostgresDatabase({ connectionString: schema.connectionString, max: 1 });
const store = await createSqlEventStore(db);
const samples = new Map<string, number[]>();
try {
  await adminQuery(`CREATE DATABASE ${otherDatabase} TEMPLATE template0`);
  const otherUrl = new URL(baseUrl);
  otherUrl.pathname = `/${otherDatabase}`;
  const [{ pid } = { pid: 0 }] = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const append = async () =>
    (await store.appendToStream('s', [{ id: randomUUID(), type: 'Ticked', data: {} }])).position;
  let head = 0;
  for (let i = 0; i < 100; i++) head = await append();

  const cells: [string, () => Promise<unknown>][] = [
    ['readAllWithHead, empty tail', () => store.readAllWithHead({ after: head, maxCount: 100 })],
    [
      'readAllWithHead, empty tail, 007',
      () => db.query(OLD_PAGE_WITH_HEAD, [head, null, null, 100]),
    ],
    ['readAll, empty tail', () => store.readAll({ after: head, maxCount: 100 })],
    ['readAll, empty tail, 007', () => db.query(OLD_PAGE, [head, null, null, 100])],
    ['readAll, one event', () => store.readAll({ after: head - 1, maxCount: 100 })],
    ['readAll, one event, 007', () => db.query(OLD_PAGE, [head - 1, null, null, 100])],
  ];
  const measure = async (state: string) => {
    for (const [name, read] of cells) {
      for (let i = 0; i < 200; i++) await read();
      const before = cpuMicros(pid);
      for (let i = 0; i < reads; i++) await read();
      const key = `${state} | ${name}`;
      samples.set(key, [...(samples.get(key) ?? []), (cpuMicros(pid) - before) / reads]);
    }
  };
  for (let round = 0; round < rounds; round++) {
    await measure('nothing else running');
    const elsewhere = await openTransaction(otherUrl.toString());
    head = await append();
    await measure('xid open in another database');
    const here = await openTransaction(schema.connectionString);
    head = await append();
    await measure('and one in this database');
    await here.end();
    await elsewhere.end();
  }
} finally {
  await store.close();
  await db.close();
  await adminQuery(`DROP DATABASE IF EXISTS ${otherDatabase} WITH (FORCE)`);
  await schema.drop();
}

console.log(
  `\nPostgreSQL CPU per read, µs (median of ${rounds} rounds of ${reads} reads; all rounds)\n`,
);
console.log('| state | read | µs | rounds |\n|---|---|---:|---|');
for (const [key, values] of samples) {
  const [state, name] = key.split(' | ');
  console.log(
    `| ${state} | ${name} | ${median(values).toFixed(0)} | ${values.map((v) => v.toFixed(0)).join(', ')} |`,
  );
}
