import { Controller } from '@nestjs/common';
import type {
  DocumentHistoryPage,
  DocumentReplayPage,
  DocumentRevision,
  RouteValues,
} from '@commonplace/shared';
import { API_ROUTES as R } from '@commonplace/shared';
import type { Actor } from '../common/actor.js';
import { CurrentActor } from '../common/actor.js';
import { Endpoint, Input } from '../common/endpoint.js';
import { DocumentHistory } from './document-history.service.js';

@Controller()
export class DocumentHistoryController {
  constructor(private readonly history: DocumentHistory) {}

  @Endpoint(R.documentHistory)
  onList(
    @Input() { params, query }: RouteValues<typeof R.documentHistory>,
    @CurrentActor() actor: Actor,
  ): Promise<DocumentHistoryPage> {
    return this.history.changes(actor.userId, params.docId, query);
  }

  @Endpoint(R.documentRevision)
  onRevision(
    @Input() { params }: RouteValues<typeof R.documentRevision>,
    @CurrentActor() actor: Actor,
  ): Promise<DocumentRevision> {
    return this.history.textAt(actor.userId, params.docId, params.revision);
  }

  @Endpoint(R.documentReplay)
  onReplay(
    @Input() { params, query }: RouteValues<typeof R.documentReplay>,
    @CurrentActor() actor: Actor,
  ): Promise<DocumentReplayPage> {
    return this.history.updates(actor.userId, params.docId, query);
  }
}
