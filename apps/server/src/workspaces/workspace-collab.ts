import type { Server as HttpServer } from 'node:http';
import { Injectable, Logger } from '@nestjs/common';
import { CollabEndpoint } from '../collab/collab.endpoint.js';
import { Metrics } from '../metrics/metrics.service.js';
import { EventLogDocumentPersistence } from './event-log-document.persistence.js';
import { EventLogPresence, WorkspaceAuthorizer } from './workspace-collab.adapters.js';

/** The collaboration endpoint, composed with the workspace rules and the event log. */
@Injectable()
export class WorkspaceCollab {
  readonly endpoint: CollabEndpoint;
  private detach: (() => void) | undefined;

  constructor(
    authorizer: WorkspaceAuthorizer,
    persistence: EventLogDocumentPersistence,
    presence: EventLogPresence,
    metrics: Metrics,
  ) {
    this.endpoint = new CollabEndpoint({
      authorizer,
      persistence,
      presence,
      logger: new Logger('Collab'),
      meter: metrics,
    });
    metrics.observeCollab(() => this.endpoint.metrics());
  }

  attach(server: HttpServer): void {
    this.detach ??= this.endpoint.attach(server);
  }

  /** Saves every open document's pending edits and closes its connections. */
  async close(): Promise<void> {
    await this.endpoint.close();
    this.detach?.();
  }
}
