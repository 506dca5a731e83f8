import type { Migration } from '../database/migrations.js';

/** The checkpoint table every projection runner (and rebuild) shares. */
export const PROJECTION_RUNNER_MIGRATIONS: readonly Migration[] = [
  {
    id: 'projections-001-checkpoints',
    sql: `
      CREATE TABLE projection_checkpoints (
        name text PRIMARY KEY,
        position bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
];
