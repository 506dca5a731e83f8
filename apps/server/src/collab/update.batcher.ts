import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import type {
  AttributedChange,
  CollabLogger,
  CollabMeter,
  DocumentPersistence,
} from './collab.types.js';
import { describeError } from './collab.logger.js';
import type { TextChangeCounts } from './text-change.counter.js';
import type { WindowBeat } from './window.beat.js';

export interface UpdateBatcherOptions {
  flushWindowMs: number;
  flushMaxBytes: number;
  logger: CollabLogger;
  /** Closes the window; shared by every document whose changes should be stored together. */
  beat: WindowBeat;
  /** Wait before the given retry (1, 2, …) of a failed append. */
  retryDelayMs?: (attempt: number) => number;
  meter?: CollabMeter | null;
  /** Told the relay sequence numbers of the updates each stored change held (none for most). */
  onStored?: (seqs: readonly number[]) => void;
}

interface AuthorBatch {
  readonly updates: Uint8Array[];
  /** Relay sequence numbers of the updates that had one. */
  readonly seqs: number[];
  bytes: number;
  inserted: number;
  deleted: number;
}

interface QueuedChange {
  readonly change: AttributedChange;
  readonly seqs: readonly number[];
}

/** Changes stored in one append at most; more wait for the next. */
const MAX_CHANGES_PER_APPEND = 64;

const defaultRetryDelayMs = (attempt: number): number => Math.min(500 * 2 ** (attempt - 1), 30_000);

/**
 * Gathers one document's updates per author over a short window, merges each
 * author's batch into one attributed change, and appends the changes in the
 * order their batches closed. The window is the document's (opened by anyone's
 * first update), so every author's change of one window goes to the store in
 * one append; changes that queue while an append is in flight go together in
 * the next. A failed append stays at the head of the queue and is retried as
 * it was (same changes, same ids): nothing is dropped while the server runs.
 */
export class UpdateBatcher {
  private readonly batches = new Map<string, AuthorBatch>();
  /** Cancels the open window's end; null while no window is open. */
  private cancelWindow: (() => void) | null = null;
  private readonly queue: QueuedChange[] = [];
  private draining = false;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private cutRetryShort: (() => void) | null = null;
  private waiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  private readonly retryDelayMs: (attempt: number) => number;

  constructor(
    private readonly docId: string,
    private readonly persistence: DocumentPersistence,
    private readonly options: UpdateBatcherOptions,
  ) {
    this.retryDelayMs = options.retryDelayMs ?? defaultRetryDelayMs;
  }

  /** Changes not yet stored: open batches plus merged changes waiting to be appended. */
  get pendingChanges(): number {
    return this.batches.size + this.queue.length;
  }

  /**
   * `seq` is the number the update was relayed to other instances under, if it
   * was: `onStored` hands it back once the update is stored.
   */
  add(authorId: string, update: Uint8Array, counts: TextChangeCounts, seq?: number): void {
    if (this.stopped) return;
    // The window opens with the first update, so a steady typist is still saved every window.
    this.cancelWindow ??= this.options.beat.schedule(this.options.flushWindowMs, () =>
      this.closeAll(),
    );
    let batch = this.batches.get(authorId);
    if (batch === undefined) {
      batch = { updates: [], seqs: [], bytes: 0, inserted: 0, deleted: 0 };
      this.batches.set(authorId, batch);
    }
    if (seq !== undefined) batch.seqs.push(seq);
    batch.updates.push(update);
    batch.bytes += update.byteLength;
    batch.inserted += counts.inserted;
    batch.deleted += counts.deleted;
    if (batch.bytes >= this.options.flushMaxBytes) {
      this.closeBatch(authorId);
      this.startDraining();
    }
  }

  /**
   * Queues a change made elsewhere exactly as given, id included: an instance
   * that died before storing its authors' updates has them stored by the
   * survivors, and the shared id makes the store keep one copy however many do.
   */
  adopt(change: AttributedChange): void {
    if (this.stopped) return;
    this.queue.push({ change, seqs: [] });
    this.startDraining();
  }

