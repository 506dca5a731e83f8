import { randomUUID } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import type { OnModuleDestroy } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { COLLAB_CLOSE } from '@commonplace/shared';
import { CollabEndpoint } from '../collab/collab.endpoint.js';
import type { DocumentRelay } from '../collab/collab.types.js';
import type { RedisDocumentRelay } from '../redis/redis-document.relay.js';
import type { Config } from '../config/config.js';
import { CONFIG } from '../config/config.js';
import { DOCUMENT_RELAY } from './document-relay.token.js';
import { SessionStore } from '../identity/session.store.js';
import { Metrics } from '../metrics/metrics.service.js';
import { DocumentGroupWriter } from './document-group.writer.js';
import { EventLogDocumentPersistence } from './event-log-document.persistence.js';
import { EventLogPresence, WorkspaceAuthorizer } from './workspace-collab.adapters.js';

/** The collaboration endpoint, composed with the workspace rules and the event log. */
@Injectable()
export class WorkspaceCollab implements OnModuleDestroy {
  readonly endpoint: CollabEndpoint;
  private detach: (() => void) | undefined;
  private readonly stopFollowingSessions: () => void;

  constructor(
    private readonly authorizer: WorkspaceAuthorizer,
    private readonly persistence: EventLogDocumentPersistence,
    writer: DocumentGroupWriter,
    private readonly presence: EventLogPresence,
    metrics: Metrics,
    @Inject(DOCUMENT_RELAY) private readonly relay: RedisDocumentRelay | null,
    @Inject(CONFIG) config: Config,
    sessions: SessionStore,
  ) {
    this.endpoint = new CollabEndpoint({
      authorizer,
      persistence,
      // The windows end on the group commit's beat, which stores what they closed together.
      beat: writer.beat,
      presence,
      logger: new Logger('Collab'),
      meter: metrics,
      limits: {
        maxConnectionsPerAccount: config.COLLAB_MAX_CONNECTIONS_PER_ACCOUNT,
        maxAppendBytesPerMinute: config.COLLAB_MAX_APPEND_BYTES_PER_MINUTE,
      },
      ...(relay === null ? {} : { relay: relay satisfies DocumentRelay }),
    });
    metrics.observeCollab(() => this.endpoint.metrics());
    // A signed-out session's connections close as at its expiry: "sign in again".
    this.stopFollowingSessions = sessions.onEnded((sessionId) =>
      this.endpoint.closeSession(sessionId, COLLAB_CLOSE.unauthorized),
    );
  }

  onModuleDestroy(): void {
    this.stopFollowingSessions();
  }

  /**
   * Runs a cold load's path once before the server takes connections: the
   * access queries for no one (on PostgreSQL this opens the pool connections
   * a connection's three side-by-side queries take; on PGlite the first of
   * each costs catalog loading and WebAssembly compiling) and the document
   * reads of `EventLogDocumentPersistence.warmUp`. Measured in
   * bench/results/cold-load.md. Never fails the start: a cold first load is
   * only slower.
   */
  async warmUp(): Promise<void> {
    const nobody = randomUUID();
    const nothing = randomUUID();
    try {
      await Promise.all([
        this.authorizer.accessOf(nobody, nothing),
        this.persistence.warmUp(nothing),
      ]);
    } catch (error) {
      new Logger('Collab').warn(`Warm-up before the first connection failed: ${String(error)}`);
    }
  }

  attach(server: HttpServer): void {
    this.detach ??= this.endpoint.attach(server);
  }

  /** Saves every open document's pending edits and closes its connections. */
  async close(): Promise<void> {
    await this.endpoint.close();
    this.detach?.();
    // The exits of the connections just closed are counted in Redis, so it must still be there.
    await this.presence.settled();
    // Only after every document is stored: until then the others must not think us dead and adopt our changes.
    await this.relay?.close();
  }
}
