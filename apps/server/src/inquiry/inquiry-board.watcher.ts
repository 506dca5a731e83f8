import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { InquiryEvent } from '@commonplace/domain';
import { COLLAB_CLOSE } from '@commonplace/shared';
import { ProjectionRunner } from '../projections/projection-runner.js';
import type { RedisDocumentRelay } from '../redis/redis-document.relay.js';
import { DOCUMENT_RELAY } from '../workspaces/document-relay.token.js';
import { WorkspaceCollab } from '../workspaces/workspace-collab.js';
import { InquiryBoardAccessReader } from './inquiry-board-access.reader.js';
import { inquiryProjection } from './inquiry.projection.js';

/** The events after which someone's access to a space's board may differ. */
const ACCESS_EVENTS = new Set([
  'InquiryBoardLocked',
  'InquiryBoardUnlocked',
  'InquiryParticipantRemoved',
  'MentorRevoked',
  'MentorAccessExpired',
]);

const TOPIC = 'inquiry-board-access';

/**
 * Makes open board connections obey the space's changes: once the inquiry
 * read model has committed a lock, unlock, removal, revocation or expiry,
 * every connection to that space's board is checked again. One whose access
 * changed is closed with 4409 (the client asks again and comes back with it);
 * one now refused with 4403. Only one instance runs the projection; with
 * several, it tells every instance through Redis, and each closes its own.
 */
@Injectable()
export class InquiryBoardWatcher implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('InquiryBoard');
  private unsubscribe: (() => void) | undefined;
  private leaveTopic: (() => void) | undefined;
  /** Changes are applied one batch after another, in commit order. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly projections: ProjectionRunner,
    private readonly boards: InquiryBoardAccessReader,
    private readonly collab: WorkspaceCollab,
    @Inject(DOCUMENT_RELAY) private readonly relay: RedisDocumentRelay | null,
  ) {}

  async onModuleInit(): Promise<void> {
    const relay = this.relay;
    if (relay !== null) {
      this.leaveTopic = await relay.subscribeTopic(TOPIC, (message) => {
        this.enqueue(JSON.parse(message) as string[]);
      });
    }
    this.unsubscribe = this.projections.onProjected((projection, events) => {
      if (projection !== inquiryProjection.name) return;
      const spaceIds = [
        ...new Set(
          events
            .filter((event) => ACCESS_EVENTS.has(event.type))
            .map((event) => (event.data as InquiryEvent['data']).spaceId),
        ),
      ];
      if (spaceIds.length === 0) return;
      // Heard back by this instance too, so every instance applies it the same one way.
      if (relay !== null) relay.publishTopic(TOPIC, JSON.stringify(spaceIds));
      else this.enqueue(spaceIds);
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    this.leaveTopic?.();
  }

  /** Resolves once every change heard so far has reached the live connections. */
  settled(): Promise<void> {
    return this.queue;
  }

  private enqueue(spaceIds: readonly string[]): void {
    this.queue = this.queue.then(async () => {
      for (const spaceId of spaceIds) {
        try {
          await this.recheck(spaceId);
        } catch (error) {
          this.logger.error(
            `Could not apply a change of space ${spaceId} to its open board connections; ` +
              `they keep their access until they reconnect: ${String(error)}`,
          );
        }
      }
    });
  }

  /** Asks the read model again rather than inferring from the event: it holds every later change too. */
  private async recheck(spaceId: string): Promise<void> {
    const docId = await this.boards.boardOf(spaceId);
    if (docId === undefined) return;
    const endpoint = this.collab.endpoint;
    const refused = new Set<string>();
    /** `userId` and the access they have now, for each person connected. */
    const current = new Set<string>();
    const seen = new Set<string>();
    for (const { userId } of endpoint.connectionsOn(docId)) {
      if (seen.has(userId)) continue;
      seen.add(userId);
      const now = await this.boards.board(docId, userId);
      if (!now.ok) refused.add(userId);
      else current.add(`${userId}\n${now.principal.access}`);
    }
    endpoint.closeWhere(
      docId,
      (connection) => refused.has(connection.userId),
      COLLAB_CLOSE.forbidden,
    );
    endpoint.closeWhere(
      docId,
      (connection) =>
        seen.has(connection.userId) &&
        !refused.has(connection.userId) &&
        !current.has(`${connection.userId}\n${connection.access}`),
      COLLAB_CLOSE.accessChanged,
    );
  }
}
