import { Controller, Get, Inject } from '@nestjs/common';
import type { Health } from '@commonplace/shared';
import type { EventStore } from '../event-store/event-store.port.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import { EVENT_STORE } from '../store/store.tokens.js';

@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionRunner,
  ) {}

  @Get()
  async onHealth(): Promise<Health> {
    const up = await this.store.ping().catch(() => false);
    return {
      status: up ? 'ok' : 'degraded',
      store: { kind: this.store.kind, status: up ? 'up' : 'down' },
      projections: up ? await this.projections.status() : [],
    };
  }
}
