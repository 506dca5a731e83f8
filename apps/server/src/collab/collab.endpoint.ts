import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { COLLAB_CLOSE, COLLAB_LIMITS, COLLAB_PATH } from '@commonplace/shared';
import type { DocumentAccess } from '@commonplace/shared';
import { WebSocket, WebSocketServer } from 'ws';
import type { RawData, Server as WsServer } from 'ws';
import type { CollabDocument } from './collab.document.js';
import { CollabConnection, refuseSocket } from './collab.connection.js';
import type { CollabConnectionOptions, EarlyMessage } from './collab.connection.js';
import { consoleLogger, describeError } from './collab.logger.js';
import type {
  AuthorizeResult,
  CloseSpec,
  CollabAuthorizer,
  CollabLimits,
  CollabLogger,
  CollabMeter,
  CollabPrincipal,
  DocumentPersistence,
  DocumentRelay,
  PresenceListener,
  RefusalReason,
} from './collab.types.js';
import { DocumentRegistry } from './document.registry.js';
import { WindowBeat } from './window.beat.js';

export interface CollabEndpointOptions {
  authorizer: CollabAuthorizer;
  persistence: DocumentPersistence;
  /**
   * Ends the documents' flush windows; the store's, when it commits what a beat
   * closes together (DocumentGroupWriter). Default: a beat of the endpoint's own.
   */
  beat?: WindowBeat;
  presence?: PresenceListener;
  logger?: CollabLogger;
  /** Told about updates and stores, for metrics. */
  meter?: CollabMeter;
  /** Defaults to COLLAB_LIMITS; tests shrink windows and sizes. */
  limits?: Partial<CollabLimits>;
  /** How often connections are pinged; one that misses a ping is dropped. Default 30 s. */
  heartbeatIntervalMs?: number;
  /** Wait before the given retry (1, 2, …) of a failed append. Default 0.5 s doubling to 30 s. */
  retryDelayMs?: (attempt: number) => number;
  /** Shares documents with other server instances; absent, this instance serves its documents alone. */
  relay?: DocumentRelay;
  /** How long a relayed update waits for its origin to confirm it stored before the origin's heartbeat is checked. Default 2 s. */
  orphanGraceMs?: number;
}

export interface CollabMetrics {
  documents: number;
  connections: number;
  /** Changes received but not yet confirmed stored, across all documents. */
  pendingChanges: number;
}

const DEFAULT_HEARTBEAT_MS = 30_000;
const DEFAULT_FLUSH_TIMEOUT_MS = 10_000;
const MAX_DOC_ID_LENGTH = 256;
/**
 * No doc id holds a control or invisible format character. One that does is
 * refused as unknown (4404, which the stock client does not retry) before it
 * reaches the authorizer, the store or a log line.
 */
const UNPRINTABLE_IN_DOC_ID = /[\p{Cc}\p{Cf}]/u;
const MAX_AWARENESS_CLIENTS_PER_CONNECTION = 4;
/** ws's close code for a message over `maxPayload`. */
const MESSAGE_TOO_BIG = 1009;

/**
 * ws refuses a message over `maxPayload` at its frame header, before buffering
 * it, by closing with the generic 1009. We say it with our own code instead, so
 * the stock client stops retrying (4400-4499) and the web app can explain why.
 */
class CollabSocket extends WebSocket {
  override close(code?: number, data?: string | Buffer): void {
    // Only ws's own refusal comes without a reason; echoing a client's close passes one.
    if (code === MESSAGE_TOO_BIG && data === undefined) {
      super.close(COLLAB_CLOSE.tooLarge.code, COLLAB_CLOSE.tooLarge.reason);
    } else {
      super.close(code, data);
    }
  }
}

interface UpgradeTarget {
  /** Null when the path names no usable doc id. */
  docId: string | null;
  token: string | null;
  ticket: string | null;
}

type Admission =
  | { kind: 'open'; document: CollabDocument; principal: CollabPrincipal }
  | { kind: 'refused'; reason: RefusalReason }
  /** The account already holds as many connections as one instance allows. */
  | { kind: 'crowded'; userId: string }
  | { kind: 'unavailable' }
  | { kind: 'gone' };

/**
 * The transport: takes WebSocket upgrades on `${COLLAB_PATH}/<docId>?ticket=…` (or `?token=…`),
 * authorizes them, and hands each admitted socket to a connection on its
 * document. Everything else on the HTTP server (socket.io included) is left alone.
 */
