import { Logger } from '@nestjs/common';
import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { OnGatewayInit } from '@nestjs/websockets';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { BoardView, SessionEnded, SocketAck } from '@commonplace/shared';
import {
  BoardSnapshotSchema,
  BoardWatchSchema,
  SOCKET_EVENTS,
  SessionEndedSchema,
  WatchEndedSchema,
  StudentOverviewMessageSchema,
  StudentWatchSchema,
  UnwatchSchema,
  WorkspaceProgressMessageSchema,
  WorkspaceWatchSchema,
  rooms,
} from '@commonplace/shared';
import type { Server, Socket } from 'socket.io';
import { ClassroomAccess } from '../roster/classroom-access.service.js';
import { ClassroomQueries } from '../roster/classroom.queries.js';
import { atDeadline } from '../common/deadline.js';
import { toErrorResponse } from '../common/error.filter.js';
import { answerSocket } from '../common/socket-ack.js';
import { sendToEachViewer } from '../common/socket-push.js';
import { parseOrThrow } from '../common/parse-or-throw.js';
import type { Principal } from '../identity/token.service.js';
import { SessionStore } from '../identity/session.store.js';
import { TokenService } from '../identity/token.service.js';
import { ProjectReader } from '../projects/project.reader.js';
import { ProjectQueries } from '../projects/project.queries.js';
import { StudentOverviewService } from '../projects/student-overview.service.js';
import { DocumentAccessWatcher } from '../documents/document-access.watcher.js';
import { BoardQueries } from './board.queries.js';

interface SocketData {
  principal: Principal;
}

type RoomKind = 'board' | 'workspace' | 'student';

const ROOM_OF: Record<RoomKind, (id: string) => string> = {
  board: rooms.classroom,
  workspace: rooms.workspace,
  student: rooms.student,
};

/**
 * Live views over socket.io, authenticated at handshake: the teacher's board
 * (one room per classroom), a workspace's progress (its members and the
 * classroom's staff) and a student's overview (the student, their guardians,
 * their teachers). Every watch is authorized with the same checks as the REST
 * reads, and every payload is validated with the shared schema on the way out.
 */
