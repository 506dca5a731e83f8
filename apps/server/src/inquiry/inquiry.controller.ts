import { Controller } from '@nestjs/common';
import type {
  InquiryParticipants,
  InquiryPost,
  InquiryPostList,
  InquirySpaceList,
  InquirySpaceView,
  InvitableClassroomList,
  RouteValues,
} from '@commonplace/shared';
import { API_ROUTES as R } from '@commonplace/shared';
import type { Actor } from '../common/actor.js';
import { CurrentActor } from '../common/actor.js';
import { Endpoint, Input } from '../common/endpoint.js';
import { InquiryService } from './inquiry.service.js';

/** Cross-classroom inquiry spaces: classrooms, posts and moderation. */
@Controller()
export class InquiryController {
  constructor(private readonly inquiry: InquiryService) {}

  @Endpoint(R.openInquirySpace)
  onOpen(
    @Input() { params, body }: RouteValues<typeof R.openInquirySpace>,
    @CurrentActor() actor: Actor,
  ): Promise<InquirySpaceView> {
    return this.inquiry.open(actor, params.classroomId, body);
  }

  @Endpoint(R.inquirySpaces)
  async onList(
    @Input() _input: RouteValues<typeof R.inquirySpaces>,
    @CurrentActor() actor: Actor,
  ): Promise<InquirySpaceList> {
    return { items: await this.inquiry.list(actor) };
  }

  @Endpoint(R.inquirySpace)
  onSpace(
    @Input() { params }: RouteValues<typeof R.inquirySpace>,
    @CurrentActor() actor: Actor,
  ): Promise<InquirySpaceView> {
    return this.inquiry.view(actor, params.spaceId);
  }

  @Endpoint(R.inviteClassroom)
  onInviteClassroom(
    @Input() { params, body }: RouteValues<typeof R.inviteClassroom>,
    @CurrentActor() actor: Actor,
  ): Promise<InquirySpaceView> {
    return this.inquiry.inviteClassroom(actor, params.spaceId, body);
  }

  @Endpoint(R.invitableClassrooms)
  onInvitable(
    @Input() { params }: RouteValues<typeof R.invitableClassrooms>,
    @CurrentActor() actor: Actor,
  ): Promise<InvitableClassroomList> {
    return this.inquiry.invitableClassrooms(actor, params.spaceId);
  }

  @Endpoint(R.inquiryParticipants)
  onParticipants(
    @Input() { params }: RouteValues<typeof R.inquiryParticipants>,
    @CurrentActor() actor: Actor,
  ): Promise<InquiryParticipants> {
    return this.inquiry.participants(actor, params.spaceId);
  }

  @Endpoint(R.respondToInquiryInvitation)
  onRespond(
    @Input() { params, body }: RouteValues<typeof R.respondToInquiryInvitation>,
    @CurrentActor() actor: Actor,
  ): Promise<InquirySpaceView> {
    return this.inquiry.respond(actor, params.spaceId, params.classroomId, body.accept);
  }

  @Endpoint(R.inquiryPosts)
  async onPosts(
    @Input() { params }: RouteValues<typeof R.inquiryPosts>,
    @CurrentActor() actor: Actor,
  ): Promise<InquiryPostList> {
    return { items: await this.inquiry.posts(actor, params.spaceId) };
  }

  @Endpoint(R.createPost)
  onCreatePost(
    @Input() { params, body }: RouteValues<typeof R.createPost>,
    @CurrentActor() actor: Actor,
  ): Promise<InquiryPost> {
    return this.inquiry.post(actor, params.spaceId, body);
  }

  @Endpoint(R.hidePost)
  async onHide(
    @Input() { params, body }: RouteValues<typeof R.hidePost>,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.inquiry.hide(actor, params.spaceId, params.postId, body.reason);
  }

  @Endpoint(R.lockBoard)
  onLock(
    @Input() { params }: RouteValues<typeof R.lockBoard>,
    @CurrentActor() actor: Actor,
  ): Promise<InquirySpaceView> {
    return this.inquiry.setLocked(actor, params.spaceId, true);
  }

  @Endpoint(R.unlockBoard)
  onUnlock(
    @Input() { params }: RouteValues<typeof R.unlockBoard>,
    @CurrentActor() actor: Actor,
  ): Promise<InquirySpaceView> {
    return this.inquiry.setLocked(actor, params.spaceId, false);
  }

  @Endpoint(R.removeParticipant)
  async onRemove(
    @Input() { params }: RouteValues<typeof R.removeParticipant>,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.inquiry.removeParticipant(actor, params.spaceId, params.userId);
  }
}