export class CollabEndpoint {
  private readonly wss: WsServer<typeof CollabSocket>;
  private readonly registry: DocumentRegistry;
  private readonly limits: CollabLimits;
  private readonly logger: CollabLogger;
  private readonly authorizer: CollabAuthorizer;
  private readonly connections = new Set<CollabConnection>();
  /** Open connections per account, on every document: what the per-account cap counts. */
  private readonly perAccount = new Map<string, number>();
  private readonly admitting = new Set<CollabSocket>();
  private readonly detachers = new Set<() => void>();
  private readonly heartbeat: NodeJS.Timeout;
  /** One for every connection: nothing per connection that all of them share. */
  private readonly connectionOptions: CollabConnectionOptions;
  private closing: Promise<void> | null = null;

  constructor(options: CollabEndpointOptions) {
    this.limits = { ...COLLAB_LIMITS, ...options.limits };
    this.logger = options.logger ?? consoleLogger;
    this.authorizer = options.authorizer;
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      maxPayload: this.limits.maxMessageBytes,
      perMessageDeflate: false,
      WebSocket: CollabSocket,
    });
    this.registry = new DocumentRegistry({
      persistence: options.persistence,
      beat: options.beat ?? new WindowBeat(),
      presence: options.presence ?? null,
      logger: this.logger,
      limits: this.limits,
      maxAwarenessClientsPerPeer: MAX_AWARENESS_CLIENTS_PER_CONNECTION,
      retryDelayMs: options.retryDelayMs,
      meter: options.meter ?? null,
      relay: options.relay ?? null,
      orphanGraceMs: options.orphanGraceMs,
    });
    this.connectionOptions = {
      limits: this.limits,
      logger: this.logger,
      maxBufferedBytes: this.limits.maxDocumentBytes * 2,
      onDone: (done) => this.onConnectionDone(done),
    };
    this.heartbeat = setInterval(() => {
      for (const connection of [...this.connections]) connection.checkAlive();
    }, options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  get documentCount(): number {
    return this.registry.size;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  metrics(): CollabMetrics {
    const documents = this.registry.documents();
    return {
      documents: documents.length,
      connections: this.connections.size,
      pendingChanges: documents.reduce((sum, document) => sum + document.pendingChanges, 0),
    };
  }

  /**
   * For an HTTP server's 'upgrade' event. Returns false, touching nothing, when
   * the path is not the collaboration endpoint's, so other handlers can take it.
   */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const target = parseUpgradeTarget(request.url);
    if (target === null) return false;
    if (this.closing !== null) {
      rejectHandshake(socket, 503, 'Service Unavailable');
      return true;
    }
    // The handshake completes before authorizing: socket.io's engine.io ends any
    // upgrade on the same server that has written nothing within a second.
    this.wss.handleUpgrade(request, socket, head, (ws) => void this.admit(ws, target));
    return true;
  }

  /** Listens for upgrades on `server`. Returns a function that stops listening. */
  attach(server: HttpServer | HttpsServer): () => void {
    const listener = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
      this.handleUpgrade(request, socket, head);
    };
    server.on('upgrade', listener);
    const detach = (): void => {
      server.off('upgrade', listener);
      this.detachers.delete(detach);
    };
    this.detachers.add(detach);
    return detach;
  }

  /** Whether `userId` has a live connection to the doc on this endpoint. */
  hasConnection(docId: string, userId: string): boolean {
    for (const connection of this.connections) {
      if (connection.document.docId === docId && connection.userId === userId) return true;
    }
    return false;
  }

  /**
   * Applies a permission change to live connections at once: `null` revokes
   * access (the client is told and disconnected). Without `userId` it applies to
   * everyone on the doc, e.g. a doc locked for assessment. Returns how many
   * connections it touched.
   */
  changeAccess(docId: string, access: DocumentAccess | null, userId?: string): number {
    let touched = 0;
    for (const connection of [...this.connections]) {
      if (connection.document.docId !== docId) continue;
      if (userId !== undefined && connection.userId !== userId) continue;
      touched += 1;
      if (access === null) connection.refuse('forbidden');
      else connection.changeAccess(access);
    }
    return touched;
  }

  /** Who is connected to the doc on this endpoint, and with what access now. */
  connectionsOn(docId: string): Array<{ userId: string; access: DocumentAccess }> {
    const found: Array<{ userId: string; access: DocumentAccess }> = [];
    for (const connection of this.connections) {
      if (connection.document.docId === docId)
        found.push({ userId: connection.userId, access: connection.currentAccess });
    }
    return found;
  }

  /**
   * Closes the doc's connections that `affected` picks, with `spec` (e.g.
   * COLLAB_CLOSE.accessChanged, so the client fetches its access again).
   * Returns how many it closed.
   */
  closeWhere(
    docId: string,
    affected: (connection: { userId: string; access: DocumentAccess }) => boolean,
    spec: CloseSpec,
  ): number {
    let closed = 0;
    for (const connection of [...this.connections]) {
      if (connection.document.docId !== docId) continue;
      if (!affected({ userId: connection.userId, access: connection.currentAccess })) continue;
      connection.close(spec);
      closed += 1;
    }
    return closed;
  }

  /** Closes every connection of the sign-in `sessionId`, on any document, with `spec`; returns how many. */
  closeSession(sessionId: string, spec: CloseSpec): number {
    let closed = 0;
    for (const connection of [...this.connections]) {
      if (connection.principal.sessionId !== sessionId) continue;
      connection.close(spec);
      closed += 1;
    }
    return closed;
  }

  /** Stores every document's gathered changes now; resolves once all are stored. */
  flushAll(): Promise<void> {
    return this.registry.flushAll();
  }

  /** Stores one document's gathered changes now, if it is open here; resolves to whether it was. */
  flushDocument(docId: string): Promise<boolean> {
    return this.registry.flushDocument(docId);
  }

  /**
   * Graceful shutdown: stop taking upgrades, tell every client the server is
   * restarting, store what was gathered (waiting at most `flushTimeoutMs`), then
   * free everything. Safe to call more than once.
   */
  close(options: { flushTimeoutMs?: number } = {}): Promise<void> {
    this.closing ??= this.shutdown(options.flushTimeoutMs ?? DEFAULT_FLUSH_TIMEOUT_MS);
    return this.closing;
  }

  private async shutdown(flushTimeoutMs: number): Promise<void> {
    clearInterval(this.heartbeat);
    for (const detach of [...this.detachers]) detach();
    for (const socket of this.admitting) closeSocket(socket, COLLAB_CLOSE.shuttingDown);
    for (const connection of [...this.connections]) connection.close(COLLAB_CLOSE.shuttingDown);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      this.registry
        .flushAll()
        // A restart then reads one snapshot per doc; within the same time limit as the flush.
        .then(() => this.registry.compactAll())
        .then(
          () => false,
          () => false,
        ),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), flushTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
    const unsaved = this.registry.close();
    if (unsaved > 0) {
      this.logger.error(
        `Shut down with ${unsaved} change(s) not stored` +
          `${timedOut ? ` (the store did not confirm within ${flushTimeoutMs} ms)` : ''}; ` +
          'clients that still hold them will send them again when they reconnect.',
      );
    }
    this.wss.close();
  }

  private async admit(socket: CollabSocket, target: UpgradeTarget): Promise<void> {
    // Until admitted; an open connection logs its own socket's errors. Nothing made
    // here outlives the admission: this scope holds the token and the early frames.
    const onError = (error: Error): void =>
      this.logger.warn(`WebSocket error on document ${target.docId}: ${describeError(error)}`);
    socket.on('error', onError);
    const early: EarlyMessage[] = [];
    const hold = (data: RawData, isBinary: boolean): void => {
      early.push({ data, isBinary });
      if (early.length > this.limits.maxMessagesPerSecond) {
        closeSocket(socket, COLLAB_CLOSE.tooFast);
      }
    };
    socket.on('message', hold);
    // Frames wait in the kernel while we decide; the few ws has already read are held.
    socket.pause();
    this.admitting.add(socket);
    let admission: Admission;
    try {
      admission = await this.decide(socket, target);
    } catch (error) {
      // Nothing here may reject unhandled: that would take the whole server down.
      this.logger.error(
        `Could not admit a connection to document ${target.docId}: ${describeError(error)}`,
      );
      admission = { kind: 'unavailable' };
    } finally {
      socket.off('message', hold);
      this.admitting.delete(socket);
    }
    if (admission.kind === 'open' && this.isCrowded(admission.principal.userId)) {
      // Checked again here, where nothing else runs in between: simultaneous upgrades all passed the first check.
      this.registry.release(admission.document.docId);
      admission = { kind: 'crowded', userId: admission.principal.userId };
    }
    if (admission.kind === 'open') {
      if (socket.readyState !== WebSocket.OPEN || this.closing !== null) {
        this.registry.release(admission.document.docId);
      } else {
        const connection = new CollabConnection(
          socket,
          admission.document,
          admission.principal,
          this.connectionOptions,
        );
        this.connections.add(connection);
        const userId = connection.userId;
        this.perAccount.set(userId, (this.perAccount.get(userId) ?? 0) + 1);
        connection.start(early);
        socket.off('error', onError);
      }
    } else if (admission.kind === 'refused') {
      // Nothing of the doc has been sent: the only bytes this client gets are the refusal.
      refuseSocket(socket, admission.reason);
    } else if (admission.kind === 'crowded') {
      this.logger.warn(
        `Refused a connection to document ${target.docId}: user ${admission.userId} already holds ` +
          `${this.limits.maxConnectionsPerAccount} connections here.`,
      );
      closeSocket(socket, COLLAB_CLOSE.tooManyConnections);
    } else if (admission.kind === 'unavailable') {
      closeSocket(socket, COLLAB_CLOSE.unavailable);
    }
    // Paused sockets do not read the client's close frame; resume so every path can finish.
    socket.resume();
  }

  private async decide(socket: CollabSocket, target: UpgradeTarget): Promise<Admission> {
    const { docId, token, ticket } = target;
    if (docId === null) return { kind: 'refused', reason: 'notFound' };
    let decision: AuthorizeResult;
    try {
      decision = await this.authorizer.authorize(token, docId, ticket);
    } catch (error) {
      this.logger.error(
        `Could not authorize a connection to document ${docId}: ${describeError(error)}`,
      );
      return { kind: 'unavailable' };
    }
    if (!decision.ok) return { kind: 'refused', reason: decision.reason };
    // Before loading the doc: a refused tab that retries costs one token check, not a load.
    if (this.isCrowded(decision.principal.userId))
      return { kind: 'crowded', userId: decision.principal.userId };
    if (socket.readyState !== WebSocket.OPEN || this.closing !== null) return { kind: 'gone' };
    try {
      const document = await this.registry.acquire(docId);
      return { kind: 'open', document, principal: { ...decision.principal } };
    } catch {
      // The registry logs load failures; the client retries with backoff.
      return { kind: 'unavailable' };
    }
  }

  private onConnectionDone(connection: CollabConnection): void {
    if (!this.connections.delete(connection)) return;
    const held = (this.perAccount.get(connection.userId) ?? 1) - 1;
    if (held > 0) this.perAccount.set(connection.userId, held);
    else this.perAccount.delete(connection.userId);
    this.registry.release(connection.document.docId);
  }

  private isCrowded(userId: string): boolean {
    return (this.perAccount.get(userId) ?? 0) >= this.limits.maxConnectionsPerAccount;
  }
}

