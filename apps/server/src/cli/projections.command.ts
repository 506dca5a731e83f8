import type { Projection } from '../projections/projection.js';
import type { RebuildProgress, RebuildReport } from '../projections/projection-rebuild.js';
import { UnknownProjectionError } from '../projections/projection-runner.js';
import type { CliStore } from './cli-store.js';
import { CliError } from './cli-store.js';

export interface ProjectionRow {
  readonly name: string;
  /** Null: the projection has never run against this store. */
  readonly checkpoint: number | null;
  readonly lag: number;
  /** PostgreSQL: whether some server instance holds the projection now. PGlite: no server can be running. */
  readonly runningOnAnInstance: boolean;
}

/** Checkpoint, lag (head − checkpoint) and owner of every projection, read from the store. */
export async function projectionRows(
  store: CliStore,
  projections: readonly Projection[],
): Promise<ProjectionRow[]> {
  const head = await store.events.headPosition();
  const [table] = await store.db.query<{ exists: boolean }>(
    "SELECT to_regclass('projection_checkpoints') IS NOT NULL AS exists",
  );
  const checkpoints = new Map<string, number>();
  if (table?.exists) {
    const rows = await store.db.query<{ name: string; position: unknown }>(
      'SELECT name, position FROM projection_checkpoints',
    );
    for (const row of rows) checkpoints.set(row.name, Number(row.position));
  }
  const owners = store.db.kind === 'postgres' ? await heldProjectionLocks(store) : new Set();
  return projections.map((projection) => {
    const checkpoint = checkpoints.get(projection.name) ?? null;
    return {
      name: projection.name,
      checkpoint,
      lag: Math.max(0, head - (checkpoint ?? 0)),
      runningOnAnInstance: owners.has(projection.name),
    };
  });
}

/** Names whose advisory lock (see ProjectionRunner.claim) some session holds. */
async function heldProjectionLocks(store: CliStore): Promise<Set<string>> {
  const rows = await store.db.query<{ name: string }>(
    `SELECT c.name FROM projection_checkpoints c
      WHERE EXISTS (SELECT 1 FROM pg_locks l
                     WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 731000
                       AND l.objsubid = 2
                       AND l.objid::bigint = (hashtext(current_schema() || '/' || c.name)::bigint & 4294967295))`,
  );
  return new Set(rows.map((row) => row.name));
}

export function formatRows(rows: readonly ProjectionRow[], head: number, kind: string): string {
  const header = ['projection', 'checkpoint', 'lag (events)', 'running'];
  const body = rows.map((row) => [
    row.name,
    row.checkpoint === null ? 'never ran' : String(row.checkpoint),
    String(row.lag),
    kind === 'pglite' ? 'no (server stopped)' : row.runningOnAnInstance ? 'yes' : 'no',
  ]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...body.map((cells) => cells[i]?.length ?? 0)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [`log head: position ${head} (${kind})`, line(header), ...body.map(line)].join('\n');
}

export interface ProgressReporter {
  start(total: number): void;
  update(progress: RebuildProgress): void;
  stop(): void;
}

export async function rebuild(
  store: CliStore,
  name: string,
  options: { readonly batchSize?: number; readonly progress: ProgressReporter },
): Promise<RebuildReport> {
  if (!store.projections.projectionNames.includes(name))
    throw new CliError(
      new UnknownProjectionError(name, store.projections.projectionNames).message +
        ' See them with: npm run cli -- projections list',
      2,
    );
  let started = false;
  try {
    return await store.projections.rebuild(name, {
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
      onProgress: (progress) => {
        if (!started) {
          started = true;
          options.progress.start(progress.head);
        }
        options.progress.update(progress);
      },
    });
  } finally {
    if (started) options.progress.stop();
  }
}
