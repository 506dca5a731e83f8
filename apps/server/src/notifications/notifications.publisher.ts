import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Injectable, Logger } from '@nestjs/common';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import { NotificationsGateway } from './notifications.gateway.js';
import { notificationOf, notificationsProjection } from './notifications.projection.js';
import { NotificationsService } from './notifications.service.js';

/** Older news is not pushed (a rebuild or a catch-up after downtime): it waits in the list. */
export const PUSH_WITHIN_MS = 60_000;

/**
 * Pushes each new notification to its recipients' open apps once the
 * notifications read model has committed it, so the bell and the list agree.
 * Only the instance running the projection hears the batch; the gateway's
 * rooms carry it to sockets on every instance.
 */
@Injectable()
export class NotificationsPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NotificationsPublisher');
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly projections: ProjectionRunner,
    private readonly notifications: NotificationsService,
    private readonly gateway: NotificationsGateway,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = this.projections.onProjected((name, events) => {
      if (name === notificationsProjection.name) void this.push(events);
    });
  }

  onApplicationShutdown(): void {
    this.unsubscribe?.();
  }

  private async push(events: readonly RecordedEvent[]): Promise<void> {
    const now = Date.now();
    for (const event of events) {
      const fact = notificationOf(event);
      // Not due yet (a mentor's access ending tomorrow) or old news: left to the list.
      const age = fact ? now - new Date(fact.createdAt).getTime() : -1;
      if (!fact || age < 0 || age > PUSH_WITHIN_MS) continue;
      try {
        const [recipients, view] = await Promise.all([
          this.notifications.recipientsOf(fact),
          this.notifications.viewOf(fact),
        ]);
        this.gateway.send(recipients, view);
      } catch (error) {
        this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      }
    }
  }
}