/** Creates an endpoint and attaches it to `server`: the one-line setup. */
export function attach(
  server: HttpServer | HttpsServer,
  options: CollabEndpointOptions,
): CollabEndpoint {
  const endpoint = new CollabEndpoint(options);
  endpoint.attach(server);
  return endpoint;
}

function parseUpgradeTarget(url: string | undefined): UpgradeTarget | null {
  if (url === undefined) return null;
  let parsed: URL;
  try {
    parsed = new URL(url, 'http://collab.invalid');
  } catch {
    return null;
  }
  const prefix = `${COLLAB_PATH}/`;
  if (!parsed.pathname.startsWith(prefix)) return null;
  const token = parsed.searchParams.get('token');
  const ticket = parsed.searchParams.get('ticket');
  let docId: string | null;
  try {
    docId = decodeURIComponent(parsed.pathname.slice(prefix.length));
  } catch {
    docId = null;
  }
  if (
    docId === '' ||
    (docId !== null && (docId.length > MAX_DOC_ID_LENGTH || UNPRINTABLE_IN_DOC_ID.test(docId)))
  )
    docId = null;
  return { docId, token, ticket };
}

function closeSocket(socket: WebSocket, spec: CloseSpec): void {
  if (socket.readyState === WebSocket.OPEN) socket.close(spec.code, spec.reason);
}

function rejectHandshake(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
