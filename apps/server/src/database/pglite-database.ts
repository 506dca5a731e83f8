import { AsyncLocalStorage } from 'node:async_hooks';
import { join, resolve } from 'node:path';
import type { PGliteInterface, Results, Transaction } from '@electric-sql/pglite';
import { PGlite } from '@electric-sql/pglite';
import type { FolderLock } from './folder-lock.js';
import { acquireFolderLock } from './folder-lock.js';
import { makePrivateTree } from './private-files.js';
import type { SqlDatabase, SqlExecutor } from './sql-database.js';

/** Postgres' own files live in this subfolder, so the data folder can hold other files too. */
export const PGLITE_SUBFOLDER = 'pgdata';

/**
 * SqlDatabase over PGlite (Postgres in WASM, one connection, main thread).
 *
 * PGlite's `query`, `exec` and `transaction` all share one mutex, so a query
 * outside a transaction waits for the running transaction instead of landing
 * inside it. The flip side: calling this database (not `tx`) from inside a
 * transaction would wait forever, so that is detected and refused.
 *
 * Like `pg`, a query without parameters goes through the simple protocol and
 * may hold several statements (migrations rely on that); a query with
 * parameters must be a single statement.
 */
export class PgliteDatabase implements SqlDatabase {
  readonly kind = 'pglite' as const;
  // Marks the async context of a running transaction; `active` turns false at its end
  // so work the transaction merely scheduled (timers, listeners) is not refused later.
  private readonly transactionContext = new AsyncLocalStorage<{ active: boolean }>();
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly pglite: PGliteInterface,
    private readonly lock: FolderLock | undefined,
    /** Where the data lives, or undefined in memory. */
    readonly dataDir: string | undefined,
    private readonly closesInstance = true,
  ) {}

  /**
   * Opens (creating if needed) the store in `dataDir`, owned by this process
   * until close(). Throws FolderLockedError if another live process holds it.
   */
  static async open(dataDir: string): Promise<PgliteDatabase> {
    const folder = resolve(dataDir);
    const lock = acquireFolderLock(folder);
    try {
      const pglite = await PGlite.create(join(folder, PGLITE_SUBFOLDER));
      // After create: a new store's files were just written, world-readable.
      makePrivateTree(folder);
      return new PgliteDatabase(pglite, lock, folder);
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  /** A throwaway database in memory, for tests. */
  static async inMemory(): Promise<PgliteDatabase> {
    return new PgliteDatabase(await PGlite.create(), undefined, undefined);
  }

  /**
   * Wraps an instance the caller created. close() closes it too unless
   * `closesInstance` is false (tests sharing one booted instance).
   */
  static fromInstance(
    pglite: PGliteInterface,
    options: { closesInstance?: boolean } = {},
  ): PgliteDatabase {
    return new PgliteDatabase(pglite, undefined, undefined, options.closesInstance ?? true);
  }

  async query<Row = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<Row[]> {
    this.assertOpen();
    if (this.transactionContext.getStore()?.active) {
      throw new Error(
        'A query was sent to the PGlite database from inside one of its own transactions. ' +
          'Use the transaction executor (tx.query) instead: PGlite has one connection, so this query would wait forever.',
      );
    }
    return run<Row>(this.pglite, sql, params);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    this.assertOpen();
    if (this.transactionContext.getStore()?.active) {
      throw new Error(
        'PGlite transactions cannot be nested: pass the outer transaction executor down instead.',
      );
    }
    return this.pglite.transaction(async (tx) => {
      const context = { active: true };
      try {
        return await this.transactionContext.run(context, () =>
          work({
            query: <Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]) =>
              run<Row>(tx, sql, params),
          }),
        );
      } finally {
        context.active = false;
      }
    });
  }

  async close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        if (this.closesInstance && !this.pglite.closed) await this.pglite.close();
        // Files made while open (a few with the umask's mode, not PGlite's 0666) are tightened too.
        if (this.dataDir !== undefined) makePrivateTree(this.dataDir);
      } finally {
        this.lock?.release();
      }
    })();
    return this.closing;
  }

  private assertOpen(): void {
    if (this.closing) throw new Error('This PGlite database is closed; open it again to use it.');
  }
}

async function run<Row>(
  target: PGliteInterface | Transaction,
  sql: string,
  params?: readonly unknown[],
): Promise<Row[]> {
  if (params === undefined || params.length === 0) {
    const results: Results[] = await target.exec(sql);
    return (results.at(-1)?.rows ?? []) as Row[];
  }
  const result = await target.query<Row>(sql, [...params]);
  return result.rows;
}
