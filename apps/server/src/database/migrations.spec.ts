import { describe, expect, it } from '@jest/globals';
import { pgliteTestDatabases } from '../testing/pglite-test-databases.js';
import type { Migration } from './migrations.js';
import { MigrationChangedError, migrate } from './migrations.js';

describe('migrate', () => {
  const databases = pgliteTestDatabases();
  const first: Migration = {
    id: 'test-001',
    sql: "CREATE TABLE log (step text NOT NULL); INSERT INTO log VALUES ('one');",
  };
  const second: Migration = { id: 'test-002', sql: "INSERT INTO log VALUES ('two')" };

  it('applies pending migrations once, in the given order', async () => {
    const db = await databases.create();
    expect(await migrate(db, [first, second])).toEqual({ applied: ['test-001', 'test-002'] });
    expect(await migrate(db, [first, second])).toEqual({ applied: [] });
    const third: Migration = { id: 'test-003', sql: "INSERT INTO log VALUES ('three')" };
    expect(await migrate(db, [first, second, third])).toEqual({ applied: ['test-003'] });
    expect(await db.query('SELECT step FROM log')).toEqual([
      { step: 'one' },
      { step: 'two' },
      { step: 'three' },
    ]);
    await db.close();
  });

  it('applies none of the pending migrations when one fails', async () => {
    const db = await databases.create();
    const broken: Migration = { id: 'test-broken', sql: 'INSERT INTO no_such_table VALUES (1)' };
    await expect(migrate(db, [first, broken])).rejects.toThrow(/Migration "test-broken" failed/);
    expect(await db.query("SELECT to_regclass('log') IS NULL AS missing")).toEqual([
      { missing: true },
    ]);
    expect(await migrate(db, [first])).toEqual({ applied: ['test-001'] });
    await db.close();
  });

  it('refuses an applied migration whose SQL changed, but not a re-indented one', async () => {
    const db = await databases.create();
    await migrate(db, [first]);
    await expect(
      migrate(db, [{ ...first, sql: `\n    ${first.sql.replace('; ', ';\n    ')}\n  ` }]),
    ).resolves.toEqual({ applied: [] });
    await expect(
      migrate(db, [{ ...first, sql: 'CREATE TABLE log (step text)' }]),
    ).rejects.toBeInstanceOf(MigrationChangedError);
    await db.close();
  });

  it('refuses a list that uses an id twice', async () => {
    const db = await databases.create();
    await expect(migrate(db, [first, { ...second, id: first.id }])).rejects.toThrow(
      /appears twice/,
    );
    await db.close();
  });
});
