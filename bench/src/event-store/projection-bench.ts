import type { ScratchSchema } from '../common/postgres-schema.js';
import { createScratchSchema } from '../common/postgres-schema.js';
import { Samples, nowMs, round, sleep } from '../common/stats.js';
import type { LatencySummary } from '../common/stats.js';
import type { Projection, SqlDatabase } from '../common/server-modules.js';
import {
  PostgresDatabase,
  ProjectionRunner,
  createSqlEventStore,
  rebuildProjection,
} from '../common/server-modules.js';
import { openPgliteFolder, payload } from './subjects.js';
import { randomUUID } from 'node:crypto';

export type Engine = 'postgres' | 'pglite';

interface OpenedDatabase {
  readonly db: SqlDatabase;
  close(): Promise<void>;
}

async function openDatabase(
  engine: Engine,
  baseUrl: string,
  label: string,
): Promise<OpenedDatabase> {
  if (engine === 'pglite') {
    const { db, remove } = await openPgliteFolder(label);
    return { db, close: remove };
  }
  const schema: ScratchSchema = await createScratchSchema(baseUrl, label);
  const db = new PostgresDatabase({ connectionString: schema.connectionString });
  return {
    db,
    close: async () => {
      await db.close();
      await schema.drop();
    },
  };
}

/** The least a read model can do: one row per event, keyed by position so a duplicate would fail loudly. */
function rowPerEventProjection(name: string): Projection {
  return {
    name,
    migrations: [
      {
        id: `${name}-001`,
        sql: `CREATE TABLE ${name}_rows (position bigint PRIMARY KEY, stream_name text NOT NULL)`,
      },
    ],
    async apply(event, tx) {
      await tx.query(`INSERT INTO ${name}_rows (position, stream_name) VALUES ($1, $2)`, [
        event.position,
        event.streamName,
      ]);
    },
    // The batch handler a real read model would write: one multi-row statement per batch.
    async applyBatch(events, tx) {
      await tx.query(
        `INSERT INTO ${name}_rows (position, stream_name) SELECT * FROM unnest($1::bigint[], $2::text[])`,
        [events.map((event) => event.position), events.map((event) => event.streamName)],
      );
    },
  };
}

const quietLogger = {
  log: () => undefined,
  error: (message: string, ...details: unknown[]) => console.error(message, ...details),
};

interface ReadModelCheck {
  readonly rows: number;
  readonly distinctPositions: number;
  readonly missingAcknowledged: number;
  readonly ok: boolean;
}

async function checkReadModel(
  db: SqlDatabase,
  table: string,
  acknowledgedPositions: readonly number[],
  expectedRows: number,
): Promise<ReadModelCheck> {
  const [counts] = await db.query<{ rows: number | string; distinct_positions: number | string }>(
    `SELECT count(*) AS rows, count(DISTINCT position) AS distinct_positions FROM ${table}`,
  );
  const present = new Set(
    (await db.query<{ position: number | string }>(`SELECT position FROM ${table}`)).map((row) =>
      Number(row.position),
    ),
  );
  const missingAcknowledged = acknowledgedPositions.filter(
    (position) => !present.has(position),
  ).length;
  const rows = Number(counts?.rows ?? 0);
  const distinctPositions = Number(counts?.distinct_positions ?? 0);
  return {
    rows,
    distinctPositions,
    missingAcknowledged,
    ok: rows === expectedRows && distinctPositions === rows && missingAcknowledged === 0,
  };
}

export interface LagResult {
  readonly engine: Engine;
  readonly offeredPerSecond: number;
  readonly achievedPerSecond: number;
  readonly appended: number;
  readonly failedAppends: number;
  /** Append call returned (committed) → the projection's transaction with that event committed. */
  readonly commitToReadModelMs: LatencySummary;
  /** Scheduled send time → read model: includes the append itself and any queueing. */
  readonly offeredToReadModelMs: LatencySummary;
  /** Events projected before their append call had even returned (counted as 0 ms above). */
  readonly projectedBeforeAck: number;
  readonly check: ReadModelCheck;
}

/**
 * Open loop: appends are issued on a fixed schedule whether or not earlier ones
 * have finished, so a slow store shows up as lag instead of as a politely
 * slower generator.
 */