@WebSocketGateway({ serveClient: false })
export class LiveGateway implements OnGatewayInit, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('LiveGateway');
  @WebSocketServer() private server!: Server;
  private unfollow: (() => void) | undefined;
  private unfollowSessions: (() => void) | undefined;
  /** This instance's sockets by the sign-in they came with, to end them when it is signed out of. */
  private readonly bySession = new Map<string, Set<Socket>>();

  constructor(
    private readonly tokens: TokenService,
    private readonly access: ClassroomAccess,
    private readonly boards: BoardQueries,
    private readonly reader: ProjectReader,
    private readonly projects: ProjectQueries,
    private readonly overviews: StudentOverviewService,
    private readonly classrooms: ClassroomQueries,
    private readonly documentAccess: DocumentAccessWatcher,
    private readonly sessions: SessionStore,
  ) {}

  onModuleInit(): void {
    // The same access changes that close collaboration connections end workspace watches.
    this.unfollow = this.documentAccess.follow((docId) => this.recheckWorkspaceWatchers(docId));
    this.unfollowSessions = this.sessions.onEnded((sessionId) => {
      for (const socket of this.bySession.get(sessionId) ?? []) {
        endSocket(
          socket,
          'auth.signed-out',
          'You signed out of this session. Sign in again to keep watching live.',
        );
      }
    });
  }

  onModuleDestroy(): void {
    this.unfollow?.();
    this.unfollowSessions?.();
  }

  /**
   * Authenticates every socket.io connection (every gateway shares this server)
   * and ends it when its token expires: told why first, so the web app can say
   * "sign in again", then disconnected.
   */
  afterInit(server: Server): void {
    server.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown }).token;
      this.tokens
        .verifySession(typeof token === 'string' ? token : null)
        .then(({ principal, expiresAt, sessionId }) => {
          (socket.data as SocketData).principal = principal;
          const cancel = atDeadline(expiresAt, () =>
            endSocket(
              socket,
              'auth.session-expired',
              'Your session has ended. Sign in again to keep watching live.',
            ),
          );
          const ofSession = this.bySession.get(sessionId) ?? new Set<Socket>();
          ofSession.add(socket);
          this.bySession.set(sessionId, ofSession);
          socket.once('disconnect', () => {
            cancel();
            ofSession.delete(socket);
            if (ofSession.size === 0 && this.bySession.get(sessionId) === ofSession)
              this.bySession.delete(sessionId);
          });
          next();
        })
        .catch((error: unknown) => next(new Error(toErrorResponse(error).body.message)));
    });
  }

  /**
   * Asks again whether each watcher of the workspace on this instance may still
   * see it; someone who may not leaves the room and is told why.
   */
  private async recheckWorkspaceWatchers(docId: string): Promise<void> {
    if (!this.isWatched('workspace', docId)) return;
    await sendToEachViewer({
      sockets: this.server.local.in(rooms.workspace(docId)),
      room: rooms.workspace(docId),
      event: SOCKET_EVENTS.workspaceProgress,
      payloadFor: async (principal) => {
        await this.reader.workspace(principal, docId);
        return undefined;
      },
      onRefused: (socket, code) =>
        socket.emit(
          SOCKET_EVENTS.watchEnded,
          WatchEndedSchema.parse({
            kind: 'workspace',
            id: docId,
            code,
            message: 'You can no longer watch this workspace: your access to it has ended.',
          }),
        ),
      logger: this.logger,
    });
  }

  @SubscribeMessage(SOCKET_EVENTS.boardWatch)
  onBoardWatch(
    @ConnectedSocket() socket: Socket,
    @MessageBody() payload: unknown,
  ): Promise<SocketAck> {
    return answerSocket(async () => {
      const { classroomId } = parseOrThrow(BoardWatchSchema, payload);
      const { principal } = socket.data as SocketData;
      await this.access.require(classroomId, principal.userId, 'activity.view-board');
      await socket.join(rooms.classroom(classroomId));
      socket.emit(
        SOCKET_EVENTS.boardSnapshot,
        BoardSnapshotSchema.parse(await this.boards.board(classroomId)),
      );
    });
  }

  @SubscribeMessage(SOCKET_EVENTS.workspaceWatch)
  onWorkspaceWatch(
    @ConnectedSocket() socket: Socket,
    @MessageBody() payload: unknown,
  ): Promise<SocketAck> {
    return answerSocket(async () => {
      const { docId } = parseOrThrow(WorkspaceWatchSchema, payload);
      const { principal } = socket.data as SocketData;
      const { viewer } = await this.reader.workspace(principal, docId);
      await socket.join(rooms.workspace(docId));
      socket.emit(
        SOCKET_EVENTS.workspaceProgress,
        WorkspaceProgressMessageSchema.parse(await this.projects.progress(docId, viewer)),
      );
    });
  }

  @SubscribeMessage(SOCKET_EVENTS.studentWatch)
  onStudentWatch(
    @ConnectedSocket() socket: Socket,
    @MessageBody() payload: unknown,
  ): Promise<SocketAck> {
    return answerSocket(async () => {
      const { studentId } = parseOrThrow(StudentWatchSchema, payload);
      const { principal } = socket.data as SocketData;
      await this.overviews.requireViewer(principal, studentId);
      await socket.join(rooms.student(studentId));
      socket.emit(
        SOCKET_EVENTS.studentOverview,
        StudentOverviewMessageSchema.parse(await this.overviews.overview(studentId)),
      );
    });
  }

  @SubscribeMessage(SOCKET_EVENTS.unwatch)
  onUnwatch(
    @ConnectedSocket() socket: Socket,
    @MessageBody() payload: unknown,
  ): Promise<SocketAck> {
    return answerSocket(async () => {
      const message = parseOrThrow(UnwatchSchema, payload);
      const id =
        message.kind === 'board'
          ? message.classroomId
          : message.kind === 'workspace'
            ? message.docId
            : message.studentId;
      await socket.leave(ROOM_OF[message.kind](id));
    });
  }

  /**
   * Each socket of the room gets what that person may see, their access checked
   * again first (sendToEachViewer). Only this instance's sockets: every instance
   * hears what a batch touched and serves its own watchers, so reaching the
   * others' too would send them everything twice. A failure is thrown to the
   * board publisher, which logs it.
   */
  private sendToRoom(
    room: string,
    event: string,
    payloadFor: (principal: Principal) => Promise<unknown>,
  ): Promise<void> {
    return sendToEachViewer({ sockets: this.server.local.in(room), room, event, payloadFor });
  }

  async publishBoard(board: BoardView): Promise<void> {
    const payload = BoardSnapshotSchema.parse(board);
    await this.sendToRoom(
      rooms.classroom(board.classroomId),
      SOCKET_EVENTS.boardSnapshot,
      async (principal) => {
        await this.access.require(board.classroomId, principal.userId, 'activity.view-board');
        return payload;
      },
    );
  }

  /**
   * Pushes fresh progress to each watched workspace room, per viewer: staff
   * see every student's feedback note, a student only their own.
   */
  async publishProgress(docIds: readonly string[]): Promise<void> {
    const studentIds = new Set<string>();
    for (const docId of docIds) {
      if (this.isWatched('workspace', docId)) {
        const byViewer = new Map<string, unknown>();
        await this.sendToRoom(
          rooms.workspace(docId),
          SOCKET_EVENTS.workspaceProgress,
          async (principal) => {
            const { viewer } = await this.reader.workspace(principal, docId);
            const key = viewer.staff ? 'staff' : viewer.userId;
            const cached = byViewer.get(key);
            if (cached !== undefined) return cached;
            const progress = WorkspaceProgressMessageSchema.parse(
              await this.projects.progress(docId, viewer),
            );
            byViewer.set(key, progress);
            return progress;
          },
        );
      }
      for (const id of await this.classrooms.studentsOfWorkspace(docId)) studentIds.add(id);
    }
    for (const studentId of studentIds) {
      if (!this.isWatched('student', studentId)) continue;
      const overview = StudentOverviewMessageSchema.parse(await this.overviews.overview(studentId));
      await this.sendToRoom(
        rooms.student(studentId),
        SOCKET_EVENTS.studentOverview,
        async (principal) => {
          await this.overviews.requireViewer(principal, studentId);
          return overview;
        },
      );
    }
  }

  /** The workspace documents of a project, for pushing a plan or lock change to each. */
  docsOfProject(projectId: string): Promise<string[]> {
    return this.classrooms.workspaceDocIdsOfProject(projectId);
  }

  /** How many sockets on this instance are in this room. */
  watchers(kind: RoomKind, id: string): number {
    return this.server.sockets.adapter.rooms.get(ROOM_OF[kind](id))?.size ?? 0;
  }

  /** Is anyone on this instance in this room? */
  isWatched(kind: RoomKind, id: string): boolean {
    return this.watchers(kind, id) > 0;
  }

  /** Does anyone on this instance watch any live view? (Every socket also sits in a room of its own id.) */
  anyWatchers(): boolean {
    const prefixes = Object.values(ROOM_OF).map((room) => room(''));
    for (const room of this.server.sockets.adapter.rooms.keys()) {
      if (prefixes.some((prefix) => room.startsWith(prefix))) return true;
    }
    return false;
  }

  /** Classrooms whose board someone on this instance watches. */
  watchedClassrooms(): string[] {
    const prefix = rooms.classroom('');
    return [...this.server.sockets.adapter.rooms.keys()]
      .filter((room) => room.startsWith(prefix))
      .map((room) => room.slice(prefix.length));
  }

  logFailure(error: unknown): void {
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
}

/** Tells the socket why its session is over, then disconnects it. */
function endSocket(socket: Socket, code: SessionEnded['code'], message: string): void {
  socket.emit(SOCKET_EVENTS.sessionEnded, SessionEndedSchema.parse({ code, message }));
  socket.disconnect(true);
}
