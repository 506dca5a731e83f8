import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import type {
  CreatePostRequest,
  EmptyRequest,
  HidePostRequest,
  InquiryParticipants,
  InquiryPost,
  InquiryPostList,
  InquirySpaceList,
  InquirySpaceView,
  InvitableClassroomList,
  InviteClassroomRequest,
  OpenInquirySpaceRequest,
  RespondToInquiryInvitationRequest,
} from '@commonplace/shared';
import {
  CreatePostRequestSchema,
  EmptyRequestSchema,
  HidePostRequestSchema,
  INQUIRY_SPACE_ROUTES,
  InviteClassroomRequestSchema,
  OpenInquirySpaceRequestSchema,
  RespondToInquiryInvitationRequestSchema,
} from '@commonplace/shared';
import { z } from 'zod';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { AuthGuard, CurrentPrincipal } from '../identity/auth.guard.js';
import type { Principal } from '../identity/token.service.js';
import { InquiryService } from './inquiry.service.js';

const IdParam = new ZodValidationPipe(z.string().min(1).max(100));
const R = INQUIRY_SPACE_ROUTES;

/** Cross-classroom inquiry spaces: classrooms, posts and moderation. */
@Controller()
@UseGuards(AuthGuard)
export class InquiryController {
  constructor(private readonly inquiry: InquiryService) {}

  @Post(R.openInquirySpace.path)
  onOpen(
    @CurrentPrincipal() principal: Principal,
    @Param('classroomId', IdParam) classroomId: string,
    @Body(new ZodValidationPipe(OpenInquirySpaceRequestSchema)) body: OpenInquirySpaceRequest,
  ): Promise<InquirySpaceView> {
    return this.inquiry.open(principal, classroomId, body);
  }

  @Get(R.inquirySpaces.path)
  async onList(@CurrentPrincipal() principal: Principal): Promise<InquirySpaceList> {
    return { items: await this.inquiry.list(principal) };
  }

  @Get(R.inquirySpace.path)
  onSpace(
    @CurrentPrincipal() principal: Principal,
    @Param('spaceId', IdParam) spaceId: string,
  ): Promise<InquirySpaceView> {
    return this.inquiry.view(principal, spaceId);
  }

  @Post(R.inviteClassroom.path)
  onInviteClassroom(
    @CurrentPrincipal() principal: Principal,
    @Param('spaceId', IdParam) spaceId: string,
    @Body(new ZodValidationPipe(InviteClassroomRequestSchema)) body: InviteClassroomRequest,
  ): Promise<InquirySpaceView> {
    return this.inquiry.inviteClassroom(principal, spaceId, body);
  }

  @Get(R.invitableClassrooms.path)
  onInvitable(
    @CurrentPrincipal() principal: Principal,
    @Param('spaceId', IdParam) spaceId: string,
  ): Promise<InvitableClassroomList> {
    return this.inquiry.invitableClassrooms(principal, spaceId);
  }

  @Get(R.inquiryParticipants.path)
  onParticipants(
    @CurrentPrincipal() principal: Principal,
    @Param('spaceId', IdParam) spaceId: string,
  ): Promise<InquiryParticipants> {
    return this.inquiry.participants(principal, spaceId);
  }

  @Post(R.respondToInquiryInvitation.path)
  @HttpCode(200)
  onRespond(
    @CurrentPrincipal() principal: Principal,
    @Param('spaceId', IdParam) spaceId: string,
    @Param('classroomId', IdParam) classroomId: string,
    @Body(new ZodValidationPipe(RespondToInquiryInvitationRequestSchema))
    body: RespondToInquiryInvitationRequest,
  ): Promise<InquirySpaceView> {
    return this.inquiry.respond(principal, spaceId, classroomId, body.accept);
  }

  @Get(R.inquiryPosts.path)
  async onPosts(
    @CurrentPrincipal() principal: Principal,
    @Param('spaceId', IdParam) spaceId: string,
  ): Promise<InquiryPostList> {
    return { items: await this.inquiry.posts(principal, spaceId) };
  }

  @Post(R.createPost.path)
  onCreatePost(
    @CurrentPrincipal() principal: Principal,
    @Param('spaceId', IdParam) spaceId: string,
    @Body(new ZodValidationPipe(CreatePostRequestSchema)) body: CreatePostRequest,
  ): Promise<InquiryPost> {
    return this.inquiry.post(principal, spaceId, body);
  }

  @Post(R.hidePost.path)
  @HttpCode(204)
  async onHide(
    @CurrentPrincipal() principal: Principal,
    @Param('spaceId', IdParam) spaceId: string,
    @Param('postId', IdParam) postId: string,
    @Body(new ZodValidationPipe(HidePostRequestSchema)) body: HidePostRequest,
  ): Promise<void> {
    await this.inquiry.hide(principal, spaceId, postId, body.reason);
  }

  @Post(R.lockBoard.path)
  @HttpCode(200)
  onLock(
    @CurrentPrincipal() principal: Principal,
    @Param('spaceId', IdParam) spaceId: string,
    @Body(new ZodValidationPipe(EmptyRequestSchema)) _body: EmptyRequest,
  ): Promise<InquirySpaceView> {
    return this.inquiry.setLocked(principal, spaceId, true);
  }

  @Post(R.unlockBoard.path)
  @HttpCode(200)
  onUnlock(
    @CurrentPrincipal() principal: Principal,
    @Param('spaceId', IdParam) spaceId: string,
    @Body(new ZodValidationPipe(EmptyRequestSchema)) _body: EmptyRequest,
  ): Promise<InquirySpaceView> {
    return this.inquiry.setLocked(principal, spaceId, false);
  }

  @Delete(R.removeParticipant.path)
  @HttpCode(204)
  async onRemove(
    @CurrentPrincipal() principal: Principal,
    @Param('spaceId', IdParam) spaceId: string,
    @Param('userId', IdParam) userId: string,
  ): Promise<void> {
    await this.inquiry.removeParticipant(principal, spaceId, userId);
  }
}
