/**
 * The event store port. The log is the product's memory: every adapter must
 * never lose, duplicate, reorder or skip an event.
 */

/** What the caller believes about the stream before appending. */
export type ExpectedRevision =
  | 'any'
  /** The stream must not exist yet. */
  | 'no_stream'
  /** The stream must exist (have at least one event). */
  | 'stream_exists'
  /** The stream's last event must have exactly this revision (0-based). */
  | number;

export interface NewEvent {
  /** Caller-supplied id (UUID): retrying an append with the same ids stores nothing twice. */
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

export interface RecordedEvent {
  readonly id: string;
  readonly streamName: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Readonly<Record<string, unknown>>;
  /** 0-based, contiguous within the stream. */
  readonly revision: number;
  /**
   * Global position: strictly increasing in the order readAll delivers
   * events, never skipping a committed one; may have gaps (rolled-back or
   * refused appends, and KurrentDB's log offsets).
   */
  readonly position: number;
  readonly recordedAt: Date;
}

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  readonly nextExpectedRevision: number;
  /** Global position of the last appended event. */
  readonly position: number;
}

/** One stream's part of a multi-stream append. */
export interface StreamAppend {
  readonly streamName: string;
  readonly events: readonly NewEvent[];
  readonly expectedRevision?: ExpectedRevision;
}

export interface ReadStreamOptions {
  /** Inclusive start revision; defaults to the first (forwards) or last (backwards). */
  readonly fromRevision?: number;
  readonly direction?: 'forwards' | 'backwards';
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events with a position greater than this. 0 reads from the start. */
  readonly after?: number;
  readonly maxCount?: number;
  readonly streamPrefix?: string;
  readonly eventTypes?: readonly string[];
}

/** 'memory': InMemoryEventStore, for tests that need no database for the log. */
export type StoreKind = 'pglite' | 'postgres' | 'kurrentdb' | 'memory';

export interface EventStore {
  readonly kind: StoreKind;
  appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult>;
  /**
   * Optional, for adapters that can do it in one round trip: appends to
   * several streams (each once) at once, results in the same order. All or
   * nothing: if any one is refused, none is stored and the call rejects;
   * appending them one by one then tells which, with the typed error.
   */
  appendToStreams?(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  /** Events of one stream; an absent stream reads as empty. */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** The whole log in commit order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Highest committed position (0 when the log is empty). */
  headPosition(): Promise<number>;
  /**
   * Optional, for adapters that can do it in one round trip: readAll and
   * headPosition from one consistent view of the log, so every event up to
   * `head` that passes the filters is in `events` unless maxCount cut it short.
   * Projections with an event-type filter use it to skip unwanted events.
   */
  readAllWithHead?(options: ReadAllOptions): Promise<{ events: RecordedEvent[]; head: number }>;
  /**
   * Called after every committed append: this instance's at once, other
   * instances' where the adapter hears them (PostgreSQL LISTEN/NOTIFY, a
   * KurrentDB $all subscription). Wakes projections without polling.
   */
  onAppended(listener: (position: number) => void): () => void;
  /** Is the store reachable? */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Limits on what reading a stream returns; absent fields mean no limit. */
export interface StreamMetadata {
  /** Events older than this many seconds read as gone. */
  readonly maxAge?: number;
  /** Only the last this many events are read. */
  readonly maxCount?: number;
  /** Events below this revision read as gone. */
  readonly truncateBefore?: number;
}

export interface StoredStreamMetadata extends StreamMetadata {
  /** 'soft': reads as absent until appended to again; 'hard': gone for good. */
  readonly deleted?: 'soft' | 'hard';
}

/**
 * Stream metadata and deletion. Separate from EventStore so test doubles
 * that wrap a store for appends and reads need not forward these too.
 * They shape stream reads only: the whole log (readAll) keeps every event,
 * since it is the audit trail the read models are rebuilt from.
 */
export interface StreamAdministration {
  /** Replaces the stream's metadata; reads honour it at once. */
  setStreamMetadata(streamName: string, metadata: StreamMetadata): Promise<void>;
  /** An absent stream has empty metadata. */
  getStreamMetadata(streamName: string): Promise<StoredStreamMetadata>;
  /**
   * Soft: the stream reads as absent ('no_stream'); appending again recreates
   * it, continuing its revisions. Hard: tombstoned, appending again throws
   * StreamDeletedError.
   */
  deleteStream(streamName: string, options?: { readonly mode?: 'soft' | 'hard' }): Promise<void>;
}

/** The stream did not have the revision the caller expected. */
export class WrongExpectedRevisionError extends Error {
  readonly code = 'event-store.wrong-expected-revision';
  constructor(
    readonly streamName: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(
      `Stream "${streamName}" was expected at ${String(expected)} but is at ${String(actual)}; someone else changed it first.`,
    );
    this.name = 'WrongExpectedRevisionError';
  }
}

/**
 * Some of the appended event ids are already stored, but not as this exact
 * append (another stream, another order, or only part of the batch). Retrying
 * cannot fix it: the caller reused ids it should have generated afresh.
 */
export class EventIdConflictError extends Error {
  readonly code = 'event-store.event-id-conflict';
  constructor(
    readonly streamName: string,
    readonly eventIds: readonly string[],
  ) {
    super(
      `Cannot append to stream "${streamName}": event id(s) ${eventIds.join(', ')} are already stored, but not as this same append. ` +
        'Retry with exactly the same events in the same order, or give new events new ids.',
    );
    this.name = 'EventIdConflictError';
  }
}

/** The stream was deleted for good (hard delete): it can never be appended to again. */
export class StreamDeletedError extends Error {
  readonly code = 'event-store.stream-deleted';
  constructor(readonly streamName: string) {
    super(
      `Stream "${streamName}" was deleted for good and cannot be written to again. Use a new stream name.`,
    );
    this.name = 'StreamDeletedError';
  }
}
