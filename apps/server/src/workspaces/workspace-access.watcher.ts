import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Injectable, Logger } from '@nestjs/common';
import type { StudentRemovedFromGroup } from '@commonplace/domain';
import { ClassroomQueries } from '../classrooms/classroom.queries.js';
import { rosterProjection } from '../classrooms/roster.projection.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import { WorkspaceCollab } from './workspace-collab.js';

/**
 * Makes live connections obey roster changes: once the roster read model has
 * committed a student's removal from a group, their connections to that
 * group's workspace documents are closed. Driven by the projected event, so
 * it happens within milliseconds of the change, whoever made it.
 */
@Injectable()
export class WorkspaceAccessWatcher implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('WorkspaceAccess');
  private unsubscribe: (() => void) | undefined;
  /** Changes are applied one batch after another, in commit order. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly projections: ProjectionRunner,
    private readonly queries: ClassroomQueries,
    private readonly collab: WorkspaceCollab,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.projections.onProjected((projection, events) => {
      if (projection !== rosterProjection.name) return;
      const removals = events.filter((event) => event.type === 'StudentRemovedFromGroup');
      if (removals.length === 0) return;
      this.queue = this.queue.then(() => this.applyRemovals(removals));
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /** Resolves once every roster change heard so far has reached the live connections. */
  settled(): Promise<void> {
    return this.queue;
  }

  private async applyRemovals(removals: readonly RecordedEvent[]): Promise<void> {
    for (const removal of removals) {
      const { groupId, studentId } = removal.data as StudentRemovedFromGroup['data'];
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
