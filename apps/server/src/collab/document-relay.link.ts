import * as Y from 'yjs';
import { describeError } from './collab.logger.js';
import type {
  AttributedChange,
  CatchUp,
  CollabLogger,
  DocumentChannel,
  DocumentChannelListener,
  DocumentRelay,
  RelayedUpdate,
} from './collab.types.js';
import { relayedChangeId } from './relayed-change.id.js';
import type { TextChangeCounts } from './text-change.counter.js';
import { systemClock } from './window.beat.js';
import type { Clock } from './window.beat.js';

/** What the link needs of the document it shares: its state, and a way in for what others send. */
export interface LinkedDocument {
  /** The doc's state vector: what it holds. */
  stateVector(): Uint8Array;
  /** What a peer holding `stateVector` lacks, with this instance's awareness; null if none can be given. */
  catchUpFor(stateVector: Uint8Array): CatchUp | null;
  /** Applies an update another instance made; false when it could not be applied (logged by the doc). */
  applyRelayed(update: Uint8Array): boolean;
  applyRelayedAwareness(update: Uint8Array): void;
  /** Whether the doc holds updates it cannot integrate yet because one they build on never arrived. */
  waitsForMissingUpdates(): boolean;
  /** Stores a change here that its origin instance relayed but died before storing. */
  adopt(change: AttributedChange): void;
}

export interface DocumentRelayLinkOptions {
  logger: CollabLogger;
  /** How long a relayed update may wait for its origin's "stored" before the origin's heartbeat is checked. Default 2 s. */
  orphanGraceMs?: number;
  /** Times the catch-up retries; tests move a clock of their own. */
  clock?: Clock;
}

/** Updates relayed from one instance that it has not yet said it stored. */
interface UnconfirmedUpdates {
  readonly updates: RelayedUpdate[];
  /** When the oldest of them arrived (clock time). */
  since: number;
}

const DEFAULT_ORPHAN_GRACE_MS = 2_000;
/** The first retry of an unanswered catch-up request; each next waits twice as long, up to the max. */
const CATCH_UP_RETRY_FIRST_MS = 250;
const CATCH_UP_RETRY_MAX_MS = 2_000;
/** An unanswered catch-up request stops being repeated after this long: no other instance has the doc open. */
const CATCH_UP_GIVE_UP_MS = 30_000;
/** A break in the Redis connection is noticed a little after it began: confirmations this recent are said again after it. */
const CONFIRM_AGAIN_WITHIN_MS = 5_000;

/**
 * One document's side of the relay (as hocuspocus keeps its Redis extension
 * apart from the document): publishes this instance's updates, applies the
 * other instances', keeps the updates their origins have not yet confirmed
 * stored (and stores them here should the origin die), and keeps the doc in
 * step with the others through state-vector catch-ups.
 *
 * Pub/sub drops what is sent while a side is cut off, so a catch-up request
 * is repeated until some instance answers; and whatever shows the doc lacks
 * something another instance has (a peer's state vector ahead of ours, an
 * update that builds on one that never came) asks for a catch-up too, so a gap
 * heals itself instead of leaving later updates waiting for it forever.
 */
export class DocumentRelayLink {
  private channel: DocumentChannel | null = null;
  private readonly clock: Clock;
  /** Per origin instance: its updates we hold that it has not confirmed stored, in case it dies first. */
  private readonly unconfirmed = new Map<string, UnconfirmedUpdates>();
  /** Set while a catch-up request waits for its answer. */
  private catchUp: { readonly since: number; delayMs: number; cancelRetry: () => void } | null =
    null;
  /**
   * "Stored" confirmations the others may not have heard: every one sent while
   * cut off, and the last few seconds' before. Without them said again, the
   * others would keep this instance's stored updates as unconfirmed and, once it
   * stops, store them a second time.
   */
  private confirmationsToRepeat: Array<{ readonly at: number; readonly seqs: readonly number[] }> =
    [];
  private closed = false;

