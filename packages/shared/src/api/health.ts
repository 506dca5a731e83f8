import { z } from 'zod';
import { defineRoute } from './route.js';

export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  store: z.object({
    kind: z.enum(['pglite', 'postgres', 'kurrentdb', 'memory']),
    status: z.enum(['up', 'down']),
  }),
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
    summary: 'Store and projection status',
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
