import { randomUUID } from 'node:crypto';
import { afterEach, expect, it } from '@jest/globals';
import { RecordingLogger } from '../collab/collab.testing.js';
import { TEST_REDIS_URL, describeWithRedis } from '../testing/services.js';
import { RedisDocumentRelay } from './redis-document.relay.js';
import { RedisVisitRegistry } from './redis-visit.registry.js';

const relays: RedisDocumentRelay[] = [];
afterEach(async () => {
  for (const relay of relays.splice(0)) await relay.close();
});

async function instance(prefix: string) {
  const relay = await RedisDocumentRelay.connect({
    url: TEST_REDIS_URL,
    logger: new RecordingLogger(),
    prefix,
    aliveForMs: 300,
  });
  relays.push(relay);
  return { relay, visits: new RedisVisitRegistry(relay) };
}

await describeWithRedis('visits counted across instances', () => {
  it('enters once and leaves once per person however many instances they are on', async () => {
    const prefix = `test-${randomUUID()}`;
    const a = await instance(prefix);
    const b = await instance(prefix);
    expect(await a.visits.enter('doc', 'ana')).toBe(true);
    expect(await b.visits.enter('doc', 'ana')).toBe(false);
    expect(await a.visits.leave('doc', 'ana')).toBe(false);
    expect(await b.visits.leave('doc', 'ana')).toBe(true);
  });

  it('gives back a dead instance’s visits once, to one survivor', async () => {
    const prefix = `test-${randomUUID()}`;
    const a = await instance(prefix);
    const b = await instance(prefix);
    const c = await instance(prefix);
    await a.visits.enter('doc', 'ana');
    await b.visits.enter('doc', 'ana');
    await b.visits.enter('doc', 'ben');
    expect(await c.relay.anyPeerAlive()).toBe(true);

    // b stops beating (as after kill -9): its heartbeat key is gone.
    await b.relay.close();
    const [fromA, fromC] = await Promise.all([a.visits.reapDead(), c.visits.reapDead()]);
    const reaped = [...fromA, ...fromC].sort((x, y) => x.userId.localeCompare(y.userId));
    // ana is still on a; ben was only on b.
    expect(reaped).toEqual([
      { docId: 'doc', userId: 'ana', gone: false },
      { docId: 'doc', userId: 'ben', gone: true },
    ]);
    expect(await a.visits.leave('doc', 'ana')).toBe(true);
  });
});
