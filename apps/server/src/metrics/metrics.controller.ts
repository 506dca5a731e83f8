import { Controller, Get, Header } from '@nestjs/common';
import { Registry } from 'prom-client';
import { Metrics } from './metrics.service.js';

/**
 * Prometheus scrape target. Counts only, no ids or names, so it needs no
 * sign-in; keep it off the public proxy route if that matters for a deployment.
 */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  onMetrics(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
