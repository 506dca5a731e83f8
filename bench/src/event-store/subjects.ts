import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import type { ScratchSchema } from '../common/postgres-schema.js';
import { createScratchSchema } from '../common/postgres-schema.js';
import type {
  NewEvent,
  SqlDatabase,
  SqlEventStore,
  SqlExecutor,
} from '../common/server-modules.js';
import { PgliteDatabase, PostgresDatabase, createSqlEventStore } from '../common/server-modules.js';

/** What a reader saw after a run, checked against what the writers were told was committed. */
export interface Verification {
  readonly eventsSeen: number;
  readonly eventsAcknowledged: number;
  /** Acknowledged events a reader does not see. */
  readonly missing: number;
  /** Events seen twice, or beyond what was acknowledged. */
  readonly duplicates: number;
  /** Streams whose revisions are not 0..n-1 in order. */
  readonly brokenStreams: number;
  /** Global positions out of order (where the subject exposes a global read). */
  readonly outOfOrder: number;
  readonly ok: boolean;
}

export interface AppendSubject {
  readonly name: string;
  readonly engine: 'postgres' | 'pglite';
  /** Appends `count` events; `lastRevision` is the stream's last 0-based revision, -1 for a new stream. */
  append(stream: string, lastRevision: number, count: number): Promise<void>;
  /** `acknowledged`: events per stream that append() resolved for. */
  verify(acknowledged: ReadonlyMap<string, number>): Promise<Verification>;
  close(): Promise<void>;
}

export type SubjectFactory = () => Promise<AppendSubject>;

/** A learning event of realistic size (~150 bytes of JSON). */
export function payload(stream: string, revision: number): Record<string, unknown> {
  return {
    stream,
    revision,
    studentId: '6f1c7d2e-8a3b-4c5d-9e0f-1a2b3c4d5e6f',
    kind: 'contribution',
    inserted: 12,
    deleted: 3,
  };
}

function newEvents(stream: string, lastRevision: number, count: number): NewEvent[] {
  return Array.from({ length: count }, (_, index) => ({
    id: randomUUID(),
    type: 'BenchEventRecorded',
    data: payload(stream, lastRevision + 1 + index),
    metadata: { at: new Date().toISOString() },
  }));
}

function expectedRevisionOf(lastRevision: number): 'no_stream' | number {
  return lastRevision < 0 ? 'no_stream' : lastRevision;
}

function verdict(
  acknowledged: ReadonlyMap<string, number>,
  seenPerStream: ReadonlyMap<string, number>,
  eventsSeen: number,
  brokenStreams: number,
  outOfOrder: number,
  duplicateIds: number,
): Verification {
  let eventsAcknowledged = 0;
  let missing = 0;
  let duplicates = duplicateIds;
  for (const [stream, count] of acknowledged) {
    eventsAcknowledged += count;
    const seen = seenPerStream.get(stream) ?? 0;
    if (seen < count) missing += count - seen;
    // An append that timed out client-side may still commit: more seen than acknowledged is not a loss, but is reported.
    if (seen > count) duplicates += seen - count;
  }
  return {
    eventsSeen,
    eventsAcknowledged,
    missing,
    duplicates,
    brokenStreams,
    outOfOrder,
    ok: missing === 0 && duplicates === 0 && brokenStreams === 0 && outOfOrder === 0,
  };
}

/** Commonplace's SqlEventStore over either SQL adapter; verified through its own readAll, as a projection would read. */
class CommonplaceSubject implements AppendSubject {
  private lastPosition = 0;

  constructor(
    readonly name: string,
    readonly engine: 'postgres' | 'pglite',
    readonly store: SqlEventStore,
    private readonly cleanup: () => Promise<void>,
  ) {}

  async append(stream: string, lastRevision: number, count: number): Promise<void> {
    const { position } = await this.store.appendToStream(
      stream,
      newEvents(stream, lastRevision, count),
      { expectedRevision: expectedRevisionOf(lastRevision) },
    );
    this.lastPosition = Math.max(this.lastPosition, position);
  }

