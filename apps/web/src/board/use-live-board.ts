import { useEffect, useState } from 'react';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { BoardSnapshotSchema, SOCKET_EVENTS, SocketAckSchema } from '@commonplace/shared';
import type { BoardView, BoardWatch } from '@commonplace/shared';

interface ServerToClientEvents {
  [SOCKET_EVENTS.boardSnapshot]: (snapshot: unknown) => void;
}
interface ClientToServerEvents {
  [SOCKET_EVENTS.boardWatch]: (payload: BoardWatch, ack: (ack: unknown) => void) => void;
}

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'refused';

export interface LiveBoard {
  board: BoardView | null;
  status: LiveStatus;
  /** Why live updates stopped or were refused, in words for the person. */
  problem: string | null;
  updatedAt: Date | null;
}

const ACK_TIMEOUT_MS = 10_000;

/**
 * Watches a classroom's board over socket.io. `initial` (from the HTTP API) paints the
 * board at once; any snapshot from the socket wins over it, since it is at least as new.
 */
export function useLiveBoard(
  classroomId: string,
  token: string,
  initial: BoardView | null,
): LiveBoard {
  const [live, setLive] = useState<LiveBoard>({
    board: null,
    status: 'connecting',
    problem: null,
    updatedAt: null,
  });

  useEffect(() => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ auth: { token } });
    const update = (patch: Partial<LiveBoard>) => setLive((prev) => ({ ...prev, ...patch }));
    setLive({ board: null, status: 'connecting', problem: null, updatedAt: null });

    const watch = () => {
      socket.timeout(ACK_TIMEOUT_MS).emit(SOCKET_EVENTS.boardWatch, { classroomId }, (err, raw) => {
        if (err) {
          update({
            problem:
              'The live board is not answering. It will keep trying; reload the page if nothing changes.',
          });
          return;
        }
        const ack = SocketAckSchema.safeParse(raw);
        if (!ack.success)
          update({
            problem: 'The live board sent an answer this page could not read. Reload the page.',
          });
        else if (!ack.data.ok) update({ status: 'refused', problem: ack.data.message });
        else update({ status: 'live', problem: null });
      });
    };

    // Rooms do not survive a reconnect, so the board is watched again on every connection.
    socket.on('connect', watch);
    socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      update({ status: 'reconnecting' });
      // The server ended this connection on purpose (e.g. signed out elsewhere); socket.io will not retry alone.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', (error) => {
      if (socket.active) {
        update({
          status: 'reconnecting',
          problem: 'Live updates are not connecting. Still trying…',
        });
      } else {
        // The handshake was refused by the server (e.g. an expired session): retrying will not help.
        update({
          status: 'refused',
          problem: error.message || 'Live updates were refused. Sign in again.',
        });
      }
    });
    socket.on(SOCKET_EVENTS.boardSnapshot, (raw) => {
      const snapshot = BoardSnapshotSchema.safeParse(raw);
      if (snapshot.success && snapshot.data.classroomId === classroomId) {
        update({ board: snapshot.data, updatedAt: new Date() });
      }
    });

    return () => {
      socket.off();
      socket.disconnect();
    };
  }, [classroomId, token]);

  return { ...live, board: live.board ?? initial };
}
