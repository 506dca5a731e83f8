import { Controller } from '@nestjs/common';
import type {
  MentorAccessReport,
  MentorInviteCreated,
  MentorList,
  MentorSignInResponse,
  RouteValues,
} from '@commonplace/shared';
import { API_ROUTES as R } from '@commonplace/shared';
import type { Actor } from '../common/actor.js';
import { CurrentActor } from '../common/actor.js';
import { Endpoint, Input } from '../common/endpoint.js';
import { MentorService } from './mentor.service.js';

/** Mentors of a space: signing in through the invite link, and the moderators' invite, list, revoke and audit. */
@Controller()
export class MentorController {
  constructor(private readonly mentors: MentorService) {}

  /** Public: the link is the credential. */
  @Endpoint(R.mentorSignIn)
  onSignIn(@Input() { body }: RouteValues<typeof R.mentorSignIn>): Promise<MentorSignInResponse> {
    return this.mentors.signIn(body.inviteToken);
  }

  @Endpoint(R.inviteMentor)
  onInvite(
    @Input() { params, body }: RouteValues<typeof R.inviteMentor>,
    @CurrentActor() actor: Actor,
  ): Promise<MentorInviteCreated> {
    return this.mentors.invite(actor, params.spaceId, body);
  }

  @Endpoint(R.mentors)
  async onList(
    @Input() { params }: RouteValues<typeof R.mentors>,
    @CurrentActor() actor: Actor,
  ): Promise<MentorList> {
    return { items: await this.mentors.list(actor, params.spaceId) };
  }

  @Endpoint(R.revokeMentor)
  async onRevoke(
    @Input() { params }: RouteValues<typeof R.revokeMentor>,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.mentors.revoke(actor, params.spaceId, params.mentorId);
  }

  @Endpoint(R.mentorAccessReport)
  onReport(
    @Input() { params }: RouteValues<typeof R.mentorAccessReport>,
    @CurrentActor() actor: Actor,
  ): Promise<MentorAccessReport> {
    return this.mentors.report(actor, params.spaceId, params.mentorId);
  }
}
