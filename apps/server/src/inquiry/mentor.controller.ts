import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import type {
  InviteMentorRequest,
  MentorAccessReport,
  MentorInviteCreated,
  MentorList,
  MentorSignInRequest,
  MentorSignInResponse,
} from '@commonplace/shared';
import {
  InviteMentorRequestSchema,
  MENTOR_ROUTES,
  MentorSignInRequestSchema,
} from '@commonplace/shared';
import { z } from 'zod';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { AuthGuard, CurrentPrincipal } from '../identity/auth.guard.js';
import type { Principal } from '../identity/token.service.js';
import { MentorService } from './mentor.service.js';

const IdParam = new ZodValidationPipe(z.string().min(1).max(100));
const R = MENTOR_ROUTES;

/** Signing in through a mentor's invite link: the link is the credential. */
@Controller()
export class MentorSignInController {
  constructor(private readonly mentors: MentorService) {}

  @Post(R.mentorSignIn.path)
  @HttpCode(200)
  onSignIn(
    @Body(new ZodValidationPipe(MentorSignInRequestSchema)) body: MentorSignInRequest,
  ): Promise<MentorSignInResponse> {
    return this.mentors.signIn(body.inviteToken);
  }
}

/** Teachers invite, list, revoke and audit the mentors of a space they moderate. */
@Controller()
@UseGuards(AuthGuard)
export class MentorController {
  constructor(private readonly mentors: MentorService) {}

  @Post(R.inviteMentor.path)
  onInvite(
    @CurrentPrincipal() principal: Principal,
    @Param('spaceId', IdParam) spaceId: string,
    @Body(new ZodValidationPipe(InviteMentorRequestSchema)) body: InviteMentorRequest,
  ): Promise<MentorInviteCreated> {
    return this.mentors.invite(principal, spaceId, body);
  }

  @Get(R.mentors.path)
  async onList(
    @CurrentPrincipal() principal: Principal,
    @Param('spaceId', IdParam) spaceId: string,
  ): Promise<MentorList> {
    return { items: await this.mentors.list(principal, spaceId) };
  }

  @Delete(R.revokeMentor.path)
  @HttpCode(204)
  async onRevoke(
    @CurrentPrincipal() principal: Principal,
    @Param('spaceId', IdParam) spaceId: string,
    @Param('mentorId', IdParam) mentorId: string,
  ): Promise<void> {
    await this.mentors.revoke(principal, spaceId, mentorId);
  }

  @Get(R.mentorAccessReport.path)
  onReport(
    @CurrentPrincipal() principal: Principal,
    @Param('spaceId', IdParam) spaceId: string,
    @Param('mentorId', IdParam) mentorId: string,
  ): Promise<MentorAccessReport> {
    return this.mentors.report(principal, spaceId, mentorId);
  }
}
