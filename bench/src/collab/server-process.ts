import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChildCommand, ChildReply, ServerMemory, SetupResult } from './ipc.js';
import type { ClassroomService, IdentityService, ProjectService } from './server-modules.js';

/**
 * One server under test, alone in this child process so that its CPU and RSS
 * can be read from /proc without the load generator's. argv[2] names it. Each
 * server's code is imported only when it is the one started, so no server's
 * baseline memory carries another's modules.
 */
const kind = process.argv[2];

function reply(message: ChildReply): void {
  process.send?.(message);
}

async function startYWebsocket(): Promise<() => Promise<void>> {
  const { setupWSConnection } = await import('@y/websocket-server/utils');
  const { WebSocketServer } = await import('./deps.js');
  const http = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/plain' });
    response.end('okay');
  });
  // As the package's own server.js does (in memory, no persistence, no auth).
  const wss = new WebSocketServer({ noServer: true });
  wss.on('connection', (socket, request) => setupWSConnection(socket, request));
  http.on('upgrade', (request, socket, head) => {
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  reply({ type: 'ready', port: (http.address() as AddressInfo).port });
  return async () => {
    wss.close();
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  };
}

async function startHocuspocus(): Promise<() => Promise<void>> {
  const { Server: HocuspocusServer } = await import('@hocuspocus/server');
  // In memory: no extensions. port 0 must be set in the configuration (listen(0) ignores it).
  const server = new HocuspocusServer({
    port: 0,
    address: '127.0.0.1',
    quiet: true,
    stopOnSignals: false,
  });
  await server.listen();
  reply({ type: 'ready', port: (server.httpServer.address() as AddressInfo).port });
  return () => server.destroy();
}

async function startCommonplace(): Promise<() => Promise<void>> {
  const { ClassroomService, IdentityService, Logger, ProjectService, createApp, loadConfig } =
    await import('./server-modules.js');
  // The store logs before Nest applies LOG_LEVEL; keep the bench's output to warnings and errors.
  Logger.overrideLogger(['fatal', 'error', 'warn']);
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    WEB_DIST: '',
  });
  const app = await createApp(config);
  const url = await app.listen();
  reply({ type: 'ready', port: Number(new URL(url).port) });
  process.on('message', (command: ChildCommand) => {
    if (command.type !== 'setup') return;
    setup(
      app.nest.get(IdentityService),
      app.nest.get(ClassroomService),
      app.nest.get(ProjectService),
      command.docCounts,
      command.clientsPerDoc,
      command.password,
    ).then(
      (result) => reply({ type: 'setup-done', result }),
      (error: unknown) =>
        reply({
          type: 'error',
          message: error instanceof Error ? (error.stack ?? error.message) : String(error),
        }),
    );
  });
  return () => app.close();
}

/**
 * Accounts and workspaces through the same services the HTTP API calls: per
 * document one classroom with one group of `clientsPerDoc` students. Students
 * are reused across levels (each level gets its own classrooms and documents),
 * so the password hashing is paid once.
 */
async function setup(
  identity: IdentityService,
  classrooms: ClassroomService,
  projects: ProjectService,
  docCounts: readonly number[],
  clientsPerDoc: number,
  password: string,
): Promise<SetupResult> {
  const tag = Math.random().toString(36).slice(2, 7);
  const teacherAccount = await identity.createAccount({
    login: `bench-teacher-${tag}`,
    displayName: 'Bench Teacher',
    kind: 'teacher',
    password,
  });
  const teacher = { userId: teacherAccount.id, kind: 'teacher' as const };
  const maxDocs = Math.max(...docCounts);
  // Classrooms are separate streams, so docs are set up side by side; each command still waits for its read model.
  const students = await inParallel(maxDocs, SETUP_PARALLELISM, (doc) =>
    Promise.all(
      Array.from({ length: clientsPerDoc }, async (_, client) => {
        const login = `bench-${tag}-d${doc}-c${client}`;
        const account = await identity.createAccount({
          login,
          displayName: `Student ${doc}.${client}`,
          kind: 'student',
          password,
        });
        return { login, userId: account.id };
      }),
    ),
  );
  const levels: { docId: string; logins: string[] }[][] = [];
  for (const [levelIndex, docs] of docCounts.entries()) {
    levels.push(
      await inParallel(docs, SETUP_PARALLELISM, async (doc) => {
        const members = students[doc] ?? [];
        const classroom = await classrooms.createClassroom(
          teacher,
          `Bench ${tag} L${levelIndex} D${doc}`,
        );
        const group = await classrooms.createGroup(teacher, classroom.id, `Group ${doc}`);
        for (const member of members) {
          await classrooms.join(
            { userId: member.userId, kind: 'student' },
            classroom.joinCode ?? '',
          );
          await classrooms.addStudentToGroup(teacher, classroom.id, group.id, member.userId);
        }
        const project = await projects.assign(teacher, classroom.id, {
          title: 'Bench project',
          brief: 'Load test',
        });
        const docId = project.workspaces[0]?.docId;
        if (!docId) throw new Error('assignProject returned no workspace');
        return { docId, logins: members.map((m) => m.login) };
      }),
    );
  }
  return { levels };
}

const SETUP_PARALLELISM = 16;

/** work(0 … count−1), at most `parallelism` at a time, results in index order. */
async function inParallel<T>(
  count: number,
  parallelism: number,
  work: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallelism, count) }, async () => {
      while (next < count) {
        const index = next;
        next += 1;
        results[index] = await work(index);
      }
    }),
  );
  return results;
}

/** Memory after full collections (the child runs with --expose-gc), letting finalizers run in between. */
async function settledMemory(): Promise<ServerMemory> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('The server child needs --expose-gc to measure its memory.');
  for (let pass = 0; pass < 2; pass += 1) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const usage = process.memoryUsage();
  return {
    rssKb: Math.round(usage.rss / 1024),
    liveKb: Math.round((usage.heapUsed + usage.external) / 1024),
  };
}

async function main(): Promise<void> {
  const stop =
    kind === 'y-websocket'
      ? await startYWebsocket()
      : kind === 'hocuspocus'
        ? await startHocuspocus()
        : kind === 'commonplace'
          ? await startCommonplace()
          : undefined;
  if (!stop) throw new Error(`Unknown server kind "${kind ?? ''}".`);
  process.on('message', (command: ChildCommand) => {
    if (command.type === 'memory') {
      void settledMemory().then((memory) => reply({ type: 'memory', memory }));
      return;
    }
    if (command.type !== 'stop') return;
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
  // The parent going away must not leave a server running.
  process.on('disconnect', () => process.exit(0));
}

main().catch((error: unknown) => {
  reply({
    type: 'error',
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  process.exit(1);
});
