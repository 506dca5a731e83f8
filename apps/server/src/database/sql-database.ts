/**
 * A minimal SQL port shared by PGlite and PostgreSQL: the event log (on the SQL
 * adapters) and every read model live behind it, with the same SQL on both.
 */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface SqlDatabase extends SqlExecutor {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction; rolls back if it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * PostgreSQL only: hears NOTIFY on `channel` through a dedicated connection
   * that reconnects when dropped. `onReconnected` runs after each reconnect,
   * since notifications sent while it was down are lost. Resolves once
   * listening; the returned function stops.
   */
  listen?(channel: string, handlers: NotificationHandlers): Promise<() => Promise<void>>;
  /** PostgreSQL only: a connection of its own, outside the pool. */
  openSession?(purpose: string): Promise<SqlSession>;
}

/** One dedicated connection, for what lives as long as a session: advisory locks. */
export interface SqlSession extends SqlExecutor {
  /** Called once if the connection is lost: its session locks are gone with it. */
  onLost(listener: (error: Error) => void): void;
  close(): Promise<void>;
}

export interface NotificationHandlers {
  onNotification(payload: string): void;
  onReconnected?(): void;
  onError?(error: Error): void;
}
