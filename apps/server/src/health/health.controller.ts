import { Controller, Inject } from '@nestjs/common';
import type { Health, RouteValues } from '@commonplace/shared';
import { API_ROUTES as R } from '@commonplace/shared';
import { Endpoint, Input } from '../common/endpoint.js';
import type { EventStore } from '../event-store/event-store.port.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import type { RedisDocumentRelay } from '../redis/redis-document.relay.js';
import { EVENT_STORE } from '../store/store.tokens.js';
import { DOCUMENT_RELAY } from '../documents/document-relay.token.js';

@Controller()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionRunner,
    @Inject(DOCUMENT_RELAY) private readonly relay: RedisDocumentRelay | null,
  ) {}

  @Endpoint(R.health)
  async onHealth(@Input() _input: RouteValues<typeof R.health>): Promise<Health> {
    const up = await this.store.ping().catch(() => false);
    const redisUp = this.relay?.connected();
    return {
      status: up && redisUp !== false ? 'ok' : 'degraded',
      store: { kind: this.store.kind, status: up ? 'up' : 'down' },
      ...(redisUp === undefined ? {} : { redis: { status: redisUp ? 'up' : 'down' } }),
      projections: up ? await this.projections.status() : [],
    };
  }
}
