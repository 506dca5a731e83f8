import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import type { SqlDatabase } from '../database/sql-database.js';
import { InMemoryEventStore } from '../event-store/in-memory-event-store.js';
import type { Projection } from '../projections/projection.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import { pgliteTestDatabases } from './pglite-test-databases.js';

/** An event a spec starts from; the stream defaults to one per type, the time to one second per event. */
export interface GivenEvent {
  readonly type: string;
  readonly data: unknown;
  readonly streamName?: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
  /** Becomes the event's recordedAt. */
  readonly recordedAt?: Date;
}

/** SQL per name; the rows come back under the same names. Order them: rows are compared as lists. */
export type RowQueries = Readonly<Record<string, string>>;
export type Rows<Q extends RowQueries> = { [Name in keyof Q]: Record<string, unknown>[] };

export interface ProjectionSpec {
  given(...events: readonly GivenEvent[]): {
    /**
     * Projects the events and returns the rows the queries read. The events are
     * projected twice, in batches and one at a time, and the spec fails if the
     * two read models differ: a projection's applyBatch must equal its apply.
     */
    then<Q extends RowQueries>(queries: Q): Promise<Rows<Q>>;
  };
}

/** Where given events' times start when they do not say: 2026-11-23 09:00:00 UTC. */
export const GIVEN_EPOCH = Date.UTC(2026, 10, 23, 9, 0, 0);

/**
 * given events → then rows, emmett's projection specs: the events go into an
 * InMemoryEventStore and the real ProjectionRunner (migrations, checkpoints,
 * batches) projects them into a PGlite database, with no app, HTTP or
 * deciders. Call inside a describe: the block shares one PGlite.
 */
export function projectionSpec(
  projection: Projection,
  options: { readonly batchSize?: number } = {},
): ProjectionSpec {
  const databases = pgliteTestDatabases();
  const project = async <Q extends RowQueries>(
    events: readonly GivenEvent[],
    batchSize: number,
    queries: Q,
  ): Promise<Rows<Q>> => {
    const db = await databases.create();
    try {
      await projectInto(db, projection, events, batchSize);
      const rows: Partial<Rows<Q>> = {};
      for (const name of Object.keys(queries) as (keyof Q & string)[])
        rows[name] = await db.query<Record<string, unknown>>(queries[name] ?? '');
      return rows as Rows<Q>;
    } finally {
      await db.close();
    }
  };
  return {
    given: (...events) => ({
      async then(queries) {
        const batched = await project(events, options.batchSize ?? 100, queries);
        const oneByOne = await project(events, 1, queries);
        expect(batched).toEqual(oneByOne);
        return batched;
      },
    }),
  };
}

async function projectInto(
  db: SqlDatabase,
  projection: Projection,
  events: readonly GivenEvent[],
  batchSize: number,
): Promise<void> {
  let at = GIVEN_EPOCH;
  const store = new InMemoryEventStore({ now: () => at });
  for (const [index, event] of events.entries()) {
    at = event.recordedAt?.getTime() ?? GIVEN_EPOCH + index * 1000;
    await store.appendToStream(event.streamName ?? `given-${event.type}`, [
      {
        id: randomUUID(),
        type: event.type,
        data: event.data,
        ...(event.metadata ? { metadata: event.metadata } : {}),
      },
    ]);
  }
  const runner = new ProjectionRunner({
    eventStore: store,
    db,
    projections: [projection],
    batchSize,
    // Nothing is appended while it runs: waitFor below is the only wait.
    fallbackPollMs: 3_600_000,
    logger: { log: () => undefined, error: () => undefined },
  });
  try {
    await runner.start();
    await runner.waitFor(await store.headPosition());
  } finally {
    await runner.stop();
    await store.close();
  }
}
