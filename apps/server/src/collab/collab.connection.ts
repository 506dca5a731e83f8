import { COLLAB_CLOSE } from '@commonplace/shared';
import type { DocumentAccess } from '@commonplace/shared';
import * as decoding from 'lib0/decoding';
import type { RawData, WebSocket } from 'ws';
import { atDeadline } from '../common/deadline.js';
import type { CollabDocument, DocumentPeer } from './collab.document.js';
import { describeError } from './collab.logger.js';
import {
  MalformedMessageError,
  MessageType,
  SyncStep,
  encodePermissionDenied,
  skipAuthMessage,
} from './collab.protocol.js';
import type {
  CloseSpec,
  CollabLimits,
  CollabLogger,
  CollabPrincipal,
  RefusalReason,
} from './collab.types.js';
import { MessageRateLimiter } from './message-rate.limiter.js';

export interface CollabConnectionOptions {
  limits: CollabLimits;
  logger: CollabLogger;
  /** Bytes queued for a client that stopped reading before it is dropped. */
  maxBufferedBytes: number;
  /** Called once, when the connection is done (closed by either side). */
  onDone: (connection: CollabConnection) => void;
}

/** A message that reached the socket before the connection was authorized. */
export interface EarlyMessage {
  data: RawData;
  isBinary: boolean;
}

/**
 * One authorized client on one document: reads its frames, answers them, and
 * carries the document's changes to it.
 */
export class CollabConnection implements DocumentPeer {
  private access: DocumentAccess;
  private done = false;
  private awaitingPong = false;
  private refusedWriteLogged = false;
  private readonly rate: MessageRateLimiter;
  private cancelExpiry: (() => void) | undefined;

  constructor(
    private readonly socket: WebSocket,
    readonly document: CollabDocument,
    readonly principal: Readonly<CollabPrincipal>,
    private readonly options: CollabConnectionOptions,
  ) {
    this.access = principal.access;
    this.rate = new MessageRateLimiter(options.limits.maxMessagesPerSecond);
  }

  get userId(): string {
    return this.principal.userId;
  }

  get displayName(): string {
    return this.principal.displayName;
  }

  get canWrite(): boolean {
    return this.access === 'read-write';
  }

  /** `principal.access` is what the upgrade decided; this follows later permission changes. */
  get currentAccess(): DocumentAccess {
    return this.access;
  }

  /** Joins the document, greets the client, then handles what it sent while it was being authorized. */
  start(early: readonly EarlyMessage[]): void {
    this.socket.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    this.socket.on('pong', () => {
      this.awaitingPong = false;
    });
    this.socket.on('close', () => this.finish());
    this.socket.on('error', (error) =>
      this.options.logger.warn(
        `WebSocket error on document ${this.document.docId}: ${describeError(error)}`,
      ),
    );
    if (this.socket.readyState !== this.socket.OPEN) {
      this.finish();
      return;
    }
    const { expiresAt } = this.principal;
    if (expiresAt !== undefined) {
      // The token was checked once, at upgrade: the connection must not outlive it.
      this.cancelExpiry = atDeadline(expiresAt, () => this.close(COLLAB_CLOSE.unauthorized));
      if (this.done) return;
    }
    this.document.addPeer(this);
    // A read-only client's reply to step 1 would be its edits, which we would only drop.
    if (this.canWrite) this.document.whenReplayed(() => this.send(this.document.encodeSyncStep1()));
    const awareness = this.document.encodeAwarenessStates();
    if (awareness !== null) this.send(awareness);
    for (const message of early) this.onMessage(message.data, message.isBinary);
  }

  /**
   * Obeys a permission change at once. A client promoted to writer is asked for
   * its state again, since the edits it made while read-only were dropped.
   */
  changeAccess(access: DocumentAccess): void {
    if (this.done || access === this.access) return;
    this.access = access;
    this.refusedWriteLogged = false;
    if (access === 'read-write') this.send(this.document.encodeSyncStep1());
  }

  send(message: Uint8Array, sent?: () => void): void {
    if (this.done || this.socket.readyState !== this.socket.OPEN) {
      sent?.();
      return;
    }
    if (this.socket.bufferedAmount > this.options.maxBufferedBytes) {
      this.close(COLLAB_CLOSE.fellBehind);
      sent?.();
      return;
    }
    // ws calls back once the bytes are written, or with an error if the socket goes first.
    if (sent === undefined) this.socket.send(message, { binary: true });
    else this.socket.send(message, { binary: true }, () => sent());
  }

