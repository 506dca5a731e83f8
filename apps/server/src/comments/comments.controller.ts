import { Controller } from '@nestjs/common';
import type { CommentThread, CommentThreadList, RouteValues } from '@commonplace/shared';
import { API_ROUTES as R } from '@commonplace/shared';
import type { Actor } from '../common/actor.js';
import { CurrentActor } from '../common/actor.js';
import { Endpoint, Input } from '../common/endpoint.js';
import { CommentsService } from './comments.service.js';

/** Comments on a document's passages: threads, replies, resolve and reopen. */
@Controller()
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Endpoint(R.documentComments)
  onList(
    @Input() { params }: RouteValues<typeof R.documentComments>,
    @CurrentActor() actor: Actor,
  ): Promise<CommentThreadList> {
    return this.comments.list(actor.userId, params.docId);
  }

  @Endpoint(R.startComment)
  onStart(
    @Input() { params, body }: RouteValues<typeof R.startComment>,
    @CurrentActor() actor: Actor,
  ): Promise<CommentThread> {
    return this.comments.start(actor.userId, params.docId, body);
  }

  @Endpoint(R.replyToComment)
  onReply(
    @Input() { params, body }: RouteValues<typeof R.replyToComment>,
    @CurrentActor() actor: Actor,
  ): Promise<CommentThread> {
    return this.comments.reply(actor.userId, params.docId, params.threadId, body);
  }

  @Endpoint(R.resolveComment)
  onResolve(
    @Input() { params }: RouteValues<typeof R.resolveComment>,
    @CurrentActor() actor: Actor,
  ): Promise<CommentThread> {
    return this.comments.setResolved(actor.userId, params.docId, params.threadId, true);
  }

  @Endpoint(R.reopenComment)
  onReopen(
    @Input() { params }: RouteValues<typeof R.reopenComment>,
    @CurrentActor() actor: Actor,
  ): Promise<CommentThread> {
    return this.comments.setResolved(actor.userId, params.docId, params.threadId, false);
  }
}
