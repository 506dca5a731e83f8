import pg from 'pg';
import type { PoolClient, QueryResult } from 'pg';
import type { SqlDatabase, SqlExecutor } from './sql-database.js';

const INT8_OID = 20;

export interface PostgresDatabaseOptions {
  readonly connectionString: string;
  /** Pool size; defaults to 10. */
  readonly max?: number;
  readonly connectionTimeoutMillis?: number;
  /** Told about errors of idle pooled connections (a restarted server, a dropped network). */
  readonly onIdleError?: (error: Error) => void;
}

/**
 * SqlDatabase over a `pg` Pool. Transactions run on one dedicated client.
 *
 * BIGINT (int8) values come back as numbers, and as BigInt only beyond 2^53,
 * exactly as PGlite returns them: the same read-model SQL then yields the same
 * JavaScript values on both adapters (`count(*)` included). Set on this pool
 * only, not through pg's process-wide type registry.
 */
export class PostgresDatabase implements SqlDatabase {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;
  private closing: Promise<void> | undefined;

  constructor(options: PostgresDatabaseOptions) {
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.max ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMillis ?? 10_000,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID && format !== 'binary'
            ? parseInt8
            : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    // Without a listener, an idle client's error would crash the process.
    this.pool.on(
      'error',
      options.onIdleError ??
        ((error) => console.error('PostgreSQL idle connection error:', error.message)),
    );
  }

  async query<Row = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<Row[]> {
    return rowsOf<Row>(await this.pool.query(sql, params ? [...params] : undefined));
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const tx: SqlExecutor = {
        query: async <Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]) =>
          rowsOf<Row>(await client.query(sql, params ? [...params] : undefined)),
      };
      const result = await work(tx);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      broken = await rollback(client);
      throw error;
    } finally {
      // A client whose rollback failed is in an unknown state: destroy it rather than reuse it.
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    this.closing ??= this.pool.end();
    return this.closing;
  }
}

async function rollback(client: PoolClient): Promise<Error | undefined> {
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

function parseInt8(text: string): number | bigint {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : BigInt(text);
}

/** A multi-statement query answers with one result per statement: keep the last, like PGlite's adapter. */
function rowsOf<Row>(result: QueryResult | QueryResult[]): Row[] {
  const last = Array.isArray(result) ? result.at(-1) : result;
  return (last?.rows ?? []) as Row[];
}
