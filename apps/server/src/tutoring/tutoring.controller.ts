import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  UseGuards,
} from '@nestjs/common';
import type {
  AddSessionNoteRequest,
  EmptyRequest,
  EndSessionRequest,
  HelpQueue,
  HelpRequestView,
  RaiseHelpRequestRequest,
  RateSessionRequest,
  ReferHelpRequestRequest,
  SetProjectDocAccessRequest,
  TutoringSessionList,
  TutoringSessionView,
} from '@commonplace/shared';
import {
  AddSessionNoteRequestSchema,
  EmptyRequestSchema,
  EndSessionRequestSchema,
  RaiseHelpRequestRequestSchema,
  RateSessionRequestSchema,
  ReferHelpRequestRequestSchema,
  SetProjectDocAccessRequestSchema,
  TUTORING_ROUTES,
} from '@commonplace/shared';
import { z } from 'zod';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { AuthGuard, CurrentPrincipal } from '../identity/auth.guard.js';
import type { Principal } from '../identity/token.service.js';
import { TutoringGateway } from './tutoring.gateway.js';
import { TutoringService } from './tutoring.service.js';

const IdParam = new ZodValidationPipe(z.string().min(1).max(100));
const R = TUTORING_ROUTES;

/** Help requests, the live queue and tutoring sessions. */
@Controller()
@UseGuards(AuthGuard)
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

  @Post(R.raiseHelpRequest.path)
  async onRaise(
    @CurrentPrincipal() principal: Principal,
    @Param('classroomId', IdParam) classroomId: string,
    @Body(new ZodValidationPipe(RaiseHelpRequestRequestSchema)) body: RaiseHelpRequestRequest,
  ): Promise<HelpRequestView> {
    return this.queueChanged(await this.tutoring.raise(principal, classroomId, body));
  }

  @Get(R.helpQueue.path)
  onQueue(
    @CurrentPrincipal() principal: Principal,
    @Param('classroomId', IdParam) classroomId: string,
  ): Promise<HelpQueue> {
    return this.tutoring.queue(principal, classroomId);
  }

  @Delete(R.cancelHelpRequest.path)
  @HttpCode(204)
  async onCancel(
    @CurrentPrincipal() principal: Principal,
    @Param('requestId', IdParam) requestId: string,
  ): Promise<void> {
    await this.live.publishQueue(await this.tutoring.cancel(principal, requestId));
  }

  @Post(R.referHelpRequest.path)
  async onRefer(
    @CurrentPrincipal() principal: Principal,
    @Param('requestId', IdParam) requestId: string,
    @Body(new ZodValidationPipe(ReferHelpRequestRequestSchema)) body: ReferHelpRequestRequest,
  ): Promise<HelpRequestView> {
    return this.queueChanged(
      await this.tutoring.refer(principal, requestId, body.tutorId, body.note ?? ''),
    );
  }

  @Post(R.claimHelpRequest.path)
  async onClaim(
    @CurrentPrincipal() principal: Principal,
    @Param('requestId', IdParam) requestId: string,
    @Body(new ZodValidationPipe(EmptyRequestSchema)) _body: EmptyRequest,
  ): Promise<TutoringSessionView> {
    return this.queueChanged(await this.tutoring.claim(principal, requestId));
  }

  @Get(R.tutoringSessions.path)
  async onSessions(
    @CurrentPrincipal() principal: Principal,
    @Param('classroomId', IdParam) classroomId: string,
  ): Promise<TutoringSessionList> {
    return { items: await this.tutoring.sessions(principal, classroomId) };
  }

  @Get(R.tutoringSession.path)
  onSession(
    @CurrentPrincipal() principal: Principal,
    @Param('sessionId', IdParam) sessionId: string,
  ): Promise<TutoringSessionView> {
    return this.tutoring.session(principal, sessionId);
  }

  @Post(R.addSessionNote.path)
  async onNote(
    @CurrentPrincipal() principal: Principal,
    @Param('sessionId', IdParam) sessionId: string,
    @Body(new ZodValidationPipe(AddSessionNoteRequestSchema)) body: AddSessionNoteRequest,
  ): Promise<TutoringSessionView> {
    return this.sessionChanged(await this.tutoring.addNote(principal, sessionId, body.text));
  }

  @Post(R.endSession.path)
  async onEnd(
    @CurrentPrincipal() principal: Principal,
    @Param('sessionId', IdParam) sessionId: string,
    @Body(new ZodValidationPipe(EndSessionRequestSchema)) body: EndSessionRequest,
  ): Promise<TutoringSessionView> {
    return this.sessionChanged(await this.tutoring.end(principal, sessionId, body.summary));
  }

  @Post(R.rateSession.path)
  async onRate(
    @CurrentPrincipal() principal: Principal,
    @Param('sessionId', IdParam) sessionId: string,
    @Body(new ZodValidationPipe(RateSessionRequestSchema)) body: RateSessionRequest,
  ): Promise<TutoringSessionView> {
    return this.sessionChanged(await this.tutoring.rate(principal, sessionId, body));
  }

  @Patch(R.setProjectDocAccess.path)
  async onProjectAccess(
    @CurrentPrincipal() principal: Principal,
    @Param('sessionId', IdParam) sessionId: string,
    @Body(new ZodValidationPipe(SetProjectDocAccessRequestSchema)) body: SetProjectDocAccessRequest,
  ): Promise<TutoringSessionView> {
    return this.sessionChanged(
      await this.tutoring.setProjectDocAccess(principal, sessionId, body.allowed),
    );
  }
}
