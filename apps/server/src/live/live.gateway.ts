import { Logger } from '@nestjs/common';
import type { OnGatewayInit } from '@nestjs/websockets';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { BoardView, SocketAck } from '@commonplace/shared';
import { BoardWatchSchema, SOCKET_EVENTS, rooms } from '@commonplace/shared';
import type { Server, Socket } from 'socket.io';
import { ClassroomQueries } from '../classrooms/classroom.queries.js';
import { toErrorResponse } from '../common/error.filter.js';
import { parseOrThrow } from '../common/zod-validation.pipe.js';
import type { Principal } from '../identity/token.service.js';
import { TokenService } from '../identity/token.service.js';

interface SocketData {
  principal: Principal;
}

/** Live updates for the teacher's board: authenticated at handshake, one room per classroom. */
@WebSocketGateway({ serveClient: false })
export class LiveGateway implements OnGatewayInit {
  private readonly logger = new Logger('LiveGateway');
  @WebSocketServer() private server!: Server;

  constructor(
    private readonly tokens: TokenService,
    private readonly queries: ClassroomQueries,
  ) {}

  afterInit(server: Server): void {
    server.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown }).token;
      this.tokens
        .verify(typeof token === 'string' ? token : null)
        .then((principal) => {
          (socket.data as SocketData).principal = principal;
          next();
        })
        .catch((error: unknown) => next(new Error(toErrorResponse(error).body.message)));
    });
  }

  @SubscribeMessage(SOCKET_EVENTS.boardWatch)
  async onBoardWatch(
    @ConnectedSocket() socket: Socket,
    @MessageBody() payload: unknown,
  ): Promise<SocketAck> {
    try {
      const { classroomId } = parseOrThrow(BoardWatchSchema, payload);
      const { principal } = socket.data as SocketData;
      await this.queries.requireRole(classroomId, principal.userId, ['teacher']);
      await socket.join(rooms.classroom(classroomId));
      socket.emit(SOCKET_EVENTS.boardSnapshot, await this.queries.board(classroomId));
      return { ok: true };
    } catch (error) {
      const { body } = toErrorResponse(error);
      return { ok: false, code: body.code, message: body.message };
    }
  }

  publishBoard(board: BoardView): void {
    this.server.to(rooms.classroom(board.classroomId)).emit(SOCKET_EVENTS.boardSnapshot, board);
  }

  /** Is anyone watching this classroom's board on this instance? */
  isWatched(classroomId: string): boolean {
    return (this.server.sockets.adapter.rooms.get(rooms.classroom(classroomId))?.size ?? 0) > 0;
  }

  logFailure(error: unknown): void {
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
}
