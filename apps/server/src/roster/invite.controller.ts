import { Controller, Req } from '@nestjs/common';
import type {
  AcceptInviteResponse,
  CreatedInvite,
  InvitePage,
  InvitePreview,
  RouteValues,
} from '@commonplace/shared';
import { API_ROUTES as R } from '@commonplace/shared';
import type { Request } from 'express';
import { Endpoint, Input } from '../common/endpoint.js';
import { TokenService } from '../identity/token.service.js';
import { InviteService } from './invite.service.js';
import type { Actor } from '../common/actor.js';
import { CurrentActor, bearerToken } from '../common/actor.js';

@Controller()
export class InviteController {
  constructor(
    private readonly invites: InviteService,
    private readonly tokens: TokenService,
  ) {}

  @Endpoint(R.createInvite)
  onCreate(
    @Input() { params, body }: RouteValues<typeof R.createInvite>,
    @CurrentActor() actor: Actor,
  ): Promise<CreatedInvite> {
    return this.invites.create(actor, params.classroomId, body);
  }

  @Endpoint(R.listInvites)
  onList(
    @Input() { params, query }: RouteValues<typeof R.listInvites>,
    @CurrentActor() actor: Actor,
  ): Promise<InvitePage> {
    return this.invites.list(actor, params.classroomId, query.limit, query.cursor);
  }

  @Endpoint(R.revokeInvite)
  async onRevoke(
    @Input() { params }: RouteValues<typeof R.revokeInvite>,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.invites.revoke(actor, params.classroomId, params.inviteId);
  }

  /** Public: the invite page shows what the link is for before anyone signs in. */
  @Endpoint(R.previewInvite)
  onPreview(@Input() { body }: RouteValues<typeof R.previewInvite>): Promise<InvitePreview> {
    return this.invites.preview(body.token);
  }

  /** Public: signed in or not (a new guardian makes their account here). */
  @Endpoint(R.acceptInvite)
  async onAccept(
    @Input() { body }: RouteValues<typeof R.acceptInvite>,
    @Req() request: Request,
  ): Promise<AcceptInviteResponse> {
    const token = bearerToken(request.headers.authorization);
    const principal = token ? await this.tokens.verify(token) : undefined;
    return this.invites.accept(principal, body);
  }
}
