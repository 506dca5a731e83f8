import { createHash } from 'node:crypto';
import type { SqlDatabase, SqlExecutor } from './sql-database.js';

/**
 * One schema change. `id` is recorded once applied, so it must never change;
 * prefix it with the owner (`event-store-001-events`, `roster-001-tables`).
 * `sql` may hold several statements.
 */
export interface Migration {
  readonly id: string;
  readonly sql: string;
}

export interface MigrationReport {
  /** Ids applied by this call, in order. */
  readonly applied: readonly string[];
}

/** Arbitrary constant: every migrator of one database queues on this advisory lock. */
const MIGRATION_LOCK_SQL = 'SELECT pg_advisory_xact_lock(7310002211)';

/** An applied migration's SQL was edited afterwards. */
export class MigrationChangedError extends Error {
  readonly code = 'database.migration-changed';
  constructor(readonly migrationId: string) {
    super(
      `Migration "${migrationId}" was already applied, but its SQL has changed since. ` +
        'Put the change in a new migration with a new id. (On a throwaway development database, deleting its data folder also works.)',
    );
    this.name = 'MigrationChangedError';
  }
}

/**
 * Applies the migrations that are not yet recorded in `schema_migrations`, in
 * the order given, in one transaction: either all pending ones land or none.
 * Modules pass their own lists (event store, projection runner, each read
 * model); calling it again with the same list does nothing.
 *
 * On PostgreSQL, concurrent migrators (several instances starting at once)
 * queue on an advisory lock, so each migration runs exactly once.
 */
export async function migrate(
  db: SqlDatabase,
  migrations: readonly Migration[],
): Promise<MigrationReport> {
  assertUniqueIds(migrations);
  if (migrations.length === 0) return { applied: [] };
  return db.transaction(async (tx) => {
    // PGlite has one connection and needs no lock, but taking it keeps the SQL identical.
    await tx.query(MIGRATION_LOCK_SQL);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         id text PRIMARY KEY,
         checksum text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const recorded = await appliedChecksums(tx);
    const applied: string[] = [];
    for (const migration of migrations) {
      const checksum = checksumOf(migration.sql);
      const previous = recorded.get(migration.id);
      if (previous !== undefined) {
        if (previous !== checksum) throw new MigrationChangedError(migration.id);
        continue;
      }
      try {
        await tx.query(migration.sql);
      } catch (error) {
        const reason = messageOf(error);
        throw new Error(
          `Migration "${migration.id}" failed, so no pending migration was applied: ${reason}`,
          { cause: error },
        );
      }
      await tx.query('INSERT INTO schema_migrations (id, checksum) VALUES ($1, $2)', [
        migration.id,
        checksum,
      ]);
      applied.push(migration.id);
    }
    return { applied };
  });
}

async function appliedChecksums(tx: SqlExecutor): Promise<Map<string, string>> {
  const rows = await tx.query<{ id: string; checksum: string }>(
    'SELECT id, checksum FROM schema_migrations',
  );
  return new Map(rows.map((row) => [row.id, row.checksum]));
}

/** Ignores whitespace-only edits (re-indenting a template literal is not a schema change). */
function checksumOf(sql: string): string {
  return createHash('sha256').update(sql.replace(/\s+/g, ' ').trim()).digest('hex');
}

function assertUniqueIds(migrations: readonly Migration[]): void {
  const seen = new Set<string>();
  for (const { id } of migrations) {
    if (seen.has(id))
      throw new Error(
        `Migration id "${id}" appears twice in the list; each migration needs its own id.`,
      );
    seen.add(id);
  }
}

/** Structural, not instanceof: errors may come from another realm (Jest's VM contexts). */
function messageOf(error: unknown): string {
  const message =
    typeof error === 'object' && error !== null
      ? (error as { message?: unknown }).message
      : undefined;
  return typeof message === 'string' ? message : String(error);
}
