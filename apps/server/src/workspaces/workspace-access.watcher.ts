import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { StudentRemovedFromGroup } from '@commonplace/domain';
import { ClassroomQueries } from '../classrooms/classroom.queries.js';
import { rosterProjection } from '../classrooms/roster.projection.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import type { RedisDocumentRelay } from '../redis/redis-document.relay.js';
import { DOCUMENT_RELAY } from './document-relay.token.js';
import { WorkspaceCollab } from './workspace-collab.js';

interface Removal {
  groupId: string;
  studentId: string;
}

const REMOVALS_TOPIC = 'roster-removals';

/**
 * Makes live connections obey roster changes: once the roster read model has
 * committed a student's removal from a group, their connections to that
 * group's workspace documents are closed. Driven by the projected event, so
 * it happens within milliseconds of the change, whoever made it. Only one
 * instance runs the roster projection; with several, it tells every instance
 * through Redis, and each closes its own connections.
 */
@Injectable()
export class WorkspaceAccessWatcher implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('WorkspaceAccess');
  private unsubscribe: (() => void) | undefined;
  private leaveTopic: (() => void) | undefined;
  /** Changes are applied one batch after another, in commit order. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly projections: ProjectionRunner,
    private readonly queries: ClassroomQueries,
    private readonly collab: WorkspaceCollab,
    @Inject(DOCUMENT_RELAY) private readonly relay: RedisDocumentRelay | null,
  ) {}

  async onModuleInit(): Promise<void> {
    const relay = this.relay;
    if (relay !== null) {
      this.leaveTopic = await relay.subscribeTopic(REMOVALS_TOPIC, (message) => {
        const removals = JSON.parse(message) as Removal[];
        this.queue = this.queue.then(() => this.applyRemovals(removals));
      });
    }
    this.unsubscribe = this.projections.onProjected((projection, events) => {
      if (projection !== rosterProjection.name) return;
      const removals = events
        .filter((event) => event.type === 'StudentRemovedFromGroup')
        .map((event) => {
          const { groupId, studentId } = event.data as StudentRemovedFromGroup['data'];
          return { groupId, studentId };
        });
      if (removals.length === 0) return;
      // Heard back by this instance too, so every instance applies it the same one way.
      if (relay !== null) relay.publishTopic(REMOVALS_TOPIC, JSON.stringify(removals));
      else this.queue = this.queue.then(() => this.applyRemovals(removals));
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    this.leaveTopic?.();
  }

  /** Resolves once every roster change heard so far has reached the live connections. */
  settled(): Promise<void> {
    return this.queue;
  }

  private async applyRemovals(removals: readonly Removal[]): Promise<void> {
    for (const { groupId, studentId } of removals) {
      try {
        await this.recheck(groupId, studentId);
      } catch (error) {
        this.logger.error(
          `Could not apply the removal of student ${studentId} from group ${groupId} to their live connections; ` +
            `they keep editing until they reconnect: ${String(error)}`,
        );
      }
    }
  }

  /**
   * Asks the read model again rather than assuming "removed means refused":
   * it already holds every later change too (re-added, say).
   */
  private async recheck(groupId: string, studentId: string): Promise<void> {
    const endpoint = this.collab.endpoint;
    for (const docId of await this.queries.workspaceDocIdsOfGroup(groupId)) {
      if (!endpoint.hasConnection(docId, studentId)) continue;
      const decision = await this.queries.workspaceAccess(docId, studentId);
      endpoint.changeAccess(docId, 'refused' in decision ? null : decision.access, studentId);
    }
  }
}
