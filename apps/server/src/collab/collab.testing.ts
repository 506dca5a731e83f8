import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { COLLAB_PATH } from '@commonplace/shared';
import type { DocumentAccess } from '@commonplace/shared';
import { CollabEndpoint } from './collab.endpoint.js';
import type { CollabEndpointOptions } from './collab.endpoint.js';
import type {
  AttributedChange,
  AuthorizeResult,
  CollabAuthorizer,
  CollabLogger,
  DocumentChannel,
  DocumentChannelListener,
  DocumentPersistence,
  DocumentRelay,
  PresenceListener,
} from './collab.types.js';
import type { Clock } from './window.beat.js';

/**
 * Real in-memory implementations of the endpoint's ports, and helpers for
 * tests that run it over real sockets. Not for production use.
 */

/** Waits until `predicate` holds, checking every few milliseconds; fails after `timeoutMs`. */
export async function waitFor(
  predicate: () => boolean,
  timeoutMs = 3000,
  what = 'the expected state',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * A steady typist: inserts one character every `everyMs`, each one no other
 * keystroke of the test types (consecutive code points from `firstCodePoint`),
 * and records it in `typed`, so a test can check every keystroke arrived.
 * Appends at the end, or types at the start with `atStart`. Returns `stop`.
 */
export function typeSteadily(
  text: { length: number; insert(index: number, content: string): void },
  firstCodePoint: number,
  typed: string[],
  { everyMs = 100, atStart = false }: { everyMs?: number; atStart?: boolean } = {},
): () => void {
  let next = firstCodePoint;
  const timer = setInterval(() => {
    const char = String.fromCodePoint(next);
    next += 1;
    typed.push(char);
    text.insert(atStart ? 0 : text.length, char);
  }, everyMs);
  return () => clearInterval(timer);
}

/** Polls an asynchronous condition until it holds; fails after the deadline. */
export async function eventually(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A clock that moves only when told: `advance` runs each timer falling due, in order, at its time. */
export class ManualClock implements Clock {
  private timers: Array<{ readonly at: number; readonly run: () => void }> = [];

  constructor(private time = 0) {}

  now(): number {
    return this.time;
  }

  after(ms: number, run: () => void): () => void {
    const timer = { at: this.time + ms, run };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((kept) => kept !== timer);
    };
  }

  /** Timers set and not yet run or cancelled. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const next = this.timers
        .filter((timer) => timer.at <= until)
        .reduce<(typeof this.timers)[number] | undefined>(
          (earliest, timer) =>
            earliest === undefined || timer.at < earliest.at ? timer : earliest,
          undefined,
        );
      if (next === undefined) break;
      this.timers = this.timers.filter((kept) => kept !== next);
      this.time = next.at;
      next.run();
    }
    this.time = until;
  }
}

/** A document store in a Map, with switches for the failures and timings tests need. */
export class InMemoryPersistence implements DocumentPersistence {
  private readonly stored = new Map<string, AttributedChange[]>();
  private failuresLeft = 0;
  private lostRepliesLeft = 0;
  private loadFailuresLeft = 0;
  private loadGate: Promise<void> | null = null;
  loadCalls = 0;
  appendCalls = 0;
  /** The changeId of every append call, retries included. */
  readonly attemptedChangeIds: string[] = [];
  private appendsInFlight = 0;
  /** The most appends ever in flight at once, across all docs. */
  maxAppendsInFlight = 0;

  async load(docId: string): Promise<Uint8Array[]> {
    this.loadCalls += 1;
    if (this.loadGate !== null) await this.loadGate;
    if (this.loadFailuresLeft > 0) {
      this.loadFailuresLeft -= 1;
      throw new Error('The store is unavailable (simulated).');
    }
    return this.changesOf(docId).map((change) => change.update);
  }

  append(docId: string, change: AttributedChange): Promise<void> {
    return this.appendAll(docId, [change]);
  }

  /** All or none, like one append to the event store. */
  async appendAll(docId: string, changes: readonly AttributedChange[]): Promise<void> {
    this.appendCalls += 1;
    this.attemptedChangeIds.push(...changes.map((change) => change.changeId));
    this.appendsInFlight += 1;
    this.maxAppendsInFlight = Math.max(this.maxAppendsInFlight, this.appendsInFlight);
    try {
      // Yield to the event loop like a real store would, so overlapping appends could show.
      await new Promise((resolve) => setImmediate(resolve));
      if (this.failuresLeft > 0) {
        this.failuresLeft -= 1;
        throw new Error('The store is unavailable (simulated).');
      }
      const stored = this.stored.get(docId) ?? [];
      for (const change of changes) {
        // Like the event store: a retry of a change already taken stores nothing.
        if (!stored.some((kept) => kept.changeId === change.changeId)) {
          stored.push({ ...change, update: Uint8Array.from(change.update) });
        }
      }
      this.stored.set(docId, stored);
      if (this.lostRepliesLeft > 0) {
        this.lostRepliesLeft -= 1;
        throw new Error('The store took the change but its reply was lost (simulated).');
      }
    } finally {
      this.appendsInFlight -= 1;
    }
  }

  /** Docs the endpoint asked to compact, in order. */
  readonly compacted: string[] = [];

  async compact(docId: string): Promise<void> {
    this.compacted.push(docId);
  }

  changesOf(docId: string): AttributedChange[] {
    return [...(this.stored.get(docId) ?? [])];
  }

  /** The next `count` appends fail. */
  failNextAppends(count: number): void {
    this.failuresLeft = count;
  }

  /** The next `count` appends are stored, then fail as if the reply had been lost. */
  loseNextReplies(count: number): void {
    this.lostRepliesLeft = count;
  }

  /** The next `count` loads fail. */
  failNextLoads(count: number): void {
    this.loadFailuresLeft = count;
  }

  /** Loads wait until the returned function is called. */
  holdLoads(): () => void {
    let release = (): void => undefined;
    this.loadGate = new Promise<void>((resolve) => {
      release = () => {
        this.loadGate = null;
        resolve();
      };
    });
    return release;
  }
}

/**
 * Documents relayed between instances in memory, with the failures of pub/sub
 * at hand: an instance cut off (what is sent to or by it is lost), messages
 * dropped, an instance dead. Like Redis, delivers after the sender's turn, in
 * the order sent.
 */
export class InMemoryRelayHub {
  /** Per doc: each instance's listener. */
  private readonly docs = new Map<string, Map<string, DocumentChannelListener>>();
  private readonly cutOff = new Set<string>();
  private readonly dead = new Set<string>();
  private dropsLeft = 0;
  private instances = 0;
  private readonly undelivered: Array<() => void> = [];
  private delivering = false;
  /** The kind of every message delivered or lost, in order, with its sender. */
  readonly log: Array<{ kind: string; from: string; delivered: boolean }> = [];

  /** A new instance's relay. */
  relay(): DocumentRelay {
    const instanceId = `instance-${(this.instances += 1)}`;
    let seq = 0;
    return {
      instanceId,
      nextSeq: () => seq++,
      open: (docId, listener) => Promise.resolve(this.open(instanceId, docId, listener)),
      isAlive: (other) => Promise.resolve(!this.dead.has(other)),
      connected: () => !this.cutOff.has(instanceId),
    };
  }

  /** What is sent to or by the instance is lost until it reconnects. */
  cut(instanceId: string): void {
    this.cutOff.add(instanceId);
  }

  /** The instance is heard again, and each of its docs is told it was cut off. */
  reconnect(instanceId: string): void {
    this.cutOff.delete(instanceId);
    for (const listeners of this.docs.values()) listeners.get(instanceId)?.reconnected();
  }

  /** The instance stops sending, and its heartbeat lapses. */
  kill(instanceId: string): void {
    this.dead.add(instanceId);
    for (const listeners of this.docs.values()) listeners.delete(instanceId);
  }

  /** Resolves once every message sent so far, and every one those caused, has arrived. */
  async delivered(): Promise<void> {
    while (this.undelivered.length > 0 || this.delivering)
      await new Promise((resolve) => setImmediate(resolve));
  }

  /** The next `count` messages are lost on their way. */
  dropNext(count: number): void {
    this.dropsLeft = count;
  }

  private open(
    instanceId: string,
    docId: string,
    listener: DocumentChannelListener,
  ): DocumentChannel {
    let listeners = this.docs.get(docId);
    if (listeners === undefined) {
      listeners = new Map();
      this.docs.set(docId, listeners);
    }
    listeners.set(instanceId, listener);
    const send = (
      kind: string,
      deliver: (to: DocumentChannelListener, toInstance: string) => void,
    ): void => this.send(instanceId, docId, kind, deliver);
    return {
      publishUpdate: (update) =>
        send('update', (to) => to.update({ ...update, origin: instanceId })),
      publishAwareness: (update) => send('awareness', (to) => to.awareness(update)),
      publishStored: (seqs) => send('stored', (to) => to.stored(instanceId, seqs)),
      requestCatchUp: (stateVector) =>
        send('catch-up-request', (to, toInstance) => {
          const answer = to.catchUpRequested(stateVector);
          if (answer === null) return;
          const asker = this.docs.get(docId)?.get(instanceId);
          if (asker !== undefined && this.passes('catch-up', toInstance, instanceId))
            this.deliverLater(() => asker.caughtUp(answer));
        }),
      close: () => {
        if (this.docs.get(docId)?.get(instanceId) === listener)
          this.docs.get(docId)?.delete(instanceId);
      },
    };
  }

  private send(
    from: string,
    docId: string,
    kind: string,
    deliver: (to: DocumentChannelListener, toInstance: string) => void,
  ): void {
    if (this.dead.has(from)) return;
    for (const [instanceId, listener] of [...(this.docs.get(docId) ?? [])]) {
      if (instanceId === from) continue;
      if (this.passes(kind, from, instanceId))
        this.deliverLater(() => deliver(listener, instanceId));
    }
  }

  private deliverLater(delivery: () => void): void {
    this.undelivered.push(delivery);
    if (this.delivering) return;
    this.delivering = true;
    queueMicrotask(() => {
      for (let next = this.undelivered.shift(); next !== undefined; next = this.undelivered.shift())
        next();
      this.delivering = false;
    });
  }

  /** Whether a message gets through (and logs it either way). */
  private passes(kind: string, from: string, to: string): boolean {
    let delivered = !this.cutOff.has(from) && !this.cutOff.has(to);
    if (delivered && this.dropsLeft > 0) {
      this.dropsLeft -= 1;
      delivered = false;
    }
    this.log.push({ kind, from, delivered });
    return delivered;
  }
}

export interface TestGrant {
  userId: string;
  displayName?: string;
  access: DocumentAccess;
  /** Docs this token opens; all known docs when omitted. */
  docIds?: readonly string[];
}

/** Tokens are looked up in a fixed table; docs outside `knownDocIds` do not exist. */
export class TokenAuthorizer implements CollabAuthorizer {
  private readonly grants: ReadonlyMap<string, TestGrant>;
  calls = 0;

  constructor(
    grants: Record<string, TestGrant>,
    private readonly knownDocIds: ReadonlySet<string>,
  ) {
    this.grants = new Map(Object.entries(grants));
  }

  async authorize(token: string | null, docId: string): Promise<AuthorizeResult> {
    this.calls += 1;
    const grant = token === null ? undefined : this.grants.get(token);
    if (grant === undefined) return { ok: false, reason: 'unauthorized' };
    if (!this.knownDocIds.has(docId)) return { ok: false, reason: 'notFound' };
    if (grant.docIds !== undefined && !grant.docIds.includes(docId))
      return { ok: false, reason: 'forbidden' };
    return {
      ok: true,
      principal: {
        userId: grant.userId,
        displayName: grant.displayName ?? grant.userId,
        access: grant.access,
      },
    };
  }
}

export interface PresenceEvent {
  event: 'joined' | 'left';
  docId: string;
  userId: string;
}

export class RecordingPresence implements PresenceListener {
  readonly events: PresenceEvent[] = [];

  joined(docId: string, userId: string): void {
    this.events.push({ event: 'joined', docId, userId });
  }

  left(docId: string, userId: string): void {
    this.events.push({ event: 'left', docId, userId });
  }
}

export class RecordingLogger implements CollabLogger {
  readonly warnings: string[] = [];
  readonly errors: string[] = [];

  warn(message: string): void {
    this.warnings.push(message);
  }

  error(message: string): void {
    this.errors.push(message);
  }
}

export interface RunningCollabServer {
  endpoint: CollabEndpoint;
  server: Server;
  /** `ws://127.0.0.1:<port>/collab`: the provider's server URL; the doc id follows it. */
  url: string;
  /** Closes the endpoint, then the HTTP server; safe to call twice. */
  stop(): Promise<void>;
}

/** A real HTTP server on a free port with the endpoint attached. */
export async function startCollabServer(
  options: CollabEndpointOptions,
): Promise<RunningCollabServer> {
  const server = createServer((_request, response) => response.writeHead(404).end());
  const endpoint = new CollabEndpoint(options);
  endpoint.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let stopping: Promise<void> | null = null;
  return {
    endpoint,
    server,
    url: `ws://127.0.0.1:${port}${COLLAB_PATH}`,
    stop() {
      stopping ??= (async () => {
        await endpoint.close({ flushTimeoutMs: 1000 });
        server.closeAllConnections();
        await new Promise<void>((resolve, reject) =>
          server.close((error) => (error ? reject(error) : resolve())),
        );
      })();
      return stopping;
    },
  };
}
