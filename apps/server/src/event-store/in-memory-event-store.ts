import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoredStreamMetadata,
  StreamAdministration,
  StreamAppend,
  StreamMetadata,
} from './event-store.port.js';
import {
  EventIdConflictError,
  StreamDeletedError,
  WrongExpectedRevisionError,
} from './event-store.port.js';

export interface InMemoryEventStoreOptions {
  /** Where listener failures are reported; defaults to console. */
  readonly logger?: { error(message: string, ...details: unknown[]): void };
  /** When an append is recorded (ms since the epoch); defaults to Date.now. Specs pass a fixed clock. */
  readonly now?: () => number;
}

/** An event as kept: data and metadata as JSON text, so no caller can change them after the append. */
interface StoredEvent {
  readonly id: string;
  readonly streamName: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly revision: number;
  readonly position: number;
  readonly recordedAt: number;
}

interface StreamState {
  /** Revision of the last event ever appended (-1: none), soft deletes included. */
  revision: number;
  state: 'live' | 'soft_deleted' | 'tombstoned';
  metadata: StreamMetadata;
}

interface CheckedAppend {
  readonly streamName: string;
  readonly expected: ExpectedRevision;
  readonly events: readonly {
    readonly id: string;
    readonly type: string;
    readonly source: NewEvent;
  }[];
}

interface EncodedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The event log in the process's memory, for tests that need a store but not
 * its database: the same port, the same conformance suite as SqlEventStore.
 * Every append runs to completion before it yields, so concurrent callers see
 * appends one at a time, in call order, and positions have no gaps. It refuses
 * what PostgreSQL would refuse (a NUL character in text or JSON), so a test
 * that passes here does not fail on the real store for that reason.
 */
export class InMemoryEventStore implements EventStore, StreamAdministration {
  readonly kind = 'memory' as const;
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StreamState>();
  private readonly byStream = new Map<string, StoredEvent[]>();
  private readonly byId = new Map<string, StoredEvent>();
  private readonly listeners = new Set<(position: number) => void>();
  private closed = false;

  private readonly now: () => number;

