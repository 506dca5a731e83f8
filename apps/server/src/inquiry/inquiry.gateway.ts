import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { MentorAccessExpired, MentorRevoked } from '@commonplace/domain';
import type { SocketAck } from '@commonplace/shared';
import {
  INQUIRY_SOCKET_EVENTS,
  InquirySpaceViewSchema,
  InquirySpaceWatchSchema,
  inquiryRooms,
} from '@commonplace/shared';
import type { Server, Socket } from 'socket.io';
import { toErrorResponse } from '../common/error.filter.js';
import { parseOrThrow } from '../common/zod-validation.pipe.js';
import type { Principal } from '../identity/token.service.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import { InquiryService } from './inquiry.service.js';

const mentorRoom = (mentorId: string) => `inquiry-mentor:${mentorId}`;

/**
 * A space's live room. A mentor's sockets also sit in a room of their own,
 * so revocation and expiry (the MentorRevoked and MentorAccessExpired events,
 * as the projection applies them; expiry also from MentorExpiryScheduler's
 * timer) close every one of their connections at once, with the reason,
 * before they can act again.
 */
@WebSocketGateway({ serveClient: false })
export class InquiryGateway implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('InquiryGateway');
  @WebSocketServer() private server!: Server;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly inquiry: InquiryService,
    private readonly projections: ProjectionRunner,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.projections.onProjected((name, events) => {
      if (name !== 'inquiry') return;
      for (const event of events) {
        if (event.type === 'MentorRevoked' || event.type === 'MentorAccessExpired') {
          const { mentorId } = event.data as (MentorRevoked | MentorAccessExpired)['data'];
          void this.endMentorConnections(
            mentorId,
            event.type === 'MentorRevoked' ? 'revoked' : 'expired',
          );
        }
      }
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  @SubscribeMessage(INQUIRY_SOCKET_EVENTS.spaceWatch)
  async onSpaceWatch(
    @ConnectedSocket() socket: Socket,
    @MessageBody() payload: unknown,
  ): Promise<SocketAck> {
    try {
      const { spaceId } = parseOrThrow(InquirySpaceWatchSchema, payload);
      const principal = (socket.data as { principal: Principal }).principal;
      const view = await this.inquiry.view(principal, spaceId);
      await socket.join(inquiryRooms.space(spaceId));
      if (principal.kind === 'mentor') {
        await socket.join(mentorRoom(principal.userId));
      }
      socket.emit(INQUIRY_SOCKET_EVENTS.space, InquirySpaceViewSchema.parse(view));
      return { ok: true };
    } catch (error) {
      const { body } = toErrorResponse(error);
      return { ok: false, code: body.code, message: body.message };
    }
  }

  /** Every connection of the mentor, on any instance, is told why and closed. */
  async endMentorConnections(mentorId: string, reason: 'revoked' | 'expired'): Promise<void> {
    try {
      for (const socket of await this.server.in(mentorRoom(mentorId)).fetchSockets()) {
        socket.emit(INQUIRY_SOCKET_EVENTS.accessEnded, { reason });
        socket.disconnect(true);
      }
    } catch (error) {
      this.logger.error(`could not close mentor ${mentorId}'s connections: ${String(error)}`);
    }
  }
}
