import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { LOCK_FILE_NAME } from '../database/folder-lock.js';
import { PgliteDatabase } from '../database/pglite-database.js';
import { createSqlEventStore } from '../event-store/create-event-store.js';
import type { Projection } from '../projections/projection.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import type { RebuildProgress } from '../projections/projection-rebuild.js';
import { newEvent } from '../testing/event-store-conformance.js';
import type { PostgresTestDatabase } from '../testing/services.js';
import { createPostgresTestDatabase, describeWithPostgres } from '../testing/services.js';
import type { CliIo } from './cli.js';
import { runCli } from './cli.js';

jest.setTimeout(60_000);

/** One row per Noted event, and a label that tells a rebuilt model from the first one. */
function notesProjection(label: string): Projection {
  return {
    name: 'notes',
    handles: ['Noted'],
    migrations: [
      {
        id: 'notes-001',
        sql: 'CREATE TABLE rm_notes (position bigint PRIMARY KEY, label text NOT NULL)',
      },
    ],
    async apply(event, tx) {
      await tx.query('INSERT INTO rm_notes (position, label) VALUES ($1, $2)', [
        event.position,
        label,
      ]);
    },
  };
}

const other: Projection = { name: 'other', apply: async () => undefined };

describe('npm run cli -- projections … (PGlite data folder)', () => {
  let dataDir: string;
  let out: string[];
  let err: string[];
  let progress: RebuildProgress[];

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'commonplace-cli-'));
    out = [];
    err = [];
    progress = [];
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const io = (projections: readonly Projection[]): CliIo => ({
    env: { DATA_DIR: dataDir },
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    progress: () => ({
      start: () => undefined,
      update: (step) => progress.push(step),
      stop: () => undefined,
    }),
    projections,
  });

  /** Writes events the way the server would, then lets go of the folder. */
  async function seed(types: readonly string[]): Promise<void> {
    const db = await PgliteDatabase.open(dataDir);
    const store = await createSqlEventStore(db);
    await store.appendToStream(
      's',
      types.map((type) => newEvent(type)),
    );
    await store.close();
    await db.close();
  }

  it('lists every projection with its checkpoint and lag', async () => {
    await seed(['Noted', 'Noted', 'Other']);
    expect(await runCli(['projections', 'list'], io([notesProjection('v1'), other]))).toBe(0);
    expect(err).toEqual([]);
    const lines = out.join('\n').split('\n');
    expect(lines[0]).toBe('log head: position 3 (pglite)');
    expect(lines[1]).toMatch(/^projection\s+checkpoint\s+lag \(events\)\s+running$/);
    expect(lines[2]).toMatch(/^notes\s+never ran\s+3\s+no \(server stopped\)$/);
    expect(lines[3]).toMatch(/^other\s+never ran\s+3/);
  });

  it('rebuilds a projection from zero with progress, swaps it in, and status shows no lag', async () => {
    await seed(['Noted', 'Other', 'Noted', 'Noted']);
    expect(await runCli(['projections', 'rebuild', 'notes'], io([notesProjection('v1')]))).toBe(0);
    expect(out.at(-1)).toMatch(
      /^Rebuilt "notes": 3 events applied up to position 4 in [\d.]+ s \(\d+ events\/s\); swapped in rm_notes\.$/,
    );
    expect(progress.at(-1)).toEqual({ position: 4, head: 4, applied: 3 });

    // The new code's rebuild replaces the model as a whole.
    out = [];
    expect(
      await runCli(
        ['projections', 'rebuild', 'notes', '--batch-size', '2'],
        io([notesProjection('v2')]),
      ),
    ).toBe(0);
    expect(progress.filter((step) => step.applied > 0 && step.position < 4).length).toBeGreaterThan(
      0,
    );
    const db = await PgliteDatabase.open(dataDir);
    try {
      expect(await db.query('SELECT position, label FROM rm_notes ORDER BY position')).toEqual([
        { position: 1, label: 'v2' },
        { position: 3, label: 'v2' },
        { position: 4, label: 'v2' },
      ]);
    } finally {
      await db.close();
    }
    out = [];
    expect(await runCli(['projections', 'status', 'notes'], io([notesProjection('v2')]))).toBe(0);
    expect(out.join('\n')).toMatch(/\nnotes\s+4\s+0\s+no \(server stopped\)$/);
  });

  it('refuses an unknown projection with the known names, and exit code 2', async () => {
    expect(
      await runCli(['projections', 'rebuild', 'nope'], io([notesProjection('v1'), other])),
    ).toBe(2);
    expect(err.join('\n')).toBe(
      'There is no projection named "nope". Known projections: notes, other. See them with: npm run cli -- projections list',
    );
  });

  it('refuses a wrong command line before opening anything', async () => {
    expect(await runCli(['projections', 'rebuild'], io([other]))).toBe(2);
    expect(err.at(-1)).toMatch(/Say which projection to rebuild/);
    expect(
      await runCli(['projections', 'rebuild', 'other', '--batch-size', 'lots'], io([other])),
    ).toBe(2);
    expect(err.at(-1)).toMatch(/--batch-size must be a whole number/);
    expect(await runCli(['frobnicate'], io([other]))).toBe(2);
    expect(err.at(-1)).toMatch(/^Unknown command "frobnicate"/);
    expect(await runCli([], io([other]))).toBe(2);
    expect(out.at(-1)).toMatch(/^Usage: npm run cli -- <command>/);
  });

  it('says to stop the server when it holds the PGlite folder', async () => {
    await seed(['Noted']);
    // A live process (our parent) owns the folder, as a running server would.
    await writeFile(join(dataDir, LOCK_FILE_NAME), `${process.ppid}\nserver\n`);
    expect(await runCli(['projections', 'rebuild', 'notes'], io([notesProjection('v1')]))).toBe(1);
    expect(err.join('\n')).toMatch(
      new RegExp(
        `in use by a running Commonplace server \\(pid ${process.ppid}\\).*stop the server.*run this command again`,
      ),
    );
  });
});

await describeWithPostgres('npm run cli -- projections … (PostgreSQL)', () => {
  let test: PostgresTestDatabase;
  let out: string[];
  const stops: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    test = await createPostgresTestDatabase();
    out = [];
  });

  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
    await test.dispose();
  });

  it('shows which projections a running server instance holds, and their lag', async () => {
    const store = await createSqlEventStore(test.db);
    stops.push(() => store.close());
    const running = new ProjectionRunner({
      eventStore: store,
      db: test.db,
      projections: [notesProjection('v1')],
      logger: { log: () => undefined, error: () => undefined },
    });
    stops.push(() => running.stop());
    await running.start();
    const { position } = await store.appendToStream('s', [newEvent('Noted'), newEvent('Other')]);
    await running.waitFor(position);

    const code = await runCli(['projections', 'list'], {
      env: { DATABASE_URL: test.connectionString },
      out: (text) => out.push(text),
      err: (text) => out.push(text),
      progress: () => ({ start: () => undefined, update: () => undefined, stop: () => undefined }),
      projections: [notesProjection('v1'), other],
    });
    expect(code).toBe(0);
    const lines = out.join('\n').split('\n');
    expect(lines[0]).toBe('log head: position 2 (postgres)');
    expect(lines[2]).toMatch(/^notes\s+2\s+0\s+yes$/);
    expect(lines[3]).toMatch(/^other\s+never ran\s+2\s+no$/);
  });
});
