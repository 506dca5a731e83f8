import pg from 'pg';
import type { QueryResult } from 'pg';
import type { NotificationHandlers, SqlDatabase, SqlExecutor, SqlSession } from './sql-database.js';

const INT8_OID = 20;

export interface PostgresDatabaseOptions {
  readonly connectionString: string;
  /** Pool size; defaults to 10. */
  readonly max?: number;
  readonly connectionTimeoutMillis?: number;
  /** Shown in pg_stat_activity; the LISTEN connection adds "-listener". Defaults to "commonplace". */
  readonly applicationName?: string;
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
  private readonly listeners = new Set<Listener>();

  constructor(private readonly options: PostgresDatabaseOptions) {
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      application_name: options.applicationName ?? 'commonplace',
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
    // BEGIN, the work's queries and COMMIT or ROLLBACK, in order, one at a time.
    const query = oneAtATime(client);
    try {
      await query('BEGIN');
      const result = await work({ query });
      await query('COMMIT');
      return result;
    } catch (error) {
      broken = await rollback(query);
      throw error;
    } finally {
      // A client whose rollback failed is in an unknown state: destroy it rather than reuse it.
      client.release(broken);
    }
  }

  async listen(channel: string, handlers: NotificationHandlers): Promise<() => Promise<void>> {
    if (this.closing)
      throw new Error('This PostgreSQL database is closed; open it again to listen.');
    const listener = new Listener(
      this.options.connectionString,
      `${this.options.applicationName ?? 'commonplace'}-listener`,
      channel,
      handlers,
    );
    this.listeners.add(listener);
    try {
      await listener.start();
    } catch (error) {
      this.listeners.delete(listener);
      await listener.stop();
      throw error;
    }
    return async () => {
      this.listeners.delete(listener);
      await listener.stop();
    };
  }

  async openSession(purpose: string): Promise<SqlSession> {
    if (this.closing) throw new Error('This PostgreSQL database is closed; open it again.');
    const client = new pg.Client({
      connectionString: this.options.connectionString,
      application_name: `${this.options.applicationName ?? 'commonplace'}-${purpose}`,
      types: { getTypeParser: this.pool.options.types?.getTypeParser ?? pg.types.getTypeParser },
    });
    await client.connect();
    const lostListeners: ((error: Error) => void)[] = [];
    let ended = false;
    const lost = (error: Error) => {
      if (ended) return;
      ended = true;
      client.end().catch(() => undefined);
      for (const listener of lostListeners.splice(0)) listener(error);
    };
    client.on('error', lost);
    client.on('end', () => lost(new Error(`the ${purpose} connection ended`)));
    return {
      // Several projections claim their locks on this one connection at once.
      query: oneAtATime(client),
      onLost: (listener) => {
        lostListeners.push(listener);
      },
      close: async () => {
        if (ended) return;
        ended = true;
        lostListeners.length = 0;
        await client.end().catch(() => undefined);
      },
    };
  }

  async close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.listeners].map((listener) => listener.stop()));
      this.listeners.clear();
      await this.pool.end();
    })();
    return this.closing;
  }
}

/**
 * Queries on one client, sent one after another in call order. pg queues a
 * query given to a client that is still running one, but deprecates it (a
 * warning now, refused in pg 9); callers that share a connection (the
 * projections claiming their locks on the session, a Promise.all inside a
 * transaction) wait here instead. A failed query does not stop those after it.
 */
function oneAtATime(client: pg.ClientBase): SqlExecutor['query'] {
  let previous: Promise<unknown> = Promise.resolve();
  return async <Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]) => {
    const result = previous.then(() => client.query(sql, params ? [...params] : undefined));
    previous = result.catch(() => undefined);
    return rowsOf<Row>(await result);
  };
}

const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5_000;

/** One LISTEN connection, outside the pool: a pooled client would be handed to other queries. */
class Listener {
  private client: pg.Client | undefined;
  private stopped = false;
  private retryMs = RECONNECT_MIN_MS;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly applicationName: string,
    private readonly channel: string,
    private readonly handlers: NotificationHandlers,
  ) {}

  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.connectionString,
      application_name: this.applicationName,
    });
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.handlers.onNotification(message.payload ?? '');
    });
    client.on('error', (error) => this.dropped(client, error));
    client.on('end', () => this.dropped(client, new Error('the listening connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(this.channel)}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = RECONNECT_MIN_MS;
  }

  private dropped(client: pg.Client, error: Error): void {
    if (this.stopped || this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    this.handlers.onError?.(error);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.connect().then(
        () => {
          if (!this.stopped) this.handlers.onReconnected?.();
        },
        (error: unknown) => {
          this.handlers.onError?.(error instanceof Error ? error : new Error(String(error)));
          this.retryMs = Math.min(this.retryMs * 2, RECONNECT_MAX_MS);
          this.scheduleReconnect();
        },
      );
    }, this.retryMs);
    this.timer.unref();
  }
}

async function rollback(query: SqlExecutor['query']): Promise<Error | undefined> {
  try {
    await query('ROLLBACK');
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
