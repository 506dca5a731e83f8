import { COLLAB_CLOSE } from '@commonplace/shared';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { AppendBudget } from './append.budget.js';
import { stampAwarenessUpdate } from './awareness.stamp.js';
import { describeError } from './collab.logger.js';
import {
  MalformedMessageError,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncStep2Of,
  encodeSyncUpdate,
  isEmptyStateVector,
} from './collab.protocol.js';
import type {
  CloseSpec,
  CollabLimits,
  CollabLogger,
  CollabMeter,
  DocumentPersistence,
  DocumentRelay,
  PresenceListener,
} from './collab.types.js';
import { DocumentRelayLink } from './document-relay.link.js';
import type { LinkedDocument } from './document-relay.link.js';
import { NO_TEXT_CHANGE, countTextChanges } from './text-change.counter.js';
import type { TextChangeCounts } from './text-change.counter.js';
import { UpdateBatcher } from './update.batcher.js';
import type { WindowBeat } from './window.beat.js';

/** What a document needs from a connection: who it is, whether it may write, and a way to reach it. */
export interface DocumentPeer {
  readonly userId: string;
  /** The name the server knows them by: what their awareness states show. */
  readonly displayName: string;
  readonly canWrite: boolean;
  /** `sent` runs once the message has left (or will never leave: the peer is gone). */
  send(message: Uint8Array, sent?: () => void): void;
  /** Disconnects the peer, e.g. when the doc it is on turns out to be unusable. */
  close(spec: CloseSpec): void;
}

export type UpdateOutcome = 'applied' | 'read-only' | 'too-large' | 'over-budget';
export type AwarenessOutcome = 'applied' | 'too-many-clients';

export interface DocumentDependencies {
  persistence: DocumentPersistence;
  /** Ends every document's flush windows, so the changes of one beat are stored together. */
  beat: WindowBeat;
  presence: PresenceListener | null;
  logger: CollabLogger;
  limits: CollabLimits;
  /** Awareness client ids one connection may hold; one tab needs one. */
  maxAwarenessClientsPerPeer: number;
  retryDelayMs?: (attempt: number) => number;
  meter?: CollabMeter | null;
  /** Shares the doc with other instances; null when this instance serves it alone. */
  relay?: DocumentRelay | null;
  /**
   * How long a relayed update may wait for its origin's "stored" before the
   * origin's heartbeat is checked. Default 2 s.
   */
  orphanGraceMs?: number;
}

interface AwarenessChanges {
  added: number[];
  updated: number[];
  removed: number[];
}

/** Marks the replay of stored updates, so it is neither relayed nor stored again. */
const LOAD_ORIGIN = Symbol('collab.load');
/** Marks what came from other instances: relayed to this instance's clients, never stored or relayed back. */
const RELAY_ORIGIN = Symbol('collab.relay');

/**
 * One loaded document: its Yjs state, its awareness, the connections on it, and
 * the batches of their changes waiting to be stored.
 */
export class CollabDocument {
  readonly awareness: awarenessProtocol.Awareness;
  private readonly peers = new Set<DocumentPeer>();
  /** Open connections per user, so presence reports people rather than tabs. */
  private readonly visits = new Map<string, number>();
  /** Which connection set each awareness state, so its states go when it does. */
  private readonly awarenessOwners = new Map<number, DocumentPeer>();
  private readonly changeCounts = new WeakMap<Y.Transaction, TextChangeCounts>();
  private readonly batcher: UpdateBatcher;
  /** An upper bound of the encoded size: it grows with every accepted update and shrinks only when measured. */
  private estimatedBytes: number;
  private destroyed = false;
  /** The doc's side of the relay to other instances; null when this instance serves it alone. */
  private link: DocumentRelayLink | null = null;
  private replayTimer: NodeJS.Immediate | null = null;
  private afterReplay: Array<() => void> = [];
  /** Stored snapshots on their way to clients: the replay, which blocks, waits until they have left. */
  private replayHolds = 0;
  /** The stored state would not replay: no one may use the doc, and it unloads once they have left. */
  private unusable = false;
  /** Update bytes the doc accepts from its clients per minute: what one person can make the store grow by. */
  private readonly appendBudget: AppendBudget;

