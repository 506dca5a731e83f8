import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { COLLAB_CLOSE } from '@commonplace/shared';
import { ProjectionRunner } from '../projections/projection-runner.js';
import type { RedisDocumentRelay } from '../redis/redis-document.relay.js';
import { DOCUMENT_RELAY } from './document-relay.token.js';
import { DocumentKinds } from './document-kinds.registry.js';
import { WorkspaceAuthorizer } from './workspace-collab.adapters.js';
import { WorkspaceCollab } from './workspace-collab.service.js';

/** Which rule's subjects changed: all that crosses between instances. */
interface AccessChange {
  readonly rule: string;
  readonly subjects: readonly string[];
}

const TOPIC = 'document-access';

/**
 * Makes open document connections obey access changes, for every kind of
 * document. Once a projection has committed an event that a rule says may
 * change access (a student moved out of a group, a project locked, a board
 * locked, a mentor revoked, a tutoring session ended…), everyone connected to
 * the documents it affects is asked again through the one authorizer a fresh
 * connection goes through: refused now → closed with 4403; access differs →
 * closed with 4409, and the client comes back with its new access. Only one
 * instance runs each projection; with several, it tells every instance
 * through Redis, and each closes its own connections.
 */
@Injectable()
export class DocumentAccessWatcher implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('DocumentAccess');
  private unsubscribe: (() => void) | undefined;
  private leaveTopic: (() => void) | undefined;
  /** Changes are applied one batch after another, in commit order. */
  private queue: Promise<void> = Promise.resolve();
  /** Other live channels on the same documents (socket.io watches), asked again after the collab connections. */
  private readonly followers = new Set<(docId: string) => Promise<void>>();

  constructor(
    private readonly projections: ProjectionRunner,
    private readonly authorizer: WorkspaceAuthorizer,
    private readonly collab: WorkspaceCollab,
    private readonly kinds: DocumentKinds,
    @Inject(DOCUMENT_RELAY) private readonly relay: RedisDocumentRelay | null,
  ) {}

  async onModuleInit(): Promise<void> {
    const relay = this.relay;
    if (relay !== null) {
      this.leaveTopic = await relay.subscribeTopic(TOPIC, (message) => {
        this.enqueue(JSON.parse(message) as AccessChange[]);
      });
    }
    this.unsubscribe = this.projections.onProjected((projection, events) => {
      const changes: AccessChange[] = [];
      for (const rule of this.kinds.accessRules()) {
        if (rule.projection !== projection) continue;
        const subjects = new Set<string>();
        for (const event of events) {
          if (!rule.events.has(event.type)) continue;
          const subject = rule.subjectOf(event);
          if (subject !== undefined) subjects.add(subject);
        }
        if (subjects.size > 0) changes.push({ rule: rule.name, subjects: [...subjects] });
      }
      if (changes.length === 0) return;
      // Heard back by this instance too, so every instance applies it the same one way.
      if (relay !== null) relay.publishTopic(TOPIC, JSON.stringify(changes));
      else this.enqueue(changes);
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    this.leaveTopic?.();
  }

  /**
   * Lets another live channel on documents (a socket.io watch) check its own
   * viewers again whenever access to a document may have changed, so every
   * channel obeys the same rules as the collaboration endpoint. Returns a
   * function that stops it.
   */
  follow(recheck: (docId: string) => Promise<void>): () => void {
    this.followers.add(recheck);
    return () => this.followers.delete(recheck);
  }

  /** Resolves once every change heard so far has reached the live connections. */
  settled(): Promise<void> {
    return this.queue;
  }

  private enqueue(changes: readonly AccessChange[]): void {
    this.queue = this.queue.then(async () => {
      for (const change of changes) {
        const rule = this.kinds.accessRule(change.rule);
        if (rule === undefined) {
          // An instance of another version sent it; its own instances apply it.
          this.logger.warn(`No document access rule named "${change.rule}" here; ignored.`);
          continue;
        }
        for (const subject of change.subjects) {
          try {
            for (const docId of await rule.documentsOf(subject)) await this.recheck(docId);
          } catch (error) {
            this.logger.error(
              `Could not apply a ${rule.name} change of ${subject} to its open connections; ` +
                `they keep their access until they reconnect: ${String(error)}`,
            );
          }
        }
      }
    });
  }

  /** Asks the authorizer again rather than inferring from the event: the read models hold every later change too. */
  private async recheck(docId: string): Promise<void> {
    const endpoint = this.collab.endpoint;
    const refused = new Set<string>();
    /** `userId` and the access they have now, for each person connected and still let in. */
    const current = new Set<string>();
    const asked = new Set<string>();
    for (const { userId } of endpoint.connectionsOn(docId)) {
      if (asked.has(userId)) continue;
      asked.add(userId);
      const now = await this.authorizer.accessOf(userId, docId);
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
        asked.has(connection.userId) &&
        !refused.has(connection.userId) &&
        !current.has(`${connection.userId}\n${connection.access}`),
      COLLAB_CLOSE.accessChanged,
    );
    for (const follower of this.followers) {
      try {
        await follower(docId);
      } catch (error) {
        // The collaboration connections are already closed; a watch that could not be checked ends on its next push.
        this.logger.error(
          `Could not check the live watches of document ${docId} again: ${String(error)}`,
        );
      }
    }
  }
}
