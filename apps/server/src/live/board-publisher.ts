import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { ClassroomQueries } from '../classrooms/classroom.queries.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import { LiveGateway } from './live.gateway.js';

/**
 * After the read models commit a batch, pushes the fresh board to every
 * classroom it touched. Batches arriving together are coalesced into one
 * snapshot per classroom.
 */
@Injectable()
export class BoardPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly dirtyDocs = new Set<string>();
  private readonly dirtyClassrooms = new Set<string>();
  private scheduled: NodeJS.Immediate | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly projections: ProjectionRunner,
    private readonly queries: ClassroomQueries,
    private readonly gateway: LiveGateway,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = this.projections.onProjected((_name, events) => this.note(events));
  }

  onApplicationShutdown(): void {
    this.unsubscribe?.();
    if (this.scheduled) clearImmediate(this.scheduled);
  }

  private note(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      const data = event.data as { docId?: unknown; classroomId?: unknown };
      if (typeof data.classroomId === 'string') this.dirtyClassrooms.add(data.classroomId);
      else if (typeof data.docId === 'string') this.dirtyDocs.add(data.docId);
    }
    this.scheduled ??= setImmediate(() => void this.publish());
  }

  private async publish(): Promise<void> {
    this.scheduled = undefined;
    const docIds = [...this.dirtyDocs];
    const classroomIds = new Set(this.dirtyClassrooms);
    this.dirtyDocs.clear();
    this.dirtyClassrooms.clear();
    try {
      for (const id of await this.queries.classroomsOfDocuments(docIds)) classroomIds.add(id);
      for (const classroomId of classroomIds) {
        if (this.gateway.isWatched(classroomId))
          this.gateway.publishBoard(await this.queries.board(classroomId));
      }
    } catch (error) {
      this.gateway.logFailure(error);
    }
  }
}
