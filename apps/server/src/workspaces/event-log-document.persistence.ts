import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { DocumentSnapshotted, DocumentUpdated } from '@commonplace/domain';
import { streams } from '@commonplace/domain';
import * as Y from 'yjs';
import type { AttributedChange, DocumentPersistence } from '../collab/collab.types.js';
import type { EventStore } from '../event-store/event-store.port.js';
import { WrongExpectedRevisionError } from '../event-store/event-store.port.js';
import { EVENT_STORE } from '../store/store.tokens.js';
import { readDocumentState } from './document-stream.reader.js';

export interface DocumentPersistenceOptions {
  /** A snapshot is appended once this many changes follow the previous one. Default 100. */
  readonly snapshotEvery?: number;
}

export const DOCUMENT_PERSISTENCE_OPTIONS = Symbol('DOCUMENT_PERSISTENCE_OPTIONS');

const DEFAULT_SNAPSHOT_EVERY = 100;
/**
 * Events a load reads first: a doc compacted as it unloaded ends with its
 * snapshot, so this is its whole load; a doc with a tail reads the rest of a
 * page next.
 */
const LOAD_FIRST_PAGE = 2;
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
  /** Revision of each doc's latest snapshot (-1: none yet), as far as this instance knows. */
  private readonly snapshotRevisions = new Map<string, number>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(DOCUMENT_PERSISTENCE_OPTIONS) options?: DocumentPersistenceOptions,
  ) {
    const every = options?.snapshotEvery ?? DEFAULT_SNAPSHOT_EVERY;
    if (!Number.isSafeInteger(every) || every < 1)
      throw new Error(`snapshotEvery must be 1 or more, got ${every}.`);
    this.snapshotEvery = every;
  }

  async load(docId: string): Promise<Uint8Array[]> {
    const stored = await readDocumentState(this.store, docId, {
      pageSize: this.pageSize,
      firstPageSize: LOAD_FIRST_PAGE,
    });
    this.remember(docId, stored.snapshotRevision ?? -1);
    return stored.updates;
  }

  append(docId: string, change: AttributedChange): Promise<void> {
    return this.appendAll(docId, [change]);
  }

  async appendAll(docId: string, changes: readonly AttributedChange[]): Promise<void> {
    if (changes.length === 0) return;
    const at = new Date().toISOString();
    // Each batch's own id: a retry after a lost reply is recognised by the store and stored once.
    const { nextExpectedRevision: revision } = await this.store.appendToStream(
      streams.document(docId),
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
    const snapshotRevision = this.snapshotRevisions.get(docId);
    if (snapshotRevision === undefined || revision - snapshotRevision >= this.snapshotEvery) {
      await this.snapshot(docId, revision, this.snapshotEvery);
    }
  }

  /**
   * Snapshots the doc through its last change if any change follows the last
   * snapshot: called when it unloads or the server stops, so the next cold
   * load reads one snapshot and no tail.
   */
  async compact(docId: string): Promise<void> {
    await this.snapshot(docId, undefined, 1);
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
      const stored = await readDocumentState(this.store, docId, {
        ...(atRevision === undefined ? {} : { atRevision }),
        pageSize: this.pageSize,
      });
      revision = atRevision ?? stored.headRevision;
      const snapshotRevision = stored.snapshotRevision ?? -1;
      this.remember(docId, snapshotRevision);
      if (revision < 0 || revision - snapshotRevision < minTail) return;
      const data: DocumentSnapshotted['data'] = {
        docId,
        state: Buffer.from(Y.mergeUpdates(stored.updates)).toString('base64'),
        throughRevision: revision,
      };
      // Only directly after `revision`, so the snapshot never claims a change it does not hold.
      await this.store.appendToStream(
        streams.document(docId),
        [
          {
            id: randomUUID(),
            type: 'DocumentSnapshotted',
            data,
            metadata: { at: new Date().toISOString() },
          },
        ],
        { expectedRevision: revision },
      );
      this.remember(docId, revision + 1);
    } catch (error) {
      // Someone appended first: the snapshot waits for the next change.
      if (error instanceof WrongExpectedRevisionError) return;
      this.logger.error(
        `Could not snapshot document ${docId} through revision ${revision}; loads read a longer tail until the next try: ${String(error)}`,
      );
    }
  }

  /** One page usually reaches the latest snapshot. */
  private get pageSize(): number {
    return this.snapshotEvery + 1;
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