  async verify(acknowledged: ReadonlyMap<string, number>): Promise<Verification> {
    // On a PostgreSQL database shared with other work, readers rightly stop below the oldest
    // transaction still open in it (see LOCAL_HORIZON): wait for that to pass, not for a guess.
    const deadline = Date.now() + 30_000;
    while ((await this.store.headPosition()) < this.lastPosition && Date.now() < deadline)
      await new Promise<void>((resolve) => setTimeout(resolve, 10));
    const seenPerStream = new Map<string, number>();
    const ids = new Set<string>();
    let duplicateIds = 0;
    let brokenStreams = 0;
    const broken = new Set<string>();
    let outOfOrder = 0;
    let after = 0;
    let eventsSeen = 0;
    for (;;) {
      const page = await this.store.readAll({ after, maxCount: 5000 });
      if (page.length === 0) break;
      for (const event of page) {
        if (event.position <= after) outOfOrder += 1;
        after = Math.max(after, event.position);
        eventsSeen += 1;
        if (ids.has(event.id)) duplicateIds += 1;
        ids.add(event.id);
        const seen = seenPerStream.get(event.streamName) ?? 0;
        if (event.revision !== seen && !broken.has(event.streamName)) {
          broken.add(event.streamName);
          brokenStreams += 1;
        }
        seenPerStream.set(event.streamName, seen + 1);
      }
    }
    return verdict(
      acknowledged,
      seenPerStream,
      eventsSeen,
      brokenStreams,
      outOfOrder,
      duplicateIds,
    );
  }

  async close(): Promise<void> {
    await this.store.close();
    await this.cleanup();
  }
}

export async function commonplacePostgres(baseUrl: string): Promise<AppendSubject> {
  const schema = await createScratchSchema(baseUrl, 'commonplace');
  const db = new PostgresDatabase({ connectionString: schema.connectionString });
  const store = await createSqlEventStore(db);
  return new CommonplaceSubject('Commonplace (PostgreSQL adapter)', 'postgres', store, async () => {
    await db.close();
    await schema.drop();
  });
}

