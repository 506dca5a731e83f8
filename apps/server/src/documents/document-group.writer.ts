import { streams } from '@commonplace/domain';
import { WindowBeat } from '../collab/window.beat.js';
import type { Clock } from '../collab/window.beat.js';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
} from '../event-store/event-store.port.js';

/** Streams in one multi-stream append at most; a larger tick goes in several. */
export const MAX_STREAMS_PER_APPEND = 64;

/** What the writer needs of the projections (ProjectionRunner): one wake per tick, not one per commit. */
export interface TickWaker {
  /** Wakes caused by appends wait until the returned function is called, which wakes. */
  holdWakes(): () => void;
}

export interface DocumentGroupWriterOptions {
  /** The beat's clock; tests move a clock of their own. */
  clock?: Clock;
  /** Woken once after each tick's appends have all landed. */
  projections?: TickWaker | null;
}

interface QueuedAppend {
  readonly docId: string;
  readonly events: readonly NewEvent[];
  readonly expectedRevision: ExpectedRevision;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/**
 * The group commit of document appends. Each tick takes every append queued
 * since the last and stores them in one multi-stream append (one statement,
 * one commit; several of at most 64 streams each when there are more), hands
 * each caller its own result, and then wakes the projections once.
 *
 * A tick comes at the end of every beat, right after the windows ending on it
 * have closed and queued their changes (it owns the beat the collaboration
 * endpoint's windows end on), and at the end of any turn that queued
 * something outside a beat (a flush, a snapshot, an adopted change).
 *
 * A refused group stores nothing, and each of its appends is then tried alone,
 * so each caller gets its own answer; the callers retry as they would any
 * failed append.
 */
export class DocumentGroupWriter {
  readonly beat: WindowBeat;
  private queue: QueuedAppend[] = [];
  private nextTurnTick: NodeJS.Immediate | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly options: DocumentGroupWriterOptions = {},
  ) {
    this.beat = new WindowBeat({
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      afterBeat: () => void this.tick(),
    });
  }

  /** Appends queued for the next tick. */
  get queued(): number {
    return this.queue.length;
  }

  /** Appends to the doc's stream at the next tick; resolves to what the store answered for it. */
  append(
    docId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision = 'any',
  ): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ docId, events, expectedRevision, resolve, reject });
      // Outside a beat (which ticks as it ends), the turn's appends still go together.
      this.nextTurnTick ??= setImmediate(() => void this.tick());
    });
  }

  /** Stores every queued append now; resolves once each has its answer. */
  async tick(): Promise<void> {
    if (this.nextTurnTick !== null) clearImmediate(this.nextTurnTick);
    this.nextTurnTick = null;
    const appends = this.queue;
    if (appends.length === 0) return;
    this.queue = [];
    const release = this.options.projections?.holdWakes();
    const groups: Promise<void>[] = [];
    for (let start = 0; start < appends.length; start += MAX_STREAMS_PER_APPEND) {
      groups.push(this.commit(appends.slice(start, start + MAX_STREAMS_PER_APPEND)));
    }
    await Promise.all(groups);
    release?.();
  }

  /** Never rejects: each append's caller gets its own answer. */
  private async commit(appends: readonly QueuedAppend[]): Promise<void> {
    if (appends.length > 1 && this.store.appendToStreams) {
      try {
        const results = await this.store.appendToStreams(
          appends.map(({ docId, events, expectedRevision }) => ({
            streamName: streams.document(docId),
            events,
            expectedRevision,
          })),
        );
        // The store answers every append, in order.
        appends.forEach((append, index) => {
          const result = results[index];
          if (result === undefined) {
            append.reject(new Error(`The group append returned no result for ${append.docId}.`));
          } else {
            append.resolve(result);
          }
        });
        return;
      } catch {
        // None was stored: one by one, each gets its own answer (a refusal, a retry's original result).
      }
    }
    await Promise.all(
      appends.map(({ docId, events, expectedRevision, resolve, reject }) =>
        this.store
          .appendToStream(streams.document(docId), events, { expectedRevision })
          .then(resolve, reject),
      ),
    );
  }
}
