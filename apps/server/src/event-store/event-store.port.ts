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
  /** Global position in commit order; comparable, strictly increasing. */
  readonly position: number;
  readonly recordedAt: Date;
}

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  readonly nextExpectedRevision: number;
  /** Global position of the last appended event. */
  readonly position: number;
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

export type StoreKind = 'pglite' | 'postgres' | 'kurrentdb';

export interface EventStore {
  readonly kind: StoreKind;
  appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult>;
  /** Events of one stream; an absent stream reads as empty. */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** The whole log in commit order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Highest committed position (0 when the log is empty). */
  headPosition(): Promise<number>;
  /** Called after every committed append, on this instance: wakes projections without polling. */
  onAppended(listener: (position: number) => void): () => void;
  /** Is the store reachable? */
  ping(): Promise<boolean>;
  close(): Promise<void>;
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
