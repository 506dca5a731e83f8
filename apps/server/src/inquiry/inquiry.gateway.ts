import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Inject, Logger } from '@nestjs/common';
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
import type { SqlDatabase } from '../database/sql-database.js';
import type { Principal } from '../identity/token.service.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import { SQL_DATABASE } from '../store/store.tokens.js';
import { InquiryService } from './inquiry.service.js';
import { MentorService } from './mentor.service.js';

const mentorRoom = (mentorId: string) => `inquiry-mentor:${mentorId}`;

/**
 * A space's live room. A mentor's sockets also sit in a room of their own,
 * so revocation (the MentorRevoked event, as the projection applies it) and
 * expiry (a timer set when they join, which also records the end) close every
 * one of their connections at once, with the reason, before they can act again.
 */
@WebSocketGateway({ serveClient: false })
export class InquiryGateway implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('InquiryGateway');
  @WebSocketServer() private server!: Server;
  private unsubscribe: (() => void) | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly inquiry: InquiryService,
    private readonly mentors: MentorService,
    private readonly projections: ProjectionRunner,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.projections.onProjected((name, events) => {
      if (name !== 'inquiry') return;
      for (const event of events) {
        if (event.type === 'MentorRevoked' || event.type === 'MentorAccessExpired') {
          const { mentorId } = event.data as (MentorRevoked | MentorAccessExpired)['data'];
          void this.cut(mentorId, event.type === 'MentorRevoked' ? 'revoked' : 'expired');
        }
      }
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    for (const timer of this.timers) clearTimeout(timer);
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
        await this.scheduleExpiry(spaceId, principal.userId);
      }
      socket.emit(INQUIRY_SOCKET_EVENTS.space, InquirySpaceViewSchema.parse(view));
      return { ok: true };
    } catch (error) {
      const { body } = toErrorResponse(error);
      return { ok: false, code: body.code, message: body.message };
    }
  }

  private async scheduleExpiry(spaceId: string, mentorId: string): Promise<void> {
    const [row] = await this.db.query<{ expires_at: Date | string }>(
      'SELECT expires_at FROM rm_inquiry_mentors WHERE id = $1',
      [mentorId],
    );
    if (!row) return;
    // setTimeout holds at most ~24.8 days; a later expiry is re-armed when they join again.
    const wait = Math.min(new Date(row.expires_at).getTime() - Date.now(), 2 ** 31 - 1);
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        void this.mentors
          .expire(spaceId, mentorId)
          .then(() => this.cut(mentorId, 'expired'))
          .catch((error: unknown) => this.logger.error(`mentor expiry failed: ${String(error)}`));
      },
      Math.max(wait, 0),
    );
    timer.unref();
    this.timers.add(timer);
  }

  private async cut(mentorId: string, reason: 'revoked' | 'expired'): Promise<void> {
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
