import { Controller, Header } from '@nestjs/common';
import type { RouteValues } from '@commonplace/shared';
import { API_ROUTES as R } from '@commonplace/shared';
import { Registry } from 'prom-client';
import { Endpoint, Input } from '../common/endpoint.js';
import { Metrics } from './metrics.service.js';

/**
 * Prometheus scrape target. Counts only, no ids or names, so it needs no
 * sign-in; keep it off the public proxy route if that matters for a deployment.
 */
@Controller()
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Endpoint(R.metrics)
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  onMetrics(@Input() _input: RouteValues<typeof R.metrics>): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