/** PGlite in a temporary folder, as the embedded default runs (not in memory). */
export async function openPgliteFolder(
  label: string,
): Promise<{ db: PgliteDatabase; remove: () => Promise<void> }> {
  const folder = mkdtempSync(join(tmpdir(), `commonplace-bench-${label}-`));
  const db = await PgliteDatabase.open(folder);
  return {
    db,
    remove: async () => {
      await db.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/**
 * V8 compiles PGlite's WebAssembly in tiers while it runs: in a fresh process
 * the same append rate climbs 3-4× over its first seconds (measured: 414 → 1,707
 * events/s per second across three instances). Without this, whichever PGlite
 * cell ran first would be measured on cold code. Runs appends and raw inserts on
 * a throwaway folder until `durationMs` has passed; the compiled code is shared
 * by every later PGlite instance in the process.
 */
export async function warmUpPglite(durationMs: number): Promise<void> {
  const { db, remove } = await openPgliteFolder('warm-up');
  try {
    const store = await createSqlEventStore(db);
    await db.query(RAW_TABLE_SQL);
    const end = Date.now() + durationMs;
    await Promise.all(
      Array.from({ length: 8 }, async (_, writer) => {
        for (let revision = -1; Date.now() < end; revision += 1) {
          const stream = `warm-${writer}`;
          await store.appendToStream(stream, newEvents(stream, revision, 1), {
            expectedRevision: expectedRevisionOf(revision),
          });
          await db.query(
            'INSERT INTO raw_events (stream_name, revision, event_id, type, data) VALUES ($1, $2, $3, $4, $5)',
            [
              stream,
              revision + 1,
              randomUUID(),
              'BenchEventRecorded',
              JSON.stringify(payload(stream, revision + 1)),
            ],
          );
        }
      }),
    );
    await store.close();
  } finally {
    await remove();
  }
}

export async function commonplacePglite(): Promise<AppendSubject> {
  const { db, remove } = await openPgliteFolder('commonplace');
  const store = await createSqlEventStore(db);
  return new CommonplaceSubject('Commonplace (PGlite adapter)', 'pglite', store, remove);
}

/** The same columns and keys as an event log needs (position, stream + revision unique, event id unique). */
export const RAW_TABLE_SQL = `
  CREATE TABLE raw_events (
    position bigserial PRIMARY KEY,
    stream_name text NOT NULL,
    revision integer NOT NULL,
    event_id uuid NOT NULL UNIQUE,
    type text NOT NULL,
    data jsonb NOT NULL,
    metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (stream_name, revision)
  )`;

function rawInsert(
  stream: string,
  lastRevision: number,
  count: number,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const values: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const revision = lastRevision + 1 + index;
    const base = params.length;
    params.push(
      stream,
      revision,
      randomUUID(),
      'BenchEventRecorded',
      JSON.stringify(payload(stream, revision)),
      JSON.stringify({ at: new Date().toISOString() }),
    );
    values.push(
      `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6})`,
    );
  }
  return {
    sql: `INSERT INTO raw_events (stream_name, revision, event_id, type, data, metadata) VALUES ${values.join(', ')}`,
    params,
  };
}

async function verifyRawTable(
  query: (sql: string) => Promise<StreamCountRow[]>,
  acknowledged: ReadonlyMap<string, number>,
): Promise<Verification> {
  return verifyStreamCounts(
    await query(
      `SELECT stream_name, count(*) AS n, min(revision) AS lo, max(revision) AS hi, count(DISTINCT event_id) AS ids FROM raw_events GROUP BY stream_name`,
    ),
    acknowledged,
  );
}

/** Per stream: every acknowledged event there, revisions 0…n−1, no id twice. */
function verifyStreamCounts(
  rows: readonly StreamCountRow[],
  acknowledged: ReadonlyMap<string, number>,
): Verification {
  const seenPerStream = new Map<string, number>();
  let eventsSeen = 0;
  let brokenStreams = 0;
  let duplicateIds = 0;
  for (const row of rows) {
    const n = Number(row.n);
    eventsSeen += n;
    seenPerStream.set(row.stream_name, n);
    if (Number(row.lo) !== 0 || Number(row.hi) !== n - 1) brokenStreams += 1;
    duplicateIds += n - Number(row.ids);
  }
  return verdict(acknowledged, seenPerStream, eventsSeen, brokenStreams, 0, duplicateIds);
}

interface StreamCountRow {
  stream_name: string;
  n: number | string;
  lo: number;
  hi: number;
  ids: number | string;
}

/**
 * The physical ceiling: BEGIN / one INSERT / COMMIT per append on a pg pool with
 * one connection per writer. It goes through PostgresDatabase.transaction, which
 * is exactly that (connect, BEGIN, work, COMMIT, release) and nothing more.
 */
class RawPostgresSubject implements AppendSubject {
  readonly name: string;
  readonly engine = 'postgres' as const;
  constructor(
    private readonly db: PostgresDatabase,
    private readonly schema: ScratchSchema,
    private readonly autocommit: boolean,
  ) {
    this.name = autocommit ? RAW_PG_AUTOCOMMIT : RAW_PG_TRANSACTION;
  }

  async append(stream: string, lastRevision: number, count: number): Promise<void> {
    const { sql, params } = rawInsert(stream, lastRevision, count);
    if (this.autocommit) {
      await this.db.query(sql, params);
      return;
    }
    await this.db.transaction(async (tx: SqlExecutor) => {
      await tx.query(sql, params);
    });
  }

  verify(acknowledged: ReadonlyMap<string, number>): Promise<Verification> {
    return verifyRawTable((sql) => this.db.query(sql), acknowledged);
  }

  async close(): Promise<void> {
    await this.db.close();
    await this.schema.drop();
  }
}

export const RAW_PG_TRANSACTION = 'raw INSERT … COMMIT (pg)';
/** One statement, one implicit commit, one round trip: below this no adapter with a transaction can go. */
export const RAW_PG_AUTOCOMMIT = 'raw autocommit INSERT (pg, 1 round trip)';

export async function rawPostgres(
  baseUrl: string,
  poolSize: number,
  autocommit = false,
): Promise<AppendSubject> {
  const schema = await createScratchSchema(baseUrl, 'raw');
  const db = new PostgresDatabase({ connectionString: schema.connectionString, max: poolSize });
  await db.query(RAW_TABLE_SQL);
  return new RawPostgresSubject(db, schema, autocommit);
}

/**
 * The minimal ceiling: one table with a bigserial id and a jsonb payload, no
 * other index or constraint, one autocommit INSERT per append (one row, or one
 * multi-row INSERT for a batch): one round trip and one commit, nothing an
 * event log needs checked. Stream and revision ride in the payload, so the
 * events can still be counted afterwards.
 */
class MinimalPostgresSubject implements AppendSubject {
  readonly name = RAW_PG_MINIMAL;
  readonly engine = 'postgres' as const;
  constructor(
    private readonly db: PostgresDatabase,
    private readonly schema: ScratchSchema,
  ) {}

  async append(stream: string, lastRevision: number, count: number): Promise<void> {
    const params: string[] = [];
    for (let index = 0; index < count; index += 1) {
      const revision = lastRevision + 1 + index;
      params.push(
        JSON.stringify({
          id: randomUUID(),
          type: 'BenchEventRecorded',
          data: payload(stream, revision),
          metadata: { at: new Date().toISOString() },
        }),
      );
    }
    await this.db.query(
      `INSERT INTO minimal_events (payload) VALUES ${params.map((_, index) => `($${index + 1})`).join(', ')}`,
      params,
    );
  }

  async verify(acknowledged: ReadonlyMap<string, number>): Promise<Verification> {
    return verifyStreamCounts(
      await this.db.query<StreamCountRow>(
        `SELECT payload->'data'->>'stream' AS stream_name, count(*) AS n,
                min((payload->'data'->>'revision')::int) AS lo, max((payload->'data'->>'revision')::int) AS hi,
                count(DISTINCT payload->>'id') AS ids
           FROM minimal_events GROUP BY 1`,
      ),
      acknowledged,
    );
  }

  async close(): Promise<void> {
    await this.db.close();
    await this.schema.drop();
  }
}

export const RAW_PG_MINIMAL = 'raw INSERT, minimal table (pg, 1 round trip)';

export async function minimalPostgres(baseUrl: string, poolSize: number): Promise<AppendSubject> {
  const schema = await createScratchSchema(baseUrl, 'minimal');
  const db = new PostgresDatabase({ connectionString: schema.connectionString, max: poolSize });
  await db.query('CREATE TABLE minimal_events (id bigserial PRIMARY KEY, payload jsonb NOT NULL)');
  return new MinimalPostgresSubject(db, schema);
}

/** PGlite's ceiling: one transaction with one INSERT per append, through the same thin wrapper the adapter uses. */
class RawPgliteSubject implements AppendSubject {
  readonly name = 'raw INSERT transaction (PGlite)';
  readonly engine = 'pglite' as const;
  constructor(
    private readonly db: SqlDatabase,
    private readonly remove: () => Promise<void>,
  ) {}

  async append(stream: string, lastRevision: number, count: number): Promise<void> {
    const { sql, params } = rawInsert(stream, lastRevision, count);
    await this.db.transaction(async (tx: SqlExecutor) => {
      await tx.query(sql, params);
    });
  }

  verify(acknowledged: ReadonlyMap<string, number>): Promise<Verification> {
    return verifyRawTable((sql) => this.db.query(sql), acknowledged);
  }

  close(): Promise<void> {
    return this.remove();
  }
}

export async function rawPglite(): Promise<AppendSubject> {
  const { db, remove } = await openPgliteFolder('raw');
  await db.query(RAW_TABLE_SQL);
  return new RawPgliteSubject(db, remove);
}

/** Emmett's PostgreSQL event store, as its docs set it up: one call with a connection string. */
class EmmettSubject implements AppendSubject {
  readonly name = 'Emmett 0.42 (emmett-postgresql)';
  readonly engine = 'postgres' as const;
  constructor(
    private readonly store: ReturnType<typeof getPostgreSQLEventStore>,
    private readonly schema: ScratchSchema,
  ) {}

  async append(stream: string, lastRevision: number, count: number): Promise<void> {
    const events = Array.from({ length: count }, (_, index) => ({
      type: 'BenchEventRecorded',
      data: payload(stream, lastRevision + 1 + index),
    }));
    // Emmett's stream version counts events (1-based): a stream whose last revision is r is at version r + 1.
    await this.store.appendToStream(stream, events, {
      expectedStreamVersion: lastRevision < 0 ? STREAM_DOES_NOT_EXIST : BigInt(lastRevision + 1),
    });
  }

  async verify(acknowledged: ReadonlyMap<string, number>): Promise<Verification> {
    const seenPerStream = new Map<string, number>();
    let eventsSeen = 0;
    let brokenStreams = 0;
    let outOfOrder = 0;
    for (const stream of acknowledged.keys()) {
      const { events } = await this.store.readStream(stream);
      let previousGlobal = -1n;
      let broken = false;
      events.forEach((event, index) => {
        if (event.metadata.streamPosition !== BigInt(index + 1)) broken = true;
        if (event.metadata.globalPosition <= previousGlobal) outOfOrder += 1;
        previousGlobal = event.metadata.globalPosition;
      });
      if (broken) brokenStreams += 1;
      seenPerStream.set(stream, events.length);
      eventsSeen += events.length;
    }
    return verdict(acknowledged, seenPerStream, eventsSeen, brokenStreams, outOfOrder, 0);
  }

  async close(): Promise<void> {
    await this.store.close();
    await this.schema.drop();
  }
}

export async function emmettPostgres(baseUrl: string): Promise<AppendSubject> {
  const schema = await createScratchSchema(baseUrl, 'emmett');
  const store = getPostgreSQLEventStore(schema.connectionString, {
    schema: { autoMigration: 'CreateOrUpdate' },
  });
  await store.schema.migrate();
  return new EmmettSubject(store, schema);
}
