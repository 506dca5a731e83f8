import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { RedisDocumentRelay } from '../redis/redis-document.relay.js';
import { RedisFlushRequests } from '../redis/redis-flush.requests.js';
import { DOCUMENT_RELAY } from './document-relay.token.js';
import { WorkspaceCollab } from './workspace-collab.service.js';

/** How long a submission waits for the other instances to store the document before pinning what is stored. */
export const PEER_FLUSH_TIMEOUT_MS = 2_000;

/**
 * Gets a document's latest edits into the log now, wherever they were typed:
 * the collaboration endpoint gathers edits for a short window before storing
 * them, so anything that pins "the last stored revision" asks this first.
 */
@Injectable()
export class DocumentFlusher implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('DocumentFlush');
  private readonly peers: RedisFlushRequests | null;

  constructor(
    private readonly collab: WorkspaceCollab,
    @Inject(DOCUMENT_RELAY) relay: RedisDocumentRelay | null,
  ) {
    this.peers =
      relay === null
        ? null
        : new RedisFlushRequests(
            relay,
            (docId) => this.collab.endpoint.flushDocument(docId),
            this.logger,
          );
  }

  async onModuleInit(): Promise<void> {
    await this.peers?.start();
  }

  onModuleDestroy(): void {
    this.peers?.stop();
  }

  /**
   * Resolves once the document's edits gathered on this instance are stored and
   * every other live instance said the same of its own, or the bounded wait for
   * them ended (logged: what they held may be missing from what follows).
   */
  async flush(docId: string): Promise<void> {
    const [, outcome] = await Promise.all([
      this.collab.endpoint.flushDocument(docId),
      this.peers?.flushOnPeers(docId, PEER_FLUSH_TIMEOUT_MS).catch((error: unknown) => {
        // Redis unreachable: the peers cannot be asked, and refusing the submission would help no one.
        this.logger.warn(
          `Could not ask the other instances to store document ${docId} (${String(error)}); going on with what is stored.`,
        );
        return undefined;
      }),
    ]);
    if (outcome !== undefined && outcome.silent.length > 0) {
      this.logger.warn(
        `${outcome.silent.length} of ${outcome.asked} other instances did not confirm storing document ${docId} ` +
          `within ${PEER_FLUSH_TIMEOUT_MS} ms (${outcome.silent.join(', ')}); going on with what is stored.`,
      );
    }
  }
}
