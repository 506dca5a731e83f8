import { randomUUID } from 'node:crypto';
import { afterEach, expect, it } from '@jest/globals';
import { WORKSPACE_TEXT } from '@commonplace/shared';
import WebSocket from 'ws';
import { Redis } from 'ioredis';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  InMemoryPersistence,
  RecordingLogger,
  TokenAuthorizer,
  startCollabServer,
  typeSteadily,
  waitFor,
} from '../collab/collab.testing.js';
import type { RunningCollabServer, TestGrant } from '../collab/collab.testing.js';
import { TEST_REDIS_URL, describeWithRedis } from '../testing/services.js';
import { RedisDocumentRelay } from './redis-document.relay.js';
import { startRedisServer } from './redis-server.testing.js';

const DOC = 'doc-1';
// The server stamps each awareness state with the name it knows the person by.
const GRANTS: Record<string, TestGrant> = {
  'ann-token': { userId: 'ann', displayName: 'Ann', access: 'read-write' },
  'ben-token': { userId: 'ben', displayName: 'Ben', access: 'read-write' },
};

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Instance extends RunningCollabServer {
  relay: RedisDocumentRelay;
  logger: RecordingLogger;
}

/** One server instance: its own endpoint and relay, sharing `persistence` (the store) with the others. */
async function instance(
  prefix: string,
  persistence: InMemoryPersistence,
  flushWindowMs = 20,
  url = TEST_REDIS_URL,
): Promise<Instance> {
  const logger = new RecordingLogger();
  const relay = await RedisDocumentRelay.connect({
    url,
    logger,
    prefix,
    aliveForMs: 300,
  });
  const running = await startCollabServer({
    authorizer: new TokenAuthorizer(GRANTS, new Set([DOC])),
    persistence,
    logger,
    relay,
    orphanGraceMs: 100,
    limits: { flushWindowMs },
  });
  cleanups.push(async () => {
    await running.stop();
    await relay.close();
  });
  return { ...running, relay, logger };
}

function connect(server: Instance, token: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(server.url, DOC, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token },
    disableBc: true,
  });
  cleanups.push(() => {
    provider.destroy();
    doc.destroy();
  });
  return { doc, provider, text: doc.getText(WORKSPACE_TEXT) };
}

function storedText(persistence: InMemoryPersistence): string {
  const doc = new Y.Doc();
  for (const change of persistence.changesOf(DOC)) Y.applyUpdate(doc, change.update);
  return doc.getText(WORKSPACE_TEXT).toString();
}

