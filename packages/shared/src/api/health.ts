import { z } from 'zod';
import { defineRoute } from './route.js';

export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  store: z.object({
    kind: z.enum(['pglite', 'postgres', 'kurrentdb', 'memory']),
    status: z.enum(['up', 'down']),
  }),
  /**
   * The relay between instances, when REDIS_URL is set. Down, the instance keeps serving: documents
   * open on it alone and rejoin the others when Redis is back, so the whole reads as degraded.
   */
  redis: z.object({ status: z.enum(['up', 'down']) }).optional(),
  projections: z.array(
    z.object({
      name: z.string(),
      position: z.number(),
      lag: z.number(),
      state: z.enum(['stopped', 'running', 'standby', 'failed']),
    }),
  ),
});
export type Health = z.infer<typeof HealthSchema>;

export const OPERATIONS_ROUTES = {
  health: defineRoute({
    method: 'GET',
    path: '/health',
    summary: 'Store, Redis and projection status',
    authorize: 'public',
    response: HealthSchema,
  }),
  metrics: defineRoute({
    method: 'GET',
    path: '/metrics',
    summary: 'Prometheus metrics',
    authorize: 'public',
    response: z.string(),
    contentType: 'text/plain',
  }),
};