  /** Joins the doc's channel and asks the instances that have it for what they hold and we do not. */
  static async open(
    relay: DocumentRelay,
    docId: string,
    document: LinkedDocument,
    options: DocumentRelayLinkOptions,
  ): Promise<DocumentRelayLink> {
    const link = new DocumentRelayLink(relay, docId, document, options);
    link.channel = await relay.open(docId, link.listener);
    // Heard from now on; the peers' answer covers whatever they applied but did not store before.
    // Asked once: an instance with the doc open hears it, or it is cut off itself and asks us when it is back.
    link.channel.requestCatchUp(document.stateVector());
    return link;
  }

  private constructor(
    private readonly relay: DocumentRelay,
    readonly docId: string,
    private readonly document: LinkedDocument,
    private readonly options: DocumentRelayLinkOptions,
  ) {
    this.clock = options.clock ?? systemClock;
  }

  /** Relays an update made by this instance's client; returns the sequence number it went under. */
  publishUpdate(authorId: string, update: Uint8Array, counts: TextChangeCounts): number {
    const seq = this.relay.nextSeq();
    this.channel?.publishUpdate({
      seq,
      authorId,
      update,
      inserted: counts.inserted,
      deleted: counts.deleted,
    });
    return seq;
  }

  publishAwareness(update: Uint8Array): void {
    this.channel?.publishAwareness(update);
  }

  /** This instance stored the updates it relayed under these sequence numbers. */
  confirmStored(seqs: readonly number[]): void {
    this.channel?.publishStored(seqs);
    const now = this.clock.now();
    if (this.relay.connected()) {
      const recent = this.confirmationsToRepeat.findIndex(
        (sent) => now - sent.at < CONFIRM_AGAIN_WITHIN_MS,
      );
      this.confirmationsToRepeat.splice(
        0,
        recent === -1 ? this.confirmationsToRepeat.length : recent,
      );
    }
    this.confirmationsToRepeat.push({ at: now, seqs });
  }

  /**
   * Says again the confirmations the others may have missed. They are kept until
   * a confirmation made while connected finds them older than the window, so a
   * peer whose connection returns after ours still hears them, when it asks.
   */
  private repeatConfirmations(): void {
    const seqs = this.confirmationsToRepeat.flatMap((sent) => sent.seqs);
    if (seqs.length > 0) this.channel?.publishStored(seqs);
  }

  /** Relayed updates whose origin has not yet confirmed them stored. */
  get unconfirmedUpdates(): number {
    let count = 0;
    for (const waiting of this.unconfirmed.values()) count += waiting.updates.length;
    return count;
  }

  /** Whether a catch-up request of this instance waits for an answer. */
  get catchingUp(): boolean {
    return this.catchUp !== null;
  }

  /**
   * Hands the doc, under the ids their origin would have used, the relayed
   * updates of any instance that stopped before confirming them (killed, say).
   * Survivors may all do it: the store keeps one copy of each id.
   */
  async adoptOrphans(now = this.clock.now()): Promise<number> {
    if (this.closed) return 0;
    const grace = this.options.orphanGraceMs ?? DEFAULT_ORPHAN_GRACE_MS;
    let adopted = 0;
    for (const [origin, waiting] of [...this.unconfirmed]) {
      if (now - waiting.since < grace) continue;
      if (await this.relay.isAlive(origin)) continue;
      // Taken afresh: confirmations may have arrived while we asked.
      const orphans = this.unconfirmed.get(origin);
      if (orphans === undefined || this.closed) continue;
      this.unconfirmed.delete(origin);
      for (const relayed of orphans.updates) {
        this.document.adopt({
          changeId: relayedChangeId(origin, relayed.seq),
          authorId: relayed.authorId,
          update: relayed.update,
          inserted: relayed.inserted,
          deleted: relayed.deleted,
        });
      }
      adopted += orphans.updates.length;
      this.options.logger.warn(
        `Instance ${origin} stopped before storing ${orphans.updates.length} change(s) to document ${this.docId}; storing them here.`,
      );
    }
    return adopted;
  }

