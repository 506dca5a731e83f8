import type { DefaultEventsMap, RemoteSocket } from 'socket.io';
import type { Principal } from './principal.js';
import { toErrorResponse } from './error.filter.js';

/** A socket in a room, on this instance or another (what `fetchSockets()` gives). */
export type RoomSocket = RemoteSocket<DefaultEventsMap, unknown>;

export interface EachViewerPush {
  /** The room's sockets: `server.in(room)` for every instance's, `server.local.in(room)` for this one's. */
  sockets: { fetchSockets(): Promise<RoomSocket[]> };
  room: string;
  event: string;
  /**
   * What this person may see now, asked of the same service as REST; nothing for them
   * when undefined. A refusal (an error below 500) means they are no longer entitled.
   */
  payloadFor: (principal: Principal) => Promise<unknown>;
  /** After a refused socket has left the room, with the refusal's code. */
  onRefused?: (socket: RoomSocket, code: string) => void;
  /**
   * Given when the push follows a command that already succeeded: a failure is logged
   * here rather than thrown, so it cannot turn that command into an error.
   */
  logger?: { error(message: string): void };
}

/**
 * Sends each socket of a room its own copy, checking that person's access again
 * rather than trusting the room: someone whose role ended since they joined (a
 * student moved out of the group, a guardian or participant removed) leaves the
 * room instead of receiving it. A server error stops the push.
 */
export async function sendToEachViewer(push: EachViewerPush): Promise<void> {
  const { sockets, room, event, payloadFor, onRefused, logger } = push;
  try {
    for (const socket of await sockets.fetchSockets()) {
      try {
        const payload = await payloadFor(principalOf(socket));
        if (payload !== undefined) socket.emit(event, payload);
      } catch (error) {
        const { status, body } = toErrorResponse(error);
        if (status >= 500) throw error;
        socket.leave(room);
        onRefused?.(socket, body.code);
      }
    }
  } catch (error) {
    if (!logger) throw error;
    logger.error(`could not publish ${event} to ${room}: ${String(error)}`);
  }
}

function principalOf(socket: RoomSocket): Principal {
  const { principal } = (socket.data ?? {}) as { principal?: Principal };
  if (!principal) throw new Error('socket without a principal');
  return principal;
}
