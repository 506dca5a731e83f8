import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import { UserKindSchema } from '@commonplace/shared';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { AppError } from '../common/app-error.js';
import type { Principal } from '../common/principal.js';
import type { SessionKey } from '../store/session-key.js';
import { SESSION_KEY } from '../store/store.tokens.js';

export type { Principal } from '../common/principal.js';

/** A verified token: who it is, and when it stops being accepted. */
export interface Session {
  readonly principal: Principal;
  /** Epoch milliseconds at which the token expires; live channels close then. */
  readonly expiresAt: number;
}

export interface IssueOptions {
  /** Lifetime in seconds instead of SESSION_HOURS: for tests of what happens at expiry. */
  readonly ttlSeconds?: number;
}

/** Signed session tokens (HS256 JWTs): the same token signs in HTTP, socket.io and the collaboration endpoint. */
@Injectable()
export class TokenService implements OnModuleInit {
  constructor(@Inject(SESSION_KEY) private readonly key: SessionKey) {}

  /**
   * Signs and checks one token at start-up: the first verification loads the
   * platform's Web Crypto (measured: 4–11 ms), which the first person to
   * connect after a restart would otherwise wait for.
   */
  async onModuleInit(): Promise<void> {
    await this.verify(await this.issue({ userId: 'start-up', kind: 'teacher' }));
  }

  async issue(principal: Principal, options: IssueOptions = {}): Promise<string> {
    const { ttlSeconds } = options;
    return new SignJWT({ kind: principal.kind })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(principal.userId)
      .setIssuedAt()
      .setIssuer('commonplace')
      .setExpirationTime(
        ttlSeconds === undefined
          ? `${this.key.hours}h`
          : Math.floor(Date.now() / 1000) + Math.max(1, Math.ceil(ttlSeconds)),
      )
      .sign(this.key.secret);
  }

  async verify(token: string | null | undefined): Promise<Principal> {
    return (await this.verifySession(token)).principal;
  }

  /** Like `verify`, with the token's expiry, for channels that stay open past the check. */
  async verifySession(token: string | null | undefined): Promise<Session> {
    if (!token) throw new AppError('auth.unauthenticated', 'Sign in to continue.');
    try {
      const { payload } = await jwtVerify(token, this.key.secret, {
        issuer: 'commonplace',
        algorithms: ['HS256'],
        // A token without an expiry would be a sign-in that never ends; every token we issue has one.
        requiredClaims: ['exp'],
      });
      const kind = payload['kind'];
      if (!payload.sub || !UserKindSchema.safeParse(kind).success)
        throw new Error('malformed claims');
      if (payload.exp === undefined) throw new Error('no expiry');
      return {
        principal: { userId: payload.sub, kind: UserKindSchema.parse(kind) },
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
