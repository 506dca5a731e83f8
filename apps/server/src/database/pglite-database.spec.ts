import { describe, expect, it } from '@jest/globals';
import { pgliteTestDatabases } from '../testing/pglite-test-databases.js';

describe('PgliteDatabase (in memory)', () => {
  const databases = pgliteTestDatabases();

  it('runs a query sent during a transaction after it, not inside it', async () => {
    const db = await databases.create();
    await db.query('CREATE TABLE notes (body text NOT NULL)');
    let inserted!: () => void;
    const insertedSignal = new Promise<void>((resolve) => (inserted = resolve));
    let release!: () => void;
    const releaseSignal = new Promise<void>((resolve) => (release = resolve));

    const transaction = db.transaction(async (tx) => {
      await tx.query('INSERT INTO notes (body) VALUES ($1)', ['draft']);
      inserted();
      await releaseSignal;
      throw new Error('changed my mind');
    });
    await insertedSignal;
    const outside = db.query<{ n: number }>('SELECT count(*)::int AS n FROM notes');
    release();

    await expect(transaction).rejects.toThrow('changed my mind');
    // Had it run inside the open transaction, it would have counted the rolled-back row.
    expect(await outside).toEqual([{ n: 0 }]);
    await db.close();
  });

  it('refuses a query on the database itself from inside its transaction, instead of hanging', async () => {
    const db = await databases.create();
    await expect(db.transaction(() => db.query('SELECT 1'))).rejects.toThrow(
      /Use the transaction executor/,
    );
    await expect(db.transaction(() => db.transaction(async () => 1))).rejects.toThrow(
      /cannot be nested/,
    );
    // Work merely scheduled by a finished transaction may use the database.
    let later: Promise<unknown> | undefined;
    await db.transaction(async () => {
      later = new Promise((resolve) => setImmediate(resolve)).then(() =>
        db.query('SELECT 1 AS one'),
      );
    });
    await expect(later).resolves.toEqual([{ one: 1 }]);
    await db.close();
  });

  it('runs several statements in one parameterless query and returns the last rows', async () => {
    const db = await databases.create();
    const rows = await db.query(
      'CREATE TABLE t (n bigint); INSERT INTO t VALUES (1), (9007199254740993); SELECT n FROM t ORDER BY n',
    );
    expect(rows).toEqual([{ n: 1 }, { n: 9007199254740993n }]);
    await db.close();
  });

  it('commits a transaction that returns, and rolls back one that throws', async () => {
    const db = await databases.create();
    await db.query('CREATE TABLE t (n integer)');
    await expect(
      db.transaction(async (tx) => (await tx.query('INSERT INTO t VALUES (1) RETURNING n')).length),
    ).resolves.toBe(1);
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES ($1)', [2]);
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(await db.query('SELECT n FROM t')).toEqual([{ n: 1 }]);
    await db.close();
    await expect(db.query('SELECT 1')).rejects.toThrow(/closed/);
  });
});
