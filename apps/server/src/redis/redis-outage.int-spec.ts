import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { DocumentHistoryPage, Health } from '@commonplace/shared';
import { eventually, waitFor } from '../collab/collab.testing.js';
import { appHarness, pgliteStore } from '../documents/workspace-app.testing.js';
import type { RedisServer } from './redis-server.testing.js';
import { startRedisServer } from './redis-server.testing.js';

jest.setTimeout(60_000);

/**
 * One instance over a Redis of the test's own, killed while people work: the
 * instance keeps serving (health degraded, not failing), documents still open
 * and are stored on it alone, and it reports Redis up again when it is back.
 */
describe('an instance while its Redis is down', () => {
  let redis: RedisServer | undefined;
  const harness = appHarness(pgliteStore);
  afterEach(async () => {
    // The app first, so it never waits on a Redis that is gone for good.
    await harness.closeAll();
    await redis?.stop();
    redis = undefined;
  });

  it('reports Redis in /api/health, opens and stores documents while it is down, and reports it up again', async () => {
    redis = await startRedisServer();
    const { app, url } = await harness.start({ REDIS_URL: redis.url });
    let health: { status: number; body: Health } | undefined;
    const healthIs = (redisStatus: 'up' | 'down') => async () => {
      const response = await fetch(`${url}/api/health`);
      health = { status: response.status, body: (await response.json()) as Health };
      return health.body.redis?.status === redisStatus;
    };
    await eventually(healthIs('up'), 'health to report Redis up', 5_000);
    expect(health?.body.status).toBe('ok');

    const teacher = await harness.person(app, url, 'rivera', 'teacher');
    const ana = await harness.person(app, url, 'ana', 'student');
    const { groups } = await harness.classroom(teacher, { Otters: [ana] });
    const docId = groups.Otters?.docId ?? '';

    await redis.kill();
    await eventually(healthIs('down'), 'health to report Redis down', 10_000);
    expect(health?.status).toBe(200);
    expect(health?.body.status).toBe('degraded');
    expect(health?.body.store.status).toBe('up');

    // A document opened now is served, and stored, by this instance alone.
    const doc = harness.connectDoc(url, docId, ana.token);
    await waitFor(() => doc.provider.synced, 10_000, 'the document to open while Redis is down');
    doc.text.insert(0, 'Written while Redis was away. ');
    await eventually(
      async () => {
        const page = await ana.api<DocumentHistoryPage>('GET', `/workspaces/${docId}/history`);
        return page.body.changes.some((change) => change.inserted > 0);
      },
      'the change to be stored',
      10_000,
    );
    expect(doc.closes).toEqual([]);

    await redis.start();
    await eventually(healthIs('up'), 'health to report Redis up again', 15_000);
    expect(health?.body.status).toBe('ok');
    expect(doc.closes).toEqual([]);
  });
});
