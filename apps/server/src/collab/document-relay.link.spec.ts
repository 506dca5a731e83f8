import { describe, expect, it } from '@jest/globals';
import * as Y from 'yjs';
import { InMemoryRelayHub, ManualClock, RecordingLogger } from './collab.testing.js';
import type { AttributedChange, DocumentRelay } from './collab.types.js';
import { DocumentRelayLink } from './document-relay.link.js';
import type { LinkedDocument } from './document-relay.link.js';
import { relayedChangeId } from './relayed-change.id.js';

const DOC = 'doc-1';
const RELAYED = Symbol('relayed');

/** One instance's copy of the doc, linked through `relay`; its own edits are relayed as a client's would be. */
async function instance(relay: DocumentRelay, clock: ManualClock) {
  const doc = new Y.Doc();
  const adopted: AttributedChange[] = [];
  const document: LinkedDocument = {
    stateVector: () => Y.encodeStateVector(doc),
    catchUpFor: (stateVector) => ({
      update: Y.encodeStateAsUpdate(doc, stateVector),
      awareness: null,
    }),
    applyRelayed: (update) => {
      Y.applyUpdate(doc, update, RELAYED);
      return true;
    },
    applyRelayedAwareness: () => undefined,
    adopt: (change) => adopted.push(change),
  };
  const link = await DocumentRelayLink.open(relay, DOC, document, {
    logger: new RecordingLogger(),
    orphanGraceMs: 100,
    clock,
  });
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== RELAYED) link.publishUpdate('ann', update, { inserted: 1, deleted: 0 });
  });
  const text = doc.getText('content');
  return {
    id: relay.instanceId,
    link,
    adopted,
    text: () => text.toString(),
    type: (words: string) => text.insert(text.length, words),
  };
}

function setUp() {
  const hub = new InMemoryRelayHub();
  const clock = new ManualClock(1_000);
  return { hub, clock, open: () => instance(hub.relay(), clock) };
}

describe('DocumentRelayLink', () => {
  it('relays updates both ways, and gives an instance that opens the doc later what the others hold', async () => {
    const { hub, open } = setUp();
    const a = await open();
    a.type('before b; ');
    const b = await open();
    await hub.delivered();
    expect(b.text()).toBe('before b; ');

    b.type('from b; ');
    a.type('from a');
    await hub.delivered();

    expect(a.text()).toBe(b.text());
    expect(a.text()).toContain('from a');
    expect(a.text()).toContain('from b; ');
  });

  it('keeps relayed updates until their origin confirms them stored, and adopts those of an origin that died', async () => {
    const { hub, clock, open } = setUp();
    const a = await open();
    const b = await open();
    a.type('stored');
    a.link.confirmStored([0]);
    await hub.delivered();
    expect(b.link.unconfirmedUpdates).toBe(0);

    a.type(', never stored');
    await hub.delivered();
    expect(b.link.unconfirmedUpdates).toBe(1);
    // Alive: kept waiting, however long.
    expect(await b.link.adoptOrphans(clock.now() + 1_000)).toBe(0);
    hub.kill(a.id);
    // Dead, but still within the grace.
    expect(await b.link.adoptOrphans(clock.now() + 50)).toBe(0);

    expect(await b.link.adoptOrphans(clock.now() + 1_000)).toBe(1);
    expect(b.adopted.map((change) => change.changeId)).toEqual([relayedChangeId(a.id, 1)]);
    expect(b.link.unconfirmedUpdates).toBe(0);
  });

  it('asks its peers again after a reconnect', async () => {
    const { hub, open } = setUp();
    const a = await open();
    const b = await open();
    await hub.delivered();
    hub.cut(b.id);
    a.type('typed while b was cut off');
    hub.reconnect(b.id);
    await hub.delivered();

    expect(b.text()).toBe('typed while b was cut off');
  });

  it('stops relaying once closed', async () => {
    const { hub, open } = setUp();
    const a = await open();
    const b = await open();
    await hub.delivered();
    b.link.close();
    const sent = hub.log.length;

    b.type('after close');
    await hub.delivered();

    expect(hub.log).toHaveLength(sent);
    expect(a.text()).toBe('');
  });
});