  static async load(docId: string, deps: DocumentDependencies): Promise<CollabDocument> {
    const stored = await deps.persistence.load(docId);
    const relay = deps.relay ?? null;
    const ydoc = new Y.Doc();
    // A lone snapshot can answer the first clients as it is; it goes into the doc on the next turn.
    const deferred = relay === null && stored.length === 1;
    if (!deferred) replayStored(docId, ydoc, stored);
    // The stored bytes bound the encoded state from above (merging only drops what was deleted),
    // and summing them spares a full encode on the cold-load path.
    const storedBytes = stored.reduce((sum, update) => sum + update.byteLength, 0);
    const document = new CollabDocument(docId, ydoc, deps, storedBytes, deferred ? stored : null);
    if (relay !== null) {
      try {
        document.link = await DocumentRelayLink.open(relay, docId, document.linked, {
          logger: deps.logger,
          ...(deps.orphanGraceMs === undefined ? {} : { orphanGraceMs: deps.orphanGraceMs }),
        });
      } catch (error) {
        document.destroy();
        throw new Error(
          `Could not join document ${docId} on the other instances: ${describeError(error)}`,
        );
      }
    }
    return document;
  }

  private constructor(
    readonly docId: string,
    private readonly doc: Y.Doc,
    private readonly deps: DocumentDependencies,
    storedBytes: number,
    /** The stored state, when it is not yet in `doc`: replayed on the next turn, or sooner if needed. */
    private unreplayed: Uint8Array[] | null,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    // The server is not a participant: it must not show up as a cursor.
    this.awareness.setLocalState(null);
    this.estimatedBytes = storedBytes;
    this.appendBudget = new AppendBudget(deps.limits.maxAppendBytesPerMinute);
    this.batcher = new UpdateBatcher(docId, deps.persistence, {
      flushWindowMs: deps.limits.flushWindowMs,
      flushMaxBytes: deps.limits.flushMaxBytes,
      logger: deps.logger,
      beat: deps.beat,
      retryDelayMs: deps.retryDelayMs,
      meter: deps.meter ?? null,
      // Exactly which: a survivor must adopt every update we did not store, and none that we did.
      onStored: (seqs) => this.link?.confirmStored(seqs),
    });
    this.awareness.on('update', this.onAwarenessUpdate);
    if (unreplayed === null) this.listen();
  }

  /** The Yjs doc, with everything stored in it. */
  get ydoc(): Y.Doc {
    this.replay();
    return this.doc;
  }

  /**
   * Runs `then` once the stored state is in the doc: now if it is, else right
   * after it is replayed (e.g. the server's own sync step 1, which needs the
   * doc's state vector, waits so that the first answer can leave at once).
   */
  whenReplayed(then: () => void): void {
    if (this.unreplayed === null) {
      then();
      return;
    }
    this.afterReplay.push(then);
    this.replaySoon();
  }

  get peerCount(): number {
    return this.peers.size;
  }

  /** Changes received but not yet confirmed stored. */
  get pendingChanges(): number {
    return this.batcher.pendingChanges;
  }

  addPeer(peer: DocumentPeer): void {
    if (this.unusable) {
      peer.close(COLLAB_CLOSE.unavailable);
      return;
    }
    if (this.destroyed || this.peers.has(peer)) return;
    this.peers.add(peer);
    const visits = this.visits.get(peer.userId) ?? 0;
    this.visits.set(peer.userId, visits + 1);
    if (visits === 0) this.notifyPresence('joined', peer.userId);
  }

  removePeer(peer: DocumentPeer): void {
    if (!this.peers.delete(peer)) return;
    const owned = [...this.awarenessOwners]
      .filter(([, owner]) => owner === peer)
      .map(([clientId]) => clientId);
    // The stock client cannot say goodbye on a dropped connection; the others must still see it leave.
    if (owned.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, owned, null);
    const visits = (this.visits.get(peer.userId) ?? 1) - 1;
    if (visits > 0) {
      this.visits.set(peer.userId, visits);
    } else {
      this.visits.delete(peer.userId);
      this.notifyPresence('left', peer.userId);
    }
  }

