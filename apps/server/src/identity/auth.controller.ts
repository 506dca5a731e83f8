import { Controller, Ip } from '@nestjs/common';
import type { RouteValues, SignInResponse, User } from '@commonplace/shared';
import { API_ROUTES as R } from '@commonplace/shared';
import type { Actor } from '../common/actor.js';
import { CurrentActor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { Endpoint, Input } from '../common/endpoint.js';
import { IdentityService } from './identity.service.js';
import { TokenService } from './token.service.js';

@Controller()
export class AuthController {
  constructor(
    private readonly identity: IdentityService,
    private readonly tokens: TokenService,
  ) {}

  @Endpoint(R.signIn)
  async onSignIn(
    @Input() { body }: RouteValues<typeof R.signIn>,
    @Ip() from: string,
  ): Promise<SignInResponse> {
    const user = await this.identity.verifyCredentials(body.login, body.password, from);
    return { token: await this.tokens.issue({ userId: user.id, kind: user.kind }), user };
  }

  @Endpoint(R.studentSignIn)
  async onStudentSignIn(
    @Input() { body }: RouteValues<typeof R.studentSignIn>,
  ): Promise<SignInResponse> {
    const user = await this.identity.verifyStudentCard(body.classCode, body.secret);
    return { token: await this.tokens.issue({ userId: user.id, kind: user.kind }), user };
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
}
