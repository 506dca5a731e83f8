import { createServer, connect } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { afterEach, expect, it, jest } from '@jest/globals';
import { streams } from '@commonplace/domain';
import type { DocumentUpdated } from '@commonplace/domain';
import type { BoardView } from '@commonplace/shared';
import { COLLAB_CLOSE, SOCKET_EVENTS, WORKSPACE_TEXT, rooms } from '@commonplace/shared';
import type { Socket as ClientSocket } from 'socket.io-client';
import { io } from 'socket.io-client';
import * as Y from 'yjs';
import { eventually, typeSteadily, waitFor } from '../collab/collab.testing.js';
import type { SqlDatabase } from '../database/sql-database.js';
import { EVENT_STORE, SQL_DATABASE } from '../store/store.tokens.js';
import type { EventStore } from '../event-store/event-store.port.js';
import type { RedisDocumentRelay } from '../redis/redis-document.relay.js';
import { startRedisServer } from '../redis/redis-server.testing.js';
import { startServerProcess } from '../redis/server-process.testing.js';
import type { ServerProcess } from '../redis/server-process.testing.js';
import {
  TEST_REDIS_URL,
  createPostgresTestDatabase,
  describeWithPostgres,
  describeWithRedis,
  redisAvailable,
} from '../testing/services.js';
import { LiveGateway } from '../activity/live.gateway.js';
import { DOCUMENT_RELAY } from './document-relay.token.js';
import { EventLogDocumentPersistence } from './event-log-document.persistence.js';
import { appHarness } from './workspace-app.testing.js';
import type { StoreUnderTest } from './workspace-app.testing.js';
import { WorkspaceCollab } from './workspace-collab.service.js';

// Two server processes start from source and one is killed mid-edit: give it room.
jest.setTimeout(120_000);

const SESSION_SECRET = 's'.repeat(32);

/**
 * A stand-in for the load balancer in front of the instances: each new
 * connection goes to the first instance that accepts it, so once one dies its
 * clients' reconnects land on the next.
 */
async function failoverProxy(
  ports: () => number[],
): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.pause();
    const tryTarget = (candidates: number[]): void => {
      const [port, ...rest] = candidates;
      if (port === undefined) {
        client.destroy();
        return;
      }
      const upstream = connect({ host: '127.0.0.1', port });
      upstream.once('error', () => {
        upstream.destroy();
        if (!upstream.readyState.includes('open')) tryTarget(rest);
      });
      upstream.once('connect', () => {
        sockets.add(upstream);
        upstream.removeAllListeners('error');
        const end = (): void => {
          client.destroy();
          upstream.destroy();
        };
        upstream.on('error', end).on('close', end);
        client.on('error', end).on('close', end);
        client.pipe(upstream).pipe(client);
        client.resume();
      });
    };
    tryTarget(ports());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function storedText(
  store: EventStore,
  persistence: EventLogDocumentPersistence,
  docId: string,
) {
  const doc = new Y.Doc();
  for (const update of await persistence.load(docId)) Y.applyUpdate(doc, update);
  const changes = await store.readStream(streams.document(docId));
  const inserted = changes
    .filter((event) => event.type === 'DocumentUpdated')
    .reduce((sum, event) => sum + (event.data as DocumentUpdated['data']).inserted, 0);
  const text = doc.getText(WORKSPACE_TEXT).toString();
  doc.destroy();
  return { text, inserted };
}

const withServices = (await redisAvailable()).available ? describeWithPostgres : describeWithRedis;