await describeWithRedis('documents relayed between instances through Redis', () => {
  it('converges clients of two instances, relays awareness, and each instance stores only its own authors’ changes', async () => {
    const prefix = `test-${randomUUID()}`;
    const persistence = new InMemoryPersistence();
    const a = await instance(prefix, persistence);
    const b = await instance(prefix, persistence);
    const ann = connect(a, 'ann-token');
    const ben = connect(b, 'ben-token');
    await waitFor(() => ann.provider.synced && ben.provider.synced, 5_000, 'both synced');

    const words: string[] = [];
    for (let i = 0; i < 20; i += 1) {
      words.push(`a${i};`, `b${i};`);
      ann.text.insert(ann.text.length, `a${i};`);
      ben.text.insert(0, `b${i};`);
    }
    await waitFor(
      () =>
        ann.text.toString() === ben.text.toString() &&
        words.every((word) => ann.text.toString().includes(word)),
      5_000,
      'the clients to converge',
    );

    ann.provider.awareness.setLocalStateField('user', { name: 'Ann' });
    await waitFor(
      () =>
        (
          ben.provider.awareness.getStates().get(ann.doc.clientID) as
            { user?: { name?: string } } | undefined
        )?.user?.name === 'Ann',
      5_000,
      'Ben to see Ann’s cursor',
    );

    await a.endpoint.flushAll();
    await b.endpoint.flushAll();
    const changes = persistence.changesOf(DOC);
    expect(storedText(persistence)).toBe(ann.text.toString());
    // Stored once each: every character is attributed exactly once, to its author.
    const insertedBy = (author: string) =>
      changes
        .filter((change) => change.authorId === author)
        .reduce((sum, c) => sum + c.inserted, 0);
    const typedBy = (prefix: string) =>
      words.filter((word) => word.startsWith(prefix)).join('').length;
    expect(insertedBy('ann')).toBe(typedBy('a'));
    expect(insertedBy('ben')).toBe(typedBy('b'));
  });

  it('gives an instance that loads the doc later what the others have not stored yet', async () => {
    const prefix = `test-${randomUUID()}`;
    const persistence = new InMemoryPersistence();
    // A long window: nothing ann types reaches the store during the test.
    const a = await instance(prefix, persistence, 60_000);
    const ann = connect(a, 'ann-token');
    await waitFor(() => ann.provider.synced, 5_000, 'ann synced');
    ann.text.insert(0, 'not stored yet');
    await waitFor(() => a.endpoint.metrics().pendingChanges > 0, 5_000, 'the change to reach A');
    expect(persistence.changesOf(DOC)).toHaveLength(0);

    const b = await instance(prefix, persistence);
    const ben = connect(b, 'ben-token');
    await waitFor(
      () => ben.provider.synced && ben.text.toString() === 'not stored yet',
      5_000,
      'ben on B to see ann’s unstored text',
    );
    // B only relays it: ann's change is A's to store, so B stores nothing.
    await b.endpoint.flushAll();
    expect(persistence.changesOf(DOC)).toHaveLength(0);
  });

  it('stores, once, what an instance relayed but never stored before it died', async () => {
    const prefix = `test-${randomUUID()}`;
    const persistence = new InMemoryPersistence();
    const a = await instance(prefix, persistence);
    // B's store never answers: whatever ben types stays unstored on B.
    const deadStore = new InMemoryPersistence();
    deadStore.failNextAppends(Number.MAX_SAFE_INTEGER);
    const b = await instance(prefix, deadStore);
    const c = await instance(prefix, persistence);
    const ann = connect(a, 'ann-token');
    const ben = connect(b, 'ben-token');
    const cal = connect(c, 'ann-token');
    await waitFor(
      () => ann.provider.synced && ben.provider.synced && cal.provider.synced,
      5_000,
      'all synced',
    );
    ben.text.insert(0, 'typed on B, which dies');
    await waitFor(
      () =>
        ann.text.toString().includes('which dies') && cal.text.toString().includes('which dies'),
      5_000,
      'ben’s text to reach A and C',
    );
    expect(persistence.changesOf(DOC)).toHaveLength(0);

    // B vanishes without storing: its heartbeat stops.
    await b.relay.close();
    await waitFor(
      () => storedText(persistence) === 'typed on B, which dies',
      10_000,
      'A and C to store B’s orphaned change',
    );
    await a.endpoint.flushAll();
    await c.endpoint.flushAll();
    // Both survivors adopted it; the shared change id made the store keep one.
    const changes = persistence.changesOf(DOC);
    expect(changes.map((change) => change.authorId)).toEqual(['ben']);
    expect(changes[0]?.inserted).toBe('typed on B, which dies'.length);
  });

  it('catches up on what it missed while its Redis connection was down', async () => {
    const prefix = `test-${randomUUID()}`;
    const persistence = new InMemoryPersistence();
    const a = await instance(prefix, persistence);
    const b = await instance(prefix, persistence);
    const ann = connect(a, 'ann-token');
    const ben = connect(b, 'ben-token');
    await waitFor(() => ann.provider.synced && ben.provider.synced, 5_000, 'both synced');

    const admin = new Redis(TEST_REDIS_URL);
    cleanups.push(() => admin.disconnect());
    const clients = String(await admin.call('CLIENT', 'LIST'));
    const subscriber = /id=(\d+) .*name=(\S+)/.exec(
      clients
        .split('\n')
        .find((line) => line.includes(`name=${prefix}-collab-sub-${b.relay.instanceId}`)) ?? '',
    )?.[1];
    if (subscriber === undefined)
      throw new Error('B’s subscriber connection is not in CLIENT LIST');
    await admin.call('CLIENT', 'KILL', 'ID', subscriber);
    // Published at once, long before B's client library reconnects (its first retry waits 50 ms).
    ann.text.insert(0, 'typed while B was cut off');

    await waitFor(
      () => ben.text.toString() === 'typed while B was cut off',
      5_000,
      'ben on B to catch up after the reconnect',
    );
  });

  // Past 20 s the Redis client has given up the commands it queued (20 reconnection attempts,
  // about 10.5 s); past 30 s a catch-up request left unanswered would have stopped being repeated.
  for (const outageS of [5, 20, 60]) {
    it(
      `converges two instances within 3 s of Redis returning after an outage of ${outageS} s, every keystroke kept`,
      async () => {
        const redis = await startRedisServer();
        cleanups.push(() => redis.stop());
        const prefix = `test-${randomUUID()}`;
        const persistence = new InMemoryPersistence();
        const a = await instance(prefix, persistence, 20, redis.url);
        const b = await instance(prefix, persistence, 20, redis.url);
        const ann = connect(a, 'ann-token');
        const ben = connect(b, 'ben-token');
        await waitFor(() => ann.provider.synced && ben.provider.synced, 5_000, 'both synced');

        // Each keystroke one character no other keystroke types: Ann's from the CJK block, Ben's
        // from Hangul, so each one can be found in the end (600 each at most here).
        const typed: string[] = [];
        const stopAnn = typeSteadily(ann.text, 0x4e00, typed);
        const stopBen = typeSteadily(ben.text, 0xac00, typed, { atStart: true });
        cleanups.push(stopAnn, stopBen);
        await waitFor(() => typed.length >= 4, 5_000, 'the first keystrokes');

        await redis.kill();
        // The outage under test, not a wait for some state; both keep typing through it.
        await new Promise((resolve) => setTimeout(resolve, outageS * 1_000));
        await redis.start();
        const returnedAt = Date.now();
        // And for a moment after it is back.
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        stopAnn();
        stopBen();

        const missing = (text: string) => typed.filter((char) => !text.includes(char));
        await waitFor(
          () =>
            ann.text.toString() === ben.text.toString() &&
            missing(ann.text.toString()).length === 0,
          Math.max(0, returnedAt + 3_000 - Date.now()),
          'the instances to converge within 3 s of Redis returning',
        ).catch((error: unknown) => {
          throw new Error(
            `${String(error)} ${typed.length} keystrokes typed; Ann lacks ${missing(ann.text.toString()).length}, ` +
              `Ben lacks ${missing(ben.text.toString()).length}; texts equal: ${ann.text.toString() === ben.text.toString()}.`,
          );
        });
        console.info(
          `Outage of ${outageS} s: ${typed.length} keystrokes, converged ${Date.now() - returnedAt} ms after Redis returned.`,
        );
        expect(typed.length).toBeGreaterThanOrEqual(outageS * 10);
        expect(ann.text.length).toBe(typed.length);
      },
      outageS * 1_000 + 20_000,
    );
  }
});
