import { afterEach, beforeEach, expect, it, jest } from '@jest/globals';
import pg from 'pg';
import type { PostgresTestDatabase } from '../testing/services.js';
import { createPostgresTestDatabase, describeWithPostgres } from '../testing/services.js';
import type { Migration } from './migrations.js';
import { migrate } from './migrations.js';
import { PostgresDatabase } from './postgres-database.js';

await describeWithPostgres('PostgresDatabase', () => {
  let test: PostgresTestDatabase;
  beforeEach(async () => {
    test = await createPostgresTestDatabase();
  });
  afterEach(async () => {
    await test.dispose();
  });

  it('returns BIGINT as a number, and as a BigInt only beyond 2^53, like PGlite', async () => {
    const rows = await test.db.query(
      'SELECT 42::bigint AS small, 9007199254740993::bigint AS big, count(*) AS n FROM (VALUES (1), (2)) v(x)',
    );
    expect(rows).toEqual([{ small: 42, big: 9007199254740993n, n: 2 }]);
  });

  it('runs several statements in one parameterless query and returns the last rows', async () => {
    expect(
      await test.db.query('CREATE TABLE t (n integer); INSERT INTO t VALUES (7); SELECT n FROM t'),
    ).toEqual([{ n: 7 }]);
  });

  it('rolls a failed transaction back and returns its connection to the pool', async () => {
    await test.db.query('CREATE TABLE t (n integer)');
    // More failures than the pool has connections: a leaked client would hang this loop.
    for (let attempt = 0; attempt < 15; attempt++) {
      await expect(
        test.db.transaction(async (tx) => {
          await tx.query('INSERT INTO t VALUES ($1)', [attempt]);
          throw new Error('no');
        }),
      ).rejects.toThrow('no');
    }
    await test.db.transaction((tx) => tx.query('INSERT INTO t VALUES (99)'));
    expect(await test.db.query('SELECT n FROM t')).toEqual([{ n: 99 }]);
  });

  it('applies each migration exactly once when several instances migrate at the same moment', async () => {
    const migrations: Migration[] = [
      { id: 'race-001', sql: 'CREATE TABLE applied (id text NOT NULL)' },
      { id: 'race-002', sql: "INSERT INTO applied VALUES ('race-002')" },
    ];
    const instances = Array.from(
      { length: 6 },
      () => new PostgresDatabase({ connectionString: test.connectionString, max: 2 }),
    );
    try {
      const reports = await Promise.all(instances.map((db) => migrate(db, migrations)));
      expect(reports.filter((report) => report.applied.length > 0)).toEqual([
        { applied: ['race-001', 'race-002'] },
      ]);
      expect(await test.db.query('SELECT id FROM applied')).toEqual([{ id: 'race-002' }]);
    } finally {
      await Promise.all(instances.map((db) => db.close()));
    }
  });

  /** The most queries any one client had in flight at once while `run` ran (pg 9 refuses a second). */
  async function mostInFlightOnOneClient(run: () => Promise<void>): Promise<number> {
    const inFlight = new Map<object, number>();
    let most = 0;
    const original = pg.Client.prototype.query;
    const query = jest.spyOn(pg.Client.prototype, 'query').mockImplementation(function (
      this: pg.Client,
      ...args: unknown[]
    ) {
      const now = (inFlight.get(this) ?? 0) + 1;
      inFlight.set(this, now);
      most = Math.max(most, now);
      const done = () => inFlight.set(this, (inFlight.get(this) ?? 1) - 1);
      const result = (original as (...a: unknown[]) => Promise<unknown>).apply(this, args);
      result.then(done, done);
      return result;
    } as never);
    try {
      await run();
    } finally {
      query.mockRestore();
    }
    return most;
  }

  it('runs queries given to a session at once one after another, in call order, a failure stopping none', async () => {
    const session = await test.db.openSession('one-at-a-time');
    try {
      let answers: unknown[] = [];
      const most = await mostInFlightOnOneClient(async () => {
        answers = await Promise.allSettled([
          session.query('SELECT 1 AS n FROM pg_sleep(0.05)'),
          session.query('SELECT nope'),
          session.query('SELECT 3 AS n'),
        ]);
      });
      expect(most).toBe(1);
      expect(answers).toMatchObject([
        { status: 'fulfilled', value: [{ n: 1 }] },
        { status: 'rejected' },
        { status: 'fulfilled', value: [{ n: 3 }] },
      ]);
    } finally {
      await session.close();
    }
  });

  it('runs queries given to a transaction at once one after another, then commits', async () => {
    await test.db.query('CREATE TABLE t (n integer)');
    const most = await mostInFlightOnOneClient(async () => {
      await test.db.transaction(async (tx) => {
        await Promise.all([
          tx.query('INSERT INTO t SELECT 1 FROM pg_sleep(0.05)'),
          tx.query('INSERT INTO t VALUES (2)'),
        ]);
      });
    });
    expect(most).toBe(1);
    expect(await test.db.query('SELECT n FROM t ORDER BY n')).toEqual([{ n: 1 }, { n: 2 }]);
  });
});
