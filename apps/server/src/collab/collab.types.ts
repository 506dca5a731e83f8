import type { COLLAB_CLOSE, COLLAB_LIMITS, DocumentAccess } from '@commonplace/shared';

/** Who is on the other end of a collaboration connection, decided once at upgrade. */
export interface CollabPrincipal {
  userId: string;
  displayName: string;
  access: DocumentAccess;
  /** Epoch milliseconds at which the session behind the connection ends; it is closed then (4401). */
  expiresAt?: number;
  /** The sign-in behind the connection; ending it closes the connection (4401). */
  sessionId?: string;
}

/** The refusals an authorizer may give; each has a close code and a reason a person can read. */
export type RefusalReason = Extract<
  keyof typeof COLLAB_CLOSE,
  'unauthorized' | 'forbidden' | 'notFound'
>;

export type AuthorizeResult =
  { ok: true; principal: CollabPrincipal } | { ok: false; reason: RefusalReason };

export interface CollabAuthorizer {
  /**
   * `token` and `ticket` are the upgrade request's `token` and `ticket` query
   * parameters, null when missing. The web app sends a single-use ticket; the
   * token is for the stock client and tools.
   */
  authorize(token: string | null, docId: string, ticket?: string | null): Promise<AuthorizeResult>;
}

/** One merged batch of one author's updates, with what they did to the text. */
export interface AttributedChange {
  /**
   * Made once when the batch is cut and kept on every retry of it: a store that
   * took the change but lost its reply recognises the retry and stores nothing twice.
   */
  changeId: string;
  authorId: string;
  update: Uint8Array;
  /** Text characters (UTF-16 code units, as Yjs counts them) this author inserted. */
  inserted: number;
  /** Text characters this author deleted, whoever wrote them. */
  deleted: number;
}

export interface DocumentPersistence {
  /** All stored updates of the doc, in order (snapshots come later). */
  load(docId: string): Promise<Uint8Array[]>;
  /** One attributed, merged batch of one author's updates; a retry with the same `changeId` must store nothing twice. */
  append(docId: string, change: AttributedChange): Promise<void>;
  /**
   * Several changes, in order, all or none: one round trip for every author of
   * a window. A retry of the same changes must store nothing twice.
   */
  appendAll(docId: string, changes: readonly AttributedChange[]): Promise<void>;
  /**
   * Optional: called when every change of the doc is stored and it unloads
   * (or the server stops), so the next cold load reads one snapshot, no tail.
   */
  compact?(docId: string): Promise<void>;
}

export interface PresenceListener {
  /** A user's first connection to the doc opened. */
  joined(docId: string, userId: string): void;
  /** A user's last connection to the doc closed. */
  left(docId: string, userId: string): void;
}

/**
 * Told what the endpoint does, for metrics. Called on the hot path: every
 * method must be cheap and must not throw.
 */
export interface CollabMeter {
  /** A client's document update was applied. */
  updateReceived(bytes: number): void;
  /** An update was sent on to this many other connections. */
  updateRelayed(connections: number): void;
  /** A merged batch was stored, taking `durationMs` for the append that succeeded. */
  changeStored(bytes: number, durationMs: number): void;
}

/** Satisfied by NestJS's `Logger`, pino and `console`. */
export interface CollabLogger {
  warn(message: string): void;
  error(message: string): void;
}

export type CollabLimits = { readonly [K in keyof typeof COLLAB_LIMITS]: number };

/** A WebSocket close code with the reason the client is shown. */
export interface CloseSpec {
  readonly code: number;
  readonly reason: string;
}

/** A document update made on another instance, with what that instance knew about it. */
export interface RelayedUpdate {
  /** The instance the author is connected to: the one that stores it. */
  readonly origin: string;
  /** Unique per origin instance; names the update if survivors must store it. */
  readonly seq: number;
  readonly authorId: string;
  readonly update: Uint8Array;
  readonly inserted: number;
  readonly deleted: number;
}

/** What a document hears from the same document on other instances. */
export interface DocumentChannelListener {
  update(relayed: RelayedUpdate): void;
  awareness(update: Uint8Array): void;
  /** `origin` has stored its updates with these sequence numbers. */
  stored(origin: string, seqs: readonly number[]): void;
  /**
   * An instance that just loaded the doc holds `stateVector`; the answer is
   * what it lacks, or null when this instance has nothing to add.
   */
  catchUpRequested(stateVector: Uint8Array): CatchUp | null;
  /** A peer's answer to this instance's own catch-up request. */
  caughtUp(catchUp: CatchUp): void;
  /** The line to the other instances came back after a break: what they sent meanwhile was missed. */
  reconnected(): void;
}

export interface CatchUp {
  readonly update: Uint8Array;
  /** Awareness states of the answering instance's clients, or null when it has none. */
  readonly awareness: Uint8Array | null;
}

/** One document's line to the same document on other instances. */
export interface DocumentChannel {
  publishUpdate(update: Omit<RelayedUpdate, 'origin'>): void;
  publishAwareness(update: Uint8Array): void;
  publishStored(seqs: readonly number[]): void;
  requestCatchUp(stateVector: Uint8Array): void;
  /** Stops hearing the doc's channel. */
  close(): void;
}

/**
 * Relays documents between server instances (Redis pub/sub in production).
 * Without one, an instance serves its documents alone.
 */
export interface DocumentRelay {
  /** This instance's id, on every message it sends. */
  readonly instanceId: string;
  /** Next relay sequence number of this instance: unique across all of its documents. */
  nextSeq(): number;
  /** Resolves once the doc's channel is heard, so nothing published afterwards is missed. */
  open(docId: string, listener: DocumentChannelListener): Promise<DocumentChannel>;
  /** Whether the instance still runs (it refreshes a heartbeat); a dead one's updates are adopted. */
  isAlive(instanceId: string): Promise<boolean>;
  /** Whether what this instance publishes now reaches the others (false while Redis is away). */
  connected(): boolean;
}
