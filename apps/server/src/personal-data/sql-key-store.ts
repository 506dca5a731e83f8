import { randomBytes } from 'node:crypto';
import type { Migration } from '../database/migrations.js';
import { migrate } from '../database/migrations.js';
import type { SqlDatabase, SqlExecutor } from '../database/sql-database.js';
import type { KeyStore, SubjectKey } from './key-store.port.js';
import { SubjectErasedError, assertSubjectId } from './key-store.port.js';

/** AES-256: 32 bytes. */
export const KEY_BYTES = 32;

export const KEY_STORE_MIGRATIONS: readonly Migration[] = [
  {
    id: 'personal-data-001-keys',
    sql: `
      CREATE TABLE personal_data_keys (
        subject_id text PRIMARY KEY,
        -- NULL once erased; the row stays so no new key is ever made for that subject.
        key bytea,
        created_at timestamptz NOT NULL DEFAULT now(),
        erased_at timestamptz,
        CONSTRAINT personal_data_keys_erased CHECK ((key IS NULL) = (erased_at IS NOT NULL))
      );
    `,
  },
];

interface KeyRow {
  readonly key: Uint8Array | null;
  readonly erased_at: Date | string | null;
}

/**
 * Keys in SQL (PGlite or PostgreSQL), in the same database as the read
 * models. A key lives in one row; erasing sets it to NULL in place.
 */
export class SqlKeyStore implements KeyStore {
  private constructor(private readonly db: SqlDatabase) {}

  /** Creates or upgrades its table first. */
  static async open(db: SqlDatabase): Promise<SqlKeyStore> {
    await migrate(db, KEY_STORE_MIGRATIONS);
    return new SqlKeyStore(db);
  }

  async keyForSealing(subjectId: string): Promise<Uint8Array> {
    assertSubjectId(subjectId);
    // Two statements, not one: a concurrent creator's row is invisible to the insert's own snapshot.
    const [created] = await this.db.query<KeyRow>(
      `INSERT INTO personal_data_keys (subject_id, key) VALUES ($1, $2)
       ON CONFLICT (subject_id) DO NOTHING RETURNING key, erased_at`,
      [subjectId, randomBytes(KEY_BYTES)],
    );
    const row = created ?? (await this.row(subjectId));
    if (!row) throw new Error(`The key of ${subjectId} vanished while it was being created.`);
    if (row.key === null) throw new SubjectErasedError(subjectId);
    return toKey(row.key);
  }

  async keyForOpening(subjectId: string, tx?: SqlExecutor): Promise<SubjectKey> {
    assertSubjectId(subjectId);
    const row = await this.row(subjectId, tx);
    if (!row) return { state: 'absent' };
    if (row.key === null) return { state: 'erased', erasedAt: toDate(row.erased_at) };
    return { state: 'active', key: toKey(row.key) };
  }

  async erase(subjectId: string): Promise<{ erasedAt: Date; alreadyErased: boolean }> {
    assertSubjectId(subjectId);
    const [row] = await this.db.query<{ erased_at: Date | string; already: boolean }>(
      `INSERT INTO personal_data_keys AS k (subject_id, key, erased_at) VALUES ($1, NULL, now())
       ON CONFLICT (subject_id) DO UPDATE
         SET key = NULL, erased_at = coalesce(k.erased_at, EXCLUDED.erased_at)
       RETURNING erased_at, (erased_at < now()) AS already`,
      [subjectId],
    );
    if (!row) throw new Error(`Erasing ${subjectId} returned nothing.`);
    return { erasedAt: toDate(row.erased_at), alreadyErased: row.already };
  }

  private async row(subjectId: string, tx: SqlExecutor = this.db): Promise<KeyRow | undefined> {
    const [row] = await tx.query<KeyRow>(
      'SELECT key, erased_at FROM personal_data_keys WHERE subject_id = $1',
      [subjectId],
    );
    return row;
  }
}

function toKey(value: Uint8Array): Uint8Array {
  if (value.length !== KEY_BYTES)
    throw new Error(
      `A stored personal-data key has ${value.length} bytes instead of ${KEY_BYTES}.`,
    );
  return value;
}

function toDate(value: Date | string | null): Date {
  return value instanceof Date ? value : new Date(value ?? 0);
}
