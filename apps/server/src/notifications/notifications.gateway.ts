import { Logger } from '@nestjs/common';
import type { OnGatewayConnection } from '@nestjs/websockets';
import { WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { NotificationView } from '@commonplace/shared';
import { NotificationMessageSchema, SOCKET_EVENTS, rooms } from '@commonplace/shared';
import type { Server, Socket } from 'socket.io';
import type { Principal } from '../identity/token.service.js';

/**
 * Every socket joins its person's room when it connects (the live gateway's
 * middleware has authenticated it by then), so a notification reaches each
 * open tab of theirs, wherever they are in the app. With the Redis adapter,
 * `server.to(room)` reaches the sockets held by every instance.
 */
@WebSocketGateway({ serveClient: false })
export class NotificationsGateway implements OnGatewayConnection {
  private readonly logger = new Logger('NotificationsGateway');
  @WebSocketServer() private server!: Server;

  async handleConnection(socket: Socket): Promise<void> {
    const { principal } = socket.data as { principal?: Principal };
    if (principal) await socket.join(rooms.user(principal.userId));
  }

  send(userIds: readonly string[], notification: NotificationView): void {
    if (userIds.length === 0) return;
    try {
      this.server
        .to(userIds.map(rooms.user))
        .emit(SOCKET_EVENTS.notification, NotificationMessageSchema.parse(notification));
    } catch (error) {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
  }
}
