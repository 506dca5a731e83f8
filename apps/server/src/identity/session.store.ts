import { randomUUID } from 'node:crypto';
import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { SessionVia } from '@commonplace/shared';
import { AppError } from '../common/app-error.js';
import type { Principal } from '../common/principal.js';
import type { SqlDatabase } from '../database/sql-database.js';
import { SQL_DATABASE } from '../store/store.tokens.js';

/**
 * Sessions are a table of identity's, not events in the log: a session row
 * carries a summary of the device and the address it came from (personal data,
 * which the log never holds: its events carry only ids), and its "last seen"
 * is rewritten as the person works, which is bookkeeping, not a learning fact.
 */
export const SESSION_MIGRATIONS = [
  {
    id: 'identity-003-sessions',
    sql: `CREATE TABLE IF NOT EXISTS auth_sessions (
      id text PRIMARY KEY,
      user_id text NOT NULL,
      user_kind text NOT NULL,
      via text NOT NULL,
      client text NOT NULL DEFAULT '',
      address text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      ended_at timestamptz
    );
    CREATE INDEX IF NOT EXISTS auth_sessions_by_user ON auth_sessions (user_id, created_at);
    CREATE INDEX IF NOT EXISTS auth_sessions_ended ON auth_sessions (ended_at) WHERE ended_at IS NOT NULL`,
  },
  {
    // Single-use passes for one /collab upgrade each; only a hash of the ticket is kept.
    id: 'identity-004-collab-tickets',
    sql: `CREATE TABLE IF NOT EXISTS collab_tickets (
      hash text PRIMARY KEY,
      session_id text NOT NULL,
      expires_at timestamptz NOT NULL
    );
    CREATE INDEX IF NOT EXISTS collab_tickets_expiry ON collab_tickets (expires_at)`,
  },
];

/** Where a sign-in came from, as the HTTP request tells it. */
export interface SessionClient {
  readonly userAgent?: string | undefined;
  readonly address?: string | undefined;
}

export interface OpenSession {
  readonly principal: Principal;
  readonly via: SessionVia;
  /** Epoch milliseconds: the token's `exp`. */
  readonly expiresAt: number;
  readonly client?: SessionClient | undefined;
}

export interface SessionRow {
  readonly id: string;
  readonly via: SessionVia;
  readonly client: string;
  readonly address: string;
  readonly createdAt: string;
  readonly lastSeenAt: string;
  readonly expiresAt: string;
  readonly endedAt: string | null;
}

interface StoredRow {
  id: string;
  user_id: string;
  via: SessionVia;
  client: string;
  address: string;
  created_at: string | Date;
  last_seen_at: string | Date;
  expires_at: string | Date;
  ended_at: string | Date | null;
}

/** Instances hear each other's sign-outs on this channel (PostgreSQL's NOTIFY). */
const CHANNEL = 'auth_session_ended';
/** "Last seen" is written at most this often per session. */
const TOUCH_EVERY_MS = 60_000;
const iso = (value: string | Date): string => new Date(value).toISOString();

/**
 * Every sign-in is a session with an id (the token's `sid`). Ending one is
 * written here and heard by every instance at once (NOTIFY on PostgreSQL; the
 * embedded store has one instance only), which keeps an in-memory set of the
 * ended ids: checking a token costs a lookup, not a query.
 */
