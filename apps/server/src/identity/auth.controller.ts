import { Body, Controller, Get, HttpCode, Ip, Post, UseGuards } from '@nestjs/common';
import type {
  SignInRequest,
  SignInResponse,
  StudentSignInRequest,
  User,
} from '@commonplace/shared';
import { SignInRequestSchema, StudentSignInRequestSchema } from '@commonplace/shared';
import { AppError } from '../common/app-error.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { AuthGuard, CurrentPrincipal } from './auth.guard.js';
import { IdentityService } from './identity.service.js';
import type { Principal } from './token.service.js';
import { TokenService } from './token.service.js';

@Controller()
export class AuthController {
  constructor(
    private readonly identity: IdentityService,
    private readonly tokens: TokenService,
  ) {}

  @Post('auth/sign-in')
  @HttpCode(200)
  async onSignIn(
    @Body(new ZodValidationPipe(SignInRequestSchema)) body: SignInRequest,
    @Ip() from: string,
  ): Promise<SignInResponse> {
    const user = await this.identity.verifyCredentials(body.login, body.password, from);
    return { token: await this.tokens.issue({ userId: user.id, kind: user.kind }), user };
  }

  @Post('auth/student-sign-in')
  @HttpCode(200)
  async onStudentSignIn(
    @Body(new ZodValidationPipe(StudentSignInRequestSchema)) body: StudentSignInRequest,
  ): Promise<SignInResponse> {
    const user = await this.identity.verifyStudentCard(body.classCode, body.secret);
    return { token: await this.tokens.issue({ userId: user.id, kind: user.kind }), user };
  }

  @Get('me')
  @UseGuards(AuthGuard)
  async onMe(@CurrentPrincipal() principal: Principal): Promise<User> {
    const user = await this.identity.findUser(principal.userId);
    if (!user)
      throw new AppError('auth.unauthenticated', 'This account no longer exists. Sign in again.');
    return user;
  }
}
