import { migrate } from '../database/migrations.js';
import type { SqlDatabase, SqlExecutor } from '../database/sql-database.js';
import type { EventStore } from '../event-store/event-store.port.js';
import { applyEvents } from './apply-events.js';
import type { Projection } from './projection.js';
import { RebuildInProgressError } from './projection-errors.js';
import { PROJECTION_RUNNER_MIGRATIONS } from './projection-runner.migrations.js';

export interface RebuildProgress {
  /** The new read model holds every event up to this position. */
  readonly position: number;
  /** The log's head when last looked at: `position / head` is how far along it is. */
  readonly head: number;
  /** Events applied to the new read model so far. */
  readonly applied: number;
}

export interface RebuildOptions {
  readonly eventStore: EventStore;
  readonly db: SqlDatabase;
  readonly projection: Projection;
  /**
   * Events per transaction. A rebuild wants big batches (fewer round trips,
   * multi-row statements in applyBatch); on PGlite each batch holds the main
   * thread, so keep it in the low thousands. Defaults to 2,000.
   */
  readonly batchSize?: number;
  /** Called after every committed batch. */
  readonly onProgress?: (progress: RebuildProgress) => void;
}

export interface RebuildReport extends RebuildProgress {
  readonly durationMs: number;
  /** The tables that were swapped in. */
  readonly tables: readonly string[];
}

/**
 * Blue/green rebuild of one projection.
 *
 * 1. The projection's migrations run in a fresh schema `<schema>_rebuild_<name>`, and
 *    every batch runs with that schema first on the search path (SET LOCAL,
 *    so only that transaction sees it): the projection's unqualified table
 *    names land in the new tables, while everything else the server reads
 *    still resolves to the current read model, which keeps serving.
 * 2. The log is replayed from position 0 into the new tables, batch by batch.
 * 3. Once caught up, one transaction locks the live checkpoint row (the same
 *    lock the projection runner takes for every batch, so it waits), makes
 *    sure the new model is at least as far as the live one, replaces each old
 *    table by its new twin and moves the checkpoint to the new position.
 *    Readers see either the old model or the new one, never a mix. If the live
 *    runner got ahead meanwhile, the rebuild catches up again and retries.
 *
 * Only one rebuild of a projection runs at a time (RebuildInProgressError).
 * The swap waits at most 0.5 s for readers of the old tables, then catches up
 * and tries again, so a long read never stalls every other reader behind it.
 */
