import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { InquiryEvent } from '@commonplace/domain';
import type { SocketAck } from '@commonplace/shared';
import {
  INQUIRY_SOCKET_EVENTS,
  InquiryParticipantsSchema,
  InquiryPostMessageSchema,
  InquirySpaceViewSchema,
  InquirySpaceWatchSchema,
  inquiryRooms,
} from '@commonplace/shared';
import type { Server, Socket } from 'socket.io';
import { toErrorResponse } from '../common/error.filter.js';
import { sendToEachViewer } from '../common/socket-push.js';
import { parseOrThrow } from '../common/parse-or-throw.js';
import type { Principal } from '../identity/token.service.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import { inquiryProjection } from './inquiry.projection.js';
import { InquiryService } from './inquiry.service.js';

const mentorRoom = (mentorId: string) => `inquiry-mentor:${mentorId}`;

/** Events after which the space itself (lock, classrooms) reads differently. */
const SPACE_EVENTS = new Set<InquiryEvent['type']>([
  'InquiryBoardLocked',
  'InquiryBoardUnlocked',
  'InquiryClassroomInvited',
  'InquiryInvitationAccepted',
  'InquiryInvitationDeclined',
  'InquiryParticipantRemoved',
]);
/** Events after which the list of who takes part reads differently. */
const PARTICIPANT_EVENTS = new Set<InquiryEvent['type']>([
  'InquiryInvitationAccepted',
  'InquiryParticipantRemoved',
  'MentorInvited',
  'MentorRevoked',
  'MentorAccessExpired',
]);

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
  /** Pushes go out one after another, in the order the events were projected. */
  private pushes: Promise<void> = Promise.resolve();

  constructor(
    private readonly inquiry: InquiryService,
    private readonly projections: ProjectionRunner,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.projections.onProjected((name, events) => {
      if (name !== inquiryProjection.name) return;
      for (const recorded of events) {
        const event = { type: recorded.type, data: recorded.data } as InquiryEvent;
        if (event.type === 'MentorRevoked' || event.type === 'MentorAccessExpired') {
          void this.endMentorConnections(
            event.data.mentorId,
            event.type === 'MentorRevoked' ? 'revoked' : 'expired',
          );
        }
        this.push(event);
      }
    });
  }

  /** Resolves once every change heard so far has been pushed (tests). */
  settled(): Promise<void> {
    return this.pushes;
  }

  private push(event: InquiryEvent): void {
    const { spaceId } = event.data;
    const room = inquiryRooms.space(spaceId);
    const work: Array<() => Promise<void>> = [];
    if (event.type === 'InquiryPostAdded' || event.type === 'InquiryPostHidden') {
      const { postId } = event.data;
      work.push(() =>
        this.sendToRoom(room, INQUIRY_SOCKET_EVENTS.post, async (principal) => {
          const [post] = await this.inquiry.posts(principal, spaceId, postId);
          return post ? InquiryPostMessageSchema.parse({ spaceId, post }) : undefined;
        }),
      );
    }
    if (SPACE_EVENTS.has(event.type)) {
      work.push(() =>
        this.sendToRoom(room, INQUIRY_SOCKET_EVENTS.space, async (principal) =>
          InquirySpaceViewSchema.parse(
            await this.inquiry.view(principal, spaceId, { record: false }),
          ),
        ),
      );
    }
    if (PARTICIPANT_EVENTS.has(event.type)) {
      work.push(() =>
        this.sendToRoom(room, INQUIRY_SOCKET_EVENTS.participants, async (principal) =>
          InquiryParticipantsSchema.parse(await this.inquiry.participants(principal, spaceId)),
        ),
      );
    }
    for (const step of work) this.pushes = this.pushes.then(step);
  }

  /**
   * Each socket in the room, on any instance, gets what that person may see now;
   * someone removed, or whose classroom left, leaves the room instead.
   */
  private sendToRoom(
    room: string,
    event: string,
    payloadFor: (principal: Principal) => Promise<unknown>,
  ): Promise<void> {
    return sendToEachViewer({
      sockets: this.server.in(room),
      room,
      event,
      payloadFor,
      // Removed from the space: the page's watch reconnects and is refused with the reason.
      onRefused: (socket, code) => {
        if (code === 'inquiry.participant-removed') socket.disconnect(true);
      },
      logger: this.logger,
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
      // The page's load already logged a mentor's visit; a watch (and each reconnection) is not another one.
      const view = await this.inquiry.view(principal, spaceId, { record: false });
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
