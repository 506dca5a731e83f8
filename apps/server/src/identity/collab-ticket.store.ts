import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { CollabTicket, UserKind } from '@commonplace/shared';
import type { SqlDatabase } from '../database/sql-database.js';
import { SQL_DATABASE } from '../store/store.tokens.js';

/** How long a ticket may wait for its upgrade. */
export const COLLAB_TICKET_SECONDS = 30;

/** What a redeemed ticket stands for: its session, as the session token would have said. */
export interface RedeemedTicket {
  readonly sessionId: string;
  readonly userId: string;
  readonly kind: UserKind;
  /** Epoch milliseconds: the session's expiry, when the connection closes as at the token's. */
  readonly expiresAt: number;
}

const hash = (ticket: string): string => createHash('sha256').update(ticket).digest('base64url');

/**
 * Tickets for the collaboration endpoint: the web app trades its session token
 * for one right before each (re)connect and puts only the ticket in the
 * WebSocket URL, which proxies log and the stock client prints. A ticket is
 * random, good for 30 s and one upgrade, on any instance (the row is deleted
 * as it is used, in the database every instance shares; the embedded store too).
 */
@Injectable()
export class CollabTickets {
  constructor(@Inject(SQL_DATABASE) private readonly db: SqlDatabase) {}

  async issue(sessionId: string, seconds = COLLAB_TICKET_SECONDS): Promise<CollabTicket> {
    const ticket = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + seconds * 1000);
    // Forgotten tickets go as new ones come: the table holds about a minute's worth.
    await this.db.query(
      `DELETE FROM collab_tickets WHERE expires_at < now() - interval '1 minute'`,
    );
    await this.db.query(
      'INSERT INTO collab_tickets (hash, session_id, expires_at) VALUES ($1, $2, $3)',
      [hash(ticket), sessionId, expiresAt.toISOString()],
    );
    return { ticket, expiresAt: expiresAt.toISOString() };
  }

  /** Uses the ticket up; undefined when it is unknown, used already or expired. */
  async redeem(ticket: string): Promise<RedeemedTicket | undefined> {
    const [row] = await this.db.query<{
      session_id: string;
      user_id: string;
      user_kind: UserKind;
      session_expires_at: string | Date;
    }>(
      `WITH used AS (
         DELETE FROM collab_tickets WHERE hash = $1 RETURNING session_id, expires_at
       )
       SELECT s.id AS session_id, s.user_id, s.user_kind, s.expires_at AS session_expires_at
       FROM used JOIN auth_sessions s ON s.id = used.session_id
       WHERE used.expires_at > now() AND s.ended_at IS NULL AND s.expires_at > now()`,
      [hash(ticket)],
    );
    if (!row) return undefined;
    return {
      sessionId: row.session_id,
      userId: row.user_id,
      kind: row.user_kind,
      expiresAt: new Date(row.session_expires_at).getTime(),
    };
  }
}
