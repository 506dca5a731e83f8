import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { DocumentSnapshotted, DocumentUpdated } from '@commonplace/domain';
import { streams } from '@commonplace/domain';
import * as Y from 'yjs';
import type { AttributedChange, DocumentPersistence } from '../collab/collab.types.js';
import type { EventStore, ExpectedRevision, NewEvent } from '../event-store/event-store.port.js';
import { WrongExpectedRevisionError } from '../event-store/event-store.port.js';
import { EVENT_STORE } from '../store/store.tokens.js';
import { DocumentGroupWriter } from './document-group.writer.js';
import { readDocumentState } from './document-stream.reader.js';
import type { StoredDocumentState } from './document-stream.reader.js';

export interface DocumentPersistenceOptions {
  /** A snapshot is appended once this many changes follow the previous one. Default 100. */
  readonly snapshotEvery?: number;
  /**
   * Up to this many more, fixed per document. A class starts together, so its
   * documents reach each count on the same beat, and their snapshots (each a
   * merge of a hundred changes) would stall every socket at once. Default 50,
   * or 0 when snapshotEvery is given (a test's snapshots fall where it says).
   */
  readonly snapshotStagger?: number;
}

export const DOCUMENT_PERSISTENCE_OPTIONS = Symbol('DOCUMENT_PERSISTENCE_OPTIONS');

const DEFAULT_SNAPSHOT_EVERY = 100;
const DEFAULT_SNAPSHOT_STAGGER = 50;
/**
 * Events a load reads first: a doc compacted as it unloaded ends with its
 * snapshot, so this is its whole load; a doc with a tail reads the rest of a
 * page next.
 */
const LOAD_FIRST_PAGE = 2;
/** Events at the end of the log that `warmUp` reads. */
const WARM_UP_LOG_TAIL = 16;
/** Docs whose stored state is mirrored; one that loses its mirror is read back from the stream. */
const MAX_MIRRORED_DOCS = 1_000;

interface StoredMirror {
  headRevision: number;
  /** The stream through its latest snapshot (or its whole read), as read or merged. */
  base: readonly Uint8Array[];
  /** Each change appended here since, back to back in one buffer. */
  changes: PackedBytes;
}

/**
 * Byte arrays appended back to back in one growing buffer: a hundred small
 * changes cost one allocation, not a hundred typed arrays and their backing
 * stores (about 200 bytes each, for updates of 20 to 100). Never written over,
 * so views handed out stay valid while more is appended.
 */
class PackedBytes {
  private bytes = new Uint8Array(0);
  private readonly ends: number[] = [];

  push(update: Uint8Array): void {
    const start = this.ends.at(-1) ?? 0;
    const end = start + update.byteLength;
    if (end > this.bytes.byteLength) {
      const grown = new Uint8Array(Math.max(end, this.bytes.byteLength * 2, 256));
      grown.set(this.bytes.subarray(0, start));
      this.bytes = grown;
    }
    this.bytes.set(update, start);
    this.ends.push(end);
  }

  /** Views of each array pushed, in order. */
  list(): Uint8Array[] {
    return this.ends.map((end, index) => this.bytes.subarray(this.ends[index - 1] ?? 0, end));
  }
}

/** Docs whose latest snapshot revision is remembered; a forgotten one costs one extra read. */
const MAX_REMEMBERED_DOCS = 10_000;

/**
 * A workspace document's stream in the event log is its storage and its
 * version history: attributed changes, with a snapshot every `snapshotEvery`
 * changes so a cold load reads one snapshot plus a short tail.
 */