  /** Leaves the doc's channel and stops asking to catch up. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.catchUp?.cancelRetry();
    this.catchUp = null;
    this.channel?.close();
    this.channel = null;
  }

  /**
   * Asks the other instances for what the doc lacks, and asks again until one
   * answers. A request already waiting is left to its retries, unless `now`.
   */
  private requestCatchUp(now = false): void {
    if (this.closed || (this.catchUp !== null && !now)) return;
    this.catchUp?.cancelRetry();
    this.catchUp = {
      since: this.clock.now(),
      delayMs: CATCH_UP_RETRY_FIRST_MS,
      cancelRetry: () => undefined,
    };
    this.sendCatchUpRequest();
  }

  private sendCatchUpRequest(): void {
    const pending = this.catchUp;
    if (this.closed || pending === null) return;
    this.channel?.requestCatchUp(this.document.stateVector());
    // Answered already (a relay may deliver the answer before returning).
    if (this.catchUp !== pending) return;
    if (this.clock.now() - pending.since >= CATCH_UP_GIVE_UP_MS) {
      this.catchUp = null;
      return;
    }
    pending.cancelRetry = this.clock.after(pending.delayMs, () => this.sendCatchUpRequest());
    pending.delayMs = Math.min(pending.delayMs * 2, CATCH_UP_RETRY_MAX_MS);
  }

  /** Whether a peer holding `stateVector` has anything this doc lacks. */
  private isAhead(stateVector: Uint8Array): boolean {
    const theirs = Y.decodeStateVector(stateVector);
    const ours = Y.decodeStateVector(this.document.stateVector());
    for (const [client, clock] of theirs) if (clock > (ours.get(client) ?? 0)) return true;
    return false;
  }

  private readonly listener: DocumentChannelListener = {
    update: (relayed) => {
      if (this.closed || !this.document.applyRelayed(relayed.update)) return;
      const waiting = this.unconfirmed.get(relayed.origin);
      if (waiting === undefined) {
        this.unconfirmed.set(relayed.origin, { updates: [relayed], since: this.clock.now() });
      } else {
        waiting.updates.push(relayed);
      }
      // It builds on something that never came (dropped while a side was cut off): ask for it.
      if (this.document.waitsForMissingUpdates()) this.requestCatchUp();
    },
    awareness: (update) => {
      if (!this.closed) this.document.applyRelayedAwareness(update);
    },
    stored: (origin, seqs) => {
      const waiting = this.unconfirmed.get(origin);
      if (waiting === undefined) return;
      const stored = new Set(seqs);
      const left = waiting.updates.filter((relayed) => !stored.has(relayed.seq));
      if (left.length === 0) {
        this.unconfirmed.delete(origin);
      } else if (left.length < waiting.updates.length) {
        waiting.updates.splice(0, waiting.updates.length, ...left);
        waiting.since = this.clock.now();
      }
    },
    catchUpRequested: (stateVector): CatchUp | null => {
      if (this.closed) return null;
      let askBack: boolean;
      try {
        askBack = this.isAhead(stateVector);
      } catch (error) {
        this.options.logger.warn(
          `A peer's catch-up request for document ${this.docId} was unreadable: ${describeError(error)}`,
        );
        return null;
      }
      // The asker holds what we lack (it made edits while one of us was cut off): ask it now,
      // even if a request of ours waits (it may have been lost), but after our answer has gone,
      // so the asker has applied it when our request arrives and has no reason to ask back.
      if (askBack) queueMicrotask(() => this.requestCatchUp(true));
      // A peer asking has just come back, perhaps after our own return: what we said while it
      // was cut off never reached it, so say it again (repeating a confirmation changes nothing).
      this.repeatConfirmations();
      return this.document.catchUpFor(stateVector);
    },
    caughtUp: (catchUp) => {
      if (this.closed) return;
      this.catchUp?.cancelRetry();
      this.catchUp = null;
      this.document.applyRelayed(catchUp.update);
      if (catchUp.awareness !== null) this.document.applyRelayedAwareness(catchUp.awareness);
    },
    reconnected: () => {
      // What the others sent meanwhile is gone, and so may be what we sent. The confirmations
      // are kept for another window from now, for the peers whose connection returns later.
      const seqs = this.confirmationsToRepeat.flatMap((sent) => sent.seqs);
      this.confirmationsToRepeat = seqs.length > 0 ? [{ at: this.clock.now(), seqs }] : [];
      this.repeatConfirmations();
      this.requestCatchUp(true);
    },
  };
}
