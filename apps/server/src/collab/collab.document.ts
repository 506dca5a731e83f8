import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { describeError } from './collab.logger.js';
import {
  MalformedMessageError,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
} from './collab.protocol.js';
import type {
  CollabLimits,
  CollabLogger,
  CollabMeter,
  DocumentPersistence,
  PresenceListener,
} from './collab.types.js';
import { NO_TEXT_CHANGE, countTextChanges } from './text-change.counter.js';
import type { TextChangeCounts } from './text-change.counter.js';
import { UpdateBatcher } from './update.batcher.js';

/** What a document needs from a connection: who it is, whether it may write, and a way to reach it. */
export interface DocumentPeer {
  readonly userId: string;
  readonly canWrite: boolean;
  send(message: Uint8Array): void;
}

export type UpdateOutcome = 'applied' | 'read-only' | 'too-large';
export type AwarenessOutcome = 'applied' | 'too-many-clients';

export interface DocumentDependencies {
  persistence: DocumentPersistence;
  presence: PresenceListener | null;
  logger: CollabLogger;
  limits: CollabLimits;
  /** Awareness client ids one connection may hold; one tab needs one. */
  maxAwarenessClientsPerPeer: number;
  retryDelayMs?: (attempt: number) => number;
  meter?: CollabMeter | null;
}

interface AwarenessChanges {
  added: number[];
  updated: number[];
  removed: number[];
}

/** Marks the replay of stored updates, so it is neither relayed nor stored again. */
const LOAD_ORIGIN = Symbol('collab.load');

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

  static async load(docId: string, deps: DocumentDependencies): Promise<CollabDocument> {
    const stored = await deps.persistence.load(docId);
    const ydoc = new Y.Doc();
    try {
      Y.transact(
        ydoc,
        () => stored.forEach((update) => Y.applyUpdate(ydoc, update, LOAD_ORIGIN)),
        LOAD_ORIGIN,
      );
    } catch (error) {
      ydoc.destroy();
      throw new Error(
        `The stored history of document ${docId} could not be replayed: ${describeError(error)}`,
      );
    }
    return new CollabDocument(docId, ydoc, deps);
  }

  private constructor(
    readonly docId: string,
    readonly ydoc: Y.Doc,
    private readonly deps: DocumentDependencies,
  ) {
    this.awareness = new awarenessProtocol.Awareness(ydoc);
    // The server is not a participant: it must not show up as a cursor.
    this.awareness.setLocalState(null);
    this.estimatedBytes = Y.encodeStateAsUpdate(ydoc).byteLength;
    this.batcher = new UpdateBatcher(docId, deps.persistence, {
      flushWindowMs: deps.limits.flushWindowMs,
      flushMaxBytes: deps.limits.flushMaxBytes,
      logger: deps.logger,
      retryDelayMs: deps.retryDelayMs,
      meter: deps.meter ?? null,
    });
    ydoc.on('afterTransaction', this.onAfterTransaction);
    ydoc.on('update', this.onUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  get peerCount(): number {
    return this.peers.size;
  }

  /** Changes received but not yet confirmed stored. */
  get pendingChanges(): number {
    return this.batcher.pendingChanges;
  }

  addPeer(peer: DocumentPeer): void {
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

  applyAwarenessUpdate(update: Uint8Array, peer: DocumentPeer): AwarenessOutcome {
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, peer);
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

  /** Frees the doc. Returns how many changes were never stored (0 after a successful flush). */
  destroy(): number {
    if (this.destroyed) return 0;
    this.destroyed = true;
    const unsaved = this.batcher.stop();
    this.peers.clear();
    this.awareness.destroy();
    this.ydoc.destroy();
    return unsaved;
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
    if (author !== null) {
      this.batcher.add(author.userId, update, this.changeCounts.get(transaction) ?? NO_TEXT_CHANGE);
    }
  };

  private readonly onAwarenessUpdate = (changes: AwarenessChanges, origin: unknown): void => {
    for (const clientId of changes.removed) this.awarenessOwners.delete(clientId);
    const owner = this.peerOf(origin);
    if (owner !== null) {
      for (const clientId of [...changes.added, ...changes.updated])
        this.awarenessOwners.set(clientId, owner);
    }
    const changed = [...changes.added, ...changes.updated, ...changes.removed];
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
