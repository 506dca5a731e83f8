import { describe, expect, it } from '@jest/globals';
import { eventStoreConformance, newEvent } from '../testing/event-store-conformance.js';
import { pgliteTestDatabases } from '../testing/pglite-test-databases.js';
import { InMemoryEventStore } from './in-memory-event-store.js';

describe('InMemoryEventStore', () => {
  // The log lives in memory; the suite's projection runner still needs SQL for its read models.
  const databases = pgliteTestDatabases();
  eventStoreConformance(async () => {
    const db = await databases.create();
    const store = new InMemoryEventStore();
    return {
      store,
      db,
      async dispose() {
        await store.close();
        await db.close();
      },
    };
  });
});

describe('InMemoryEventStore, beyond the port', () => {
  it('keeps what was appended, whatever the caller later does to its objects or to what it read', async () => {
    const store = new InMemoryEventStore();
    const data = { title: 'Pond life', tags: ['biology'] };
    await store.appendToStream('s', [newEvent('Named', data)]);
    data.tags.push('changed after the append');
    const [read] = await store.readStream('s');
    (read?.data as { title: string }).title = 'changed by a reader';
    expect((await store.readAll()).map((event) => event.data)).toEqual([
      { title: 'Pond life', tags: ['biology'] },
    ]);
  });

  it('records appends at the time its clock gives, and ages events by it', async () => {
    let now = Date.UTC(2026, 10, 23, 9, 0, 0);
    const store = new InMemoryEventStore({ now: () => now });
    await store.appendToStream('aged', [newEvent('Old')]);
    await store.setStreamMetadata('aged', { maxAge: 60 });
    expect((await store.readStream('aged')).map((event) => event.recordedAt)).toEqual([
      new Date(now),
    ]);
    now += 60_000;
    expect(await store.readStream('aged')).toEqual([]);
  });

  it('keeps an append when a listener throws, and still tells the other listeners', async () => {
    const errors: string[] = [];
    const store = new InMemoryEventStore({ logger: { error: (message) => errors.push(message) } });
    const heard: number[] = [];
    store.onAppended(() => {
      throw new Error('listener broke');
    });
    store.onAppended((position) => heard.push(position));
    await expect(store.appendToStream('s', [newEvent('A')])).resolves.toEqual({
      nextExpectedRevision: 0,
      position: 1,
    });
    expect(heard).toEqual([1]);
    expect(errors).toEqual(['An onAppended listener failed; the append itself is stored.']);
  });

  it('refuses to read or append once closed, with a clear error', async () => {
    const store = new InMemoryEventStore();
    await store.close();
    expect(await store.ping()).toBe(false);
    await expect(store.appendToStream('s', [newEvent('A')])).rejects.toThrow(
      /closed; open a new one/,
    );
  });
});