  constructor(private readonly options: InMemoryEventStoreOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  async appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult> {
    this.assertOpen();
    const append = checkedAppend(streamName, events, options?.expectedRevision);
    const encoded = encodeEvents(append);
    if (encoded.length > 0) {
      const retried = this.retriedAppend(streamName, encoded);
      if (retried) return retried;
    }
    const stream = this.streams.get(streamName);
    const next = expect(streamName, append.expected, stream);
    if (encoded.length === 0) {
      return {
        nextExpectedRevision: next,
        position: this.eventAt(streamName, next)?.position ?? 0,
      };
    }
    const result = this.store(streamName, encoded, this.now());
    this.fire(result.position);
    return result;
  }

  async appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    this.assertOpen();
    if (appends.length === 0) return [];
    const seen = new Set<string>();
    const checked = appends.map(({ streamName, events, expectedRevision }) => {
      const append = checkedAppend(streamName, events, expectedRevision);
      if (seen.has(streamName))
        throw new Error(`Stream "${streamName}" appears twice in one multi-stream append.`);
      seen.add(streamName);
      if (events.length === 0)
        throw new Error(`The append to stream "${streamName}" has no events.`);
      return append;
    });
    let encoded: EncodedEvent[][];
    try {
      encoded = checked.map(encodeEvents);
      const ids = new Set<string>();
      checked.forEach((append, index) => {
        expect(append.streamName, append.expected, this.streams.get(append.streamName));
        for (const { id } of encoded[index] ?? []) {
          if (this.byId.has(id) || ids.has(id)) throw new Error(`event id ${id} is already stored`);
          ids.add(id);
        }
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `Appending to ${appends.length} streams at once was refused, and none was stored (${reason}); append them one by one to learn which.`,
        { cause: error },
      );
    }
    const recordedAt = this.now();
    const results = checked.map((append, index) =>
      this.store(append.streamName, encoded[index] ?? [], recordedAt),
    );
    this.fire(Math.max(...results.map((result) => result.position)));
    return results;
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const maxCount = optionalCount(options.maxCount, 'maxCount');
    if (maxCount === 0) return [];
    const from = options.fromRevision;
    if (from !== undefined && (!Number.isSafeInteger(from) || from < 0))
      throw new Error(`fromRevision must be a revision (0 or more), got ${String(from)}.`);
    const stream = this.streams.get(streamName);
    if (!stream || stream.state !== 'live') return [];
    const { truncateBefore = 0, maxCount: kept, maxAge } = stream.metadata;
    const oldest = maxAge === undefined ? -Infinity : this.now() - maxAge * 1000;
    const backwards = options.direction === 'backwards';
    const readable = (this.byStream.get(streamName) ?? []).filter(
      (event) =>
        event.revision >= truncateBefore &&
        (kept === undefined || event.revision > stream.revision - kept) &&
        event.recordedAt > oldest &&
        (from === undefined || (backwards ? event.revision <= from : event.revision >= from)),
    );
    if (backwards) readable.reverse();
    return readable.slice(0, maxCount ?? undefined).map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.page(options);
  }

  async readAllWithHead(
    options: ReadAllOptions = {},
  ): Promise<{ events: RecordedEvent[]; head: number }> {
    this.assertOpen();
    return { events: this.page(options), head: this.head() };
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.head();
  }

  async setStreamMetadata(streamName: string, metadata: StreamMetadata): Promise<void> {
    this.assertOpen();
    assertStreamName(streamName);
    const maxAge = optionalCount(metadata.maxAge, 'maxAge');
    const maxCount = optionalCount(metadata.maxCount, 'maxCount');
    const truncateBefore = optionalCount(metadata.truncateBefore, 'truncateBefore');
    const stream = this.streamFor(streamName);
    if (stream.state === 'tombstoned') throw new StreamDeletedError(streamName);
    stream.metadata = {
      ...(maxAge === null ? {} : { maxAge }),
      ...(maxCount === null ? {} : { maxCount }),
      ...(truncateBefore === null ? {} : { truncateBefore }),
    };
  }

  async getStreamMetadata(streamName: string): Promise<StoredStreamMetadata> {
    this.assertOpen();
    const stream = this.streams.get(streamName);
    if (!stream) return {};
    const { maxAge, maxCount, truncateBefore } = stream.metadata;
    return {
      ...(maxAge === undefined ? {} : { maxAge }),
      ...(maxCount === undefined ? {} : { maxCount }),
      ...(truncateBefore === undefined ? {} : { truncateBefore }),
      ...(stream.state === 'soft_deleted' ? { deleted: 'soft' as const } : {}),
      ...(stream.state === 'tombstoned' ? { deleted: 'hard' as const } : {}),
    };
  }

  async deleteStream(
    streamName: string,
    options: { readonly mode?: 'soft' | 'hard' } = {},
  ): Promise<void> {
    this.assertOpen();
    assertStreamName(streamName);
    if (options.mode === 'hard') {
      // A name that never held events is tombstoned too: it can never be used.
      this.streamFor(streamName).state = 'tombstoned';
      return;
    }
    const stream = this.streams.get(streamName);
    if (!stream || stream.revision < 0 || stream.state !== 'live') return;
    // Recreating the stream continues its revisions, and what came before stays truncated.
    stream.state = 'soft_deleted';
    stream.metadata = { ...stream.metadata, truncateBefore: stream.revision + 1 };
  }

  onAppended(listener: (position: number) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  async ping(): Promise<boolean> {
    return !this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
  }

  private head(): number {
    return this.log.at(-1)?.position ?? 0;
  }

  private page(options: ReadAllOptions): RecordedEvent[] {
    const after = options.after ?? 0;
    if (!Number.isSafeInteger(after) || after < 0)
      throw new Error(`after must be a position (0 or more), got ${String(after)}.`);
    const maxCount = optionalCount(options.maxCount, 'maxCount') ?? Infinity;
    const types = options.eventTypes ? new Set(options.eventTypes) : undefined;
    const prefix = options.streamPrefix;
    const page: RecordedEvent[] = [];
    // Positions are 1, 2, 3…: the first event after `after` is at index `after`.
    for (let index = after; index < this.log.length && page.length < maxCount; index++) {
      const event = this.log[index];
      if (!event) break;
      if (prefix !== undefined && !event.streamName.startsWith(prefix)) continue;
      if (types && !types.has(event.type)) continue;
      page.push(toRecordedEvent(event));
    }
    return page;
  }

  /** The answer to a retry of a stored append; a conflict when ids are stored otherwise. */
  private retriedAppend(
    streamName: string,
    events: readonly EncodedEvent[],
  ): AppendResult | undefined {
    const stored = events.map(({ id }) => this.byId.get(id));
    const found = stored.filter((event): event is StoredEvent => event !== undefined);
    if (found.length === 0) return undefined;
    const first = stored[0];
    const same =
      first !== undefined &&
      found.length === events.length &&
      found.every(
        (event, index) =>
          event.streamName === streamName && event.revision === first.revision + index,
      );
    if (!same)
      throw new EventIdConflictError(
        streamName,
        found.map((event) => event.id),
      );
    const last = found[found.length - 1];
    return { nextExpectedRevision: last?.revision ?? -1, position: last?.position ?? 0 };
  }

  private store(streamName: string, events: readonly EncodedEvent[], at: number): AppendResult {
    const stream = this.streamFor(streamName);
    const stored = this.byStream.get(streamName) ?? [];
    this.byStream.set(streamName, stored);
    for (const event of events) {
      const recorded: StoredEvent = {
        ...event,
        streamName,
        revision: stream.revision + 1,
        position: this.log.length + 1,
        recordedAt: at,
      };
      stream.revision = recorded.revision;
      this.log.push(recorded);
      stored.push(recorded);
      this.byId.set(recorded.id, recorded);
    }
    stream.state = 'live';
    return { nextExpectedRevision: stream.revision, position: this.log.length };
  }

  private streamFor(streamName: string): StreamState {
    let stream = this.streams.get(streamName);
    if (!stream) {
      stream = { revision: -1, state: 'live', metadata: {} };
      this.streams.set(streamName, stream);
    }
    return stream;
  }

  private eventAt(streamName: string, revision: number): StoredEvent | undefined {
    return revision < 0 ? undefined : this.byStream.get(streamName)?.[revision];
  }

  private fire(position: number): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(position);
      } catch (error) {
        (this.options.logger ?? console).error(
          'An onAppended listener failed; the append itself is stored.',
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

/** Refuses a tombstone or a failed expectation; the revision the stream reads as (-1: absent). */
function expect(
  streamName: string,
  expected: ExpectedRevision,
  stream: StreamState | undefined,
): number {
  if (stream?.state === 'tombstoned') throw new StreamDeletedError(streamName);
  // A soft-deleted stream reads as absent, like one that never was.
  const effective = !stream || stream.state === 'soft_deleted' ? -1 : stream.revision;
  const holds =
    expected === 'any' ||
    (expected === 'no_stream' && effective === -1) ||
    (expected === 'stream_exists' && effective >= 0) ||
    expected === effective;
  if (!holds)
    throw new WrongExpectedRevisionError(
      streamName,
      expected,
      effective === -1 ? 'no_stream' : effective,
    );
  return effective;
}

function checkedAppend(
  streamName: string,
  events: readonly NewEvent[],
  expectedRevision: ExpectedRevision | undefined,
): CheckedAppend {
  assertStreamName(streamName);
  const expected = expectedRevision ?? 'any';
  if (typeof expected === 'number' && (!Number.isSafeInteger(expected) || expected < 0))
    throw new Error(
      `Expected revision ${expected} is not a revision: use 0 or more, 'no_stream', 'stream_exists' or 'any'.`,
    );
  const seen = new Set<string>();
  const checked = events.map((event, index) => {
    if (typeof event.id !== 'string' || !UUID.test(event.id))
      throw new Error(
        `Event ${index} for stream "${streamName}" has id ${JSON.stringify(event.id)}, which is not a UUID. Give every event a UUID (crypto.randomUUID()).`,
      );
    if (typeof event.type !== 'string' || event.type.length === 0)
      throw new Error(`Event ${index} for stream "${streamName}" has no type.`);
    const id = event.id.toLowerCase();
    if (seen.has(id))
      throw new Error(
        `Append to stream "${streamName}" holds event id ${id} twice; each event needs its own id.`,
      );
    seen.add(id);
    return { id, type: event.type, source: event };
  });
  return { streamName, expected, events: checked };
}

/** As the SQL store stores them: JSON (undefined becomes null), refusing what PostgreSQL cannot hold. */
function encodeEvents(append: CheckedAppend): EncodedEvent[] {
  return append.events.map(({ id, type, source }, index) => {
    const data = JSON.stringify(source.data) ?? 'null';
    const metadata = JSON.stringify(source.metadata ?? {});
    if (hasNul(type) || hasNul(JSON.parse(data)) || hasNul(JSON.parse(metadata)))
      throw new Error(
        `Event ${index} for stream "${append.streamName}" holds a NUL character (\\u0000), which PostgreSQL cannot store; remove it, or encode binary data as base64.`,
      );
    return { id, type, data, metadata };
  });
}

function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(hasNul);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).some(([key, inner]) => key.includes('\u0000') || hasNul(inner));
  return false;
}

function assertStreamName(streamName: string): void {
  if (typeof streamName !== 'string' || streamName.length === 0)
    throw new Error('A stream name must be a non-empty string.');
  if (streamName.includes('\u0000'))
    throw new Error('A stream name cannot hold a NUL character (\\u0000).');
}

function optionalCount(value: number | undefined, name: string): number | null {
  if (value === undefined) return null;
  if (!Number.isSafeInteger(value) || value < 0)
    throw new Error(`${name} must be a whole number (0 or more), got ${value}.`);
  return value;
}

/** A fresh copy each read, as a database would give: callers may change what they get. */
function toRecordedEvent(event: StoredEvent): RecordedEvent {
  return {
    id: event.id,
    streamName: event.streamName,
    type: event.type,
    data: JSON.parse(event.data) as unknown,
    metadata: JSON.parse(event.metadata) as Record<string, unknown>,
    revision: event.revision,
    position: event.position,
    recordedAt: new Date(event.recordedAt),
  };
}
