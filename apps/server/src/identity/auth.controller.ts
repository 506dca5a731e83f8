import { Controller, Headers, Ip } from '@nestjs/common';
import type {
  CollabTicket,
  RouteValues,
  SessionList,
  SignInResponse,
  User,
} from '@commonplace/shared';
import { API_ROUTES as R } from '@commonplace/shared';
import type { Actor } from '../common/actor.js';
import { CurrentActor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { Endpoint, Input } from '../common/endpoint.js';
import { CollabTickets } from './collab-ticket.store.js';
import { IdentityService } from './identity.service.js';
import { SessionStore } from './session.store.js';
import { TokenService } from './token.service.js';

@Controller()
export class AuthController {
  constructor(
    private readonly identity: IdentityService,
    private readonly tokens: TokenService,
    private readonly sessions: SessionStore,
    private readonly tickets: CollabTickets,
  ) {}

  @Endpoint(R.signIn)
  async onSignIn(
    @Input() { body }: RouteValues<typeof R.signIn>,
    @Ip() from: string,
    @Headers('user-agent') userAgent: string | undefined,
  ): Promise<SignInResponse> {
    const user = await this.identity.verifyCredentials(body.login, body.password, from);
    const token = await this.tokens.issue(
      { userId: user.id, kind: user.kind },
      { via: 'password', client: { userAgent, address: from } },
    );
    return { token, user };
  }

  @Endpoint(R.studentSignIn)
  async onStudentSignIn(
    @Input() { body }: RouteValues<typeof R.studentSignIn>,
    @Ip() from: string,
    @Headers('user-agent') userAgent: string | undefined,
  ): Promise<SignInResponse> {
    const user = await this.identity.verifyStudentCard(body.classCode, body.secret);
    const token = await this.tokens.issue(
      { userId: user.id, kind: user.kind },
      { via: 'card', client: { userAgent, address: from } },
    );
    return { token, user };
  }

  @Endpoint(R.me)
  async onMe(
    @Input() _input: RouteValues<typeof R.me>,
    @CurrentActor() actor: Actor,
  ): Promise<User> {
    const user = await this.identity.findUser(actor.userId);
    if (!user)
      throw new AppError('auth.unauthenticated', 'This account no longer exists. Sign in again.');
    return user;
  }

  @Endpoint(R.signOut)
  async onSignOut(
    @Input() _input: RouteValues<typeof R.signOut>,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.sessions.end(sessionOf(actor), actor.userId);
  }

  @Endpoint(R.mySessions)
  async onSessions(
    @Input() _input: RouteValues<typeof R.mySessions>,
    @CurrentActor() actor: Actor,
  ): Promise<SessionList> {
    const current = sessionOf(actor);
    const sessions = await this.sessions.list(actor.userId);
    return {
      sessions: sessions.map((session) => ({ ...session, current: session.id === current })),
    };
  }

  @Endpoint(R.endMySession)
  async onEndSession(
    @Input() { params }: RouteValues<typeof R.endMySession>,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.sessions.end(params.sessionId, actor.userId);
  }

  @Endpoint(R.collabTicket)
  async onCollabTicket(
    @Input() _input: RouteValues<typeof R.collabTicket>,
    @CurrentActor() actor: Actor,
  ): Promise<CollabTicket> {
    return this.tickets.issue(sessionOf(actor));
  }
}

function sessionOf(actor: Actor): string {
  // Every token the route guard accepts has one.
  if (actor.sessionId === undefined) throw new Error('an actor without a session');
  return actor.sessionId;
}