  encodeSyncStep1(): Uint8Array {
    return encodeSyncStep1(this.ydoc);
  }

  /**
   * Answers a peer's sync step 1 with what it lacks. Until the stored state is
   * replayed, a peer with nothing gets the stored snapshot as it was read, and
   * the replay waits for it to leave: a cold load costs the first client one read.
   */
  answerSyncStep1(stateVector: Uint8Array, peer: DocumentPeer): void {
    const [stored] = this.unreplayed ?? [];
    if (stored === undefined || !isEmptyStateVector(stateVector)) {
      peer.send(this.encodeSyncStep2(stateVector));
      return;
    }
    this.replayHolds += 1;
    peer.send(encodeSyncStep2Of(stored), () => {
      this.replayHolds -= 1;
      this.replaySoon();
    });
  }

  /** The reply to a peer's sync step 1; a state vector that does not decode is the peer's fault. */
  encodeSyncStep2(stateVector: Uint8Array): Uint8Array {
    try {
      return encodeSyncStep2(this.ydoc, stateVector);
    } catch (error) {
      throw new MalformedMessageError(`unreadable state vector: ${describeError(error)}`);
    }
  }

  /** Every current awareness state, or null when there is none to send. */
  encodeAwarenessStates(): Uint8Array | null {
    const clientIds = [...this.awareness.getStates().keys()];
    return clientIds.length === 0 ? null : encodeAwareness(this.awareness, clientIds);
  }

  /**
   * The one way a peer's update enters the doc. Write access is checked here
   * rather than only in the connection, so no other path can skip it.
   */
  applyClientUpdate(update: Uint8Array, peer: DocumentPeer): UpdateOutcome {
    if (!peer.canWrite) return 'read-only';
    if (!this.hasRoomFor(update.byteLength)) return 'too-large';
    // Shared by everyone on the doc: closing the one who spent it stops them, reconnecting does not refill it.
    if (!this.appendBudget.tryTake(update.byteLength)) return 'over-budget';
    try {
      // Decoding first means a truncated update is refused whole instead of half-applied.
      Y.decodeUpdate(update);
    } catch (error) {
      throw new MalformedMessageError(`unreadable update: ${describeError(error)}`);
    }
    // Counted as received, not as integrated: updates waiting for missing parts take memory too.
    this.estimatedBytes += update.byteLength;
    try {
      Y.applyUpdate(this.ydoc, update, peer);
    } catch (error) {
      // It decoded, so this is not plain garbage: keep the details for whoever investigates.
      this.deps.logger.error(
        `An update from ${peer.userId} to document ${this.docId} decoded but could not be applied: ` +
          (error instanceof Error && error.stack !== undefined
            ? error.stack
            : describeError(error)),
      );
      throw new MalformedMessageError(`update could not be applied: ${describeError(error)}`);
    }
    this.deps.meter?.updateReceived(update.byteLength);
    return 'applied';
  }

  /**
   * A peer's awareness, with its `user` stamped as the peer's own identity
   * first: what others see of a connection is who the server knows it to be.
   */
  applyAwarenessUpdate(update: Uint8Array, peer: DocumentPeer): AwarenessOutcome {
    try {
      const stamped = stampAwarenessUpdate(update, peer, (clientId) => {
        const owner = this.awarenessOwners.get(clientId);
        return owner !== undefined && owner !== peer;
      });
      awarenessProtocol.applyAwarenessUpdate(this.awareness, stamped, peer);
    } catch (error) {
      throw new MalformedMessageError(`unreadable awareness update: ${describeError(error)}`);
    }
    let owned = 0;
    for (const owner of this.awarenessOwners.values()) if (owner === peer) owned += 1;
    return owned <= this.deps.maxAwarenessClientsPerPeer ? 'applied' : 'too-many-clients';
  }

  /** Stores every gathered change now; resolves once they are all stored (retrying failures). */
  flush(): Promise<void> {
    return this.batcher.flush();
  }

  /**
   * Stores, under the ids their origin would have used, the relayed updates of
   * any instance that stopped before confirming them (killed, say). Survivors
   * may all do it: the store keeps one copy of each id.
   */
  adoptOrphans(now?: number): Promise<number> {
    if (this.link === null || this.destroyed) return Promise.resolve(0);
    return this.link.adoptOrphans(now);
  }

