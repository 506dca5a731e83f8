import type {
  AllStreamRecordedEvent,
  AllStreamResolvedEvent,
  AllStreamSubscription,
  AppendStreamState,
  Filter,
  JSONType,
  KurrentDBClient,
  ReadPosition,
  ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import {
  KurrentDBClient as KurrentDbClientClass,
  ANY,
  BACKWARDS,
  END,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamDeletedError as KurrentStreamDeletedError,
  StreamNotFoundError,
  StreamTombstonedError,
  WrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
} from '@kurrent/kurrentdb-client';
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
  StreamMetadata,
} from './event-store.port.js';
import { StreamDeletedError, WrongExpectedRevisionError } from './event-store.port.js';

export interface KurrentDbEventStoreOptions {
  /** Where subscription and listener failures are reported; defaults to console. */
  readonly logger?: { error(message: string, ...details: unknown[]): void };
}

const RESUBSCRIBE_MIN_MS = 200;
const RESUBSCRIBE_MAX_MS = 10_000;

/**
 * The event log in KurrentDB (EventStoreDB). Positions are the commit
 * positions of the $all log: comparable and increasing, not contiguous.
 * They are numbers, not bigints, as the port wants; a log would need 8 PB
 * before one stopped being a safe integer. System streams ($...) are never
 * returned by readAll.
 */
export class KurrentDbEventStore implements EventStore, StreamAdministration {
  readonly kind: StoreKind = 'kurrentdb';
  private readonly listeners = new Set<(position: number) => void>();
  private subscription: AllStreamSubscription | undefined;
  private resubscribeTimer: NodeJS.Timeout | undefined;
  private resubscribeMs = RESUBSCRIBE_MIN_MS;
  private lastHeard: ReadPosition = END;
  private closed = false;

  constructor(
    private readonly client: KurrentDBClient,
    private readonly options: KurrentDbEventStoreOptions = {},
  ) {}

