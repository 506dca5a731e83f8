/**
 * How fast the server's REAL projections rebuild through the CLI's own code
 * path (runCli: projections rebuild <name>, blue/green, 2,000-event batches),
 * each with its batch handler and with it removed (event by event, as they
 * all ran before), on a generated store shaped like the 200 × 5 collab run:
 * 200 documents, five writers each, mostly edits, some entering and leaving.
 *
 *   npx nx run @commonplace/bench:build --outputStyle=static && \
 *     node bench/dist/event-store/real-projections-rebuild.js [pglite|postgres] [events] [names] [batch size]
 *
 * names: comma-separated projection names (default: activity,board-activity).
 * batch size: events per transaction (default 2000, the CLI's); 100 is what the runner reads per live batch.
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), in a scratch schema.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '@commonplace/server/dist/cli/cli.js';
import { PROJECTIONS } from '@commonplace/server/dist/store/open-store.js';
import { benchDatabaseUrl, createScratchSchema } from '../common/postgres-schema.js';
import type { NewEvent, Projection, SqlDatabase } from '../common/server-modules.js';
import { PgliteDatabase, PostgresDatabase, createSqlEventStore } from '../common/server-modules.js';
import { nowMs } from '../common/stats.js';

const [
  engineArg = 'pglite',
  eventsArg = '50000',
  namesArg = 'activity,board-activity',
  batchArg = '2000',
] = process.argv.slice(2);
if (engineArg !== 'pglite' && engineArg !== 'postgres')
  throw new Error(`Say pglite or postgres, not "${engineArg}".`);
const total = Number(eventsArg);
if (!Number.isSafeInteger(total) || total < 1)
  throw new Error(`The event count must be a positive whole number, not "${eventsArg}".`);
const batchSize = Number(batchArg);
if (!Number.isSafeInteger(batchSize) || batchSize < 1)
  throw new Error(`The batch size must be a positive whole number, not "${batchArg}".`);
const names = namesArg.split(',').map((name) => name.trim());
const unknown = names.filter((name) => !PROJECTIONS.some((p) => p.name === name));
if (unknown.length > 0) throw new Error(`No projection named ${unknown.join(', ')}.`);

/** Seeded, so every run rebuilds the same log. */
let seed = 42;
const next = (below: number) => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed % below;
};

async function fill(db: SqlDatabase): Promise<void> {
  const store = await createSqlEventStore(db);
  try {
    for (let written = 0; written < total;) {
      const docId = `doc-${next(200)}`;
      const batch: NewEvent[] = [];
      for (let i = 0; i < 100 && written < total; i += 1, written += 1) {
        const userId = `user-${next(5)}`;
        const roll = next(20);
        if (roll === 0)
          batch.push({ id: randomUUID(), type: 'WorkspaceEntered', data: { docId, userId } });
        else if (roll === 1)
          batch.push({ id: randomUUID(), type: 'WorkspaceLeft', data: { docId, userId } });
        else
          batch.push({
            id: randomUUID(),
            type: 'DocumentUpdated',
            data: { docId, authorId: userId, inserted: next(30), deleted: next(4) },
          });
      }
      await store.appendToStream(`document-${docId}`, batch);
    }
  } finally {
    await store.close();
  }
}

async function rebuild(env: Record<string, string>, projection: Projection): Promise<number> {
  const out: string[] = [];
  const started = nowMs();
  const code = await runCli(
    ['projections', 'rebuild', projection.name, '--batch-size', String(batchSize)],
    {
      env,
      out: (text) => out.push(text),
      err: (text) => out.push(text),
      progress: () => ({ start: () => undefined, update: () => undefined, stop: () => undefined }),
      projections: [projection],
    },
  );
  if (code !== 0) throw new Error(`rebuild ${projection.name} failed:\n${out.join('\n')}`);
  return (nowMs() - started) / 1000;
}

let env: Record<string, string>;
let cleanup: () => Promise<void>;
if (engineArg === 'pglite') {
  const folder = mkdtempSync(join(tmpdir(), 'commonplace-bench-real-rebuild-'));
  const db = await PgliteDatabase.open(folder);
  await fill(db);
  await db.close(); // The CLI opens the folder itself, as with the server stopped.
  env = { DATA_DIR: folder };
  cleanup = async () => rmSync(folder, { recursive: true, force: true });
} else {
  const schema = await createScratchSchema(benchDatabaseUrl(), 'real_rebuild');
  const db = new PostgresDatabase({ connectionString: schema.connectionString, max: 2 });
  await fill(db);
  await db.close();
  env = { DATABASE_URL: schema.connectionString };
  cleanup = () => schema.drop();
}
try {
  console.log(
    `${engineArg}: ${total} events (200 docs × 5 writers, ~90 % edits), ${batchSize} per batch`,
  );
  for (const projection of PROJECTIONS.filter((p) => names.includes(p.name))) {
    const variants: [string, Projection][] = [
      ['event by event', { ...projection, applyBatch: undefined }],
    ];
    if (projection.applyBatch) variants.push(['batch handler', projection]);
    for (const [label, variant] of variants) {
      const seconds = await rebuild(env, variant);
      console.log(
        `${engineArg} ${projection.name} (${label}): ${seconds.toFixed(2)} s, ${Math.round(total / seconds)} events/s`,
      );
    }
  }
} finally {
  await cleanup();
}
