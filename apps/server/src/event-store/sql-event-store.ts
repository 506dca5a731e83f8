import type { Migration } from '../database/migrations.js';
import type { SqlDatabase, SqlExecutor } from '../database/sql-database.js';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoreKind,
} from './event-store.port.js';
import { EventIdConflictError, WrongExpectedRevisionError } from './event-store.port.js';

/** The log's tables; the same SQL on PGlite and PostgreSQL. */
export const EVENT_STORE_MIGRATIONS: readonly Migration[] = [
  {
    id: 'event-store-001-events',
    sql: `
      CREATE TABLE events (
        position bigint PRIMARY KEY,
        stream_name text NOT NULL,
        revision integer NOT NULL,
        event_id uuid NOT NULL UNIQUE,
        type text NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_stream_revision_key UNIQUE (stream_name, revision)
      );
      CREATE INDEX events_type_position ON events (type, position);
      CREATE TABLE streams (
        stream_name text PRIMARY KEY,
        revision integer NOT NULL
      );
    `,
  },
];

/**
 * Every append takes this transaction-scoped advisory lock before it picks its
 * positions, so appends commit one at a time, in position order. A reader can
 * then never see position n+1 before n is committed, and a rolled-back append
 * leaves no gap (the next one takes max(position) + 1 again). The cost is one
 * writer at a time across the whole log, which a classroom workload stays far
 * below; transaction-id snapshot filtering is the way out if it ever does not.
 */
const APPEND_LOCK_SQL = 'SELECT pg_advisory_xact_lock(7310002212)';

/** Keeps each INSERT well under PostgreSQL's 65,535 bind parameters. */
const INSERT_CHUNK = 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const SELECT_EVENT = `SELECT position, stream_name, revision, event_id::text AS event_id, type, data, metadata, recorded_at FROM events`;

interface EventRow {
  readonly position: number | string | bigint;
  readonly stream_name: string;
  readonly revision: number | string;
  readonly event_id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Record<string, unknown> | null;
  readonly recorded_at: Date | string;
}

interface SerializedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

export interface SqlEventStoreOptions {
  /** close() also closes the database. Off by default: read models usually share it. */
  readonly ownsDatabase?: boolean;
  /** Where listener failures are reported; defaults to console. */
  readonly logger?: { error(message: string, ...details: unknown[]): void };
}

/**
 * The event log in SQL, for PGlite and PostgreSQL alike. Expects the tables of
 * EVENT_STORE_MIGRATIONS (createSqlEventStore applies them).
 */
export class SqlEventStore implements EventStore {
  readonly kind: StoreKind;
  private readonly listeners = new Set<(position: number) => void>();
  private closed = false;

  constructor(
    private readonly db: SqlDatabase,
    private readonly options: SqlEventStoreOptions = {},
  ) {
    this.kind = db.kind;
  }

