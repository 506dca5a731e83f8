import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
} from './event-store.port.js';

/** Turns one event type's data from version n into version n + 1. */
export type Upcaster = (data: unknown, event: RecordedEvent) => unknown;

/** Where an event's schema version is kept. Events without one are version 1. */
export const SCHEMA_VERSION_KEY = 'schemaVersion';

/** An event carries a schema version the registry cannot turn into the current shape. */
export class UnknownSchemaVersionError extends Error {
  readonly code = 'event-store.unknown-schema-version';
  constructor(
    readonly event: Pick<RecordedEvent, 'id' | 'type' | 'streamName' | 'position'>,
    readonly version: unknown,
    readonly currentVersion: number,
  ) {
    super(
      `Event ${event.type} (id ${event.id}, stream "${event.streamName}", position ${event.position}) has schema version ${String(version)}, ` +
        `but this server knows ${event.type} up to version ${currentVersion}` +
        (typeof version === 'number' && version > currentVersion
          ? ': it was written by a newer server. Deploy that version here too before reading it.'
          : ': register the missing upcaster, or fix the event metadata.'),
    );
    this.name = 'UnknownSchemaVersionError';
  }
}

/**
 * Upcasters per event type, one per version step. The current version of a
 * type is one past its highest registered step (1 with none), and new
 * events are stamped with it.
 */
export class UpcasterRegistry {
  private readonly steps = new Map<string, Map<number, Upcaster>>();

  /** `upcast` turns `type` data of `fromVersion` into `fromVersion + 1`. */
  register(type: string, fromVersion: number, upcast: Upcaster): this {
    if (!Number.isSafeInteger(fromVersion) || fromVersion < 1)
      throw new Error(`fromVersion must be 1 or more, got ${fromVersion} for ${type}.`);
    const steps = this.steps.get(type) ?? new Map<number, Upcaster>();
    if (steps.has(fromVersion))
      throw new Error(`${type} already has an upcaster from version ${fromVersion}.`);
    steps.set(fromVersion, upcast);
    this.steps.set(type, steps);
    return this;
  }

  currentVersion(type: string): number {
    const steps = this.steps.get(type);
    return steps ? Math.max(...steps.keys()) + 1 : 1;
  }

  /** The event in its type's current shape, its metadata stamped with the current version. */
  upcast(event: RecordedEvent): RecordedEvent {
    const current = this.currentVersion(event.type);
    const stored = event.metadata[SCHEMA_VERSION_KEY] ?? 1;
    if (
      typeof stored !== 'number' ||
      !Number.isSafeInteger(stored) ||
      stored < 1 ||
      stored > current
    )
      throw new UnknownSchemaVersionError(event, stored, current);
    if (stored === current) return event;
    let data = event.data;
    for (let version = stored; version < current; version++) {
      const step = this.steps.get(event.type)?.get(version);
      if (!step) throw new UnknownSchemaVersionError(event, version, current);
      data = step(data, event);
    }
    return { ...event, data, metadata: { ...event.metadata, [SCHEMA_VERSION_KEY]: current } };
  }

  /** A new event, stamped with its type's current version. */
  stamp(event: NewEvent): NewEvent {
    return {
      ...event,
      metadata: { ...event.metadata, [SCHEMA_VERSION_KEY]: this.currentVersion(event.type) },
    };
  }
}

/**
 * The store, read through the registry: every event comes out in its
 * current shape, and every appended event is stamped with its version.
 */
export class UpcastingEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly registry: UpcasterRegistry,
  ) {}

  get kind(): EventStore['kind'] {
    return this.inner.kind;
  }

  appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult> {
    return this.inner.appendToStream(
      streamName,
      events.map((event) => this.registry.stamp(event)),
      options,
    );
  }

  get appendToStreams(): EventStore['appendToStreams'] {
    const append = this.inner.appendToStreams?.bind(this.inner);
    if (!append) return undefined;
    return (appends) =>
      append(
        appends.map((one) => ({
          ...one,
          events: one.events.map((event) => this.registry.stamp(event)),
        })),
      );
  }

  async readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return (await this.inner.readStream(streamName, options)).map((e) => this.registry.upcast(e));
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return (await this.inner.readAll(options)).map((e) => this.registry.upcast(e));
  }

  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }

  get readAllWithHead(): EventStore['readAllWithHead'] {
    const read = this.inner.readAllWithHead?.bind(this.inner);
    if (!read) return undefined;
    return async (options) => {
      const page = await read(options);
      return { ...page, events: page.events.map((e) => this.registry.upcast(e)) };
    };
  }

  onAppended(listener: (position: number) => void): () => void {
    return this.inner.onAppended(listener);
  }

  ping(): Promise<boolean> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
