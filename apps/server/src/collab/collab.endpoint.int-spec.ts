import { afterEach, describe, expect, it } from '@jest/globals';
import { COLLAB_CLOSE, WORKSPACE_TEXT } from '@commonplace/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket, WebSocketServer } from 'ws';
import * as authProtocol from 'y-protocols/auth';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider, messageAuth } from 'y-websocket';
import * as Y from 'yjs';
import type { CollabEndpointOptions } from './collab.endpoint.js';
import {
  InMemoryPersistence,
  RecordingLogger,
  RecordingPresence,
  TokenAuthorizer,
  startCollabServer,
  waitFor,
} from './collab.testing.js';
import type { RunningCollabServer, TestGrant } from './collab.testing.js';
import type { CollabLimits } from './collab.types.js';

const DOC = 'workspace-1';
const OTHER_DOC = 'workspace-2';
const GRANTS: Record<string, TestGrant> = {
  'ann-token': { userId: 'ann', displayName: 'Ann', access: 'read-write' },
  'ben-token': { userId: 'ben', displayName: 'Ben', access: 'read-write' },
  'tara-token': { userId: 'tara', displayName: 'Ms Tara', access: 'read-only' },
  'cal-token': { userId: 'cal', displayName: 'Cal', access: 'read-write', docIds: [OTHER_DOC] },
};

let cleanups: Array<() => unknown> = [];

afterEach(async () => {
  // Clients were registered after their server, so they go first.
  const pending = cleanups.reverse();
  cleanups = [];
  for (const cleanup of pending) await cleanup();
});

interface TestServer extends RunningCollabServer {
  persistence: InMemoryPersistence;
  authorizer: TokenAuthorizer;
  presence: RecordingPresence;
  logger: RecordingLogger;
}

interface StartOptions {
  persistence?: InMemoryPersistence;
  limits?: Partial<CollabLimits>;
  retryDelayMs?: CollabEndpointOptions['retryDelayMs'];
  heartbeatIntervalMs?: number;
}

async function start(options: StartOptions = {}): Promise<TestServer> {
  const persistence = options.persistence ?? new InMemoryPersistence();
  const authorizer = new TokenAuthorizer(GRANTS, new Set([DOC, OTHER_DOC]));
  const presence = new RecordingPresence();
  const logger = new RecordingLogger();
  const running = await startCollabServer({
    authorizer,
    persistence,
    presence,
    logger,
    limits: { flushWindowMs: 20, ...options.limits },
    retryDelayMs: options.retryDelayMs,
    heartbeatIntervalMs: options.heartbeatIntervalMs,
  });
  cleanups.push(() => running.stop());
  return { ...running, persistence, authorizer, presence, logger };
}

interface TestClient {
  doc: Y.Doc;
  text: Y.Text;
  provider: WebsocketProvider;
  /** Every close the server sent this client. */
  closes: Array<{ code: number; reason: string }>;
  /** Reasons of "permission denied" messages received. */
  denials: string[];
}

/** A stock y-websocket client, as the browser runs it. */
function connect(server: RunningCollabServer, token: string, docId = DOC): TestClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(server.url, docId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token },
    // Providers in one process would otherwise sync through a BroadcastChannel, around the server.
    disableBc: true,
  });
  const client: TestClient = {
    doc,
    text: doc.getText(WORKSPACE_TEXT),
    provider,
    closes: [],
    denials: [],
  };
  provider.on('connection-close', (event) => {
    if (event !== null) client.closes.push({ code: event.code, reason: event.reason });
  });
  provider.messageHandlers[messageAuth] = (_encoder, decoder) =>
    authProtocol.readAuthMessage(decoder, doc, (_doc: unknown, reason: string) =>
      client.denials.push(reason),
    );
  cleanups.push(() => {
    provider.destroy();
    doc.destroy();
  });
  return client;
}

async function connectSynced(
  server: RunningCollabServer,
  token: string,
  docId = DOC,
): Promise<TestClient> {
  const client = connect(server, token, docId);
  await waitFor(() => client.provider.synced, 3000, `${token} to sync`);
  return client;
}