  async appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult> {
    this.assertOpen();
    assertStreamName(streamName);
    const expected = options?.expectedRevision ?? 'any';
    assertExpectedRevision(expected);
    // Validated and serialized before the transaction, so the lock is held only for SQL.
    const serialized = events.map((event, index) => serialize(streamName, event, index));
    assertDistinctIds(streamName, serialized);

    const outcome = await this.db.transaction(async (tx) => {
      // Serialized appends need each statement to see the previous append's commit.
      await tx.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
      await tx.query(APPEND_LOCK_SQL);
      const retried = await findRetriedAppend(tx, streamName, serialized);
      if (retried) return { result: retried, appended: false };

      const current = await currentRevision(tx, streamName);
      if (!matches(expected, current))
        throw new WrongExpectedRevisionError(streamName, expected, current);
      if (serialized.length === 0)
        return { result: await emptyAppendResult(tx, streamName, current), appended: false };

      const [head] = await tx.query<{ head: number | string | bigint }>(
        'SELECT coalesce(max(position), 0) AS head FROM events',
      );
      const firstPosition = toSafeInteger(head?.head ?? 0, 'head position') + 1;
      const firstRevision = current === 'no_stream' ? 0 : current + 1;
      try {
        await insertEvents(tx, streamName, serialized, firstPosition, firstRevision);
      } catch (error) {
        // Only reachable if something appends without the lock; still a conflict, not a crash.
        if (isUniqueViolation(error, 'events_stream_revision_key')) {
          throw new WrongExpectedRevisionError(streamName, expected, current);
        }
        throw error;
      }
      const lastRevision = firstRevision + serialized.length - 1;
      await tx.query(
        `INSERT INTO streams (stream_name, revision) VALUES ($1, $2)
         ON CONFLICT (stream_name) DO UPDATE SET revision = EXCLUDED.revision`,
        [streamName, lastRevision],
      );
      return {
        result: {
          nextExpectedRevision: lastRevision,
          position: firstPosition + serialized.length - 1,
        },
        appended: true,
      };
    });

    if (outcome.appended) this.notify(outcome.result.position);
    return outcome.result;
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const maxCount = optionalCount(options.maxCount, 'maxCount');
    if (maxCount === 0) return [];
    const from = options.fromRevision ?? null;
    if (from !== null && (!Number.isSafeInteger(from) || from < 0)) {
      throw new Error(`fromRevision must be a revision (0 or more), got ${String(from)}.`);
    }
    const rows =
      options.direction === 'backwards'
        ? await this.db.query<EventRow>(
            `${SELECT_EVENT} WHERE stream_name = $1 AND ($2::integer IS NULL OR revision <= $2::integer)
             ORDER BY revision DESC LIMIT $3`,
            [streamName, from, maxCount],
          )
        : await this.db.query<EventRow>(
            `${SELECT_EVENT} WHERE stream_name = $1 AND revision >= coalesce($2::integer, 0)
             ORDER BY revision ASC LIMIT $3`,
            [streamName, from, maxCount],
          );
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const maxCount = optionalCount(options.maxCount, 'maxCount');
    if (maxCount === 0) return [];
    const after = options.after ?? 0;
    if (!Number.isSafeInteger(after) || after < 0)
      throw new Error(`after must be a position (0 or more), got ${String(after)}.`);
    const types = options.eventTypes ? JSON.stringify(options.eventTypes) : null;
    const rows = await this.db.query<EventRow>(
      `${SELECT_EVENT}
       WHERE position > $1
         AND ($2::text IS NULL OR starts_with(stream_name, $2::text))
         AND ($3::jsonb IS NULL OR type IN (SELECT jsonb_array_elements_text($3::jsonb)))
       ORDER BY position ASC LIMIT $4`,
      [after, options.streamPrefix ?? null, types, maxCount],
    );
    return rows.map(toRecordedEvent);
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    const [row] = await this.db.query<{ head: number | string | bigint }>(
      'SELECT coalesce(max(position), 0) AS head FROM events',
    );
    return toSafeInteger(row?.head ?? 0, 'head position');
  }

  onAppended(listener: (position: number) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  async ping(): Promise<boolean> {
    if (this.closed) return false;
    try {
      await this.db.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    if (this.options.ownsDatabase) await this.db.close();
  }

  private notify(position: number): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(position);
      } catch (error) {
        (this.options.logger ?? console).error(
          'An onAppended listener failed; the append itself is committed.',
          error,
        );
      }
    }
  }

  private assertOpen(): void {
    if (this.closed)
      throw new Error('The event store is closed; open a new one to read or append.');
  }
}

/**
 * If every id of this append is already stored, in this stream, at contiguous
 * revisions in the same order, it is a retry of an append that committed: the
 * original result. If only some are, the caller reused ids: refuse.
 */
async function findRetriedAppend(
  tx: SqlExecutor,
  streamName: string,
  events: readonly SerializedEvent[],
): Promise<AppendResult | undefined> {
  if (events.length === 0) return undefined;
  const rows = await tx.query<{
    event_id: string;
    stream_name: string;
    revision: number | string;
    position: number | string | bigint;
  }>(
    `SELECT event_id::text AS event_id, stream_name, revision, position FROM events
     WHERE event_id IN (SELECT jsonb_array_elements_text($1::jsonb)::uuid)`,
    [JSON.stringify(events.map((event) => event.id))],
  );
  if (rows.length === 0) return undefined;
  const byId = new Map(rows.map((row) => [row.event_id, row]));
  const stored = events.map((event) => byId.get(event.id));
  const first = stored[0];
  const isSameAppend =
    first !== undefined &&
    stored.every(
      (row, index) =>
        row !== undefined &&
        row.stream_name === streamName &&
        toSafeInteger(row.revision, 'revision') ===
          toSafeInteger(first.revision, 'revision') + index,
    );
  if (!isSameAppend)
    throw new EventIdConflictError(
      streamName,
      rows.map((row) => row.event_id),
    );
  const last = stored.at(-1) ?? first;
  return {
    nextExpectedRevision: toSafeInteger(last.revision, 'revision'),
    position: toSafeInteger(last.position, 'position'),
  };
}

async function currentRevision(tx: SqlExecutor, streamName: string): Promise<number | 'no_stream'> {
  const [row] = await tx.query<{ revision: number | string }>(
    'SELECT revision FROM streams WHERE stream_name = $1',
    [streamName],
  );
  return row ? toSafeInteger(row.revision, 'revision') : 'no_stream';
}

