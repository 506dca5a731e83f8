import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { SqlExecutor, SqlSession } from '../database/sql-database.js';
import type { RecordedEvent } from './event-store.port.js';
import { WrongExpectedRevisionError } from './event-store.port.js';
import type { Projection } from '../projections/projection.js';
import { PostgresDatabase } from '../database/postgres-database.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import { within } from '../testing/timeouts.js';
import { eventStoreConformance, newEvent } from '../testing/event-store-conformance.js';
import type { PostgresTestDatabase, ScratchDatabase } from '../testing/services.js';
import {
  createPostgresTestDatabase,
  createScratchDatabase,
  describeWithPostgres,
} from '../testing/services.js';
import { createSqlEventStore } from './create-event-store.js';
import type { SqlEventStore } from './sql-event-store.js';
import { APPEND_SQL, toJsonArray } from './sql-event-store.js';

await describeWithPostgres('SqlEventStore on PostgreSQL', () => {
  eventStoreConformance(async () => {
    const test = await createPostgresTestDatabase();
    const store = await createSqlEventStore(test.db);
    return {
      store,
      db: test.db,
      async dispose() {
        await store.close();
        await test.dispose();
      },
    };
  });

  describe('appends by other instances', () => {
    let test: PostgresTestDatabase;
    const opened: { close(): Promise<void> }[] = [];

    beforeEach(async () => {
      test = await createPostgresTestDatabase();
    });

    afterEach(async () => {
      for (const closable of opened.splice(0).reverse()) await closable.close();
      await test.dispose();
    });

    async function instance(applicationName: string): Promise<SqlEventStore> {
      const db = new PostgresDatabase({ connectionString: test.connectionString, applicationName });
      const store = await createSqlEventStore(db, { ownsDatabase: true });
      opened.push(store);
      return store;
    }

    /** Resolves with the first position heard that is at least `position`. */
    function hears(store: SqlEventStore, position: number): Promise<number> {
      return new Promise((resolve) => {
        const stop = store.onAppended((heard) => {
          if (heard < position) return;
          stop();
          resolve(heard);
        });
      });
    }

    it('wakes onAppended listeners for appends another instance commits on the same schema', async () => {
      const first = await instance(`${test.schema}-a`);
      const second = await instance(`${test.schema}-b`);
      const heardBySecond: number[] = [];
      second.onAppended((position) => heardBySecond.push(position));

      const heard = hears(first, 1);
      const { position } = await second.appendToStream('s', [newEvent('FromSecond')]);
      expect(await within(10_000, 'the first instance to hear the append', heard)).toBe(position);
      // Notifications arrive in commit order: once the second hears the first's append,
      // the echo of its own has arrived too, and must not have counted.
      const reply = hears(second, position + 1);
      const answer = await first.appendToStream('s', [newEvent('FromFirst')]);
      expect(await within(10_000, 'the second instance to hear the first', reply)).toBe(
        answer.position,
      );
      expect(heardBySecond.filter((p) => p === position)).toHaveLength(1);
    });

    it('listens again after its listening connection is dropped', async () => {
      const first = await instance(`${test.schema}-a`);
      const second = await instance(`${test.schema}-b`);
      const dropped = await test.db.query<{ dropped: boolean }>(
        `SELECT pg_terminate_backend(pid) AS dropped FROM pg_stat_activity WHERE application_name = $1`,
        [`${test.schema}-a-listener`],
      );
      expect(dropped).toEqual([{ dropped: true }]);

      const { position } = await second.appendToStream('s', [newEvent('WhileDropped')]);
      await within(
        10_000,
        'the first instance to hear it after reconnecting',
        hears(first, position),
      );
      const later = await second.appendToStream('s', [newEvent('AfterReconnect')]);
      await within(
        10_000,
        'the first instance to hear later appends',
        hears(first, later.position),
      );
    });
  });

  describe('projections across instances', () => {
    let test: PostgresTestDatabase;
    const opened: { close(): Promise<void> }[] = [];

    beforeEach(async () => {
      test = await createPostgresTestDatabase();
    });

    afterEach(async () => {
      for (const closable of opened.splice(0).reverse()) await closable.close();
      await test.dispose();
    });

    const counter: Projection = {
      name: 'counter',
      migrations: [
        {
          id: 'counter-001',
          sql: 'CREATE TABLE rm_counter (event_id text PRIMARY KEY, instance text NOT NULL)',
        },
      ],
      async apply(event: RecordedEvent, tx: SqlExecutor) {
        const [row] = await tx.query<{ name: string }>(
          "SELECT current_setting('application_name') AS name",
        );
        await tx.query('INSERT INTO rm_counter (event_id, instance) VALUES ($1, $2)', [
          event.id,
          row?.name ?? '?',
        ]);
      },
    };

    async function instance(name: string) {
      const db = new PostgresDatabase({
        connectionString: test.connectionString,
        applicationName: `${test.schema}-${name}`,
      });
      const store = await createSqlEventStore(db);
      const runner = new ProjectionRunner({
        eventStore: store,
        db,
        projections: [counter],
        fallbackPollMs: 3_600_000,
        waitTimeoutMs: 10_000,
        logger: { log: () => undefined, error: () => undefined },
      });
      opened.push(db, store, { close: () => runner.stop() });
      await runner.start();
      return { store, runner };
    }

    const appliedBy = async () =>
      (
        await test.db.query<{ instance: string; n: unknown }>(
          'SELECT instance, count(*) AS n FROM rm_counter GROUP BY instance ORDER BY instance',
        )
      ).map((row) => [row.instance, Number(row.n)]);

    it('runs each projection on exactly one instance, and another takes over when the holding runner closes', async () => {
      const first = await instance('a');
      const second = await instance('b');
      await first.runner.settle();
      await second.runner.settle();
      expect((await first.runner.status())[0]?.state).toBe('running');
      expect((await second.runner.status())[0]?.state).toBe('standby');

      const { position } = await second.store.appendToStream('s', [newEvent('A'), newEvent('B')]);
      await first.runner.waitFor(position);
      // The standby follows the owner's checkpoint, so read-your-writes works on it too.
      await second.runner.settle();
      await second.runner.waitFor(position);
      expect(await appliedBy()).toEqual([[`${test.schema}-a`, 2]]);

      // The holder goes away: closing its runner closes the connection holding its lock.
      await first.runner.stop();
      const later = await first.store.appendToStream('s', [newEvent('C'), newEvent('D')]);
      await within(
        10_000,
        'the second instance to take the projection over',
        (async () => {
          while ((await second.runner.status())[0]?.state !== 'running') {
            await second.runner.settle();
            await new Promise<void>((resolve) => setImmediate(resolve));
          }
        })(),
      );
      await second.runner.waitFor(later.position);
      expect(await appliedBy()).toEqual([
        [`${test.schema}-a`, 2],
        [`${test.schema}-b`, 2],
      ]);
    });
  });

  describe('a projection runner losing the connection that holds its locks', () => {
    let test: PostgresTestDatabase;
    let store: SqlEventStore;
    let runnerDb: PostgresDatabase;
    let runner: ProjectionRunner;
    let lost: Promise<void>;
    let lockSessions: SqlSession[];

    beforeEach(async () => {
      test = await createPostgresTestDatabase();
      store = await createSqlEventStore(test.db);
      runnerDb = new PostgresDatabase({
        connectionString: test.connectionString,
        applicationName: `${test.schema}-lone`,
      });
      lockSessions = [];
      const openSession = runnerDb.openSession.bind(runnerDb);
      runnerDb.openSession = async (purpose: string) => {
        const session = await openSession(purpose);
        lockSessions.push(session);
        return session;
      };
      let reportLost: () => void = () => undefined;
      lost = new Promise((resolve) => {
        reportLost = resolve;
      });
      runner = new ProjectionRunner({
        eventStore: store,
        db: runnerDb,
        projections: [
          {
            name: 'noop',
            async apply() {
              // Only the checkpoint matters here.
            },
          },
        ],
        fallbackPollMs: 3_600_000,
        waitTimeoutMs: 10_000,
        logger: {
          log: () => undefined,
          error: (message: string) => {
            if (message.includes('Lost the connection holding the projection locks')) reportLost();
          },
        },
      });
      await runner.start();
    });

    afterEach(async () => {
      await runner.stop();
      await runnerDb.close();
      await store.close();
      await test.dispose();
    });

    it('asks PostgreSQL to drop the lock connection within about half a minute of its host vanishing', async () => {
      await runner.settle();
      const [session] = lockSessions;
      expect(session).toBeDefined();
      // Read on that very connection: these are its server-side settings.
      const [settings] = await (session as SqlSession).query(
        `SELECT current_setting('tcp_keepalives_idle') AS idle,
                current_setting('tcp_keepalives_interval') AS interval,
                current_setting('tcp_keepalives_count') AS count,
                current_setting('tcp_user_timeout') AS user_timeout`,
      );
      expect(settings).toEqual({ idle: '10', interval: '5', count: '3', user_timeout: '25000' });
    });

    it('says so, claims its projections again on a new connection and carries on', async () => {
      await runner.waitFor((await store.appendToStream('s', [newEvent('A')])).position);
      const [row] = await test.db.query<{ dropped: boolean }>(
        'SELECT pg_terminate_backend(pid) AS dropped FROM pg_stat_activity WHERE application_name = $1',
        [`${test.schema}-lone-projections`],
      );
      expect(row?.dropped).toBe(true);
      await within(10_000, 'the runner to notice the lost connection', lost);

      const { position } = await store.appendToStream('s', [newEvent('B')]);
      await runner.waitFor(position);
      expect((await runner.status())[0]).toMatchObject({ state: 'running', position });
    });
  });

  describe('transactions that commit out of position order', () => {
    let test: PostgresTestDatabase;
    let store: SqlEventStore;
    let runner: ProjectionRunner;
    let held: pg.Client;

    const recorder: Projection = {
      name: 'recorder',
      migrations: [
        {
          id: 'recorder-001',
          sql: 'CREATE TABLE rm_recorder (position bigint NOT NULL, stream_name text NOT NULL)',
        },
      ],
      async apply(event: RecordedEvent, tx: SqlExecutor) {
        await tx.query('INSERT INTO rm_recorder (position, stream_name) VALUES ($1, $2)', [
          event.position,
          event.streamName,
        ]);
      },
    };

    beforeEach(async () => {
      test = await createPostgresTestDatabase();
      store = await createSqlEventStore(test.db);
      runner = new ProjectionRunner({
        eventStore: store,
        db: test.db,
        projections: [recorder],
        fallbackPollMs: 3_600_000,
        waitTimeoutMs: 10_000,
        logger: { log: () => undefined, error: () => undefined },
      });
      await runner.start();
      // A second, real connection whose append stays open as long as the test wants.
      held = new pg.Client({ connectionString: test.connectionString });
      await held.connect();
    });

    afterEach(async () => {
      await held.end();
      await runner.stop();
      await store.close();
      await test.dispose();
    });

    /** Begins an append through the adapter's own statement and leaves its transaction open. */
    async function beginHeldAppend(streamName: string): Promise<number> {
      await held.query('BEGIN');
      const result = await held.query<{ last_position: string }>(APPEND_SQL, [
        streamName,
        'any',
        toJsonArray([
          { id: newEvent('Held').id, type: 'Held', data: '{"held":true}', metadata: '{}' },
        ]),
      ]);
      return Number(result.rows[0]?.last_position);
    }

    const projected = async () =>
      (
        await test.db.query<{ position: unknown; stream_name: string }>(
          'SELECT position, stream_name FROM rm_recorder ORDER BY position',
        )
      ).map((row) => [Number(row.position), row.stream_name]);
    const checkpoint = async () =>
      Number(
        (
          await test.db.query<{ position: unknown }>(
            "SELECT position FROM projection_checkpoints WHERE name = 'recorder'",
          )
        )[0]?.position,
      );

    it('keeps readers and projections before an open append until it commits, then delivers both in position order', async () => {
      const before = await store.appendToStream('before', [newEvent('Before')]);
      await runner.waitFor(before.position);

      const heldPosition = await beginHeldAppend('held');
      const later = await store.appendToStream('later', [newEvent('Later')]);
      expect(later.position).toBeGreaterThan(heldPosition);

      // The later append is committed, but a reader must not pass the open one.
      expect((await store.readAll()).map((e) => e.position)).toEqual([before.position]);
      expect(await store.headPosition()).toBe(before.position);
      await runner.settle();
      expect(await checkpoint()).toBe(before.position);
      expect(await projected()).toEqual([[before.position, 'before']]);

      await held.query('COMMIT');
      expect((await store.readAll()).map((e) => [e.position, e.streamName])).toEqual([
        [before.position, 'before'],
        [heldPosition, 'held'],
        [later.position, 'later'],
      ]);
      await runner.settle();
      expect(await projected()).toEqual([
        [before.position, 'before'],
        [heldPosition, 'held'],
        [later.position, 'later'],
      ]);
      expect(await checkpoint()).toBe(later.position);
    });

    it('does not stall readers or projections on the gap a rolled-back append leaves', async () => {
      const heldPosition = await beginHeldAppend('rolled-back');
      const later = await store.appendToStream('later', [newEvent('Later')]);
      // The runner has heard of 'later' but cannot see it yet; the rollback announces nothing.
      await runner.settle();
      expect(await projected()).toEqual([]);
      await held.query('ROLLBACK');

      expect((await store.readAll()).map((e) => e.position)).toEqual([later.position]);
      expect(later.position).toBeGreaterThan(heldPosition);
      await runner.waitFor(later.position);
      expect(await projected()).toEqual([[later.position, 'later']]);
      expect(await store.readStream('rolled-back')).toEqual([]);
    });

    it('decides appends queued behind an open append to their stream on the stream as it committed: an exact revision is refused, any goes after', async () => {
      await store.appendToStream('contested', [newEvent('First')]);
      await beginHeldAppend('contested');
      const [{ pid }] = (await held.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))
        .rows as [{ pid: number }];
      // Both queue behind the held append, which is not committed yet.
      const exact = store.appendToStream('contested', [newEvent('Exact')], { expectedRevision: 0 });
      const any = store.appendToStream('contested', [newEvent('Any')]);
      await within(10_000, 'both appends to wait on the held one', waitForBlocked(pid, 2));
      await held.query('COMMIT');

      await expect(exact).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(any).resolves.toMatchObject({ nextExpectedRevision: 2 });
      const events = await store.readStream('contested');
      expect(events.map((e) => [e.revision, e.type])).toEqual([
        [0, 'First'],
        [1, 'Held'],
        [2, 'Any'],
      ]);
      expect(events.map((e) => e.position)).toEqual(
        [...events.map((e) => e.position)].sort((a, b) => a - b),
      );
    });

    it('decides an append queued behind a soft delete on the deleted stream, and recreating it continues its revisions', async () => {
      await store.appendToStream('deleted-meanwhile', [newEvent('First')]);
      // A delete that holds the stream's append lock but has not committed.
      await held.query('BEGIN');
      await held.query("SELECT commonplace_delete_stream('deleted-meanwhile', false)");
      const [{ pid }] = (await held.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))
        .rows as [{ pid: number }];
      // It queues behind the delete, and reads the stream only once the delete is committed.
      const append = store.appendToStream('deleted-meanwhile', [newEvent('Second')], {
        expectedRevision: 0,
      });
      await within(10_000, 'the append to wait on the delete', waitForBlocked(pid, 1));
      await held.query('COMMIT');

      // Revision 0 no longer holds (the stream reads as absent): refused.
      await expect(append).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      const again = await store.appendToStream('deleted-meanwhile', [newEvent('Third')], {
        expectedRevision: 'no_stream',
      });
      expect(again.nextExpectedRevision).toBe(1);
      expect(
        (await store.readStream('deleted-meanwhile')).map((e) => [e.revision, e.type]),
      ).toEqual([[1, 'Third']]);
    });

    async function waitForBlocked(pid: number, count: number): Promise<void> {
      for (;;) {
        const [row] = await test.db.query<{ blocked: number | string }>(
          'SELECT count(*) AS blocked FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))',
          [pid],
        );
        if (Number(row?.blocked) >= count) return;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }

    it('refuses to append inside a transaction that has already written, where its positions could not be ordered', async () => {
      await held.query('BEGIN');
      await held.query('SELECT pg_current_xact_id()');
      await expect(
        held.query(APPEND_SQL, [
          'late',
          'any',
          toJsonArray([{ id: newEvent('Late').id, type: 'Late', data: '{}', metadata: '{}' }]),
        ]),
      ).rejects.toMatchObject({ code: 'CP004' });
      await held.query('ROLLBACK');
    });

    describe('while a transaction in another database of the cluster holds a transaction id', () => {
      let elsewhere: ScratchDatabase;
      let elsewhereSession: pg.Client;

      beforeAll(async () => {
        elsewhere = await createScratchDatabase();
      });

      afterAll(async () => {
        await elsewhere.dispose();
      });

      beforeEach(async () => {
        elsewhereSession = new pg.Client({ connectionString: elsewhere.connectionString });
        await elsewhereSession.connect();
        await elsewhereSession.query('BEGIN');
        await elsewhereSession.query('SELECT pg_current_xact_id()');
      });

      afterEach(async () => {
        await elsewhereSession.end();
      });

      /** How far the cluster-wide horizon (pg_snapshot_xmin, used before event-store-008) lets readers go. */
      const clusterWideHead = async () =>
        Number(
          (
            await test.db.query<{ head: unknown }>(
              'SELECT coalesce(max(position), 0) AS head FROM events WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())',
            )
          )[0]?.head,
        );

      const stillOpenElsewhere = async () =>
        (
          await elsewhereSession.query<{ xid: string | null }>(
            'SELECT pg_current_xact_id_if_assigned()::text AS xid',
          )
        ).rows[0]?.xid;

      /**
       * Reads the log until it reaches `position`. Sessions of other tests in this database
       * may hold readers back for a moment, rightly; a reader that stays behind fails.
       */
      async function readUntil(position: number): Promise<RecordedEvent[]> {
        const deadline = Date.now() + 10_000;
        for (;;) {
          const events = await store.readAll();
          if ((events.at(-1)?.position ?? 0) >= position) return events;
          if (Date.now() > deadline)
            throw new Error(
              `Readers did not reach position ${position} within 10 s: they read up to ${events.at(-1)?.position ?? 0}.`,
            );
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }

      it('lets readers and projections catch up with appends made after it began', async () => {
        const first = await store.appendToStream('a', [newEvent('A1'), newEvent('A2')]);
        const second = await store.appendToStream('b', [newEvent('B1')]);

        expect((await readUntil(second.position)).map((e) => [e.position, e.type])).toEqual([
          [first.position - 1, 'A1'],
          [first.position, 'A2'],
          [second.position, 'B1'],
        ]);
        expect(await store.headPosition()).toBe(second.position);
        expect(await store.readAllWithHead({ after: first.position })).toMatchObject({
          head: second.position,
          events: [{ position: second.position, type: 'B1' }],
        });
        await runner.waitFor(second.position);
        expect(await projected()).toEqual([
          [first.position - 1, 'a'],
          [first.position, 'a'],
          [second.position, 'b'],
        ]);
        // The transaction elsewhere is still open, and would have held readers at the start.
        expect(await stillOpenElsewhere()).not.toBeNull();
        expect(await clusterWideHead()).toBe(0);
      });

      it('still keeps readers and projections before an append left open in this database, until it commits', async () => {
        const before = await store.appendToStream('before', [newEvent('Before')]);
        await runner.waitFor(before.position);
        const heldPosition = await beginHeldAppend('held');
        const later = await store.appendToStream('later', [newEvent('Later')]);

        expect((await store.readAll()).map((e) => e.position)).toEqual([before.position]);
        expect(await store.headPosition()).toBe(before.position);
        expect(await store.readAllWithHead({ after: 0 })).toMatchObject({ head: before.position });
        await runner.settle();
        expect(await checkpoint()).toBe(before.position);

        await held.query('COMMIT');
        expect((await readUntil(later.position)).map((e) => [e.position, e.streamName])).toEqual([
          [before.position, 'before'],
          [heldPosition, 'held'],
          [later.position, 'later'],
        ]);
        await runner.waitFor(later.position);
        expect(await projected()).toEqual([
          [before.position, 'before'],
          [heldPosition, 'held'],
          [later.position, 'later'],
        ]);
        expect(await stillOpenElsewhere()).not.toBeNull();
      });

      it('holds a reader back behind an append opened here between two reads of its one transaction', async () => {
        const first = await store.appendToStream('first', [newEvent('First')]);
        await readUntil(first.position);
        const reader = new pg.Client({ connectionString: test.connectionString });
        await reader.connect();
        const read = async () =>
          (
            await reader.query<{ position: string | null }>(
              'SELECT position FROM commonplace_read_all(0, NULL, NULL, NULL, false)',
            )
          ).rows.flatMap((row) => (row.position === null ? [] : [Number(row.position)]));
        try {
          await reader.query('BEGIN');
          // pg_stat_activity is read once per transaction: the second read must not take the
          // held append, unknown to the first, for another database's.
          expect(await read()).toEqual([first.position]);
          const heldPosition = await beginHeldAppend('held');
          const later = await store.appendToStream('later', [newEvent('Later')]);
          expect(await read()).toEqual([first.position]);
          await held.query('COMMIT');
          expect(await read()).toEqual([first.position, heldPosition, later.position]);
          await reader.query('COMMIT');
        } finally {
          await reader.end();
        }
      });

      it('never lets a reader following the log skip an event while writers in this database commit concurrently', async () => {
        const writers = Array.from({ length: 6 }, (_, w) =>
          (async () => {
            for (let n = 0; n < 12; n++)
              await store.appendToStream(`writer-${w}`, [newEvent('Tick', { w, n })]);
          })(),
        );
        let writing = true;
        const allWritten = Promise.all(writers).finally(() => {
          writing = false;
        });
        const seen: number[] = [];
        let after = 0;
        const deadline = Date.now() + 20_000;
        for (;;) {
          const done = !writing;
          const batch = await store.readAll({ after, maxCount: 5 });
          seen.push(...batch.map((e) => e.position));
          after = batch.at(-1)?.position ?? after;
          if (done && after >= 72) break;
          if (Date.now() > deadline) throw new Error(`The reader stopped at ${after} of 72.`);
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
        await allWritten;
        expect(seen).toEqual(Array.from({ length: 72 }, (_, i) => i + 1));
        expect(await stillOpenElsewhere()).not.toBeNull();
      });
    });
  });
});
