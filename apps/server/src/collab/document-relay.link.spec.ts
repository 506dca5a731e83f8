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
    waitsForMissingUpdates: () => doc.store.pendingStructs !== null || doc.store.pendingDs !== null,
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

  it('says again after a reconnect what it stored while cut off, so no peer stores it a second time', async () => {
    const { hub, clock, open } = setUp();
    const a = await open();
    const b = await open();
    a.type('relayed, then a is cut off');
    await hub.delivered();
    expect(b.link.unconfirmedUpdates).toBe(1);

    hub.cut(a.id);
    a.link.confirmStored([0]);
    await hub.delivered();
    // The confirmation is lost with the connection.
    expect(b.link.unconfirmedUpdates).toBe(1);

    clock.advance(60_000);
    hub.reconnect(a.id);
    await hub.delivered();
    expect(b.link.unconfirmedUpdates).toBe(0);
    // When a stops later, b has nothing of a's to store.
    hub.kill(a.id);
    expect(await b.link.adoptOrphans(clock.now() + 1_000)).toBe(0);
  });

  it('asks again after a reconnect until an instance answers', async () => {
    const { hub, clock, open } = setUp();
    const a = await open();
    const b = await open();
    await hub.delivered();
    hub.cut(b.id);
    a.type('typed while b was cut off');
    // The first request after the reconnect is lost too.
    hub.dropNext(1);
    hub.reconnect(b.id);
    await hub.delivered();
    expect(b.text()).toBe('');
    expect(b.link.catchingUp).toBe(true);

    clock.advance(250);
    await hub.delivered();

    expect(b.text()).toBe('typed while b was cut off');
    expect(b.link.catchingUp).toBe(false);
    // Answered: no more requests.
    const requests = hub.log.filter((message) => message.kind === 'catch-up-request').length;
    clock.advance(60_000);
    expect(hub.log.filter((message) => message.kind === 'catch-up-request')).toHaveLength(requests);
  });

  it('asks back at once when a peer asking to catch up holds what it lacks', async () => {
    const { hub, open } = setUp();
    const a = await open();
    const b = await open();
    await hub.delivered();
    hub.cut(a.id);
    hub.cut(b.id);
    a.type('a while cut off; ');
    b.type('b while cut off; ');
    // a is back first and asks while b is still cut off: no one hears it.
    hub.reconnect(a.id);
    await hub.delivered();
    expect(a.text()).toBe('a while cut off; ');

    // No clock moves: b's request showed a what it lacked, and a asked again then.
    hub.reconnect(b.id);
    await hub.delivered();

    expect(a.text()).toBe(b.text());
    expect(a.text()).toContain('b while cut off; ');
    expect(b.text()).toContain('a while cut off; ');
    expect(a.link.catchingUp).toBe(false);
    expect(b.link.catchingUp).toBe(false);
  });

  it('heals a gap: an update built on one that never arrived asks for what is missing', async () => {
    const { hub, open } = setUp();
    const a = await open();
    const b = await open();
    await hub.delivered();
    hub.dropNext(1);
    a.type('lost on the way; ');
    await hub.delivered();
    expect(b.text()).toBe('');

    a.type('arrived');
    await hub.delivered();

    expect(b.text()).toBe('lost on the way; arrived');
    expect(b.link.catchingUp).toBe(false);
  });

  it('stops asking once no instance has answered for 30 s', async () => {
    const { hub, clock, open } = setUp();
    const a = await open();
    hub.cut(a.id);
    hub.reconnect(a.id);
    clock.advance(29_000);
    expect(a.link.catchingUp).toBe(true);

    clock.advance(5_000);

    expect(a.link.catchingUp).toBe(false);
    const requests = hub.log.filter((message) => message.kind === 'catch-up-request').length;
    clock.advance(60_000);
    expect(hub.log.filter((message) => message.kind === 'catch-up-request')).toHaveLength(requests);
  });

  it('stops relaying and asking once closed', async () => {
    const { hub, clock, open } = setUp();
    const a = await open();
    const b = await open();
    await hub.delivered();
    hub.cut(a.id);
    hub.reconnect(b.id);
    b.link.close();
    const sent = hub.log.length;

    clock.advance(60_000);
    b.type('after close');
    await hub.delivered();

    expect(hub.log).toHaveLength(sent);
    expect(a.text()).toBe('');
  });
});
