import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Injectable, Logger } from '@nestjs/common';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import { NotificationsGateway } from './notifications.gateway.js';
import type { NotificationFact } from './notifications.projection.js';
import {
  SCHEDULED_KINDS,
  notificationOf,
  notificationsProjection,
} from './notifications.projection.js';
import { NotificationsService } from './notifications.service.js';

/** Older news is not pushed (a rebuild or a catch-up after downtime): it waits in the list. */
export const PUSH_WITHIN_MS = 60_000;

/** How often scheduled notifications (a mentor's access about to end) are looked for as they fall due. */
export const DUE_SWEEP_MS = 15_000;

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
  private sweep: NodeJS.Timeout | undefined;
  /** Scheduled notifications due up to here have been pushed (or were due before this instance started). */
  private sweptTo = Date.now();

  constructor(
    private readonly projections: ProjectionRunner,
    private readonly notifications: NotificationsService,
    private readonly gateway: NotificationsGateway,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = this.projections.onProjected((name, events) => {
      if (name === notificationsProjection.name) void this.push(events);
    });
    this.sweep = setInterval(() => void this.pushFallenDue(), DUE_SWEEP_MS);
    this.sweep.unref();
  }

  onApplicationShutdown(): void {
    this.unsubscribe?.();
    clearInterval(this.sweep);
  }

  /**
   * Pushes the scheduled notifications that fell due since the last sweep. Every
   * instance sweeps; a person with apps on two instances may be told twice, and
   * the bell keeps one of each id.
   */
  async pushFallenDue(now = Date.now()): Promise<void> {
    const from = this.sweptTo;
    this.sweptTo = now;
    try {
      const facts = await this.notifications.fallenDue(new Date(from), new Date(now));
      for (const fact of facts) await this.send(fact);
    } catch (error) {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
  }

  private async send(fact: NotificationFact): Promise<void> {
    const [recipients, view] = await Promise.all([
      this.notifications.recipientsOf(fact),
      this.notifications.viewOf(fact),
    ]);
    this.gateway.send(recipients, view);
  }

  private async push(events: readonly RecordedEvent[]): Promise<void> {
    const now = Date.now();
    for (const event of events) {
      const fact = notificationOf(event);
      // Scheduled ones go out as they fall due (the sweep); old news waits in the list.
      if (!fact || SCHEDULED_KINDS.includes(fact.kind)) continue;
      if (now - new Date(fact.createdAt).getTime() > PUSH_WITHIN_MS) continue;
      try {
        await this.send(fact);
      } catch (error) {
        this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      }
    }
  }
}
