import { Inject, Injectable } from '@nestjs/common';
import type { DocumentUpdated } from '@commonplace/domain';
import { streams } from '@commonplace/domain';
import type {
  AttributedUpdate,
  DocumentChange,
  DocumentHistoryPage,
  DocumentReplayPage,
  DocumentRevision,
} from '@commonplace/shared';
import { HISTORY_LIMITS, WORKSPACE_FRAGMENT, WORKSPACE_TEXT } from '@commonplace/shared';
import * as Y from 'yjs';
import { AppError } from '../common/app-error.js';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port.js';
import { IdentityService } from '../identity/identity.service.js';
import { EVENT_STORE } from '../store/store.tokens.js';
import { readDocumentState } from './document-stream.reader.js';
import { EventLogDocumentPersistence } from './event-log-document.persistence.js';
import { WorkspaceAuthorizer } from './workspace-collab.adapters.js';
import { DocumentKinds } from './document-kinds.registry.js';

/**
 * Events read from the store at a time while filling a page: a page is cut by
 * bytes as well as count, and one change can be as large as a message (1 MiB),
 * so reading `limit` events at once could hold hundreds of MiB to return one.
 */
const READ_CHUNK = 32;

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
    private readonly identity: IdentityService,
    private readonly kinds: DocumentKinds,
    private readonly authorizer: WorkspaceAuthorizer,
  ) {}

  /**
   * Changes newest first, `limit` at a time (fewer once their update bytes
   * reach HISTORY_LIMITS.maxPageUpdateBytes), before revision `before` (exclusive).
   */
  async changes(
    userId: string,
    docId: string,
    page: { before?: number; limit: number },
  ): Promise<DocumentHistoryPage> {
    await this.requireAccess(docId, userId);
    const from = page.before === undefined ? undefined : page.before - 1;
    const { changes, more } = await this.readChanges(docId, 'backwards', from, page.limit);
    const attributed = await this.attribute(changes);
    return {
      docId,
      changes: attributed.map(({ change }) => change),
      nextBefore: more ? (changes.at(-1)?.revision ?? null) : null,
    };
  }

  /**
   * Changes oldest first with their update bytes, `limit` at a time (fewer once their bytes
   * reach HISTORY_LIMITS.maxPageUpdateBytes; `nextAfter` goes on), after revision `after`
   * (exclusive): what a browser needs to replay the document itself and colour each
   * character by the author whose Yjs client wrote it. Snapshots are skipped: they carry
   * no author, and replay from the first change rebuilds what they hold.
   */
  async updates(
    userId: string,
    docId: string,
    page: { after?: number; limit: number },
  ): Promise<DocumentReplayPage> {
    await this.requireAccess(docId, userId);
    const from = page.after === undefined ? 0 : page.after + 1;
    const { changes, more } = await this.readChanges(docId, 'forwards', from, page.limit);
    const attributed = await this.attribute(changes);
    return {
      docId,
      updates: attributed.map(({ change, data }): AttributedUpdate => ({
        ...change,
        update: data.update,
      })),
      nextAfter: more ? (changes.at(-1)?.revision ?? null) : null,
    };
  }

  /**
   * Up to `limit` attributed changes from revision `from` on, in `direction`,
   * stopping before the change that would take the page's update bytes past
   * the budget (a page always holds at least one), and whether more follow.
   * Snapshots are interleaved and skipped, so the stream is read in chunks
   * until the page is full or the stream ends.
   */
  private async readChanges(
    docId: string,
    direction: 'forwards' | 'backwards',
    from: number | undefined,
    limit: number,
    maxBytes: number = HISTORY_LIMITS.maxPageUpdateBytes,
  ): Promise<{ changes: RecordedEvent[]; more: boolean }> {
    const streamName = streams.document(docId);
    const found: RecordedEvent[] = [];
    const chunk = Math.min(limit + 1, READ_CHUNK);
    let bytes = 0;
    let next = from;
    while (next === undefined || next >= 0) {
      const events = await this.store.readStream(streamName, {
        direction,
        maxCount: chunk,
        ...(next === undefined ? {} : { fromRevision: next }),
      });
      for (const event of events) {
        if (event.type !== 'DocumentUpdated') continue;
        const size = updateBytesOf(event);
        if (found.length === limit || (found.length > 0 && bytes + size > maxBytes)) {
          return { changes: found, more: true };
        }
        found.push(event);
        bytes += size;
      }
      const last = events.at(-1);
      if (events.length < chunk || last === undefined) break;
      next = direction === 'forwards' ? last.revision + 1 : last.revision - 1;
    }
    return { changes: found, more: false };
  }

  /** Each change with its author's current display name. */
  private async attribute(
    changes: readonly RecordedEvent[],
  ): Promise<{ change: DocumentChange; data: DocumentUpdated['data'] }[]> {
    const data = changes.map((event) => event.data as DocumentUpdated['data']);
    const names = await this.identity.displayNames([...new Set(data.map((d) => d.authorId))]);
    return changes.map((event, index) => {
      const { authorId, inserted, deleted } = data[index]!;
      return {
        data: data[index]!,
        change: {
          revision: event.revision,
          at: event.recordedAt.toISOString(),
          authorId,
          authorDisplayName: names.get(authorId) ?? 'Former member',
          inserted,
          deleted,
        },
      };
    });
  }

  /** The document's text right after `revision`, rebuilt from the latest snapshot at or before it. */
  async textAt(userId: string, docId: string, revision: number): Promise<DocumentRevision> {
    await this.requireAccess(docId, userId);
    const stored = await readDocumentState(this.store, docId, {
      atRevision: revision,
      pageSize: this.persistence.snapshotSpan + 1,
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
      return { docId, revision, text: plainTextOf(doc) };
    } finally {
      doc.destroy();
    }
  }

  /**
   * Whoever may open the document live may read its history (the collab
   * endpoint's rule: group workspace, scratchpad, a tutor's read of a linked
   * project, …); anyone else gets the same refusal as the workspace itself,
   * so history reveals nothing more.
   */
  private async requireAccess(docId: string, userId: string): Promise<void> {
    if ((await this.authorizer.accessOf(userId, docId)).ok) return;
    const notFound = this.kinds.kindOf(docId)?.notFoundMessage;
    if (notFound) throw new AppError('workspace.not-found', notFound);
    throw new AppError(
      'workspace.not-found',
      'This workspace does not exist or you are not in its group.',
    );
  }
}

