import { Module } from '@nestjs/common';
import { PersonalDataModule } from '../personal-data/personal-data.module.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { IdentityService } from './identity.service.js';
import { TokenService } from './token.service.js';

@Module({
  imports: [PersonalDataModule],
  controllers: [AuthController],
  providers: [IdentityService, TokenService, AuthGuard],
  exports: [IdentityService, TokenService, AuthGuard],
})
export class IdentityModule {}
