import { z } from 'zod';

export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  store: z.object({
    kind: z.enum(['pglite', 'postgres', 'kurrentdb']),
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
