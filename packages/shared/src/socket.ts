import { z } from 'zod';
import { BoardViewSchema } from './api/board.js';
import { IdSchema } from './api/common.js';
import { StudentOverviewSchema } from './api/guardians.js';
import { NotificationViewSchema } from './api/notifications.js';
import { WorkspaceProgressSchema } from './api/projects.js';

/** socket.io event names, shared by the gateway and the web app. */
export const SOCKET_EVENTS = {
  /** client → server: watch a classroom's live board (teachers and co-teachers). */
  boardWatch: 'board:watch',
  /** server → client: the whole board, sent on watch, after every change and as time-based signals change. */
  boardSnapshot: 'board:snapshot',
  /** client → server: watch one workspace's progress (its members and the classroom's staff). */
  workspaceWatch: 'workspace:watch',
  /** server → client: checkpoints, submissions and feedback of a watched workspace. */
  workspaceProgress: 'workspace:progress',
  /** client → server: watch one student's overview (their guardians, the student, their teachers). */
  studentWatch: 'student:watch',
  /** server → client: the watched student's overview. */
  studentOverview: 'student:overview',
  /** client → server: stop watching one of the above. */
  unwatch: 'unwatch',
  /** server → client: a watch ended because the viewer's access did (a role removed); no more pushes follow. */
  watchEnded: 'watch:ended',
  /** server → client: the session's token expired; the server disconnects right after. Sign in again. */
  sessionEnded: 'session:ended',
  /** server → client: a new notification for the signed-in person (every socket joins its person's room). */
  notification: 'notification:new',
} as const;

export const BoardWatchSchema = z.object({ classroomId: IdSchema });
export type BoardWatch = z.infer<typeof BoardWatchSchema>;
export const BoardSnapshotSchema = BoardViewSchema;

export const WorkspaceWatchSchema = z.object({ docId: IdSchema });
export type WorkspaceWatch = z.infer<typeof WorkspaceWatchSchema>;
export const WorkspaceProgressMessageSchema = WorkspaceProgressSchema;

export const StudentWatchSchema = z.object({ studentId: IdSchema });
export type StudentWatch = z.infer<typeof StudentWatchSchema>;
export const StudentOverviewMessageSchema = StudentOverviewSchema;

export const UnwatchSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('board'), classroomId: IdSchema }),
  z.object({ kind: z.literal('workspace'), docId: IdSchema }),
  z.object({ kind: z.literal('student'), studentId: IdSchema }),
]);
export type Unwatch = z.infer<typeof UnwatchSchema>;

export const WatchEndedSchema = z.object({
  kind: z.enum(['board', 'workspace', 'student']),
  id: IdSchema,
  code: z.string(),
  message: z.string(),
});
export type WatchEnded = z.infer<typeof WatchEndedSchema>;

/** Why the server is about to disconnect a socket: its session is over (expired, or signed out). */
export const SessionEndedSchema = z.object({
  code: z.enum(['auth.session-expired', 'auth.signed-out']),
  message: z.string(),
});
export type SessionEnded = z.infer<typeof SessionEndedSchema>;

/** Acknowledgement of a client → server message; a refusal carries the API's error code. */
export const SocketAckSchema = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), code: z.string(), message: z.string() }),
]);
export type SocketAck = z.infer<typeof SocketAckSchema>;

/** Room names are built in one place only. */
export const rooms = {
  classroom: (classroomId: string) => `classroom:${classroomId}`,
  workspace: (docId: string) => `workspace:${docId}`,
  student: (studentId: string) => `student:${studentId}`,
  /** Every socket of one person, joined at connection: their notifications. */
  user: (userId: string) => `user:${userId}`,
};

export const NotificationMessageSchema = NotificationViewSchema;