@Injectable()
export class EventLogDocumentPersistence implements DocumentPersistence {
  private readonly logger = new Logger('DocumentStore');
  readonly snapshotEvery: number;
  private readonly snapshotStagger: number;
  /** Revision of each doc's latest snapshot (-1: none yet), as far as this instance knows. */
  private readonly snapshotRevisions = new Map<string, number>();
  /**
   * Per doc loaded here: what its stream holds through `headRevision`, as this
   * instance read and appended it (latest snapshot state first, then each change
   * after it). A snapshot is merged from it instead of reading the stream back;
   * forgotten as soon as the stream moves in a way we did not see (another
   * instance appended), and then the stream is read as before.
   */
  private readonly mirrors = new Map<string, StoredMirror>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(DOCUMENT_PERSISTENCE_OPTIONS) options?: DocumentPersistenceOptions,
    private readonly writer: DocumentGroupWriter = new DocumentGroupWriter(store),
  ) {
    const every = options?.snapshotEvery ?? DEFAULT_SNAPSHOT_EVERY;
    if (!Number.isSafeInteger(every) || every < 1)
      throw new Error(`snapshotEvery must be 1 or more, got ${every}.`);
    this.snapshotEvery = every;
    const stagger =
      options?.snapshotStagger ??
      (options?.snapshotEvery === undefined ? DEFAULT_SNAPSHOT_STAGGER : 0);
    if (!Number.isSafeInteger(stagger) || stagger < 0)
      throw new Error(`snapshotStagger must be 0 or more, got ${stagger}.`);
    this.snapshotStagger = stagger;
  }

  /** The most changes that follow a snapshot before the next: one page of this many and one more reaches it. */
  get snapshotSpan(): number {
    return this.snapshotEvery + this.snapshotStagger;
  }

  async load(docId: string): Promise<Uint8Array[]> {
    const stored = await readDocumentState(this.store, docId, {
      pageSize: this.pageSize,
      firstPageSize: LOAD_FIRST_PAGE,
    });
    this.remember(docId, stored.snapshotRevision ?? -1);
    this.mirror(docId, {
      headRevision: stored.headRevision,
      base: [...stored.updates],
      changes: new PackedBytes(),
    });
    return stored.updates;
  }

  /**
   * Before the first connection after a start: a load's read of a stream that
   * does not exist (its query planned, nothing remembered), and a read of the
   * last document events in the log, which after a graceful stop are the
   * snapshots of the documents open at the time, the ones most likely opened
   * first again. On PGlite the first read of a large snapshot costs a hundred
   * milliseconds and more of loading files and compiling WebAssembly that the
   * next one does not (bench/results/cold-load.md). Nothing read is kept.
   */
  async warmUp(absentDocId: string): Promise<void> {
    await readDocumentState(this.store, absentDocId, {
      pageSize: this.pageSize,
      firstPageSize: LOAD_FIRST_PAGE,
    });
    const head = await this.store.headPosition();
    await this.store.readAll({
      after: Math.max(0, head - WARM_UP_LOG_TAIL),
      streamPrefix: streams.document(''),
      maxCount: WARM_UP_LOG_TAIL,
    });
  }

  append(docId: string, change: AttributedChange): Promise<void> {
    return this.appendAll(docId, [change]);
  }

  async appendAll(docId: string, changes: readonly AttributedChange[]): Promise<void> {
    if (changes.length === 0) return;
    const at = new Date().toISOString();
    // Each batch's own id: a retry after a lost reply is recognised by the store and stored once.
    const revision = await this.appendEvents(
      docId,
      changes.map((change) => {
        const data: DocumentUpdated['data'] = {
          docId,
          authorId: change.authorId,
          update: Buffer.from(change.update).toString('base64'),
          inserted: change.inserted,
          deleted: change.deleted,
        };
        return {
          id: change.changeId,
          type: 'DocumentUpdated',
          data,
          metadata: { at, by: change.authorId },
        };
      }),
    );
    const mirror = this.mirrors.get(docId);
    if (mirror !== undefined) {
      // Exactly the next revisions: nothing of anyone else's came between.
      if (mirror.headRevision + changes.length === revision) {
        // Copied in: a view would keep the whole socket read it came from alive.
        for (const change of changes) mirror.changes.push(change.update);
        mirror.headRevision = revision;
      } else {
        this.mirrors.delete(docId);
      }
    }
    const snapshotRevision = this.snapshotRevisions.get(docId);
    if (snapshotRevision === undefined || revision - snapshotRevision >= this.snapshotDue(docId)) {
      await this.snapshot(docId, revision, this.snapshotDue(docId));
    }
  }

  /**
   * Appends to a doc's stream through the group commit, resolving to its new
   * revision: the changes of every window closed on a beat, and the snapshots
   * that follow them, go with the other documents' in one multi-stream append.
   */
  private async appendEvents(
    docId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision = 'any',
  ): Promise<number> {
    const result = await this.writer.append(docId, events, expectedRevision);
    return result.nextExpectedRevision;
  }

  /**
   * Snapshots the doc through its last change if any change follows the last
   * snapshot: called when it unloads or the server stops, so the next cold
   * load reads one snapshot and no tail.
   */
  async compact(docId: string): Promise<void> {
    await this.snapshot(docId, undefined, 1);
    // The doc is unloading: its next load reads the stream anyway.
    this.mirrors.delete(docId);
  }

  /**
   * Appends a snapshot through `atRevision` (the head when absent), built from
   * the stream itself (never from changes still in memory), if at least
   * `minTail` events follow the last one. A failure costs nothing but a longer
   * tail: the next change tries again.
   */
  private async snapshot(
    docId: string,
    atRevision: number | undefined,
    minTail: number,
  ): Promise<void> {
    let revision = atRevision ?? -1;
    try {
      const stored =
        (await this.mirrored(docId, atRevision)) ??
        (await readDocumentState(this.store, docId, {
          ...(atRevision === undefined ? {} : { atRevision }),
          pageSize: this.pageSize,
        }));
      revision = atRevision ?? stored.headRevision;
      const snapshotRevision = stored.snapshotRevision ?? -1;
      this.remember(docId, snapshotRevision);
      if (revision < 0 || revision - snapshotRevision < minTail) return;
      const state = Y.mergeUpdates(stored.updates);
      const data: DocumentSnapshotted['data'] = {
        docId,
        state: Buffer.from(state).toString('base64'),
        throughRevision: revision,
      };
      // Only directly after `revision`, so the snapshot never claims a change it does not hold.
      await this.appendEvents(
        docId,
        [
          {
            id: randomUUID(),
            type: 'DocumentSnapshotted',
            data,
            metadata: { at: new Date().toISOString() },
          },
        ],
        revision,
      );
      this.remember(docId, revision + 1);
      const mirror = this.mirrors.get(docId);
      if (mirror !== undefined && mirror.headRevision === revision) {
        mirror.headRevision = revision + 1;
        mirror.base = [state];
        mirror.changes = new PackedBytes();
      }
    } catch (error) {
      // Someone appended first: the snapshot waits for the next change.
      if (error instanceof WrongExpectedRevisionError) {
        this.mirrors.delete(docId);
        return;
      }
      this.logger.error(
        `Could not snapshot document ${docId} through revision ${revision}; loads read a longer tail until the next try: ${String(error)}`,
      );
    }
  }

  /** The doc's stored state through `atRevision` (the head when absent) from its mirror, if it has one that far. */
  private async mirrored(
    docId: string,
    atRevision: number | undefined,
  ): Promise<Pick<StoredDocumentState, 'updates' | 'headRevision' | 'snapshotRevision'> | null> {
    const mirror = this.mirrors.get(docId);
    if (mirror === undefined) return null;
    if (atRevision !== undefined && atRevision !== mirror.headRevision) return null;
    return {
      updates: [...mirror.base, ...mirror.changes.list()],
      headRevision: mirror.headRevision,
      snapshotRevision: this.snapshotRevisions.get(docId) ?? null,
    };
  }

  private mirror(docId: string, mirror: StoredMirror): void {
    this.mirrors.delete(docId);
    if (this.mirrors.size >= MAX_MIRRORED_DOCS) {
      const oldest = this.mirrors.keys().next();
      if (oldest.done !== true) this.mirrors.delete(oldest.value);
    }
    this.mirrors.set(docId, mirror);
  }

  /** One page usually reaches the latest snapshot. */
  private get pageSize(): number {
    return this.snapshotSpan + 1;
  }

  /** How many changes after its last snapshot this doc is snapshotted: the same each time. */
  private snapshotDue(docId: string): number {
    if (this.snapshotStagger === 0) return this.snapshotEvery;
    let hash = 0;
    for (let index = 0; index < docId.length; index++)
      hash = (Math.imul(hash, 31) + docId.charCodeAt(index)) >>> 0;
    return this.snapshotEvery + (hash % (this.snapshotStagger + 1));
  }

  private remember(docId: string, snapshotRevision: number): void {
    this.snapshotRevisions.delete(docId);
    if (this.snapshotRevisions.size >= MAX_REMEMBERED_DOCS) {
      const oldest = this.snapshotRevisions.keys().next();
      if (oldest.done !== true) this.snapshotRevisions.delete(oldest.value);
    }
    this.snapshotRevisions.set(docId, snapshotRevision);
  }
}
