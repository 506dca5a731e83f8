import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, jest } from '@jest/globals';
import { createApp } from '../app.js';
import { loadConfig } from '../config/config.js';
import { PgliteDatabase } from '../database/pglite-database.js';
import { PostgresDatabase } from '../database/postgres-database.js';
import type { SqlDatabase } from '../database/sql-database.js';
import { FEATURES } from '../app.features.js';
import { rebuildInPlace } from '../projections/rebuild.testing.js';
import { pgliteFromTemplate } from '../testing/pglite-template.js';
import { createPostgresTestDatabase, describeWithPostgres } from '../testing/services.js';
import type { CliIo } from './cli.js';
import { runCli } from './cli.js';

const PROJECTIONS = FEATURES.projections;

jest.setTimeout(120_000);

/** Every read-model table, every row, in a stable order. */
async function readModels(db: SqlDatabase): Promise<Record<string, unknown[]>> {
  const tables = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_name LIKE 'rm\\_%' ORDER BY table_name`,
  );
  const models: Record<string, unknown[]> = {};
  for (const { table_name: table } of tables)
    models[table] = await db.query(`SELECT * FROM "${table}" ORDER BY 1, 2`);
  return models;
}

function cli(env: Record<string, string>, out: string[]): CliIo {
  return {
    env,
    out: (text) => out.push(text),
    err: (text) => out.push(text),
    progress: () => ({ start: () => undefined, update: () => undefined, stop: () => undefined }),
    projections: PROJECTIONS,
  };
}

/**
 * Every projection the server runs must be rebuildable: replaying the log into
 * fresh tables gives back exactly the read model it built live. A projection
 * that reads the clock, or writes a table another projection owns, fails here.
 */
describe('rebuilding every projection of the demo store (PGlite, server stopped)', () => {
  it('gives back exactly the read models the server built', async () => {
    // In memory, from the template (the folder keeps the session secret); the CLI on a data folder is cli.int-spec.ts.
    const dir = mkdtempSync(join(tmpdir(), 'commonplace-rebuild-'));
    const pglite = await pgliteFromTemplate();
    try {
      const app = await createApp(loadConfig({ DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'error' }), {
        database: PgliteDatabase.fromInstance(pglite, { closesInstance: false }),
      });
      expect(app.seeded).toBe(true);
      await app.store.projections.waitFor(await app.store.events.headPosition());
      await app.close();

      const db = PgliteDatabase.fromInstance(pglite, { closesInstance: false });
      const before = await readModels(db);
      expect(Object.keys(before).length).toBeGreaterThan(0);
      for (const projection of PROJECTIONS) await rebuildInPlace(db, projection);
      expect(await readModels(db)).toEqual(before);
    } finally {
      await pglite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

await describeWithPostgres(
  'rebuilding every projection beside a running server (PostgreSQL)',
  () => {
    it('gives back exactly the read models the server built, and the server serves on', async () => {
      const database = await createPostgresTestDatabase();
      const env = { DATABASE_URL: database.connectionString, SESSION_SECRET: 'x'.repeat(32) };
      const app = await createApp(loadConfig({ ...env, PORT: '0', LOG_LEVEL: 'error' }));
      const db = new PostgresDatabase({ connectionString: database.connectionString, max: 2 });
      try {
        expect(app.seeded).toBe(true);
        await app.store.projections.waitFor(await app.store.events.headPosition());
        const before = await readModels(db);
        const out: string[] = [];
        for (const { name } of PROJECTIONS)
          expect(await runCli(['projections', 'rebuild', name], cli(env, out))).toBe(0);
        expect(await readModels(db)).toEqual(before);

        out.length = 0;
        expect(await runCli(['projections', 'list'], cli(env, out))).toBe(0);
        for (const { name } of PROJECTIONS)
          expect(out.join('\n')).toMatch(new RegExp(`\\n${name}\\s+\\d+\\s+0\\s+yes(\\n|$)`));
        expect(
          (await app.store.projections.status()).every((status) => status.state === 'running'),
        ).toBe(true);
      } finally {
        await db.close();
        await app.close();
        await database.dispose();
      }
    });
  },
);
