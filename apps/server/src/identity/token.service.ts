import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import { UserKindSchema } from '@commonplace/shared';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { AppError } from '../common/app-error.js';
import type { SessionVia } from '@commonplace/shared';
import type { Principal } from '../common/principal.js';
import type { SessionKey } from '../store/session-key.js';
import { SESSION_KEY } from '../store/store.tokens.js';
import { CollabTickets } from './collab-ticket.store.js';
import type { SessionClient } from './session.store.js';
import { SessionStore } from './session.store.js';

export type { Principal } from '../common/principal.js';

/** A verified token: who it is, and when it stops being accepted. */
export interface Session {
  readonly principal: Principal;
  /** The token's `sid`: the sign-in it belongs to, which may be ended before `expiresAt`. */
  readonly sessionId: string;
  /** Epoch milliseconds at which the token expires; live channels close then. */
  readonly expiresAt: number;
}

export interface IssueOptions {
  /** Lifetime in seconds instead of SESSION_HOURS: for tests of what happens at expiry. */
  readonly ttlSeconds?: number;
  /** How the person signed in; `issued` (the default) is for tools and tests. */
  readonly via?: SessionVia;
  /** The device and network of the sign-in, shown in the person's list of sessions. */
  readonly client?: SessionClient;
}

/**
 * Signed session tokens (HS256 JWTs): the same token signs in HTTP, socket.io
 * and the collaboration endpoint. Each is one session of the SessionStore (its
 * `sid` claim); a token whose session has ended is refused like an expired one.
 */
@Injectable()
export class TokenService implements OnModuleInit {
  constructor(
    @Inject(SESSION_KEY) private readonly key: SessionKey,
    private readonly sessions: SessionStore,
    private readonly tickets: CollabTickets,
  ) {}

  /**
   * Signs and checks one token at start-up: the first verification loads the
   * platform's Web Crypto (measured: 4–11 ms), which the first person to
   * connect after a restart would otherwise wait for.
   */
  async onModuleInit(): Promise<void> {
    const expiresAt = Math.floor(Date.now() / 1000) + 60;
    await this.verify(
      await this.sign({ userId: 'start-up', kind: 'teacher' }, 'start-up', expiresAt),
    );
  }

  /** Opens a session for `principal` and returns its token. */
  async issue(principal: Principal, options: IssueOptions = {}): Promise<string> {
    const { ttlSeconds } = options;
    const expiresAt =
      Math.floor(Date.now() / 1000) +
      (ttlSeconds === undefined ? this.key.hours * 3600 : Math.max(1, Math.ceil(ttlSeconds)));
    const sessionId = await this.sessions.open({
      principal,
      via: options.via ?? 'issued',
      expiresAt: expiresAt * 1000,
      client: options.client,
    });
    return this.sign(principal, sessionId, expiresAt);
  }

  private sign(principal: Principal, sessionId: string, expiresAt: number): Promise<string> {
    return new SignJWT({ kind: principal.kind, sid: sessionId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(principal.userId)
      .setIssuedAt()
      .setIssuer('commonplace')
      .setExpirationTime(expiresAt)
      .sign(this.key.secret);
  }

  async verify(token: string | null | undefined): Promise<Principal> {
    return (await this.verifySession(token)).principal;
  }

  /** Like `verify`, with the token's session and expiry, for channels that stay open past the check. */
  async verifySession(token: string | null | undefined): Promise<Session> {
    if (!token) throw new AppError('auth.unauthenticated', 'Sign in to continue.');
    const session = await this.decode(token);
    if (this.sessions.isEnded(session.sessionId))
      throw new AppError('auth.unauthenticated', 'You signed out of this session. Sign in again.');
    this.sessions.touch(session.sessionId);
    return session;
  }

  /** A collaboration ticket, used up: the session it was taken for, if still good. */
  async verifyTicket(ticket: string): Promise<Session> {
    const redeemed = await this.tickets.redeem(ticket);
    if (redeemed === undefined || this.sessions.isEnded(redeemed.sessionId))
      throw new AppError(
        'auth.unauthenticated',
        'This connection ticket is used, expired or unknown. Ask for a new one.',
      );
    const { sessionId, userId, kind, expiresAt } = redeemed;
    return { principal: { userId, kind, sessionId }, sessionId, expiresAt };
  }

  private async decode(token: string): Promise<Session> {
    try {
      const { payload } = await jwtVerify(token, this.key.secret, {
        issuer: 'commonplace',
        algorithms: ['HS256'],
        // A token without an expiry would be a sign-in that never ends; every token we issue has one.
        requiredClaims: ['exp'],
      });
      const kind = payload['kind'];
      const sid = payload['sid'];
      // A token without a session could not be signed out of; every token we issue has one.
      if (!payload.sub || !UserKindSchema.safeParse(kind).success || typeof sid !== 'string')
        throw new Error('malformed claims');
      if (payload.exp === undefined) throw new Error('no expiry');
      return {
        principal: { userId: payload.sub, kind: UserKindSchema.parse(kind), sessionId: sid },
        sessionId: sid,
        // jose refuses a token once the clock reaches `exp` (whole seconds).
        expiresAt: payload.exp * 1000,
      };
    } catch (error) {
      const expired = error instanceof joseErrors.JWTExpired;
      throw new AppError(
        'auth.unauthenticated',
        expired
          ? 'Your session has ended. Sign in again.'
          : 'Your session is not valid. Sign in again.',
      );
    }
  }
}