await withServices('several instances sharing PostgreSQL and Redis', () => {
  let database: Awaited<ReturnType<typeof createPostgresTestDatabase>> | undefined;
  const env = (): Record<string, string> => {
    if (database === undefined) throw new Error('no database yet');
    return { DATABASE_URL: database.connectionString, SESSION_SECRET, REDIS_URL: TEST_REDIS_URL };
  };
  const harness = appHarness(async (): Promise<StoreUnderTest> => {
    database = await createPostgresTestDatabase();
    const created = database;
    return { env: env(), dispose: () => created.dispose() };
  });
  const processes: ServerProcess[] = [];
  const proxies: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const proxy of proxies.splice(0)) await proxy.close();
    for (const process of processes.splice(0)) await process.kill9();
  });

  it('converges clients on different instances, relays awareness, and loses nothing when one is killed mid-edit', async () => {
    const { app: appA, url: urlA } = await harness.start();
    const teacher = await harness.person(appA, urlA, 'rivera', 'teacher');
    const ana = await harness.person(appA, urlA, 'ana', 'student');
    const ben = await harness.person(appA, urlA, 'ben', 'student');
    const { groups } = await harness.classroom(teacher, { Otters: [ana, ben] });
    const docId = groups.Otters?.docId;
    if (docId === undefined) throw new Error('the classroom lacks its group');

    // ana is on A before B starts: B's start-up must not take her for a visit left open by a crash.
    const anaDoc = harness.connectDoc(urlA, docId, ana.token);
    const store = appA.nest.get<EventStore>(EVENT_STORE);
    const presence = async () =>
      (await store.readStream(streams.presence(docId))).map((event) => event.type);
    await waitFor(() => anaDoc.provider.synced, 10_000, 'ana synced on A');
    // Until the read model shows her present, a start-up that closes "stale" visits would close hers.
    const db = appA.nest.get<SqlDatabase>(SQL_DATABASE);
    const present = async () =>
      (
        await db.query<{ present: boolean }>(
          'SELECT present FROM rm_presence WHERE doc_id = $1 AND user_id = $2',
          [docId, ana.id],
        )
      )[0]?.present === true;
    const entered = Date.now() + 10_000;
    while (!(await present()) && Date.now() < entered) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await present()).toBe(true);
    expect(await presence()).toEqual(['WorkspaceEntered']);

    const serverB = await startServerProcess(env());
    processes.push(serverB);
    expect(await presence()).toEqual(['WorkspaceEntered']);
    const portOf = (url: string): number => Number(new URL(url).port);
    const proxy = await failoverProxy(() => [portOf(serverB.url), portOf(urlA)]);
    proxies.push(proxy);

    // ana on instance A directly; ben through the balancer, which sends him to B while B lives.
    const benDoc = harness.connectDoc(proxy.url, docId, ben.token);
    await waitFor(() => anaDoc.provider.synced && benDoc.provider.synced, 30_000, 'both synced');

    anaDoc.text.insert(0, 'ana on A. ');
    benDoc.text.insert(0, 'ben on B. ');
    await waitFor(
      () =>
        anaDoc.text.toString() === benDoc.text.toString() &&
        anaDoc.text.toString().includes('ana on A.') &&
        anaDoc.text.toString().includes('ben on B.'),
      5_000,
      'the two instances’ clients to converge',
    );

    anaDoc.provider.awareness.setLocalStateField('user', { name: 'ana' });
    benDoc.provider.awareness.setLocalStateField('user', { name: 'ben' });
    const seen = (from: typeof anaDoc, of: typeof anaDoc, name: string): boolean =>
      (
        from.provider.awareness.getStates().get(of.doc.clientID) as
          { user?: { name?: string } } | undefined
      )?.user?.name === name;
    await waitFor(
      () => seen(benDoc, anaDoc, 'ana') && seen(anaDoc, benDoc, 'ben'),
      5_000,
      'each to see the other’s cursor across instances',
    );

    // Both type; B is killed while ben is typing. Nothing B held may be lost.
    const typed: string[] = [];
    const type = async (
      client: typeof anaDoc,
      who: string,
      count: number,
      afterEach?: (i: number) => void,
    ) => {
      for (let i = 0; i < count; i += 1) {
        const word = `${who}${i};`;
        typed.push(word);
        client.text.insert(client.text.length, word);
        afterEach?.(i);
        // Paced like a typist, so the kill lands between keystrokes rather than after them all.
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    let killed: Promise<void> | undefined;
    await Promise.all([
      type(anaDoc, 'a', 40),
      type(benDoc, 'b', 40, (i) => {
        if (i === 20) killed = serverB.kill9();
      }),
    ]);
    await killed;

    await waitFor(
      () => benDoc.provider.wsconnected && benDoc.provider.synced,
      30_000,
      'ben to reconnect to the surviving instance',
    );
    const everything = (text: string): boolean => typed.every((word) => text.includes(word));
    await waitFor(
      () => anaDoc.text.toString() === benDoc.text.toString() && everything(anaDoc.text.toString()),
      10_000,
      'the clients to converge after the failover',
    );
    const expected = anaDoc.text.toString();

    // What B had relayed but not stored is adopted by A once B's heartbeat lapses.
    const persistence = appA.nest.get(EventLogDocumentPersistence);
    const collabA = appA.nest.get(WorkspaceCollab);
    let stored = { text: '', inserted: 0 };
    const deadline = Date.now() + 20_000;
    while (stored.text !== expected && Date.now() < deadline) {
      await collabA.endpoint.flushAll();
      stored = await storedText(store, persistence, docId);
      if (stored.text !== expected) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(stored.text).toBe(expected);
    // Each character attributed once: nothing was stored by two instances.
    expect(stored.inserted).toBe(expected.length);

    // A fresh instance reads the same document from the log alone.
    await appA.close();
    const fresh = await harness.start();
    const reader = harness.connectDoc(fresh.url, docId, ana.token);
    await waitFor(() => reader.provider.synced, 10_000, 'the fresh instance to serve the doc');
    expect(reader.text.toString()).toBe(expected);
  });

  it('closes a removed student’s connection within a second on the instance that does not run the roster projection', async () => {
    const { app: appA, url: urlA } = await harness.start();
    const teacher = await harness.person(appA, urlA, 'rivera', 'teacher');
    const ana = await harness.person(appA, urlA, 'ana', 'student');
    const { classroomId, groups } = await harness.classroom(teacher, { Otters: [ana], Herons: [] });
    const otters = groups.Otters;
    const herons = groups.Herons;
    if (otters === undefined || herons === undefined)
      throw new Error('the classroom lacks its groups');

    // A started first, so A holds the roster projection; ana is on B.
    const serverB = await startServerProcess(env());
    processes.push(serverB);
    const anaDoc = harness.connectDoc(serverB.url, otters.docId, ana.token);
    await waitFor(() => anaDoc.provider.synced, 10_000, 'ana synced on B');

    const moved = await teacher.api(
      'POST',
      `/classrooms/${classroomId}/groups/${herons.id}/members`,
      {
        studentId: ana.id,
      },
    );
    const answeredAt = performance.now();
    expect(moved.status).toBe(201);
    await waitFor(() => anaDoc.closes.length > 0, 5_000, 'ana’s connection on B to close');
    expect(anaDoc.closes[0]?.code).toBe(COLLAB_CLOSE.forbidden.code);
    expect((anaDoc.closes[0]?.at ?? Infinity) - answeredAt).toBeLessThan(1_000);
  });

  it('spans live-board rooms across instances: a teacher watching on B hears what A sends to the room', async () => {
    const { app: appA, url: urlA } = await harness.start();
    const teacher = await harness.person(appA, urlA, 'rivera', 'teacher');
    const ana = await harness.person(appA, urlA, 'ana', 'student');
    const { classroomId } = await harness.classroom(teacher, { Otters: [ana] });

    const serverB = await startServerProcess(env());
    processes.push(serverB);
    const boards: BoardView[] = [];
    const socket: ClientSocket = io(serverB.url, {
      auth: { token: teacher.token },
      transports: ['websocket'],
    });
    proxies.push({ close: async () => void socket.disconnect() });
    socket.on(SOCKET_EVENTS.boardSnapshot, (board: BoardView) => boards.push(board));
    // Joined through the gateway on B, as the web app does.
    expect(
      await socket.timeout(10_000).emitWithAck(SOCKET_EVENTS.boardWatch, { classroomId }),
    ).toEqual({ ok: true });
    await waitFor(() => boards.length === 1, 5_000, 'the first board on B');

    // A sends to the room; only the Redis adapter can carry it to B's socket.
    const gateway = appA.nest.get(LiveGateway) as unknown as {
      server: { in(room: string): { emit(event: string, payload: unknown): boolean } };
    };
    const sent = { ...boards[0], classroomName: 'sent from A' } as BoardView;
    gateway.server.in(rooms.classroom(classroomId)).emit(SOCKET_EVENTS.boardSnapshot, sent);
    await waitFor(() => boards.length === 2, 5_000, 'A’s message to reach the teacher on B');
    expect(boards[1]?.classroomName).toBe('sent from A');
  });

  it('converges within 3 s of a 20 s Redis outage and stores every keystroke once, on PostgreSQL', async () => {
    const redis = await startRedisServer();
    proxies.push({ close: () => redis.stop() });
    const { app: appA, url: urlA } = await harness.start({ REDIS_URL: redis.url });
    const teacher = await harness.person(appA, urlA, 'rivera', 'teacher');
    const ana = await harness.person(appA, urlA, 'ana', 'student');
    const ben = await harness.person(appA, urlA, 'ben', 'student');
    const { groups } = await harness.classroom(teacher, { Otters: [ana, ben] });
    const docId = groups.Otters?.docId ?? '';
    const serverB = await startServerProcess({ ...env(), REDIS_URL: redis.url });
    processes.push(serverB);
    const anaDoc = harness.connectDoc(urlA, docId, ana.token);
    const benDoc = harness.connectDoc(serverB.url, docId, ben.token);
    await waitFor(() => anaDoc.provider.synced && benDoc.provider.synced, 30_000, 'both synced');

    const typed: string[] = [];
    const stopAna = typeSteadily(anaDoc.text, 0x4e00, typed);
    const stopBen = typeSteadily(benDoc.text, 0xac00, typed, { atStart: true });
    proxies.push({ close: async () => void (stopAna(), stopBen()) });
    await waitFor(() => typed.length >= 4, 5_000, 'the first keystrokes');
    await redis.kill();
    // The outage under test; both keep typing through it and for a moment after.
    await new Promise((resolve) => setTimeout(resolve, 20_000));
    await redis.start();
    const returnedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    stopAna();
    stopBen();
    const complete = (text: string) => typed.every((char) => text.includes(char));
    await waitFor(
      () => anaDoc.text.toString() === benDoc.text.toString() && complete(anaDoc.text.toString()),
      Math.max(0, returnedAt + 3_000 - Date.now()),
      'the instances to converge within 3 s of Redis returning',
    );
    const expected = anaDoc.text.toString();
    expect(expected).toHaveLength(typed.length);

    // Each instance stores its own author's keystrokes; together, every one exactly once.
    const store = appA.nest.get<EventStore>(EVENT_STORE);
    const persistence = appA.nest.get(EventLogDocumentPersistence);
    let stored = { text: '', inserted: 0 };
    const deadline = Date.now() + 10_000;
    while (
      (stored.text !== expected || stored.inserted !== expected.length) &&
      Date.now() < deadline
    ) {
      await appA.nest.get(WorkspaceCollab).endpoint.flushAll();
      stored = await storedText(store, persistence, docId);
      if (stored.inserted !== expected.length) await new Promise((r) => setTimeout(r, 100));
    }
    expect(stored).toEqual({ text: expected, inserted: expected.length });

    // B stops; A holds none of B's stored keystrokes as unconfirmed, so it stores none again.
    const relayA = appA.nest.get<RedisDocumentRelay>(DOCUMENT_RELAY);
    const [instanceB] = await relayA.alivePeers();
    await serverB.stop();
    await eventually(
      async () => !(await relayA.isAlive(instanceB ?? '')),
      'A to take B for gone',
      10_000,
    );
    const registry = (
      appA.nest.get(WorkspaceCollab).endpoint as unknown as {
        registry: { documents(): Array<{ adoptOrphans(now: number): Promise<number> }> };
      }
    ).registry;
    const adopted = await Promise.all(
      registry.documents().map((document) => document.adoptOrphans(Number.POSITIVE_INFINITY)),
    );
    expect(adopted).toEqual([0]);
  });
});
