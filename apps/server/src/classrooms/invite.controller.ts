import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import type {
  AcceptInviteRequest,
  AcceptInviteResponse,
  CreateInviteRequest,
  CreatedInvite,
  InvitePage,
  InvitePreview,
  PageQuery,
} from '@commonplace/shared';
import {
  API_ROUTES,
  AcceptInviteRequestSchema,
  CreateInviteRequestSchema,
  InviteTokenSchema,
  PageQuerySchema,
} from '@commonplace/shared';
import type { Request } from 'express';
import { z } from 'zod';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { AuthGuard, CurrentPrincipal } from '../identity/auth.guard.js';
import type { Principal } from '../identity/token.service.js';
import { TokenService } from '../identity/token.service.js';
import { InviteService } from './invite.service.js';

const IdParam = new ZodValidationPipe(z.string().min(1).max(100));
const R = API_ROUTES;
const PreviewSchema = z.object({ token: InviteTokenSchema });

@Controller()
export class InviteController {
  constructor(
    private readonly invites: InviteService,
    private readonly tokens: TokenService,
  ) {}

  @Post(R.createInvite.path)
  @UseGuards(AuthGuard)
  onCreate(
    @CurrentPrincipal() principal: Principal,
    @Param('classroomId', IdParam) classroomId: string,
    @Body(new ZodValidationPipe(CreateInviteRequestSchema)) body: CreateInviteRequest,
  ): Promise<CreatedInvite> {
    return this.invites.create(principal, classroomId, body);
  }

  @Get(R.listInvites.path)
  @UseGuards(AuthGuard)
  onList(
    @CurrentPrincipal() principal: Principal,
    @Param('classroomId', IdParam) classroomId: string,
    @Query(new ZodValidationPipe(PageQuerySchema)) query: PageQuery,
  ): Promise<InvitePage> {
    return this.invites.list(principal, classroomId, query.limit, query.cursor);
  }

  @Delete(R.revokeInvite.path)
  @UseGuards(AuthGuard)
  @HttpCode(204)
  async onRevoke(
    @CurrentPrincipal() principal: Principal,
    @Param('classroomId', IdParam) classroomId: string,
    @Param('inviteId', IdParam) inviteId: string,
  ): Promise<void> {
    await this.invites.revoke(principal, classroomId, inviteId);
  }

  /** Public: the invite page shows what the link is for before anyone signs in. */
  @Post(R.previewInvite.path)
  @HttpCode(200)
  onPreview(
    @Body(new ZodValidationPipe(PreviewSchema)) body: { token: string },
  ): Promise<InvitePreview> {
    return this.invites.preview(body.token);
  }

  /** Public: signed in or not (a new guardian makes their account here). */
  @Post(R.acceptInvite.path)
  @HttpCode(200)
  async onAccept(
    @Req() request: Request,
    @Body(new ZodValidationPipe(AcceptInviteRequestSchema)) body: AcceptInviteRequest,
  ): Promise<AcceptInviteResponse> {
    const header = request.headers.authorization;
    const principal = header?.startsWith('Bearer ')
      ? await this.tokens.verify(header.slice('Bearer '.length))
      : undefined;
    return this.invites.accept(principal, body);
  }
}
