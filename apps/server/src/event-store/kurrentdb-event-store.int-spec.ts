import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { newEvent } from '../testing/event-store-conformance.js';
import { within } from '../testing/timeouts.js';
import { StreamDeletedError, WrongExpectedRevisionError } from './event-store.port.js';
import type { KurrentDbEventStore } from './kurrentdb-event-store.js';
import { createKurrentDbEventStore } from './kurrentdb-event-store.js';

/**
 * KurrentDB cannot run on the development machines, so this suite runs only
 * where a server is configured (docker compose up -d kurrentdb, then
 * KURRENTDB_URL=kurrentdb://localhost:2113?tls=false). A KurrentDB log is
 * never empty and cannot be reset, so every test works in streams of its own
 * and compares positions relative to each other, never to 1, 2, 3.
 */
const url = process.env.TEST_KURRENTDB_URL ?? process.env.KURRENTDB_URL;
const describeWithKurrentDb = url ? describe : describe.skip;
if (!url) console.warn('⚠ SKIPPED "KurrentDbEventStore": set KURRENTDB_URL to run it.');

describeWithKurrentDb('KurrentDbEventStore', () => {
  jest.setTimeout(60_000);
  let store: KurrentDbEventStore;
  let prefix: string;

  beforeEach(() => {
    store = createKurrentDbEventStore(url ?? '');
    prefix = `t${randomUUID().replace(/-/g, '')}-`;
  });

  afterEach(async () => {
    await store.close();
  });

  it('appends and reads back events with contiguous revisions and increasing positions', async () => {
    const stream = `${prefix}classroom`;
    const first = newEvent('ClassroomCreated', { name: 'Biology 2B', Ω: 'ελληνικά' }, { by: 't' });
    const second = newEvent('StudentJoined', { studentId: 's-1' });
    const result = await store.appendToStream(stream, [first, second], {
      expectedRevision: 'no_stream',
    });
    expect(result.nextExpectedRevision).toBe(1);
    const events = await store.readStream(stream);
    expect(events.map((e) => [e.id, e.type, e.revision])).toEqual([
      [first.id, 'ClassroomCreated', 0],
      [second.id, 'StudentJoined', 1],
    ]);
    expect(events[0]?.data).toEqual({ name: 'Biology 2B', Ω: 'ελληνικά' });
    expect(events[0]?.metadata).toEqual({ by: 't' });
    expect(events[1]?.position).toBeGreaterThan(events[0]?.position ?? Infinity);
    expect(result.position).toBeGreaterThanOrEqual(events[1]?.position ?? Infinity);
    expect(
      (await store.readStream(stream, { direction: 'backwards' })).map((e) => e.revision),
    ).toEqual([1, 0]);
    expect(await store.readStream(`${prefix}absent`)).toEqual([]);
  });

  it('lets exactly one of 8 concurrent writers with the same expected revision win', async () => {
    const stream = `${prefix}contested`;
    await store.appendToStream(stream, [newEvent('Created')]);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, writer) =>
        store.appendToStream(stream, [newEvent('Claimed', { writer })], { expectedRevision: 0 }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes)
      if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(WrongExpectedRevisionError);
  });

  it('stores nothing twice when an append is retried with the same ids', async () => {
    const stream = `${prefix}retried`;
    const batch = [newEvent('A'), newEvent('B')];
    await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
    await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
    expect((await store.readStream(stream)).map((e) => e.id)).toEqual(batch.map((e) => e.id));
  });

  it('reads the whole log after a position, by stream prefix and type, and hears appends', async () => {
    const head = await store.headPosition();
    const heard = new Promise<number>((resolve) => store.onAppended(resolve));
    await store.appendToStream(`${prefix}a`, [newEvent('Wanted'), newEvent('Noise')]);
    await store.appendToStream(`${prefix}b`, [newEvent('Wanted')]);
    const mine = await store.readAll({ after: head, streamPrefix: prefix });
    expect(mine.map((e) => [e.streamName, e.type])).toEqual([
      [`${prefix}a`, 'Wanted'],
      [`${prefix}a`, 'Noise'],
      [`${prefix}b`, 'Wanted'],
    ]);
    const positions = mine.map((e) => e.position);
    expect([...positions].sort((x, y) => x - y)).toEqual(positions);
    expect((await store.readAll({ after: positions[0] ?? 0, streamPrefix: prefix })).length).toBe(
      2,
    );
    const wanted = await store.readAll({ after: head, eventTypes: ['Wanted'] });
    expect(wanted.filter((e) => e.streamName.startsWith(prefix))).toHaveLength(2);
    expect(await within(10_000, 'an onAppended signal', heard)).toBeGreaterThan(head);
  });

  it('honours stream metadata, soft delete and hard delete', async () => {
    const stream = `${prefix}limited`;
    await store.appendToStream(
      stream,
      [0, 1, 2].map((n) => newEvent('N', { n })),
    );
    await store.setStreamMetadata(stream, { maxCount: 2 });
    expect((await store.readStream(stream)).map((e) => e.revision)).toEqual([1, 2]);
    expect(await store.getStreamMetadata(stream)).toMatchObject({ maxCount: 2 });

    const soft = `${prefix}soft`;
    await store.appendToStream(soft, [newEvent('A')]);
    await store.deleteStream(soft);
    expect(await store.readStream(soft)).toEqual([]);
    await store.appendToStream(soft, [newEvent('B')], { expectedRevision: 'no_stream' });
    expect((await store.readStream(soft)).map((e) => [e.type, e.revision])).toEqual([['B', 1]]);

    const hard = `${prefix}hard`;
    await store.appendToStream(hard, [newEvent('A')]);
    await store.deleteStream(hard, { mode: 'hard' });
    await expect(store.appendToStream(hard, [newEvent('B')])).rejects.toBeInstanceOf(
      StreamDeletedError,
    );
  });
});