/** The Yjs bytes a stored change carries (kept as base64 in the event). */
function updateBytesOf(event: RecordedEvent): number {
  return Buffer.byteLength((event.data as DocumentUpdated['data']).update, 'base64');
}

/**
 * A document's words as plain text: one line per paragraph, heading or list item of the
 * rich-text fragment the editor writes, or the older plain Y.Text when the fragment is empty
 * (workspaces written before the rich-text editor, and the protocol-level tests).
 */
export function plainTextOf(doc: Y.Doc): string {
  const fragment = doc.getXmlFragment(WORKSPACE_FRAGMENT);
  if (fragment.length === 0) return doc.getText(WORKSPACE_TEXT).toString();
  const lines: string[] = [];
  collectLines(fragment, lines);
  return lines.join('\n');
}

/**
 * A block holding text (or nothing: an empty paragraph) is one line; a block of blocks
 * (a list, a list item) is walked into. Inside a line, a hard break is a line break.
 */
function collectLines(parent: Y.XmlFragment | Y.XmlElement, lines: string[]): void {
  const children = parent.toArray();
  const isTextBlock =
    parent instanceof Y.XmlElement &&
    (children.length === 0 || children.some((child) => child instanceof Y.XmlText));
  if (isTextBlock) {
    lines.push(
      children
        .map((child) => {
          if (child instanceof Y.XmlText) return textOf(child);
          return child instanceof Y.XmlElement && child.nodeName === 'hardBreak' ? '\n' : '';
        })
        .join(''),
    );
    return;
  }
  for (const child of children) {
    if (child instanceof Y.XmlElement) collectLines(child, lines);
    else if (child instanceof Y.XmlText) lines.push(textOf(child));
  }
}

/** The characters only: toString() would wrap bold and italic runs in markup tags. */
function textOf(text: Y.XmlText): string {
  return (text.toDelta() as Array<{ insert?: unknown }>)
    .map((op) => (typeof op.insert === 'string' ? op.insert : ''))
    .join('');
}