  /**
   * Closes every open window and appends now, skipping any retry wait. Resolves
   * once nothing is left to store, however many retries that takes; rejects only
   * if the batcher is stopped first.
   */
  flush(): Promise<void> {
    this.closeAll();
    if (this.stopped) return Promise.reject(this.stoppedError());
    if (this.queue.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.cutRetryShort?.();
    });
  }

  /** Cancels timers and retries. Returns how many changes were never stored. */
  stop(): number {
    if (this.stopped) return 0;
    const unsaved = this.pendingChanges;
    this.stopped = true;
    this.cancelWindow?.();
    this.cancelWindow = null;
    this.cutRetryShort?.();
    const error = this.stoppedError(unsaved);
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
    return unsaved;
  }

  /** Closes the window: every author's batch becomes a change, and they are stored together. */
  private closeAll(): void {
    this.cancelWindow?.();
    this.cancelWindow = null;
    for (const authorId of [...this.batches.keys()]) this.closeBatch(authorId);
    this.startDraining();
  }

  private startDraining(): void {
    if (!this.draining && !this.stopped && this.queue.length > 0) void this.drain();
  }

  private closeBatch(authorId: string): void {
    const batch = this.batches.get(authorId);
    if (batch === undefined) return;
    this.batches.delete(authorId);
    const [first] = batch.updates;
    const update =
      batch.updates.length === 1 && first !== undefined ? first : Y.mergeUpdates(batch.updates);
    this.queue.push({
      change: {
        changeId: randomUUID(),
        authorId,
        update,
        inserted: batch.inserted,
        deleted: batch.deleted,
      },
      seqs: batch.seqs,
    });
  }

  /** The only caller of `appendAll` for this document, so appends never overlap or reorder. */
  private async drain(): Promise<void> {
    this.draining = true;
    let attempt = 0;
    // Kept as it is across retries: a store that took it but lost the reply must see the same append again.
    let group: QueuedChange[] = [];
    while (!this.stopped) {
      if (group.length === 0) group = this.queue.slice(0, MAX_CHANGES_PER_APPEND);
      if (group.length === 0) break;
      const changes = group.map((queued) => queued.change);
      try {
        const started = performance.now();
        await this.persistence.appendAll(this.docId, changes);
        const bytes = changes.reduce((sum, change) => sum + change.update.byteLength, 0);
        this.options.meter?.changeStored(bytes, performance.now() - started);
        this.queue.splice(0, group.length);
        const seqs = group.flatMap((queued) => queued.seqs);
        group = [];
        attempt = 0;
        if (seqs.length > 0) this.options.onStored?.(seqs);
      } catch (error) {
        attempt += 1;
        const delay = this.retryDelayMs(attempt);
        const authors = [...new Set(changes.map((change) => change.authorId))].join(', ');
        this.options.logger.error(
          `Could not save ${changes.length === 1 ? 'a change' : `${changes.length} changes`} by ${authors} to document ${this.docId} ` +
            `(attempt ${attempt}, ${this.queue.length} waiting); retrying in ${delay} ms: ${describeError(error)}`,
        );
        await this.waitBeforeRetry(delay);
      }
    }
    this.draining = false;
    if (this.queue.length === 0) for (const waiter of this.waiters.splice(0)) waiter.resolve();
  }

  private waitBeforeRetry(delayMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        if (this.retryTimer !== null) clearTimeout(this.retryTimer);
        this.retryTimer = null;
        this.cutRetryShort = null;
        resolve();
      };
      this.retryTimer = setTimeout(done, delayMs);
      this.cutRetryShort = done;
    });
  }

  private stoppedError(unsaved = this.pendingChanges): Error {
    return new Error(`Document ${this.docId} was closed with ${unsaved} unsaved change(s).`);
  }
}
