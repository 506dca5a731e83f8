import { z } from 'zod';
import { BoardViewSchema } from './api.js';

/** socket.io event names, shared by the gateway and the web app. */
export const SOCKET_EVENTS = {
  /** client → server: watch a classroom's live board (teachers only). */
  boardWatch: 'board:watch',
  /** server → client: the whole board, sent on watch and after every change. */
  boardSnapshot: 'board:snapshot',
} as const;

export const BoardWatchSchema = z.object({ classroomId: z.string().min(1).max(100) });
export type BoardWatch = z.infer<typeof BoardWatchSchema>;

export const BoardSnapshotSchema = BoardViewSchema;

/** Acknowledgement of a client → server message. */
export const SocketAckSchema = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), code: z.string(), message: z.string() }),
]);
export type SocketAck = z.infer<typeof SocketAckSchema>;

/** Room names are built in one place only. */
export const rooms = {
  classroom: (classroomId: string) => `classroom:${classroomId}`,
};
