import { Module } from '@nestjs/common';
import { PersonalDataModule } from '../personal-data/personal-data.module.js';
import { AuthController } from './auth.controller.js';
import { IdentityService } from './identity.service.js';
import {
  PASSWORD_SIGN_IN_ATTEMPTS,
  PASSWORD_SIGN_IN_POLICY,
  SignInAttempts,
} from './sign-in-attempts.js';
import { CollabTickets } from './collab-ticket.store.js';
import { SessionStore } from './session.store.js';
import { TokenService } from './token.service.js';

@Module({
  imports: [PersonalDataModule],
  controllers: [AuthController],
  providers: [
    IdentityService,
    TokenService,
    SessionStore,
    CollabTickets,
    // A plain class: its clock is a constructor argument, for the unit test.
    { provide: SignInAttempts, useFactory: () => new SignInAttempts() },
    {
      provide: PASSWORD_SIGN_IN_ATTEMPTS,
      useFactory: () => new SignInAttempts(Date.now, PASSWORD_SIGN_IN_POLICY),
    },
  ],
  exports: [IdentityService, TokenService, SessionStore],
})
export class IdentityModule {}