export async function runProjectionLag(
  engine: Engine,
  baseUrl: string,
  offeredPerSecond: number,
  durationMs: number,
): Promise<LagResult> {
  const opened = await openDatabase(engine, baseUrl, 'lag');
  const store = await createSqlEventStore(opened.db);
  const projection = rowPerEventProjection('bench_lag');
  const runner = new ProjectionRunner({
    eventStore: store,
    db: opened.db,
    projections: [projection],
    logger: quietLogger,
  });
  try {
    await runner.start();
    const committedAt = new Map<number, { committed: number; offered: number }>();
    const projectedEarly = new Map<number, number>();
    const commitLag = new Samples();
    const offerLag = new Samples();
    let projectedBeforeAck = 0;
    runner.onProjected((_name, events) => {
      const at = nowMs();
      for (const event of events) {
        const times = committedAt.get(event.position);
        if (times) {
          commitLag.add(at - times.committed);
          offerLag.add(at - times.offered);
          committedAt.delete(event.position);
        } else {
          projectedEarly.set(event.position, at);
        }
      }
    });
    const acknowledged: number[] = [];
    let failedAppends = 0;
    const inFlight = new Set<Promise<void>>();
    const start = nowMs();
    let issued = 0;
    const streams = 64;
    while (nowMs() - start < durationMs) {
      const due = Math.floor(((nowMs() - start) * offeredPerSecond) / 1000);
      while (issued < due) {
        const offered = start + (issued * 1000) / offeredPerSecond;
        const stream = `lag-${issued % streams}`;
        issued += 1;
        const append = store
          .appendToStream(stream, [
            { id: randomUUID(), type: 'BenchEventRecorded', data: payload(stream, issued) },
          ])
          .then(
            ({ position }) => {
              const committed = nowMs();
              acknowledged.push(position);
              const early = projectedEarly.get(position);
              if (early !== undefined) {
                projectedBeforeAck += 1;
                commitLag.add(0);
                offerLag.add(early - offered);
                projectedEarly.delete(position);
              } else {
                committedAt.set(position, { committed, offered });
              }
            },
            () => {
              failedAppends += 1;
            },
          )
          .finally(() => inFlight.delete(append));
        inFlight.add(append);
      }
      await sleep(1);
    }
    const issuedFor = nowMs() - start;
    await Promise.all([...inFlight]);
    const head = await store.headPosition();
    await runner.waitFor(head, { timeoutMs: 120_000 });
    const check = await checkReadModel(
      opened.db,
      'bench_lag_rows',
      acknowledged,
      acknowledged.length,
    );
    return {
      engine,
      offeredPerSecond,
      achievedPerSecond: Math.round((acknowledged.length / issuedFor) * 1000),
      appended: acknowledged.length,
      failedAppends,
      commitToReadModelMs: commitLag.summary(),
      offeredToReadModelMs: offerLag.summary(),
      projectedBeforeAck,
      check,
    };
  } finally {
    await runner.stop();
    await store.close();
    await opened.close();
  }
}

export interface RebuildResult {
  readonly engine: Engine;
  readonly events: number;
  readonly fillSeconds: number;
  /** The rebuild command's path: rebuildProjection (blue/green, 2,000-event batches, then the swap). */
  readonly rebuildSeconds: number;
  readonly eventsPerSecond: number;
  /** A fresh ProjectionRunner catching up from position 0 (100-event batches, as it runs live). */
  readonly catchUpSeconds: number;
  readonly catchUpEventsPerSecond: number;
  readonly check: ReadModelCheck;
}

/**
 * Fills the log, then times the rebuild command's path into a read model and,
 * separately, a brand-new projection runner catching up from position 0.
 */
export async function runRebuild(
  engine: Engine,
  baseUrl: string,
  events: number,
): Promise<RebuildResult> {
  const opened = await openDatabase(engine, baseUrl, 'rebuild');
  const store = await createSqlEventStore(opened.db);
  let runner: ProjectionRunner | undefined;
  try {
    const fillStarted = nowMs();
    const perAppend = 500;
    for (let written = 0; written < events; written += perAppend) {
      const count = Math.min(perAppend, events - written);
      const stream = `rebuild-${(written / perAppend) % 100}`;
      await store.appendToStream(
        stream,
        Array.from({ length: count }, (_, index) => ({
          id: randomUUID(),
          type: 'BenchEventRecorded',
          data: payload(stream, written + index),
        })),
      );
    }
    const fillSeconds = (nowMs() - fillStarted) / 1000;
    const head = await store.headPosition();

    const started = nowMs();
    await rebuildProjection({
      eventStore: store,
      db: opened.db,
      projection: rowPerEventProjection('bench_rebuild'),
    });
    const rebuildSeconds = (nowMs() - started) / 1000;
    const check = await checkReadModel(opened.db, 'bench_rebuild_rows', [], events);

    runner = new ProjectionRunner({
      eventStore: store,
      db: opened.db,
      projections: [rowPerEventProjection('bench_catchup')],
      logger: quietLogger,
    });
    const catchUpStarted = nowMs();
    await runner.start();
    await runner.waitFor(head, { timeoutMs: 600_000 });
    const catchUpSeconds = (nowMs() - catchUpStarted) / 1000;
    const caughtUp = await checkReadModel(opened.db, 'bench_catchup_rows', [], events);
    return {
      engine,
      events,
      fillSeconds: round(fillSeconds),
      rebuildSeconds: round(rebuildSeconds, 3),
      eventsPerSecond: Math.round(events / rebuildSeconds),
      catchUpSeconds: round(catchUpSeconds, 3),
      catchUpEventsPerSecond: Math.round(events / catchUpSeconds),
      check: caughtUp.ok ? check : caughtUp,
    };
  } finally {
    await runner?.stop();
    await store.close();
    await opened.close();
  }
}