interface RawClient {
  socket: WebSocket;
  received: Uint8Array[];
  closed: { code: number; reason: string } | null;
}

/** A bare WebSocket that records every byte the server sends it. */
async function openRaw(
  server: RunningCollabServer,
  token: string,
  docId = DOC,
  options: { autoPong?: boolean } = {},
): Promise<RawClient> {
  const socket = new WebSocket(`${server.url}/${docId}?token=${token}`, options);
  const client: RawClient = { socket, received: [], closed: null };
  socket.on('message', (data: Buffer) => client.received.push(new Uint8Array(data)));
  socket.on('close', (code, reason) => {
    client.closed = { code, reason: reason.toString() };
  });
  socket.on('error', () => undefined);
  cleanups.push(() => socket.terminate());
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return client;
}

function storedText(persistence: InMemoryPersistence, docId = DOC): string {
  const doc = new Y.Doc();
  for (const change of persistence.changesOf(docId)) Y.applyUpdate(doc, change.update);
  return doc.getText(WORKSPACE_TEXT).toString();
}

function totalsBy(
  persistence: InMemoryPersistence,
  authorId: string,
): { inserted: number; deleted: number } {
  return persistence
    .changesOf(DOC)
    .filter((change) => change.authorId === authorId)
    .reduce(
      (sum, change) => ({
        inserted: sum.inserted + change.inserted,
        deleted: sum.deleted + change.deleted,
      }),
      {
        inserted: 0,
        deleted: 0,
      },
    );
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function updateInserting(content: string): Uint8Array {
  const scratch = new Y.Doc();
  scratch.getText(WORKSPACE_TEXT).insert(0, content);
  return Y.encodeStateAsUpdate(scratch);
}

describe('CollabEndpoint', () => {
  it('lets two clients edit concurrently and converge', async () => {
    const server = await start();
    const ann = await connectSynced(server, 'ann-token');
    const ben = await connectSynced(server, 'ben-token');

    ann.text.insert(0, 'Hello ');
    ben.text.insert(0, 'World');

    await waitFor(
      () => ann.text.length === 11 && ben.text.toString() === ann.text.toString(),
      3000,
      'convergence',
    );
    expect(ann.text.toString()).toContain('Hello ');
    expect(ann.text.toString()).toContain('World');
    await server.endpoint.flushAll();
    expect(storedText(server.persistence)).toBe(ann.text.toString());
  });

  it('relays awareness, and removes a dropped client’s state for the others', async () => {
    const server = await start();
    const ann = await connectSynced(server, 'ann-token');
    const ben = await connectSynced(server, 'ben-token');

    ann.provider.awareness.setLocalStateField('user', { name: 'Ann' });
    await waitFor(
      () =>
        (
          ben.provider.awareness.getStates().get(ann.doc.clientID) as
            { user?: { name: string } } | undefined
        )?.user?.name === 'Ann',
      3000,
      'Ann’s cursor at Ben',
    );

    // Dropped without a goodbye: only the server can tell Ben she left.
    ann.provider.shouldConnect = false;
    (ann.provider.ws as unknown as WebSocket).terminate();
    await waitFor(
      () => !ben.provider.awareness.getStates().has(ann.doc.clientID),
      3000,
      'Ann’s cursor to go',
    );
  });

  it('answers an unauthorized client with permission denied and a close, and nothing of the doc', async () => {
    const server = await start();
    const ann = await connectSynced(server, 'ann-token');
    ann.text.insert(0, 'our secret plan');
    await waitFor(
      () => storedText(server.persistence) === 'our secret plan',
      3000,
      'the plan to be stored',
    );

    const intruder = await openRaw(server, 'stolen-token');
    await waitFor(() => intruder.closed !== null, 3000, 'the intruder to be closed');

    expect(intruder.closed).toEqual(COLLAB_CLOSE.unauthorized);
    expect(intruder.received).toHaveLength(1);
    const decoder = decoding.createDecoder(intruder.received[0] ?? new Uint8Array());
    expect(decoding.readVarUint(decoder)).toBe(messageAuth);
    expect(decoding.readVarUint(decoder)).toBe(authProtocol.messagePermissionDenied);
    expect(decoding.readVarString(decoder)).toBe(COLLAB_CLOSE.unauthorized.reason);
    expect(decoding.hasContent(decoder)).toBe(false);
  });

  it('refuses a stock client outside the group for good, and it stays empty', async () => {
    const server = await start();
    const ann = await connectSynced(server, 'ann-token');
    ann.text.insert(0, 'group work');
    await waitFor(() => storedText(server.persistence) === 'group work');

    const cal = connect(server, 'cal-token');
    const closed: Array<{ code: number; reason: string }> = [];
    cal.provider.on('closed', (event) => closed.push(event));
    await waitFor(() => closed.length === 1, 3000, 'a terminal close');

    expect(closed[0]).toEqual(COLLAB_CLOSE.forbidden);
    expect(cal.denials).toEqual([COLLAB_CLOSE.forbidden.reason]);
    expect(cal.text.toString()).toBe('');
    expect(cal.provider.shouldConnect).toBe(false);
  });

  it('closes a connection to a doc that does not exist with notFound', async () => {
    const server = await start();
    const raw = await openRaw(server, 'ann-token', 'no-such-doc');
    await waitFor(() => raw.closed !== null);
    expect(raw.closed).toEqual(COLLAB_CLOSE.notFound);
  });

  it('refuses a doc id with control characters as unknown, before asking anyone or logging it', async () => {
    const server = await start();
    const raw = await openRaw(server, 'ann-token', '%00%0A2026-12-07%20ERROR%20forged%1B[2J');
    await waitFor(() => raw.closed !== null);
    expect(raw.closed).toEqual(COLLAB_CLOSE.notFound);
    expect(server.authorizer.calls).toBe(0);
    expect([...server.logger.warnings, ...server.logger.errors]).toEqual([]);
  });

  it('drops a read-only client’s edits: they reach neither the store nor the other clients', async () => {
    const server = await start();
    const ann = await connectSynced(server, 'ann-token');
    const tara = await connectSynced(server, 'tara-token');

    tara.text.insert(0, 'tampered');
    // Frames on one socket are handled in order: once her cursor reaches Ann, her edit was handled too.
    tara.provider.awareness.setLocalStateField('user', { name: 'Ms Tara' });
    await waitFor(
      () => ann.provider.awareness.getStates().has(tara.doc.clientID),
      3000,
      'Tara’s awareness at Ann',
    );
    ann.text.insert(0, 'ok ');
    await waitFor(() => tara.text.toString().includes('ok '), 3000, 'Ann’s edit at Tara');
    await server.endpoint.flushAll();

    expect(ann.text.toString()).toBe('ok ');
    expect(storedText(server.persistence)).toBe('ok ');
    expect(server.persistence.changesOf(DOC).map((change) => change.authorId)).not.toContain(
      'tara',
    );
    expect(server.logger.warnings.some((warning) => warning.includes('read-only'))).toBe(true);
  });

  it('stores each author’s changes with what they inserted and deleted', async () => {
    const server = await start();
    const ann = await connectSynced(server, 'ann-token');
    const ben = await connectSynced(server, 'ben-token');

    ann.text.insert(0, 'hello world');
    await waitFor(() => ben.text.toString() === 'hello world');
    ben.doc.transact(() => {
      ben.text.delete(0, 5);
      ben.text.insert(0, 'bye');
    });
    await waitFor(() => ann.text.toString() === 'bye world');
    await server.endpoint.flushAll();

    expect(totalsBy(server.persistence, 'ann')).toEqual({ inserted: 11, deleted: 0 });
    expect(totalsBy(server.persistence, 'ben')).toEqual({ inserted: 3, deleted: 5 });
    expect(storedText(server.persistence)).toBe('bye world');
  });

  it('merges an author’s updates within one window into a single change', async () => {
    const server = await start({ limits: { flushWindowMs: 60_000 } });
    const ann = await connectSynced(server, 'ann-token');
    const ben = await connectSynced(server, 'ben-token');

    for (const letter of 'abcde') ann.text.insert(ann.text.length, letter);
    await waitFor(() => ben.text.toString() === 'abcde');
    expect(server.persistence.changesOf(DOC)).toHaveLength(0);
    await server.endpoint.flushAll();

    const changes = server.persistence.changesOf(DOC);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ authorId: 'ann', inserted: 5, deleted: 0 });
  });

  it('appends one change at a time per document, in order', async () => {
    const server = await start({ limits: { flushMaxBytes: 1 } });
    const ann = await connectSynced(server, 'ann-token');
    const typed = 'one at a time';
    for (const letter of typed) ann.text.insert(ann.text.length, letter);

    await waitFor(() => storedText(server.persistence) === typed, 3000, 'every keystroke stored');
    expect(server.persistence.maxAppendsInFlight).toBe(1);
    const changes = server.persistence.changesOf(DOC);
    expect(changes).toHaveLength(typed.length);
    const replay = new Y.Doc();
    changes.forEach((change, index) => {
      Y.applyUpdate(replay, change.update);
      expect(replay.getText(WORKSPACE_TEXT).toString()).toBe(typed.slice(0, index + 1));
    });
  });

  it('keeps and retries a change the store failed to append', async () => {
    const server = await start({ retryDelayMs: () => 5 });
    server.persistence.failNextAppends(2);
    const ann = await connectSynced(server, 'ann-token');
    ann.text.insert(0, 'worth keeping');

    await waitFor(
      () => storedText(server.persistence) === 'worth keeping',
      3000,
      'the retried append',
    );
    expect(server.persistence.changesOf(DOC)).toHaveLength(1);
    expect(server.logger.errors).toHaveLength(2);
    expect(server.logger.errors[0]).toContain('Could not save a change by ann');
  });

  it('unloads a doc after its last client leaves, and a new server reloads it intact', async () => {
    const persistence = new InMemoryPersistence();
    const first = await start({ persistence });
    const ann = await connectSynced(first, 'ann-token');
    const ben = await connectSynced(first, 'ben-token');
    ann.text.insert(0, 'kept across restarts');
    await waitFor(() => ben.text.toString() === 'kept across restarts');
    ann.provider.destroy();
    ben.provider.destroy();
    await waitFor(() => first.endpoint.documentCount === 0, 3000, 'the doc to unload');
    expect(first.endpoint.connectionCount).toBe(0);
    // Stored, then compacted before it went, so a cold load reads one snapshot.
    expect(persistence.compacted).toEqual([DOC]);
    await first.stop();

    const second = await start({ persistence });
    const cal = await connectSynced(second, 'ann-token');
    expect(cal.text.toString()).toBe('kept across restarts');
    expect(persistence.loadCalls).toBe(2);
  });

  it('answers fresh clients of a cold doc from its stored snapshot, and their edits go on top', async () => {
    const persistence = new InMemoryPersistence();
    const written = new Y.Doc();
    written.getText(WORKSPACE_TEXT).insert(0, 'stored before');
    // What a compacted doc loads as: one snapshot.
    await persistence.appendAll(DOC, [
      {
        changeId: 'snapshot',
        authorId: 'ann',
        update: Y.encodeStateAsUpdate(written),
        inserted: 13,
        deleted: 0,
      },
    ]);
    const server = await start({ persistence });
    const ann = await connectSynced(server, 'ann-token');
    const ben = await connectSynced(server, 'ben-token');
    expect(ann.text.toString()).toBe('stored before');
    expect(ben.text.toString()).toBe('stored before');

    ann.text.insert(ann.text.length, ' and after');
    await waitFor(() => ben.text.toString() === 'stored before and after');
    await server.endpoint.flushAll();
    expect(storedText(persistence)).toBe('stored before and after');
    expect(totalsBy(persistence, 'ann')).toEqual({ inserted: 23, deleted: 0 });
  });

  it('closes the clients of a doc whose stored snapshot does not replay, and keeps serving', async () => {
    const persistence = new InMemoryPersistence();
    await persistence.appendAll(DOC, [
      {
        changeId: 'broken',
        authorId: 'ann',
        update: Uint8Array.of(1, 5, 200, 1),
        inserted: 0,
        deleted: 0,
      },
    ]);
    const server = await start({ persistence });
    const raw = await openRaw(server, 'ann-token');
    const stepOne = encoding.createEncoder();
    encoding.writeVarUint(stepOne, 0);
    syncProtocol.writeSyncStep1(stepOne, new Y.Doc());
    raw.socket.send(encoding.toUint8Array(stepOne));

    await waitFor(() => raw.closed !== null, 3000, 'the client to be closed');
    expect(raw.closed).toEqual(COLLAB_CLOSE.unavailable);
    expect(server.logger.errors.join('\n')).toContain('could not be replayed');
    const cal = await connectSynced(server, 'cal-token', OTHER_DOC);
    cal.text.insert(0, 'still serving');
    await waitFor(
      () => storedText(persistence, OTHER_DOC) === 'still serving',
      3000,
      'Cal’s edit stored',
    );
  });

  it('loads a doc once for concurrent first connections', async () => {
    const server = await start();
    const releaseLoads = server.persistence.holdLoads();
    const ann = connect(server, 'ann-token');
    const ben = connect(server, 'ben-token');
    await waitFor(() => server.authorizer.calls === 2, 3000, 'both clients to be authorized');
    releaseLoads();
    await waitFor(() => ann.provider.synced && ben.provider.synced, 3000, 'both to sync');
    expect(server.persistence.loadCalls).toBe(1);
    expect(server.endpoint.documentCount).toBe(1);
  });

  it('closes with a retryable code when the doc cannot be loaded, and loads it on the retry', async () => {
    const server = await start();
    server.persistence.failNextLoads(1);
    const ann = connect(server, 'ann-token');

    await waitFor(() => ann.provider.synced, 3000, 'Ann to sync on her retry');
    expect(ann.closes[0]).toEqual(COLLAB_CLOSE.unavailable);
    expect(server.persistence.loadCalls).toBe(2);
    expect(server.logger.errors[0]).toContain(`Could not load document ${DOC}`);
  });

  it('reports a user joining on their first connection and leaving after their last', async () => {
    const server = await start();
    const annLaptop = await connectSynced(server, 'ann-token');
    const annTablet = await connectSynced(server, 'ann-token');
    await connectSynced(server, 'ben-token');
    expect(server.presence.events).toEqual([
      { event: 'joined', docId: DOC, userId: 'ann' },
      { event: 'joined', docId: DOC, userId: 'ben' },
    ]);

    annLaptop.provider.destroy();
    await waitFor(() => server.endpoint.connectionCount === 2);
    expect(server.presence.events).toHaveLength(2);
    annTablet.provider.destroy();
    await waitFor(() => server.presence.events.length === 3);
    expect(server.presence.events[2]).toEqual({ event: 'left', docId: DOC, userId: 'ann' });
  });

  it('obeys access changes on live connections at once', async () => {
    const server = await start();
    const ann = await connectSynced(server, 'ann-token');
    const ben = await connectSynced(server, 'ben-token');

    expect(server.endpoint.changeAccess(DOC, 'read-only', 'ben')).toBe(1);
    ben.text.insert(0, 'while locked ');
    ben.provider.awareness.setLocalStateField('user', { name: 'Ben' });
    await waitFor(() => ann.provider.awareness.getStates().has(ben.doc.clientID));
    expect(ann.text.toString()).toBe('');

    // Promoted again: the server asks for his state, so his dropped edit arrives now.
    server.endpoint.changeAccess(DOC, 'read-write', 'ben');
    await waitFor(
      () => ann.text.toString() === 'while locked ',
      3000,
      'Ben’s edit after promotion',
    );

    const closed: Array<{ code: number; reason: string }> = [];
    ben.provider.on('closed', (event) => closed.push(event));
    server.endpoint.changeAccess(DOC, null, 'ben');
    await waitFor(() => closed.length === 1, 3000, 'Ben to be disconnected');
    expect(closed[0]).toEqual(COLLAB_CLOSE.forbidden);
    expect(ben.denials).toEqual([COLLAB_CLOSE.forbidden.reason]);
    expect(server.endpoint.connectionCount).toBe(1);
  });

  it.each([
    [
      'a truncated update',
      frame((e) => [0, 2, 50, 1, 2, 3].forEach((byte) => encoding.writeUint8(e, byte))),
    ],
    ['an unknown message type', frame((e) => encoding.writeVarUint(e, 9))],
    [
      'an update that is not Yjs',
      frame((e) => {
        encoding.writeVarUint(e, 0);
        syncProtocol.writeUpdate(e, Uint8Array.of(200, 1, 7, 7, 7, 7, 7));
      }),
    ],
    ['a text frame', 'hello'],
  ])('closes only the connection that sent %s', async (_case, message) => {
    const server = await start();
    const ann = await connectSynced(server, 'ann-token');
    const ben = await connectSynced(server, 'ben-token');
    const raw = await openRaw(server, 'ann-token');

    raw.socket.send(message);
    await waitFor(() => raw.closed !== null, 3000, 'the bad connection to close');
    expect(raw.closed).toEqual(COLLAB_CLOSE.malformed);

    ann.text.insert(0, 'still working');
    await waitFor(() => ben.text.toString() === 'still working', 3000, 'the others to carry on');
    expect(server.endpoint.connectionCount).toBe(2);
  });

  it('reads several frames packed into one message', async () => {
    const server = await start();
    const ben = await connectSynced(server, 'ben-token');
    const raw = await openRaw(server, 'ann-token');
    raw.received.length = 0;

    const packed = frame((e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeSyncStep1(e, new Y.Doc());
      encoding.writeVarUint(e, 0);
      syncProtocol.writeUpdate(e, updateInserting('packed'));
      encoding.writeVarUint(e, 3);
    });
    raw.socket.send(packed);

    await waitFor(() => ben.text.toString() === 'packed', 3000, 'the packed update at Ben');
    const replies = raw.received.map((bytes) => [bytes[0], bytes[1]]);
    expect(replies).toContainEqual([0, syncProtocol.messageYjsSyncStep2]);
    expect(raw.closed).toBeNull();
  });

  it('closes a connection that sends too many messages with tooFast', async () => {
    const server = await start({ limits: { maxMessagesPerSecond: 10 } });
    const raw = await openRaw(server, 'ann-token');
    raw.socket.send(frame((e) => Array.from({ length: 12 }, () => encoding.writeVarUint(e, 3))));
    await waitFor(() => raw.closed !== null);
    expect(raw.closed).toEqual(COLLAB_CLOSE.tooFast);
  });

  it('closes a connection that sends an oversized message with tooLarge', async () => {
    const server = await start({ limits: { maxMessageBytes: 1024 } });
    const ben = await connectSynced(server, 'ben-token');
    const raw = await openRaw(server, 'ann-token');
    raw.socket.send(new Uint8Array(4096));
    await waitFor(() => raw.closed !== null);
    expect(raw.closed).toEqual(COLLAB_CLOSE.tooLarge);
    expect(ben.provider.wsconnected).toBe(true);
  });

  it('refuses a change that would grow the doc past its size limit', async () => {
    const server = await start({ limits: { maxDocumentBytes: 4096 } });
    const ann = await connectSynced(server, 'ann-token');
    const ben = await connectSynced(server, 'ben-token');
    const closed: Array<{ code: number; reason: string }> = [];
    ann.provider.on('closed', (event) => closed.push(event));

    ann.text.insert(0, 'x'.repeat(5000));
    await waitFor(() => closed.length === 1, 3000, 'Ann to be closed');
    expect(closed[0]).toEqual(COLLAB_CLOSE.tooLarge);

    ben.text.insert(0, 'small');
    await server.endpoint.flushAll();
    await waitFor(() => storedText(server.persistence) === 'small');
    expect(server.persistence.changesOf(DOC).map((change) => change.authorId)).toEqual(['ben']);
  });

  it('stores pending changes and tells clients it is restarting on close', async () => {
    const server = await start({ limits: { flushWindowMs: 60_000 } });
    const ann = await connectSynced(server, 'ann-token');
    const ben = await connectSynced(server, 'ben-token');
    ann.text.insert(0, 'saved on shutdown');
    await waitFor(() => ben.text.toString() === 'saved on shutdown');
    expect(server.persistence.changesOf(DOC)).toHaveLength(0);

    await server.endpoint.close();

    expect(storedText(server.persistence)).toBe('saved on shutdown');
    await waitFor(
      () => ann.closes.length > 0 && ben.closes.length > 0,
      3000,
      'both clients to be told',
    );
    expect(ann.closes[0]).toEqual(COLLAB_CLOSE.shuttingDown);
    expect(server.endpoint.documentCount).toBe(0);
    expect(server.endpoint.connectionCount).toBe(0);
  });

  it('drops a connection that stops answering pings, and keeps the ones that answer', async () => {
    // Long enough that a client answering on a loaded machine (the suite shares two cores with
    // the browser tests) always answers in time; the silent one is dropped after two beats.
    const server = await start({ heartbeatIntervalMs: 400 });
    const ben = await connectSynced(server, 'ben-token');
    const silent = await openRaw(server, 'ann-token', DOC, { autoPong: false });

    await waitFor(() => silent.closed !== null, 5000, 'the silent client to be dropped');
    expect(server.endpoint.connectionCount).toBe(1);
    expect(ben.provider.wsconnected).toBe(true);
    expect(
      server.logger.warnings.some((warning) => warning.includes('no answer to the last ping')),
    ).toBe(true);
  });

  it('leaves upgrades on other paths to other handlers on the same server', async () => {
    const server = await start();
    const other = new WebSocketServer({ noServer: true });
    other.on('connection', (socket) => socket.send('from the other handler'));
    server.server.on('upgrade', (request, socket, head) => {
      if (request.url?.startsWith('/other'))
        other.handleUpgrade(request, socket, head, (ws) => other.emit('connection', ws));
    });
    cleanups.push(() => other.close());

    const port = (server.server.address() as { port: number }).port;
    const socket = new WebSocket(`ws://127.0.0.1:${port}/other`);
    cleanups.push(() => socket.terminate());
    const greeting = await new Promise<string>((resolve, reject) => {
      socket.once('message', (data: Buffer) => resolve(data.toString()));
      socket.once('error', reject);
    });
    expect(greeting).toBe('from the other handler');
  });

  it('shows every awareness state as the connection’s own identity, whoever it claims to be', async () => {
    const server = await start();
    const ann = await connectSynced(server, 'ann-token');
    const tara = await connectSynced(server, 'tara-token');
    type Shown = { user?: { id?: string; name?: string; color?: string }; cursor?: string };
    const shownAtAnn = (clientId: number): Shown | undefined =>
      ann.provider.awareness.getStates().get(clientId) as Shown | undefined;

    // A read-only observer announces herself as Ann, with Ann's id.
    tara.provider.awareness.setLocalStateField('user', { id: 'ann', name: 'Ann', color: '#e11' });
    await waitFor(() => shownAtAnn(tara.doc.clientID) !== undefined, 3000, 'Tara’s state at Ann');
    expect(shownAtAnn(tara.doc.clientID)?.user).toEqual({
      id: 'tara',
      name: 'Ms Tara',
      color: '#e11',
    });

    // Nor can anyone write over Ann's own state by sending her awareness client id.
    ann.provider.awareness.setLocalStateField('user', { id: 'ann', name: 'Ann' });
    const ben = await connectSynced(server, 'ben-token');
    await waitFor(
      () => ben.provider.awareness.getStates().has(ann.doc.clientID),
      3000,
      'Ann’s state at Ben',
    );
    const forger = await openRaw(server, 'tara-token');
    const forged = new awarenessProtocol.Awareness(new Y.Doc());
    forged.clientID = ann.doc.clientID;
    forged.setLocalState({ user: { id: 'ann', name: 'Ann' }, cursor: 'forged' });
    forged.meta.set(ann.doc.clientID, { clock: 1_000, lastUpdated: Date.now() });
    const ownId = 4242;
    forged.states.set(ownId, { cursor: 'own' });
    forged.meta.set(ownId, { clock: 1, lastUpdated: Date.now() });
    forger.socket.send(
      frame((encoder) => {
        encoding.writeVarUint(encoder, 1);
        encoding.writeVarUint8Array(
          encoder,
          awarenessProtocol.encodeAwarenessUpdate(forged, [ann.doc.clientID, ownId]),
        );
      }),
    );
    forged.destroy();
    // Frames are handled in order: once its own state is at Ben, the forged one was handled too.
    await waitFor(
      () => ben.provider.awareness.getStates().has(ownId),
      3000,
      'the forger’s own state at Ben',
    );
    expect(ben.provider.awareness.getStates().get(ownId)).toEqual({
      cursor: 'own',
      user: { id: 'tara', name: 'Ms Tara' },
    });
    expect(ben.provider.awareness.getStates().get(ann.doc.clientID)).toEqual({
      user: { id: 'ann', name: 'Ann' },
    });
  });

  it('caps one account’s concurrent connections per instance, and frees a place when one closes', async () => {
    const server = await start({ limits: { maxConnectionsPerAccount: 3 } });
    const attempts = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        openRaw(server, 'ann-token', index % 2 === 0 ? DOC : OTHER_DOC),
      ),
    );
    await waitFor(
      () => attempts.filter((attempt) => attempt.closed !== null).length === 5,
      3000,
      'five of the eight to be refused',
    );
    const refused = attempts.filter((attempt) => attempt.closed !== null);
    for (const attempt of refused) {
      expect(attempt.closed).toEqual({
        code: COLLAB_CLOSE.tooManyConnections.code,
        reason: COLLAB_CLOSE.tooManyConnections.reason,
      });
    }
    expect(server.endpoint.connectionCount).toBe(3);

    // Someone else on the same document is not affected.
    const ben = await connectSynced(server, 'ben-token');
    expect(ben.closes).toEqual([]);

    // A tab closed frees its place.
    const admitted = attempts.filter((attempt) => attempt.closed === null);
    admitted[0]?.socket.close();
    await waitFor(() => server.endpoint.connectionCount === 3, 3000, 'the closed tab to leave');
    const ann = await connectSynced(server, 'ann-token');
    expect(ann.closes).toEqual([]);
    expect(server.endpoint.connectionCount).toBe(4);
  });

  it('closes the connection that spends the document’s append budget for the minute, and stores none of it', async () => {
    const server = await start({ limits: { maxAppendBytesPerMinute: 10_000 } });
    const ann = await connectSynced(server, 'ann-token');
    const ben = await connectSynced(server, 'ben-token');

    ann.text.insert(0, 'a'.repeat(6_000));
    await waitFor(() => ben.text.length === 6_000, 3000, 'the first paste at Ben');
    ann.text.insert(0, 'b'.repeat(6_000));
    await waitFor(() => ann.closes.length > 0, 3000, 'Ann’s connection to close');
    expect(ann.closes[0]).toEqual({
      code: COLLAB_CLOSE.writeBudget.code,
      reason: COLLAB_CLOSE.writeBudget.reason,
    });

    // Ben's small edit still fits what is left of the minute's budget.
    ben.text.insert(ben.text.length, 'end');
    await server.endpoint.flushAll();
    await waitFor(() => storedText(server.persistence).endsWith('end'), 3000, 'Ben’s edit stored');
    expect(storedText(server.persistence)).toBe(`${'a'.repeat(6_000)}end`);
    expect(ben.closes).toEqual([]);
    expect(
      server.logger.warnings.some((warning) =>
        warning.includes('bytes of changes for this minute'),
      ),
    ).toBe(true);
  });
});