@Injectable()
export class SessionStore implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Sessions');
  /** Ended session id → its expiry (ms); forgotten after it, when the token is refused anyway. */
  private readonly ended = new Map<string, number>();
  private readonly touched = new Map<string, number>();
  private readonly listeners = new Set<(sessionId: string) => void>();
  private stopListening: (() => Promise<void>) | undefined;
  private readonly pruner: NodeJS.Timeout;

  constructor(@Inject(SQL_DATABASE) private readonly db: SqlDatabase) {
    this.pruner = setInterval(() => this.prune(), 60_000);
    this.pruner.unref();
  }

  async onModuleInit(): Promise<void> {
    if (this.db.kind === 'postgres' && this.db.listen) {
      this.stopListening = await this.db.listen(CHANNEL, {
        onNotification: (sessionId) => this.heard(sessionId),
        // Notifications sent while the connection was down are lost: read the table again.
        onReconnected: () => void this.reload(),
        onError: (error) => this.logger.error(`Listening for sign-outs: ${String(error)}`),
      });
    }
    await this.reload();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.pruner);
    await this.stopListening?.();
  }

  async open(session: OpenSession): Promise<string> {
    const id = randomUUID();
    await this.db.query(
      `INSERT INTO auth_sessions (id, user_id, user_kind, via, client, address, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        id,
        session.principal.userId,
        session.principal.kind,
        session.via,
        describeClient(session.client?.userAgent),
        describeAddress(session.client?.address),
        new Date(session.expiresAt).toISOString(),
      ],
    );
    this.touched.set(id, Date.now());
    return id;
  }

  isEnded(sessionId: string): boolean {
    return this.ended.has(sessionId);
  }

  /** Notes that the session is in use; writes at most once a minute, never in the caller's way. */
  touch(sessionId: string): void {
    const now = Date.now();
    if (now - (this.touched.get(sessionId) ?? 0) < TOUCH_EVERY_MS) return;
    this.touched.set(sessionId, now);
    this.db
      .query('UPDATE auth_sessions SET last_seen_at = now() WHERE id = $1', [sessionId])
      .catch((error: unknown) =>
        this.logger.warn(`Could not note a session as seen: ${String(error)}`),
      );
  }

  /** The person's sessions still good or ended within their lifetime, newest first. */
  async list(userId: string): Promise<SessionRow[]> {
    const rows = await this.db.query<StoredRow>(
      `SELECT * FROM auth_sessions WHERE user_id = $1 AND expires_at > now()
       ORDER BY created_at DESC, id LIMIT 100`,
      [userId],
    );
    return rows.map((row) => ({
      id: row.id,
      via: row.via,
      client: row.client,
      address: row.address,
      createdAt: iso(row.created_at),
      lastSeenAt: iso(row.last_seen_at),
      expiresAt: iso(row.expires_at),
      endedAt: row.ended_at === null ? null : iso(row.ended_at),
    }));
  }

  /** Ends one of `userId`'s own sessions, on every instance; ending an ended one again changes nothing. */
  async end(sessionId: string, userId: string): Promise<void> {
    const [row] = await this.db.query<Pick<StoredRow, 'user_id' | 'expires_at'>>(
      'SELECT user_id, expires_at FROM auth_sessions WHERE id = $1',
      [sessionId],
    );
    if (!row) throw new AppError('auth.session-not-found', 'There is no session with that id.');
    if (row.user_id !== userId)
      throw new AppError('auth.not-your-session', 'You can only sign out of your own sessions.');
    await this.db.query(
      'UPDATE auth_sessions SET ended_at = now() WHERE id = $1 AND ended_at IS NULL',
      [sessionId],
    );
    this.mark(sessionId, new Date(row.expires_at).getTime());
    if (this.db.kind === 'postgres')
      await this.db.query('SELECT pg_notify($1, $2)', [CHANNEL, sessionId]);
  }

  /** Calls `listener` with each session that ends, here or on another instance. */
  onEnded(listener: (sessionId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private heard(sessionId: string): void {
    // Its expiry is not in the message: kept as long as the longest session could last.
    if (!this.ended.has(sessionId)) this.mark(sessionId, Date.now() + 30 * 24 * 3_600_000);
  }

  private mark(sessionId: string, expiresAt: number): void {
    const known = this.ended.has(sessionId);
    this.ended.set(sessionId, expiresAt);
    this.touched.delete(sessionId);
    if (known) return;
    for (const listener of this.listeners) {
      try {
        listener(sessionId);
      } catch (error) {
        this.logger.error(`Closing the live channels of session ${sessionId}: ${String(error)}`);
      }
    }
  }

  private async reload(): Promise<void> {
    try {
      const rows = await this.db.query<Pick<StoredRow, 'id' | 'expires_at'>>(
        `SELECT id, expires_at FROM auth_sessions WHERE ended_at IS NOT NULL AND expires_at > now()`,
      );
      for (const row of rows) this.mark(row.id, new Date(row.expires_at).getTime());
    } catch (error) {
      this.logger.error(`Could not read the ended sessions: ${String(error)}`);
    }
  }

  private prune(): void {
    const now = Date.now();
    for (const [id, expiresAt] of this.ended) if (expiresAt <= now) this.ended.delete(id);
    for (const [id, at] of this.touched) if (now - at > 24 * 3_600_000) this.touched.delete(id);
  }
}

/** "Firefox on Android": enough to tell one's devices apart, no version or build. */
export function describeClient(userAgent: string | undefined): string {
  if (!userAgent) return '';
  const browser =
    [
      ['Edge', /Edg\//],
      ['Opera', /OPR\//],
      ['Firefox', /Firefox\//],
      ['Chrome', /Chrom(e|ium)\//],
      ['Safari', /Safari\//],
    ].find(([, pattern]) => (pattern as RegExp).test(userAgent))?.[0] ?? 'Another browser';
  const system =
    [
      ['Android', /Android/],
      ['iOS', /iPhone|iPad|iPod/],
      ['ChromeOS', /CrOS/],
      ['Windows', /Windows/],
      ['macOS', /Mac OS X|Macintosh/],
      ['Linux', /Linux/],
    ].find(([, pattern]) => (pattern as RegExp).test(userAgent))?.[0] ?? null;
  return system === null ? String(browser) : `${String(browser)} on ${String(system)}`;
}

/** The network, not the address: `203.0.113.x`, `2001:db8:85a3::/48`. */
export function describeAddress(address: string | undefined): string {
  if (!address) return '';
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/.exec(address);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.x`;
  const groups = address.split(':').filter((group) => group !== '');
  return groups.length >= 3 ? `${groups.slice(0, 3).join(':')}::/48` : '';
}