/** Appending nothing only checks the expectation; -1 stands for a stream with no events. */
async function emptyAppendResult(
  tx: SqlExecutor,
  streamName: string,
  current: number | 'no_stream',
): Promise<AppendResult> {
  if (current === 'no_stream') return { nextExpectedRevision: -1, position: 0 };
  const [row] = await tx.query<{ position: number | string | bigint }>(
    'SELECT position FROM events WHERE stream_name = $1 AND revision = $2',
    [streamName, current],
  );
  return { nextExpectedRevision: current, position: toSafeInteger(row?.position ?? 0, 'position') };
}

async function insertEvents(
  tx: SqlExecutor,
  streamName: string,
  events: readonly SerializedEvent[],
  firstPosition: number,
  firstRevision: number,
): Promise<void> {
  for (let start = 0; start < events.length; start += INSERT_CHUNK) {
    const chunk = events.slice(start, start + INSERT_CHUNK);
    const params: unknown[] = [streamName];
    const rows = chunk.map((event, index) => {
      const offset = start + index;
      params.push(
        firstPosition + offset,
        firstRevision + offset,
        event.id,
        event.type,
        event.data,
        event.metadata,
      );
      const p = params.length - 6;
      return `($${p + 1}::bigint, $1, $${p + 2}::integer, $${p + 3}::uuid, $${p + 4}, $${p + 5}::jsonb, $${p + 6}::jsonb)`;
    });
    await tx.query(
      `INSERT INTO events (position, stream_name, revision, event_id, type, data, metadata) VALUES ${rows.join(', ')}`,
      params,
    );
  }
}

function matches(expected: ExpectedRevision, current: number | 'no_stream'): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === 'no_stream';
    case 'stream_exists':
      return current !== 'no_stream';
    default:
      return current === expected;
  }
}

function serialize(streamName: string, event: NewEvent, index: number): SerializedEvent {
  if (typeof event.id !== 'string' || !UUID.test(event.id)) {
    throw new Error(
      `Event ${index} for stream "${streamName}" has id ${JSON.stringify(event.id)}, which is not a UUID. Give every event a UUID (crypto.randomUUID()).`,
    );
  }
  if (typeof event.type !== 'string' || event.type.length === 0) {
    throw new Error(`Event ${index} for stream "${streamName}" has no type.`);
  }
  // JSON has no undefined: it is stored as null.
  const data = JSON.stringify(event.data) ?? 'null';
  return {
    id: event.id.toLowerCase(),
    type: event.type,
    data,
    metadata: JSON.stringify(event.metadata ?? {}),
  };
}

function assertDistinctIds(streamName: string, events: readonly SerializedEvent[]): void {
  const seen = new Set<string>();
  for (const { id } of events) {
    if (seen.has(id))
      throw new Error(
        `Append to stream "${streamName}" holds event id ${id} twice; each event needs its own id.`,
      );
    seen.add(id);
  }
}

function assertStreamName(streamName: string): void {
  if (typeof streamName !== 'string' || streamName.length === 0)
    throw new Error('A stream name must be a non-empty string.');
}

function assertExpectedRevision(expected: ExpectedRevision): void {
  if (typeof expected === 'number' && (!Number.isSafeInteger(expected) || expected < 0)) {
    throw new Error(
      `Expected revision ${expected} is not a revision: use 0 or more, 'no_stream', 'stream_exists' or 'any'.`,
    );
  }
}

function optionalCount(value: number | undefined, name: string): number | null {
  if (value === undefined) return null;
  if (!Number.isSafeInteger(value) || value < 0)
    throw new Error(`${name} must be a whole number (0 or more), got ${value}.`);
  return value;
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    streamName: row.stream_name,
    type: row.type,
    data: row.data,
    metadata: row.metadata ?? {},
    revision: toSafeInteger(row.revision, 'revision'),
    position: toSafeInteger(row.position, 'position'),
    recordedAt: row.recorded_at instanceof Date ? row.recorded_at : new Date(row.recorded_at),
  };
}

/** pg returns BIGINT as text unless told otherwise, PGlite as number or BigInt. */
function toSafeInteger(value: unknown, what: string): number {
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' || typeof value === 'bigint'
        ? Number(value)
        : NaN;
  if (!Number.isSafeInteger(number))
    throw new Error(`The store returned ${String(value)} as ${what}, which is not a safe integer.`);
  return number;
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const details = error as { code?: unknown; constraint?: unknown };
  return details.code === '23505' && details.constraint === constraint;
}
