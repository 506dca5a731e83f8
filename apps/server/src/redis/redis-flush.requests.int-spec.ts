import { randomUUID } from 'node:crypto';
import { afterEach, expect, it } from '@jest/globals';
import { RecordingLogger } from '../collab/collab.testing.js';
import { TEST_REDIS_URL, describeWithRedis } from '../testing/services.js';
import { RedisDocumentRelay } from './redis-document.relay.js';
import { RedisFlushRequests } from './redis-flush.requests.js';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

/** An instance whose local flush records the doc and finishes at once, or never (a stuck peer). */
async function instance(prefix: string, answer: 'at-once' | 'never' = 'at-once') {
  const relay = await RedisDocumentRelay.connect({
    url: TEST_REDIS_URL,
    logger: new RecordingLogger(),
    prefix,
    aliveForMs: 3_000,
  });
  const flushed: string[] = [];
  const requests = new RedisFlushRequests(
    relay,
    (docId) => {
      flushed.push(docId);
      return answer === 'at-once' ? Promise.resolve(true) : new Promise<boolean>(() => {});
    },
    new RecordingLogger(),
  );
  await requests.start();
  stops.push(async () => {
    requests.stop();
    await relay.close();
  });
  return { relay, requests, flushed };
}

await describeWithRedis('asking peers to store a document', () => {
  it('waits for every live peer to say it stored the doc, and asks none for itself', async () => {
    const prefix = `test-${randomUUID()}`;
    const a = await instance(prefix);
    const b = await instance(prefix);
    const c = await instance(prefix);
    const outcome = await a.requests.flushOnPeers('doc-1', 5_000);
    expect(outcome).toEqual({ asked: 2, silent: [] });
    expect(b.flushed).toEqual(['doc-1']);
    expect(c.flushed).toEqual(['doc-1']);
    expect(a.flushed).toEqual([]);
  });

  it('gives up on a peer that never answers after the bounded wait and names it', async () => {
    const prefix = `test-${randomUUID()}`;
    const a = await instance(prefix);
    const stuck = await instance(prefix, 'never');
    const startedAt = performance.now();
    const outcome = await a.requests.flushOnPeers('doc-1', 300);
    const waitedMs = performance.now() - startedAt;
    expect(outcome).toEqual({ asked: 1, silent: [stuck.relay.instanceId] });
    expect(stuck.flushed).toEqual(['doc-1']);
    expect(waitedMs).toBeGreaterThanOrEqual(290);
    expect(waitedMs).toBeLessThan(2_000);
  });

  it('asks no one and waits for nothing when it is the only instance', async () => {
    const a = await instance(`test-${randomUUID()}`);
    expect(await a.requests.flushOnPeers('doc-1', 5_000)).toEqual({ asked: 0, silent: [] });
  });

  it('rejects, rather than waiting on, a Redis that cannot list the live instances', async () => {
    const a = await instance(`test-${randomUUID()}`);
    await a.relay.close();
    await expect(a.requests.flushOnPeers('doc-1', 1_000)).rejects.toThrow();
  });
});
