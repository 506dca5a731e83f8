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
  DocumentPersistence,
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
