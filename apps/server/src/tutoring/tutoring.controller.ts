import { Controller } from '@nestjs/common';
import type {
  HelpQueue,
  HelpRequestView,
  RouteValues,
  TutoringSessionList,
  TutoringSessionView,
} from '@commonplace/shared';
import { API_ROUTES as R } from '@commonplace/shared';
import type { Actor } from '../common/actor.js';
import { CurrentActor } from '../common/actor.js';
import { Endpoint, Input } from '../common/endpoint.js';
import { TutoringGateway } from './tutoring.gateway.js';
import { TutoringService } from './tutoring.service.js';

/** Help requests, the live queue and tutoring sessions. */
@Controller()
export class TutoringController {
  constructor(
    private readonly tutoring: TutoringService,
    private readonly live: TutoringGateway,
  ) {}

  /** Queue and session changes go to everyone watching, after the read models caught up. */
  private async queueChanged<T extends { classroomId: string }>(view: T): Promise<T> {
    await this.live.publishQueue(view.classroomId);
    return view;
  }

  private async sessionChanged(view: TutoringSessionView): Promise<TutoringSessionView> {
    await this.live.publishSession(view.sessionId);
    return view;
  }

  @Endpoint(R.raiseHelpRequest)
  async onRaise(
    @Input() { params, body }: RouteValues<typeof R.raiseHelpRequest>,
    @CurrentActor() actor: Actor,
  ): Promise<HelpRequestView> {
    return this.queueChanged(await this.tutoring.raise(actor, params.classroomId, body));
  }

  @Endpoint(R.helpQueue)
  onQueue(
    @Input() { params }: RouteValues<typeof R.helpQueue>,
    @CurrentActor() actor: Actor,
  ): Promise<HelpQueue> {
    return this.tutoring.queue(actor, params.classroomId);
  }

  @Endpoint(R.cancelHelpRequest)
  async onCancel(
    @Input() { params }: RouteValues<typeof R.cancelHelpRequest>,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.live.publishQueue(await this.tutoring.cancel(actor, params.requestId));
  }

  @Endpoint(R.referHelpRequest)
  async onRefer(
    @Input() { params, body }: RouteValues<typeof R.referHelpRequest>,
    @CurrentActor() actor: Actor,
  ): Promise<HelpRequestView> {
    return this.queueChanged(
      await this.tutoring.refer(actor, params.requestId, body.tutorId, body.note),
    );
  }

  @Endpoint(R.claimHelpRequest)
  async onClaim(
    @Input() { params }: RouteValues<typeof R.claimHelpRequest>,
    @CurrentActor() actor: Actor,
  ): Promise<TutoringSessionView> {
    return this.queueChanged(await this.tutoring.claim(actor, params.requestId));
  }

  @Endpoint(R.tutoringSessions)
  async onSessions(
    @Input() { params }: RouteValues<typeof R.tutoringSessions>,
    @CurrentActor() actor: Actor,
  ): Promise<TutoringSessionList> {
    return { items: await this.tutoring.sessions(actor, params.classroomId) };
  }

  @Endpoint(R.tutoringSession)
  onSession(
    @Input() { params }: RouteValues<typeof R.tutoringSession>,
    @CurrentActor() actor: Actor,
  ): Promise<TutoringSessionView> {
    return this.tutoring.session(actor, params.sessionId);
  }

  @Endpoint(R.addSessionNote)
  async onNote(
    @Input() { params, body }: RouteValues<typeof R.addSessionNote>,
    @CurrentActor() actor: Actor,
  ): Promise<TutoringSessionView> {
    return this.sessionChanged(await this.tutoring.addNote(actor, params.sessionId, body.text));
  }

  @Endpoint(R.endSession)
  async onEnd(
    @Input() { params, body }: RouteValues<typeof R.endSession>,
    @CurrentActor() actor: Actor,
  ): Promise<TutoringSessionView> {
    return this.sessionChanged(await this.tutoring.end(actor, params.sessionId, body.summary));
  }

  @Endpoint(R.rateSession)
  async onRate(
    @Input() { params, body }: RouteValues<typeof R.rateSession>,
    @CurrentActor() actor: Actor,
  ): Promise<TutoringSessionView> {
    return this.sessionChanged(await this.tutoring.rate(actor, params.sessionId, body));
  }

  @Endpoint(R.setProjectDocAccess)
  async onProjectAccess(
    @Input() { params, body }: RouteValues<typeof R.setProjectDocAccess>,
    @CurrentActor() actor: Actor,
  ): Promise<TutoringSessionView> {
    return this.sessionChanged(
      await this.tutoring.setProjectDocAccess(actor, params.sessionId, body.allowed),
    );
  }
}
