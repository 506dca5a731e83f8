import { Inject, Injectable } from '@nestjs/common';
import type { DocumentUpdated } from '@commonplace/domain';
import { streams } from '@commonplace/domain';
import type { DocumentChange, DocumentHistoryPage, DocumentRevision } from '@commonplace/shared';
import { WORKSPACE_TEXT } from '@commonplace/shared';
import * as Y from 'yjs';
import { ClassroomQueries } from '../classrooms/classroom.queries.js';
import { AppError } from '../common/app-error.js';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port.js';
import { IdentityService } from '../identity/identity.service.js';
import { EVENT_STORE } from '../store/store.tokens.js';
import { readDocumentState } from './document-stream.reader.js';
import { EventLogDocumentPersistence } from './event-log-document.persistence.js';

/**
 * A workspace document's version history, read from its stream: who changed
 * it when, and the text as it stood after any change. Lists what is stored;
 * edits still inside the flush window show up a moment later.
 */
@Injectable()
export class DocumentHistory {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly persistence: EventLogDocumentPersistence,
    private readonly queries: ClassroomQueries,
    private readonly identity: IdentityService,
  ) {}

  /** Changes newest first, `limit` at a time, before revision `before` (exclusive). */
  async changes(
    userId: string,
    docId: string,
    page: { before?: number; limit: number },
  ): Promise<DocumentHistoryPage> {
    await this.requireAccess(docId, userId);
    const streamName = streams.document(docId);
    const found: RecordedEvent[] = [];
    let from = page.before === undefined ? undefined : page.before - 1;
    // One more than asked, to know whether another page follows.
    while (found.length <= page.limit && (from === undefined || from >= 0)) {
      const events = await this.store.readStream(streamName, {
        direction: 'backwards',
        maxCount: page.limit + 1,
        ...(from === undefined ? {} : { fromRevision: from }),
      });
      found.push(...events.filter((event) => event.type === 'DocumentUpdated'));
      const last = events.at(-1);
      if (events.length < page.limit + 1 || last === undefined) break;
      from = last.revision - 1;
    }
    const changes = found.slice(0, page.limit);
    const names = await this.identity.displayNames([
      ...new Set(changes.map((event) => authorOf(event))),
    ]);
    return {
      docId,
      changes: changes.map((event): DocumentChange => {
        const data = event.data as DocumentUpdated['data'];
        return {
          revision: event.revision,
          at: event.recordedAt.toISOString(),
          authorId: data.authorId,
          authorDisplayName: names.get(data.authorId) ?? 'Former member',
          inserted: data.inserted,
          deleted: data.deleted,
        };
      }),
      nextBefore: found.length > page.limit ? (changes.at(-1)?.revision ?? null) : null,
    };
  }

  /** The document's text right after `revision`, rebuilt from the latest snapshot at or before it. */
  async textAt(userId: string, docId: string, revision: number): Promise<DocumentRevision> {
    await this.requireAccess(docId, userId);
    const stored = await readDocumentState(this.store, docId, {
      atRevision: revision,
      pageSize: this.persistence.snapshotEvery + 1,
    });
    if (stored.headRevision < revision) {
      throw new AppError(
        'workspace.not-found',
        stored.headRevision < 0
          ? `This workspace has no saved changes yet, so there is no revision ${revision}.`
          : `This workspace has no revision ${revision}; its latest is ${stored.headRevision}. Pick one from its history.`,
      );
    }
    const doc = new Y.Doc();
    try {
      Y.transact(doc, () => stored.updates.forEach((update) => Y.applyUpdate(doc, update)));
      return { docId, revision, text: doc.getText(WORKSPACE_TEXT).toString() };
    } finally {
      doc.destroy();
    }
  }

  /** Same rule and same refusal as the workspace itself, so history reveals nothing more. */
  private async requireAccess(docId: string, userId: string): Promise<void> {
    const decision = await this.queries.workspaceAccess(docId, userId);
    if ('refused' in decision) {
      throw new AppError(
        'workspace.not-found',
        'This workspace does not exist or you are not in its group.',
      );
    }
  }
}

function authorOf(event: RecordedEvent): string {
  return (event.data as DocumentUpdated['data']).authorId;
}