  async appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult> {
    this.assertOpen();
    const expected = options?.expectedRevision ?? 'any';
    try {
      const result = await this.client.appendToStream(
        streamName,
        events.map((event) =>
          jsonEvent({
            id: event.id,
            type: event.type,
            data: toJson(event.data),
            metadata: { ...event.metadata },
          }),
        ),
        { streamState: toStreamState(expected) },
      );
      const position = result.position ? Number(result.position.commit) : 0;
      if (position > 0) this.fire(position);
      return { nextExpectedRevision: Number(result.nextExpectedRevision), position };
    } catch (error) {
      throw toPortError(error, streamName, expected);
    }
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    if (options.maxCount === 0) return [];
    const backwards = options.direction === 'backwards';
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamName, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision:
          options.fromRevision === undefined
            ? backwards
              ? END
              : START
            : BigInt(options.fromRevision),
        ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
      })) {
        const event = toRecordedEvent(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      // The port reads an absent or deleted stream as empty.
      if (
        error instanceof StreamNotFoundError ||
        error instanceof KurrentStreamDeletedError ||
        error instanceof StreamTombstonedError
      )
        return [];
      throw error;
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const after = options.after ?? 0;
    const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
    if (maxCount === 0 || options.eventTypes?.length === 0) return [];
    const wantedTypes = options.eventTypes ? new Set(options.eventTypes) : undefined;
    const events: RecordedEvent[] = [];
    for await (const resolved of this.client.readAll({
      direction: FORWARDS,
      // fromPosition is inclusive, the port's `after` is not: the event at `after` is skipped below.
      fromPosition: after > 0 ? { commit: BigInt(after), prepare: BigInt(after) } : START,
      filter: serverFilter(options),
    })) {
      const event = toRecordedEvent(resolved);
      if (!event || event.position <= after || event.streamName.startsWith('$')) continue;
      if (options.streamPrefix && !event.streamName.startsWith(options.streamPrefix)) continue;
      if (wantedTypes && !wantedTypes.has(event.type)) continue;
      events.push(event);
      if (events.length >= maxCount) break;
    }
    return events;
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    for await (const resolved of this.client.readAll({
      direction: BACKWARDS,
      fromPosition: END,
      maxCount: 1,
      filter: excludeSystemEvents(),
    })) {
      const event = toRecordedEvent(resolved);
      if (event && !event.streamName.startsWith('$')) return event.position;
    }
    return 0;
  }

  /** Fires for this instance's appends at once, and for every instance's through a $all subscription. */
  onAppended(listener: (position: number) => void): () => void {
    this.listeners.add(listener);
    if (!this.subscription && !this.closed) this.subscribe();
    return () => {
      this.listeners.delete(listener);
    };
  }

  async ping(): Promise<boolean> {
    if (this.closed) return false;
    try {
      await this.headPosition();
      return true;
    } catch {
      return false;
    }
  }

  async setStreamMetadata(streamName: string, metadata: StreamMetadata): Promise<void> {
    this.assertOpen();
    try {
      await this.client.setStreamMetadata(streamName, {
        ...(metadata.maxAge === undefined ? {} : { maxAge: metadata.maxAge }),
        ...(metadata.maxCount === undefined ? {} : { maxCount: metadata.maxCount }),
        ...(metadata.truncateBefore === undefined
          ? {}
          : { truncateBefore: metadata.truncateBefore }),
      });
    } catch (error) {
      throw toPortError(error, streamName, 'any');
    }
  }

  async getStreamMetadata(streamName: string): Promise<StoredStreamMetadata> {
    this.assertOpen();
    try {
      const { metadata } = await this.client.getStreamMetadata(streamName);
      if (!metadata) return {};
      // A soft delete sets truncateBefore to the end of the stream.
      const softDeleted = metadata.truncateBefore === END;
      return {
        ...(metadata.maxAge === undefined ? {} : { maxAge: metadata.maxAge }),
        ...(metadata.maxCount === undefined ? {} : { maxCount: metadata.maxCount }),
        ...(typeof metadata.truncateBefore === 'number'
          ? { truncateBefore: metadata.truncateBefore }
          : {}),
        ...(softDeleted ? { deleted: 'soft' as const } : {}),
      };
    } catch (error) {
      if (error instanceof KurrentStreamDeletedError || error instanceof StreamTombstonedError)
        return { deleted: 'hard' };
      if (error instanceof StreamNotFoundError) return {};
      throw error;
    }
  }

  async deleteStream(
    streamName: string,
    options: { readonly mode?: 'soft' | 'hard' } = {},
  ): Promise<void> {
    this.assertOpen();
    try {
      if (options.mode === 'hard') await this.client.tombstoneStream(streamName);
      else await this.client.deleteStream(streamName);
    } catch (error) {
      if (error instanceof StreamNotFoundError && options.mode !== 'hard') return;
      throw toPortError(error, streamName, 'any');
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    clearTimeout(this.resubscribeTimer);
    await this.subscription?.unsubscribe().catch(() => undefined);
    this.subscription = undefined;
    await this.client.dispose();
  }

  /** Follows $all from where it last heard (the end, at first), resubscribing if dropped. */
  private subscribe(): void {
    const subscription = this.client.subscribeToAll({
      fromPosition: this.lastHeard,
      filter: excludeSystemEvents(),
    });
    this.subscription = subscription;
    subscription.on('data', (resolved: AllStreamResolvedEvent) => {
      this.resubscribeMs = RESUBSCRIBE_MIN_MS;
      const position = resolved.event?.position;
      if (!position) return;
      this.lastHeard = position;
      this.fire(Number(position.commit));
    });
    subscription.on('error', (error: Error) => {
      if (this.closed || this.subscription !== subscription) return;
      this.subscription = undefined;
      this.log().error(
        `The KurrentDB $all subscription dropped; resubscribing in ${this.resubscribeMs} ms.`,
        error,
      );
      this.resubscribeTimer = setTimeout(() => {
        if (!this.closed && this.listeners.size > 0) this.subscribe();
      }, this.resubscribeMs);
      this.resubscribeTimer.unref();
      this.resubscribeMs = Math.min(this.resubscribeMs * 2, RESUBSCRIBE_MAX_MS);
    });
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

  private log(): { error(message: string, ...details: unknown[]): void } {
    return this.options.logger ?? console;
  }

  private assertOpen(): void {
    if (this.closed)
      throw new Error('The event store is closed; open a new one to read or append.');
  }
}

function toStreamState(expected: ExpectedRevision): AppendStreamState {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      if (!Number.isSafeInteger(expected) || expected < 0)
        throw new Error(
          `Expected revision ${expected} is not a revision: use 0 or more, 'no_stream', 'stream_exists' or 'any'.`,
        );
      return BigInt(expected);
  }
}

/**
 * The client's type names objects, arrays and strings, but it serializes any
 * JSON value; undefined has no JSON form and is stored as null, as on SQL.
 */
function toJson(data: unknown): JSONType {
  return (data ?? null) as JSONType;
}

/** The one filter KurrentDB applies server-side; the rest is filtered as events arrive. */
function serverFilter(options: ReadAllOptions): Filter {
  if (options.streamPrefix) return streamNameFilter({ prefixes: [options.streamPrefix] });
  if (options.eventTypes) return eventTypeFilter({ prefixes: [...options.eventTypes] });
  return excludeSystemEvents();
}

function toRecordedEvent(
  resolved: ResolvedEvent | AllStreamResolvedEvent,
): RecordedEvent | undefined {
  const event = resolved.event as AllStreamRecordedEvent | undefined;
  if (!event || !event.isJson) return undefined;
  const metadata = event.metadata;
  return {
    id: event.id,
    streamName: event.streamId,
    type: event.type,
    data: event.data,
    metadata:
      typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata)
        ? (metadata as Record<string, unknown>)
        : {},
    revision: Number(event.revision),
    position: event.position ? Number(event.position.commit) : Number(resolved.commitPosition ?? 0),
    recordedAt: event.created,
  };
}

function toPortError(error: unknown, streamName: string, expected: ExpectedRevision): unknown {
  if (error instanceof WrongExpectedVersionError) {
    const actual = error.actualState;
    return new WrongExpectedRevisionError(
      streamName,
      expected,
      actual === NO_STREAM ? 'no_stream' : Number(actual),
    );
  }
  if (error instanceof KurrentStreamDeletedError || error instanceof StreamTombstonedError)
    return new StreamDeletedError(streamName);
  return error;
}

/** Connects lazily: the client dials on its first call, so a wrong URL shows at the first ping. */
export function createKurrentDbEventStore(
  connectionString: string,
  options: KurrentDbEventStoreOptions = {},
): KurrentDbEventStore {
  return new KurrentDbEventStore(KurrentDbClientClass.connectionString(connectionString), options);
}
