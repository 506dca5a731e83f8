import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { DocumentHistoryPage, Health } from '@commonplace/shared';
import { waitFor } from '../collab/collab.testing.js';
import { PgliteDatabase } from '../database/pglite-database.js';
import { pgliteFromTemplate } from '../testing/pglite-template.js';
import { appHarness } from '../workspaces/workspace-app.testing.js';
import type { RedisServer } from './redis-server.testing.js';
import { startRedisServer } from './redis-server.testing.js';

jest.setTimeout(60_000);

/** Asks `check` again (each answer awaited) until it holds. */
async function until(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * One instance over a Redis of the test's own, killed while people work: the
 * instance keeps serving (health degraded, not failing), documents still open
 * and are stored on it alone, and it reports Redis up again when it is back.
 */
describe('an instance while its Redis is down', () => {
  let redis: RedisServer | undefined;
  const harness = appHarness(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'commonplace-redis-outage-'));
    const pglite = await pgliteFromTemplate();
    return {
      env: { DATA_DIR: dir },
      database: () => PgliteDatabase.fromInstance(pglite, { closesInstance: false }),
      dispose: async () => {
        await pglite.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });
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
    await until(healthIs('up'), 5_000, 'health to report Redis up');
    expect(health?.body.status).toBe('ok');

    const teacher = await harness.person(app, url, 'rivera', 'teacher');
    const ana = await harness.person(app, url, 'ana', 'student');
    const { groups } = await harness.classroom(teacher, { Otters: [ana] });
    const docId = groups.Otters?.docId ?? '';

    await redis.kill();
    await until(healthIs('down'), 10_000, 'health to report Redis down');
    expect(health?.status).toBe(200);
    expect(health?.body.status).toBe('degraded');
    expect(health?.body.store.status).toBe('up');

    // A document opened now is served, and stored, by this instance alone.
    const doc = harness.connectDoc(url, docId, ana.token);
    await waitFor(() => doc.provider.synced, 10_000, 'the document to open while Redis is down');
    doc.text.insert(0, 'Written while Redis was away. ');
    await until(
      async () => {
        const page = await ana.api<DocumentHistoryPage>('GET', `/workspaces/${docId}/history`);
        return page.body.changes.some((change) => change.inserted > 0);
      },
      10_000,
      'the change to be stored',
    );
    expect(doc.closes).toEqual([]);

    await redis.start();
    await until(healthIs('up'), 15_000, 'health to report Redis up again');
    expect(health?.body.status).toBe('ok');
    expect(doc.closes).toEqual([]);
  });
});
