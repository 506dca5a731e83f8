import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { SocketAck } from '@commonplace/shared';
import {
  HelpQueueSchema,
  TUTORING_SOCKET_EVENTS,
  TutoringQueueWatchSchema,
  TutoringSessionViewSchema,
  TutoringSessionWatchSchema,
  tutoringRooms,
} from '@commonplace/shared';
import type { Server, Socket } from 'socket.io';
import { answerSocket } from '../common/socket-ack.js';
import { sendToEachViewer } from '../common/socket-push.js';
import { parseOrThrow } from '../common/parse-or-throw.js';
import type { Principal } from '../identity/token.service.js';
import { TutoringService } from './tutoring.service.js';

interface SocketData {
  principal?: Principal;
}

/**
 * The live help queue and live sessions over socket.io. Sockets are
 * authenticated at handshake by the live gateway's middleware (one server);
 * every watch is authorized with the same reads as REST, and every push is
 * computed per watcher, so a referral note reaches only its tutor and the
 * teachers, and someone who lost access leaves the room instead.
 */
@WebSocketGateway({ serveClient: false })
export class TutoringGateway {
  private readonly logger = new Logger('TutoringGateway');
  @WebSocketServer() private server!: Server;

  constructor(private readonly tutoring: TutoringService) {}

  private principalOf(socket: { data: unknown }): Principal {
    const { principal } = socket.data as SocketData;
    if (!principal) throw new Error('socket without a principal');
    return principal;
  }

  @SubscribeMessage(TUTORING_SOCKET_EVENTS.queueWatch)
  onQueueWatch(
    @ConnectedSocket() socket: Socket,
    @MessageBody() payload: unknown,
  ): Promise<SocketAck> {
    return answerSocket(async () => {
      const { classroomId } = parseOrThrow(TutoringQueueWatchSchema, payload);
      const queue = await this.tutoring.queue(this.principalOf(socket), classroomId);
      await socket.join(tutoringRooms.queue(classroomId));
      socket.emit(TUTORING_SOCKET_EVENTS.queue, HelpQueueSchema.parse(queue));
    });
  }

  @SubscribeMessage(TUTORING_SOCKET_EVENTS.sessionWatch)
  onSessionWatch(
    @ConnectedSocket() socket: Socket,
    @MessageBody() payload: unknown,
  ): Promise<SocketAck> {
    return answerSocket(async () => {
      const { sessionId } = parseOrThrow(TutoringSessionWatchSchema, payload);
      const session = await this.tutoring.session(this.principalOf(socket), sessionId);
      await socket.join(tutoringRooms.session(sessionId));
      socket.emit(TUTORING_SOCKET_EVENTS.session, TutoringSessionViewSchema.parse(session));
    });
  }

  /** The queue as each watcher may see it, after a raise, referral, withdrawal or claim. */
  async publishQueue(classroomId: string): Promise<void> {
    await this.sendToRoom(tutoringRooms.queue(classroomId), TUTORING_SOCKET_EVENTS.queue, (p) =>
      this.tutoring.queue(p, classroomId).then((q) => HelpQueueSchema.parse(q)),
    );
  }

  async publishSession(sessionId: string): Promise<void> {
    await this.sendToRoom(tutoringRooms.session(sessionId), TUTORING_SOCKET_EVENTS.session, (p) =>
      this.tutoring.session(p, sessionId).then((s) => TutoringSessionViewSchema.parse(s)),
    );
  }

  /**
   * Each socket in the room, on any instance, gets what that person may see now;
   * someone who lost access leaves the room instead.
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
      logger: this.logger,
    });
  }
}