  /** Tells the client it has lost access, then disconnects it. */
  refuse(reason: RefusalReason): void {
    if (this.done) return;
    refuseSocket(this.socket, reason);
    this.finish();
  }

  /** Leaves the document at once; the close handshake finishes on its own. */
  close(spec: CloseSpec): void {
    if (this.done) return;
    this.socket.close(spec.code, spec.reason);
    this.finish();
  }

  /** Called on a fixed interval: a client that missed the last ping is gone without a goodbye. */
  checkAlive(): void {
    if (this.done) return;
    if (this.awaitingPong) {
      this.options.logger.warn(`Dropping ${this.describe()}: no answer to the last ping.`);
      this.socket.terminate();
      this.finish();
      return;
    }
    this.awaitingPong = true;
    this.socket.ping();
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.cancelExpiry?.();
    this.document.removePeer(this);
    this.options.onDone(this);
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.done) return;
    this.awaitingPong = false;
    try {
      if (!isBinary) throw new MalformedMessageError('text frame in a binary protocol');
      this.readFrames(toBytes(data));
    } catch (error) {
      // Whatever went wrong, only this connection pays: the doc and the others carry on.
      this.options.logger.warn(
        `Closing ${this.describe()}: malformed message (${describeError(error)}).`,
      );
      this.close(COLLAB_CLOSE.malformed);
    }
  }

  /** One WebSocket message may carry several frames back to back. */
  private readFrames(bytes: Uint8Array): void {
    const decoder = decoding.createDecoder(bytes);
    do {
      if (!this.rate.tryTake()) {
        this.options.logger.warn(
          `Closing ${this.describe()}: over ${this.options.limits.maxMessagesPerSecond} messages a second.`,
        );
        this.close(COLLAB_CLOSE.tooFast);
        return;
      }
      this.readFrame(decoder);
    } while (!this.done && decoding.hasContent(decoder));
  }

  private readFrame(decoder: decoding.Decoder): void {
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.sync:
        this.readSync(decoder);
        return;
      case MessageType.awareness:
        if (
          this.document.applyAwarenessUpdate(decoding.readVarUint8Array(decoder), this) ===
          'too-many-clients'
        ) {
          throw new MalformedMessageError('too many awareness client ids on one connection');
        }
        return;
      case MessageType.queryAwareness: {
        const awareness = this.document.encodeAwarenessStates();
        if (awareness !== null) this.send(awareness);
        return;
      }
      case MessageType.auth:
        skipAuthMessage(decoder);
        return;
      default:
        throw new MalformedMessageError(`unknown message type ${type}`);
    }
  }

  private readSync(decoder: decoding.Decoder): void {
    const step = decoding.readVarUint(decoder);
    switch (step) {
      case SyncStep.step1:
        this.document.answerSyncStep1(decoding.readVarUint8Array(decoder), this);
        return;
      case SyncStep.step2:
      case SyncStep.update:
        this.applyUpdate(decoding.readVarUint8Array(decoder));
        return;
      default:
        throw new MalformedMessageError(`unknown sync step ${step}`);
    }
  }

  private applyUpdate(update: Uint8Array): void {
    const outcome = this.document.applyClientUpdate(update, this);
    if (outcome === 'read-only' && !this.refusedWriteLogged) {
      // Once per connection: an editor left editable for an observer would otherwise flood the log.
      this.refusedWriteLogged = true;
      this.options.logger.warn(
        `Dropped changes from ${this.describe()}: the connection is read-only.`,
      );
    } else if (outcome === 'over-budget') {
      this.options.logger.warn(
        `Closing ${this.describe()}: the document took its ${this.options.limits.maxAppendBytesPerMinute} bytes of changes for this minute.`,
      );
      this.close(COLLAB_CLOSE.writeBudget);
    } else if (outcome === 'too-large') {
      this.options.logger.warn(
        `Closing ${this.describe()}: the change would grow the document past its size limit.`,
      );
      this.close(COLLAB_CLOSE.tooLarge);
    }
  }

  private describe(): string {
    return `user ${this.principal.userId} on document ${this.document.docId}`;
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

/** The y-protocols "permission denied" message with the reason, then the matching close. */
export function refuseSocket(socket: WebSocket, reason: RefusalReason): void {
  const close = COLLAB_CLOSE[reason];
  if (socket.readyState !== socket.OPEN) return;
  socket.send(encodePermissionDenied(close.reason));
  socket.close(close.code, close.reason);
}