export async function rebuildProjection(options: RebuildOptions): Promise<RebuildReport> {
  const { db, eventStore, projection } = options;
  const batchSize = options.batchSize ?? 2_000;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1)
    throw new Error(`batchSize must be 1 or more, got ${batchSize}.`);
  const started = performance.now();
  // The live side first: checkpoint table, the projection's tables and its checkpoint row.
  await migrate(db, [...PROJECTION_RUNNER_MIGRATIONS, ...(projection.migrations ?? [])]);
  await db.query(
    'INSERT INTO projection_checkpoints (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING',
    [projection.name],
  );
  const [current] = await db.query<{ schema: string }>('SELECT current_schema() AS schema');
  if (!current) throw new Error('The database did not say which schema it uses.');
  const live = quoteIdentifier(current.schema);
  // Named after the live schema too, so rebuilds in different schemas of one database never meet.
  const shadowName = `${current.schema}_rebuild_${projection.name}`
    .replace(/[^a-z0-9_]/gi, '_')
    .toLowerCase()
    .slice(0, 63);
  const shadow = quoteIdentifier(shadowName);
  const inShadow = `SET LOCAL search_path TO ${shadow}, ${live}`;

  const guard = await holdRebuildLock(db, current.schema, projection.name);
  try {
    return await build();
  } finally {
    await guard.release();
  }

  async function build(): Promise<RebuildReport> {
    // A schema left by an interrupted rebuild is thrown away: rebuilds start from zero.
    await db.query(`DROP SCHEMA IF EXISTS ${shadow} CASCADE`);
    await db.query(`CREATE SCHEMA ${shadow}`);
    try {
      await db.transaction(async (tx) => {
        await tx.query(inShadow);
        for (const migration of projection.migrations ?? []) await tx.query(migration.sql);
      });
      const tables = (
        await db.query<{ table_name: string }>(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name`,
          [shadowName],
        )
      ).map((row) => row.table_name);

      let position = 0;
      let applied = 0;
      let lockTimeouts = 0;
      let head = await eventStore.headPosition();
      const report = (): void => options.onProgress?.({ position, head, applied });
      report();
      for (;;) {
        // Catch up with the log as it is now.
        while (position < head) {
          const events = await eventStore.readAll({
            after: position,
            maxCount: batchSize,
            ...(projection.handles ? { eventTypes: projection.handles } : {}),
          });
          const last = events.at(-1);
          // As in the runner: a short batch holds every wanted event up to `head`.
          const next =
            events.length === batchSize && last
              ? last.position
              : Math.max(head, last?.position ?? 0);
          if (events.length > 0)
            await db.transaction(async (tx) => {
              await tx.query(inShadow);
              await applyEvents(projection, events, tx);
            });
          position = next;
          applied += events.length;
          report();
          // Let sockets and other work in between batches (PGlite runs on the main thread).
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
        let swapped: Awaited<ReturnType<typeof swap>>;
        try {
          swapped = await db.transaction((tx) =>
            swap(tx, { live, shadow, tables, name: projection.name, position }),
          );
        } catch (error) {
          if (!isLockTimeout(error) || ++lockTimeouts >= MAX_SWAP_ATTEMPTS) throw error;
          // Readers held the old tables: catch up on what came meanwhile and try again.
          head = await eventStore.headPosition();
          continue;
        }
        if (swapped === 'swapped') break;
        // The live runner is ahead of us: catch up to at least where it is, then try again.
        head = Math.max(swapped.livePosition, await eventStore.headPosition());
      }
      await db.query(`DROP SCHEMA IF EXISTS ${shadow} CASCADE`);
      const done = { position, head: Math.max(head, position), applied };
      options.onProgress?.(done);
      return { ...done, durationMs: performance.now() - started, tables };
    } catch (error) {
      await db.query(`DROP SCHEMA IF EXISTS ${shadow} CASCADE`).catch(() => undefined);
      throw error;
    }
  }
}

/**
 * How long the swap waits for readers of the old tables before it gives up and
 * tries again. Without it, a long read would queue every other reader behind
 * the swap's exclusive lock.
 */
const SWAP_LOCK_TIMEOUT = '500ms';
const MAX_SWAP_ATTEMPTS = 20;

function isLockTimeout(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '55P03'
  );
}

/** Second half of the key is a hash of schema and name, as for the runner's locks. */
const REBUILD_LOCK_SPACE = 731001;
const rebuildsInProcess = new WeakMap<SqlDatabase, Set<string>>();

/**
 * One rebuild per projection at a time: a second one would drop the first's
 * tables. On PostgreSQL a session advisory lock covers every process; PGlite
 * is one process's, so remembering it here is enough.
 */
async function holdRebuildLock(
  db: SqlDatabase,
  schema: string,
  name: string,
): Promise<{ release(): Promise<void> }> {
  if (db.openSession) {
    const session = await db.openSession('rebuild');
    try {
      const [row] = await session.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_lock(${REBUILD_LOCK_SPACE}, hashtext($1 || '/' || $2)) AS locked`,
        [schema, name],
      );
      if (row?.locked !== true) throw new RebuildInProgressError(name);
    } catch (error) {
      await session.close();
      throw error;
    }
    return { release: () => session.close() };
  }
  const running = rebuildsInProcess.get(db) ?? new Set<string>();
  rebuildsInProcess.set(db, running);
  if (running.has(name)) throw new RebuildInProgressError(name);
  running.add(name);
  return {
    release: async () => {
      running.delete(name);
    },
  };
}

async function swap(
  tx: SqlExecutor,
  target: {
    readonly live: string;
    readonly shadow: string;
    readonly tables: readonly string[];
    readonly name: string;
    readonly position: number;
  },
): Promise<'swapped' | { readonly livePosition: number }> {
  await tx.query(`SET LOCAL lock_timeout = '${SWAP_LOCK_TIMEOUT}'`);
  const [row] = await tx.query<{ position: unknown }>(
    `SELECT position FROM ${target.live}.projection_checkpoints WHERE name = $1 FOR UPDATE`,
    [target.name],
  );
  const livePosition = Number(row?.position ?? 0);
  if (livePosition > target.position) return { livePosition };
  for (const table of target.tables) {
    const name = quoteIdentifier(table);
    await tx.query(`DROP TABLE IF EXISTS ${target.live}.${name}`);
    await tx.query(`ALTER TABLE ${target.shadow}.${name} SET SCHEMA ${target.live}`);
  }
  await tx.query(
    `UPDATE ${target.live}.projection_checkpoints SET position = $2, updated_at = now() WHERE name = $1`,
    [target.name, target.position],
  );
  return 'swapped';
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