  /** Relayed updates whose origin has not yet confirmed them stored. */
  get unconfirmedUpdates(): number {
    return this.link?.unconfirmedUpdates ?? 0;
  }

  /**
   * Called once everything is stored and the doc is about to go: lets the
   * store compact it, so the next load reads one snapshot and no tail.
   */
  async compactStored(): Promise<void> {
    if (this.batcher.pendingChanges > 0) return;
    try {
      await this.deps.persistence.compact?.(this.docId);
    } catch (error) {
      this.deps.logger.warn(
        `Could not compact document ${this.docId}; the next load reads a longer tail: ${describeError(error)}`,
      );
    }
  }

  /** Frees the doc. Returns how many changes were never stored (0 after a successful flush). */
  destroy(): number {
    if (this.destroyed) return 0;
    this.destroyed = true;
    if (this.replayTimer !== null) clearImmediate(this.replayTimer);
    this.replayTimer = null;
    this.unreplayed = null;
    this.afterReplay = [];
    this.link?.close();
    this.link = null;
    const unsaved = this.batcher.stop();
    this.peers.clear();
    this.awareness.destroy();
    this.doc.destroy();
    return unsaved;
  }

  /** Replays the stored state on a later turn, once no stored snapshot is still on its way out. */
  private replaySoon(): void {
    if (this.unreplayed === null || this.replayHolds > 0 || this.replayTimer !== null) return;
    this.replayTimer = setImmediate(() => {
      this.replayTimer = null;
      // A snapshot sent since this was scheduled goes first; its callback schedules again.
      if (!this.destroyed && this.replayHolds === 0) this.replay();
    });
  }

  /** Puts the stored state into the doc, if it is not there yet, then starts following the doc. */
  private replay(): void {
    const stored = this.unreplayed;
    if (stored === null) return;
    this.unreplayed = null;
    if (this.replayTimer !== null) clearImmediate(this.replayTimer);
    this.replayTimer = null;
    try {
      // Before listening: the replay is neither relayed to the clients nor stored again.
      replayStored(this.docId, this.doc, stored);
    } catch (error) {
      // Never listened to, so nothing from here on is relayed or stored; the clients retry a fresh load.
      this.deps.logger.error(describeError(error));
      this.unusable = true;
      for (const peer of [...this.peers]) peer.close(COLLAB_CLOSE.unavailable);
      this.afterReplay = [];
      return;
    }
    this.listen();
    const waiting = this.afterReplay;
    this.afterReplay = [];
    // Not from inside whatever asked for the doc: each waiter runs on its own, after it.
    if (waiting.length > 0) queueMicrotask(() => waiting.forEach((then) => then()));
  }

  private listen(): void {
    this.doc.on('afterTransaction', this.onAfterTransaction);
    this.doc.on('update', this.onUpdate);
  }

  private hasRoomFor(bytes: number): boolean {
    const max = this.deps.limits.maxDocumentBytes;
    if (this.estimatedBytes + bytes <= max) return true;
    // Deleted text is garbage-collected, so the estimate drifts high: measure before refusing.
    this.estimatedBytes = Y.encodeStateAsUpdate(this.ydoc).byteLength;
    return this.estimatedBytes + bytes <= max;
  }

  private peerOf(origin: unknown): DocumentPeer | null {
    for (const peer of this.peers) if (peer === origin) return peer;
    return null;
  }

  private readonly onAfterTransaction = (transaction: Y.Transaction): void => {
    if (this.peerOf(transaction.origin) === null) return;
    try {
      this.changeCounts.set(transaction, countTextChanges(transaction));
    } catch (error) {
      // A miscount must not cost the author their edit; the change is still stored.
      this.deps.logger.error(
        `Could not count the text changed in document ${this.docId}: ${describeError(error)}`,
      );
    }
  };

