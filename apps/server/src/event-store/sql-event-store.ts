import { randomUUID } from 'node:crypto';
import type { SqlDatabase } from '../database/sql-database.js';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoredStreamMetadata,
  StoreKind,
  StreamAdministration,
  StreamAppend,
  StreamMetadata,
} from './event-store.port.js';
import {
  EventIdConflictError,
  StreamDeletedError,
  WrongExpectedRevisionError,
} from './event-store.port.js';
import { APPEND_ERROR } from './sql-event-store.migrations.js';

export { EVENT_STORE_MIGRATIONS } from './sql-event-store.migrations.js';

/** The statement every append runs: one round trip, committed on its own. */
export const APPEND_SQL =
  'SELECT next_revision, last_position, appended FROM commonplace_append($1, $2, $3::jsonb)';

/** Several streams' appends in one statement (see commonplace_append_many). */
const APPEND_MANY_SQL =
  'SELECT next_revision, last_position FROM commonplace_append_many($1::jsonb)';

/** The same append, looking its event ids up first: the answer to a retry. */
const RETRIED_APPEND_SQL =
  'SELECT next_revision, last_position, appended FROM commonplace_append($1, $2, $3::jsonb, true)';

interface AppendRow {
  readonly next_revision: number | string;
  readonly last_position: number | string | bigint;
  readonly appended: boolean;
}

type AppendManyRow = Omit<AppendRow, 'appended'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A stream's events that its metadata and deletion leave readable; $1 is the stream. */
const SELECT_STREAM_EVENT = `
  SELECT e.position, e.stream_name, e.revision, e.event_id::text AS event_id, e.type, e.data, e.metadata, e.recorded_at
    FROM events e LEFT JOIN streams s ON s.stream_name = e.stream_name
   WHERE e.stream_name = $1
     AND coalesce(s.state, 'live') = 'live'
     AND e.revision >= coalesce(s.truncate_before, 0)
     AND (s.max_count IS NULL OR e.revision > (SELECT max(m.revision) FROM events m WHERE m.stream_name = $1) - s.max_count)
     AND (s.max_age_seconds IS NULL OR e.recorded_at > now() - make_interval(secs => s.max_age_seconds))`;

/** A page of the log and (asked for) the head, both settled, from one snapshot; see commonplace_read_all. */
const READ_ALL_SQL = `SELECT head, position, stream_name, revision, event_id, type, data, metadata, recorded_at
  FROM commonplace_read_all($1, $2, $3::jsonb, $4, $5)`;

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

/** A row of commonplace_read_all: an event, or only the head when the page is empty. */
type ReadAllRow = { readonly [Column in keyof EventRow]: EventRow[Column] | null } & {
  readonly head: number | string | bigint | null;
};

function isEventRow(row: ReadAllRow): row is EventRow & ReadAllRow {
  return row.position !== null;
}

export interface SerializedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

export interface SqlEventStoreOptions {
  /** close() also closes the database. Off by default: read models usually share it. */
  readonly ownsDatabase?: boolean;
  /** Where listener failures are reported; defaults to console. */
  readonly logger?: {
    error(message: string, ...details: unknown[]): void;
    warn?(message: string, ...details: unknown[]): void;
  };
}

/** At most one NOTIFY per this many ms per instance: other instances wake within about this. */
const ANNOUNCE_SPACING_MS = 2;

/** NOTIFY channel for appends; the payload says which schema, which instance and up to where. */
export const APPENDED_CHANNEL = 'commonplace_appended';

/**
 * The event log in SQL, for PGlite and PostgreSQL alike. Expects the tables of
 * EVENT_STORE_MIGRATIONS (createSqlEventStore applies them).
 */
