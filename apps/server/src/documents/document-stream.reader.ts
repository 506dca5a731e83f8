import type { DocumentSnapshotted, DocumentUpdated } from '@commonplace/domain';
import { streams } from '@commonplace/domain';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port.js';

/** What a document's stream holds up to some revision: at most one snapshot, then the changes after it. */
export interface StoredDocumentState {
  /** The snapshot's state (when there is one) first, then each later change, oldest first. */
  readonly updates: Uint8Array[];
  /** Revision of the snapshot event the state starts from, or null when it starts from the beginning. */
  readonly snapshotRevision: number | null;
  /** Last revision the state includes, or -1 for an empty stream. */
  readonly headRevision: number;
  /** Events read from the store to build it, snapshot included. */
  readonly eventsRead: number;
}

export interface ReadDocumentStateOptions {
  /** Rebuild as of this revision (inclusive); the newest when absent. */
  readonly atRevision?: number;
  /** Events per backwards read; the latest snapshot is usually within the first page. */
  readonly pageSize: number;
  /**
   * Events in the first read, when fewer than `pageSize`: a doc compacted as it
   * unloaded ends with its snapshot, and a full page would also fetch the older
   * snapshot and changes behind it only to drop them.
   */
  readonly firstPageSize?: number;
}

/**
 * Reads a document's stream backwards to its latest snapshot (at or before
 * `atRevision`), so the cost of a load follows the tail, not the whole history.
 */
export async function readDocumentState(
  store: EventStore,
  docId: string,
  options: ReadDocumentStateOptions,
): Promise<StoredDocumentState> {
  const streamName = streams.document(docId);
  const newestFirst: Uint8Array[] = [];
  let snapshot: { state: Uint8Array; revision: number; throughRevision: number } | null = null;
  let headRevision = -1;
  let eventsRead = 0;
  let from = options.atRevision;
  let pageSize = options.firstPageSize ?? options.pageSize;
  for (;;) {
    const page = await store.readStream(streamName, {
      direction: 'backwards',
      maxCount: pageSize,
      ...(from === undefined ? {} : { fromRevision: from }),
    });
    let reachedSnapshotBase = false;
    for (const event of page) {
      if (snapshot !== null && event.revision <= snapshot.throughRevision) {
        reachedSnapshotBase = true;
        break;
      }
      eventsRead += 1;
      headRevision = Math.max(headRevision, event.revision);
      if (event.type === 'DocumentSnapshotted' && snapshot === null) {
        const data = event.data as DocumentSnapshotted['data'];
        snapshot = {
          state: decodeBase64(data.state),
          revision: event.revision,
          throughRevision: data.throughRevision,
        };
      } else if (event.type === 'DocumentUpdated') {
        newestFirst.push(updateOf(event));
      }
    }
    const last = page.at(-1);
    if (reachedSnapshotBase || page.length < pageSize || last === undefined) break;
    if (last.revision === 0) break;
    from = last.revision - 1;
    // The rest of what one full page would have held, then full pages.
    pageSize =
      pageSize < options.pageSize && eventsRead < options.pageSize
        ? options.pageSize - eventsRead
        : options.pageSize;
  }
  const updates = newestFirst.reverse();
  if (snapshot !== null) updates.unshift(snapshot.state);
  return { updates, snapshotRevision: snapshot?.revision ?? null, headRevision, eventsRead };
}

export function updateOf(event: RecordedEvent): Uint8Array {
  return decodeBase64((event.data as DocumentUpdated['data']).update);
}

function decodeBase64(value: string): Uint8Array {
  const buffer = Buffer.from(value, 'base64');
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
