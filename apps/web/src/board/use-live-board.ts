import { BoardSnapshotSchema, SOCKET_EVENTS } from '@commonplace/shared';
import type { BoardView } from '@commonplace/shared';
import { useLiveWatch } from '../live/use-live-watch';
import type { LiveStatus } from '../live/use-live-watch';
import { i18n } from '../i18n/i18n';

export type { LiveStatus };

export interface LiveBoard {
  board: BoardView | null;
  status: LiveStatus;
  /** Why live updates stopped or were refused, in words for the person. */
  problem: string | null;
  updatedAt: Date | null;
}

/**
 * Watches a classroom's board over socket.io. `initial` (from the HTTP API) paints the
 * board at once; any snapshot from the socket wins over it, since it is at least as new.
 */
export function useLiveBoard(
  classroomId: string,
  token: string,
  initial: BoardView | null,
): LiveBoard {
  const live = useLiveWatch(
    token,
    {
      watchEvent: SOCKET_EVENTS.boardWatch,
      payload: { classroomId },
      messageEvent: SOCKET_EVENTS.boardSnapshot,
      schema: BoardSnapshotSchema,
      accept: (snapshot) => snapshot.classroomId === classroomId,
      what: i18n.t('liveWhat', { ns: 'board' }),
    },
    `board:${classroomId}`,
  );
  return {
    board: live.data ?? initial,
    status: live.status,
    problem: live.problem,
    updatedAt: live.updatedAt,
  };
}