export class SqlEventStore implements EventStore, StreamAdministration {
  readonly kind: StoreKind;
  private readonly listeners = new Set<(position: number) => void>();
  private closed = false;
  private inFlight = 0;
  private readonly instanceId = randomUUID();
  /** Set while hearing other instances (PostgreSQL): appends are then announced too. */
  private schema: string | undefined;
  private stopListening: (() => Promise<void>) | undefined;
  private announcePosition = 0;
  private lastAnnouncedAt = -Infinity;
  private announcing: Promise<void> | undefined;

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
    const { expected, events: eventsJson } = checkedAppend(
      streamName,
      events,
      options?.expectedRevision,
    );
    const params = [streamName, String(expected), eventsJson];
    let row: AppendRow | undefined;
    this.inFlight += 1;
    try {
      // Most appends are new, so their ids are not looked up first: an id that
      // is stored already (a retry) fails the insert, and the append asks again,
      // answering a retry with what was stored the first time.
      [row] = await this.db.query<AppendRow>(APPEND_SQL, params).catch((error: unknown) => {
        if (isEventIdTaken(error)) return this.db.query<AppendRow>(RETRIED_APPEND_SQL, params);
        throw error;
      });
    } catch (error) {
      throw toAppendError(error, streamName, expected);
    } finally {
      // Before the listeners hear of it: they count what is still to come.
      this.inFlight -= 1;
    }
    if (!row) throw new Error(`Appending to stream "${streamName}" returned no result.`);
    const result: AppendResult = {
      nextExpectedRevision: toSafeInteger(row.next_revision, 'revision'),
      position: toSafeInteger(row.last_position, 'position'),
    };
    if (row.appended) this.appended(result.position);
    return result;
  }

  async appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    this.assertOpen();
    if (appends.length === 0) return [];
    const streams = new Set<string>();
    const items = appends.map(({ streamName, events: toAppend, expectedRevision }) => {
      const { expected, events } = checkedAppend(streamName, toAppend, expectedRevision);
      if (streams.has(streamName))
        throw new Error(`Stream "${streamName}" appears twice in one multi-stream append.`);
      streams.add(streamName);
      if (toAppend.length === 0)
        throw new Error(`The append to stream "${streamName}" has no events.`);
      return `{"stream":${JSON.stringify(streamName)},"expected":${JSON.stringify(String(expected))},"events":${events}}`;
    });
    let rows: AppendManyRow[];
    this.inFlight += 1;
    try {
      rows = await this.db.query<AppendManyRow>(APPEND_MANY_SQL, [`[${items.join(',')}]`]);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `Appending to ${appends.length} streams at once was refused, and none was stored (${reason}); append them one by one to learn which.`,
        { cause: error },
      );
    } finally {
      // Before the listeners hear of it: they count what is still to come.
      this.inFlight -= 1;
    }
    if (rows.length !== appends.length)
      throw new Error(`Appending to ${appends.length} streams returned ${rows.length} results.`);
    const results = rows.map((row) => ({
      nextExpectedRevision: toSafeInteger(row.next_revision, 'revision'),
      position: toSafeInteger(row.last_position, 'position'),
    }));
    this.appended(Math.max(...results.map((result) => result.position)));
    return results;
  }

  /**
   * On PostgreSQL, makes onAppended also hear appends committed by other
   * processes on the same schema (LISTEN/NOTIFY). A no-op on PGlite, which
   * one process owns. createSqlEventStore calls it.
   */
  async listenAcrossInstances(): Promise<void> {
    this.assertOpen();
    if (!this.db.listen || this.stopListening) return;
    const [row] = await this.db.query<{ schema: string }>('SELECT current_schema() AS schema');
    if (!row) throw new Error('PostgreSQL did not say which schema this connection uses.');
    this.schema = row.schema;
    this.stopListening = await this.db.listen(APPENDED_CHANNEL, {
      onNotification: (payload) => this.heard(payload),
      // Whatever was announced while the connection was down is lost: wake once to catch up.
      onReconnected: () => {
        this.headPosition().then(
          (head) => this.fire(head),
          () => undefined,
        );
      },
      onError: (error) => {
        const logger = this.options.logger ?? console;
        (logger.warn ?? logger.error).call(
          logger,
          `Lost the connection that hears other instances' appends; reconnecting (${error.message}).`,
        );
      },
    });
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const maxCount = optionalCount(options.maxCount, 'maxCount');
    if (maxCount === 0) return [];
    const from = options.fromRevision ?? null;
    if (from !== null && (!Number.isSafeInteger(from) || from < 0)) {
      throw new Error(`fromRevision must be a revision (0 or more), got ${String(from)}.`);
    }
    const direction = options.direction === 'backwards' ? 'DESC' : 'ASC';
    const fromFilter =
      options.direction === 'backwards'
        ? '($2::integer IS NULL OR e.revision <= $2::integer)'
        : 'e.revision >= coalesce($2::integer, 0)';
    const rows = await this.db.query<EventRow>(
      `${SELECT_STREAM_EVENT} AND ${fromFilter} ORDER BY e.revision ${direction} LIMIT $3`,
      [streamName, from, maxCount],
    );
    return rows.map(toRecordedEvent);
  }

  async setStreamMetadata(streamName: string, metadata: StreamMetadata): Promise<void> {
    this.assertOpen();
    assertStreamName(streamName);
    const maxAge = optionalCount(metadata.maxAge, 'maxAge');
    const maxCount = optionalCount(metadata.maxCount, 'maxCount');
    const truncateBefore = optionalCount(metadata.truncateBefore, 'truncateBefore');
    const rows = await this.db.query<{ state: string }>(
      `INSERT INTO streams (stream_name, truncate_before, max_count, max_age_seconds)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (stream_name) DO UPDATE
         SET truncate_before = EXCLUDED.truncate_before, max_count = EXCLUDED.max_count,
             max_age_seconds = EXCLUDED.max_age_seconds
         WHERE streams.state <> 'tombstoned'
       RETURNING state`,
      [streamName, truncateBefore, maxCount, maxAge],
    );
    if (rows.length === 0) throw new StreamDeletedError(streamName);
  }

  async getStreamMetadata(streamName: string): Promise<StoredStreamMetadata> {
    this.assertOpen();
    const [row] = await this.db.query<{
      state: string;
      truncate_before: number | null;
      max_count: number | null;
      max_age_seconds: number | null;
    }>(
      'SELECT state, truncate_before, max_count, max_age_seconds FROM streams WHERE stream_name = $1',
      [streamName],
    );
    if (!row) return {};
    return {
      ...(row.max_age_seconds === null ? {} : { maxAge: row.max_age_seconds }),
      ...(row.max_count === null ? {} : { maxCount: row.max_count }),
      ...(row.truncate_before === null ? {} : { truncateBefore: row.truncate_before }),
      ...(row.state === 'soft_deleted' ? { deleted: 'soft' as const } : {}),
      ...(row.state === 'tombstoned' ? { deleted: 'hard' as const } : {}),
    };
  }

  async deleteStream(
    streamName: string,
    options: { readonly mode?: 'soft' | 'hard' } = {},
  ): Promise<void> {
    this.assertOpen();
    assertStreamName(streamName);
    await this.db.query('SELECT commonplace_delete_stream($1, $2)', [
      streamName,
      options.mode === 'hard',
    ]);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const maxCount = optionalCount(options.maxCount, 'maxCount');
    if (maxCount === 0) return [];
    const rows = await this.readSettled(options, maxCount, false);
    return rows.filter(isEventRow).map(toRecordedEvent);
  }

  /** One snapshot for the head and the page, so they agree. */
  async readAllWithHead(
    options: ReadAllOptions = {},
  ): Promise<{ events: RecordedEvent[]; head: number }> {
    this.assertOpen();
    const maxCount = optionalCount(options.maxCount, 'maxCount');
    const rows = await this.readSettled(options, maxCount, true);
    const head = toSafeInteger(rows[0]?.head ?? 0, 'head position');
    return { events: rows.filter(isEventRow).map(toRecordedEvent), head };
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    const [row] = await this.db.query<{ head: number | string | bigint }>(
      'SELECT head FROM commonplace_read_all(0, NULL, NULL, 0, true)',
    );
    return toSafeInteger(row?.head ?? 0, 'head position');
  }

  /** Settled events only, below this database's horizon (see LOCAL_HORIZON in the migrations). */
  private async readSettled(
    options: ReadAllOptions,
    maxCount: number | null,
    withHead: boolean,
  ): Promise<ReadAllRow[]> {
    const after = options.after ?? 0;
    if (!Number.isSafeInteger(after) || after < 0)
      throw new Error(`after must be a position (0 or more), got ${String(after)}.`);
    const types = options.eventTypes ? JSON.stringify(options.eventTypes) : null;
    return this.db.query<ReadAllRow>(READ_ALL_SQL, [
      after,
      options.streamPrefix ?? null,
      types,
      maxCount,
      withHead,
    ]);
  }

  onAppended(listener: (position: number) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  appendsInFlight(): number {
    return this.inFlight;
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
    await this.stopListening?.();
    await this.announcing;
    if (this.options.ownsDatabase) await this.db.close();
  }

  private appended(position: number): void {
    this.fire(position);
    if (this.schema !== undefined) this.announce(position);
  }

  /**
   * NOTIFY from its own statement after the commit, not inside the append:
   * PostgreSQL serializes the commits of notifying transactions on one lock
   * (held through the commit's flush), which would undo group commit. While
   * one announcement is in flight, later ones coalesce into the next, and
   * under load the next waits until ANNOUNCE_SPACING_MS after the last: a
   * NOTIFY costs PostgreSQL and every listening instance about as much CPU
   * as a quarter of an append (measured), so one per append would cost the
   * appends themselves. This instance's own listeners are woken at once.
   */
  private announce(position: number): void {
    this.announcePosition = Math.max(this.announcePosition, position);
    this.announcing ??= (async () => {
      while (this.announcePosition > 0 && !this.closed) {
        const wait = this.lastAnnouncedAt + ANNOUNCE_SPACING_MS - performance.now();
        if (wait > 0) await new Promise<void>((resolve) => setTimeout(resolve, wait));
        if (this.closed) break;
        const next = this.announcePosition;
        this.announcePosition = 0;
        this.lastAnnouncedAt = performance.now();
        try {
          await this.db.query('SELECT pg_notify($1, $2)', [
            APPENDED_CHANNEL,
            `${this.schema}|${this.instanceId}|${next}`,
          ]);
        } catch (error) {
          // Other instances still catch up on their fallback poll.
          if (!this.closed)
            this.log().error('Could not tell other instances about an append.', error);
        }
      }
      this.announcing = undefined;
    })();
  }

  private heard(payload: string): void {
    const [schema, instance, position] = payload.split('|');
    if (schema !== this.schema || instance === this.instanceId) return;
    const value = Number(position);
    if (Number.isSafeInteger(value)) this.fire(value);
  }

  private log(): { error(message: string, ...details: unknown[]): void } {
    return this.options.logger ?? console;
  }

  private fire(position: number): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(position);
      } catch (error) {
        this.log().error('An onAppended listener failed; the append itself is committed.', error);
      }
    }
  }

  private assertOpen(): void {
    if (this.closed)
      throw new Error('The event store is closed; open a new one to read or append.');
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

/** One stream's append, checked: its expectation, and its events as the JSON array the append functions take. */
function checkedAppend(
  streamName: string,
  events: readonly NewEvent[],
  expectedRevision: ExpectedRevision | undefined,
): { expected: ExpectedRevision; events: string } {
  assertStreamName(streamName);
  const expected = expectedRevision ?? 'any';
  assertExpectedRevision(expected);
  const serialized = events.map((event, index) => serialize(streamName, event, index));
  assertDistinctIds(streamName, serialized);
  return { expected, events: toJsonArray(serialized) };
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

/** Built by hand so each event's already-serialized data is not stringified twice. */
export function toJsonArray(events: readonly SerializedEvent[]): string {
  const items = events.map(
    (event) =>
      `{"id":${JSON.stringify(event.id)},"type":${JSON.stringify(event.type)},"data":${event.data},"metadata":${event.metadata}}`,
  );
  return `[${items.join(',')}]`;
}

/** The unique event_id refused an insert: these ids (or some) are stored already. */
function isEventIdTaken(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const details = error as { code?: unknown; constraint?: unknown };
  return details.code === '23505' && details.constraint === 'events_event_id_key';
}

function toAppendError(error: unknown, streamName: string, expected: ExpectedRevision): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const details = error as { code?: unknown; detail?: unknown; constraint?: unknown };
  switch (details.code) {
    case APPEND_ERROR.wrongExpectedRevision: {
      const actual = Number(details.detail);
      return new WrongExpectedRevisionError(
        streamName,
        expected,
        Number.isSafeInteger(actual) && actual >= 0 ? actual : 'no_stream',
      );
    }
    case APPEND_ERROR.eventIdConflict:
      return new EventIdConflictError(
        streamName,
        typeof details.detail === 'string' ? details.detail.split(',') : [],
      );
    case APPEND_ERROR.streamDeleted:
      return new StreamDeletedError(streamName);
    default:
      return error;
  }
}