  /**
   * Relays every change to the other peers and stores the ones a peer made.
   * Every change enters through a peer today; a server-side edit would need an
   * author before it could be stored.
   */
  private readonly onUpdate = (
    update: Uint8Array,
    origin: unknown,
    _doc: Y.Doc,
    transaction: Y.Transaction,
  ): void => {
    const message = encodeSyncUpdate(update);
    let author: DocumentPeer | null = null;
    let relayed = 0;
    for (const peer of this.peers) {
      if (peer === origin) {
        author = peer;
      } else {
        peer.send(message);
        relayed += 1;
      }
    }
    if (relayed > 0) this.deps.meter?.updateRelayed(relayed);
    if (author === null) return;
    const counts = this.changeCounts.get(transaction) ?? NO_TEXT_CHANGE;
    const seq = this.link?.publishUpdate(author.userId, update, counts);
    this.batcher.add(author.userId, update, counts, seq);
  };

  private applyRelayedUpdate(update: Uint8Array): boolean {
    if (this.destroyed) return false;
    try {
      this.estimatedBytes += update.byteLength;
      Y.applyUpdate(this.ydoc, update, RELAY_ORIGIN);
      return true;
    } catch (error) {
      this.deps.logger.error(
        `An update relayed to document ${this.docId} could not be applied: ${describeError(error)}`,
      );
      return false;
    }
  }

  private applyRelayedAwareness(update: Uint8Array): void {
    if (this.destroyed) return;
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, RELAY_ORIGIN);
    } catch (error) {
      this.deps.logger.error(
        `An awareness update relayed to document ${this.docId} could not be applied: ${describeError(error)}`,
      );
    }
  }

  /** What the relay link sees of this doc. */
  private readonly linked: LinkedDocument = {
    stateVector: () => Y.encodeStateVector(this.ydoc),
    catchUpFor: (stateVector) => {
      if (this.destroyed) return null;
      let update: Uint8Array;
      try {
        update = Y.encodeStateAsUpdate(this.ydoc, stateVector);
      } catch (error) {
        this.deps.logger.warn(
          `A peer's catch-up request for document ${this.docId} was unreadable: ${describeError(error)}`,
        );
        return null;
      }
      const clientIds = [...this.awareness.getStates().keys()];
      const awareness =
        clientIds.length === 0
          ? null
          : awarenessProtocol.encodeAwarenessUpdate(this.awareness, clientIds);
      return { update, awareness };
    },
    applyRelayed: (update) => this.applyRelayedUpdate(update),
    applyRelayedAwareness: (update) => this.applyRelayedAwareness(update),
    waitsForMissingUpdates: () =>
      this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null,
    adopt: (change) => this.batcher.adopt(change),
  };

  private readonly onAwarenessUpdate = (changes: AwarenessChanges, origin: unknown): void => {
    for (const clientId of changes.removed) this.awarenessOwners.delete(clientId);
    const owner = this.peerOf(origin);
    if (owner !== null) {
      for (const clientId of [...changes.added, ...changes.updated])
        this.awarenessOwners.set(clientId, owner);
    }
    const changed = [...changes.added, ...changes.updated, ...changes.removed];
    if (origin !== RELAY_ORIGIN && this.link !== null) {
      this.link.publishAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
    }
    const message = encodeAwareness(this.awareness, changed);
    // Back to the sender too: the stock client treats hearing its own state as proof the link is alive.
    for (const peer of this.peers) peer.send(message);
  };

  private notifyPresence(event: 'joined' | 'left', userId: string): void {
    const presence = this.deps.presence;
    if (presence === null) return;
    try {
      presence[event](this.docId, userId);
    } catch (error) {
      this.deps.logger.error(
        `Presence listener failed on ${event} of document ${this.docId}: ${describeError(error)}`,
      );
    }
  }
}

/** Applies a document's stored updates (snapshot first) to a fresh doc, in one transaction. */
function replayStored(docId: string, ydoc: Y.Doc, stored: readonly Uint8Array[]): void {
  try {
    Y.transact(
      ydoc,
      () => stored.forEach((update) => Y.applyUpdate(ydoc, update, LOAD_ORIGIN)),
      LOAD_ORIGIN,
    );
  } catch (error) {
    throw new Error(
      `The stored history of document ${docId} could not be replayed: ${describeError(error)}`,
    );
  }
}
