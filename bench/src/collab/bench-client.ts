import type { RawData } from './deps.js';
import { WebSocket, Y, decoding, encoding, syncProtocol } from './deps.js';

/**
 * y-websocket's framing (Commonplace speaks it too), or Hocuspocus's, which
 * prefixes every frame with the document name and wants an auth frame first.
 */
export type Dialect = 'y-websocket' | 'hocuspocus';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_AUTH = 2;
const MESSAGE_QUERY_AWARENESS = 3;
const HOCUSPOCUS_SYNC_REPLY = 4;
const HOCUSPOCUS_SYNC_STATUS = 8;
const SYNC_STEP_2 = 1;

/** Marks updates that arrived from the server, so they are not echoed back. */
const REMOTE = Symbol('remote');

export interface BenchClientOptions {
  readonly url: string;
  readonly docName: string;
  readonly dialect: Dialect;
  readonly textName: string;
  /** Hocuspocus's auth frame carries it; Commonplace reads it from the URL. */
  readonly token?: string;
  /** Called after each update from the server has been applied. */
  readonly onRemoteUpdate?: () => void;
  /** Send local edits as they happen (off for the cold-load builder, which packs them). */
  readonly autoSend?: boolean;
}

/**
 * A raw y-protocols client over `ws`: sync handshake and updates only, no
 * awareness and no provider machinery, so thousands fit in one process.
 */
export class BenchClient {
  readonly doc = new Y.Doc();
  readonly text: Y.Text;
  private readonly ws: WebSocket;
  private syncedResolve: (() => void) | undefined;
  private failed: ((error: Error) => void) | undefined;
  readonly synced: Promise<void>;
  isSynced = false;
  closeReason: string | undefined;

  constructor(private readonly options: BenchClientOptions) {
    this.text = this.doc.getText(options.textName);
    this.synced = new Promise<void>((resolve, reject) => {
      this.syncedResolve = resolve;
      this.failed = reject;
    });
    this.synced.catch(() => undefined);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) {
        options.onRemoteUpdate?.();
        return;
      }
      if (options.autoSend !== false) this.send(this.updateFrame(update));
    });
    this.ws = new WebSocket(options.url, { perMessageDeflate: false });
    this.ws.binaryType = 'nodebuffer';
    this.ws.on('open', () => {
      if (options.dialect === 'hocuspocus') {
        this.send(
          this.frame((encoder) => {
            encoding.writeVarUint(encoder, MESSAGE_AUTH);
            encoding.writeVarUint(encoder, 0);
            encoding.writeVarString(encoder, options.token ?? '');
          }),
        );
      }
      this.send(
        this.frame((encoder) => {
          encoding.writeVarUint(encoder, MESSAGE_SYNC);
          syncProtocol.writeSyncStep1(encoder, this.doc);
        }),
      );
    });
    this.ws.on('message', (data: RawData) => this.receive(data));
    this.ws.on('close', (code: number, reason: Buffer) => {
      this.closeReason = `${code} ${reason.toString()}`;
      this.failed?.(new Error(`connection closed before sync: ${this.closeReason}`));
    });
    this.ws.on('error', (error: Error) => this.failed?.(error));
  }

  /** One sync-update frame (with the document-name prefix where the dialect wants it). */
  updateFrame(update: Uint8Array): Uint8Array {
    return this.frame((encoder) => {
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
    });
  }

  send(message: Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(message);
  }

  /** Resolves once the socket's send buffer has drained below `bytes`. */
  async drained(bytes = 1 << 20): Promise<void> {
    while (this.ws.readyState === WebSocket.OPEN && this.ws.bufferedAmount > bytes) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
      setTimeout(() => {
        this.ws.terminate();
        resolve();
      }, 2000).unref();
    });
  }

  private frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
    const encoder = encoding.createEncoder();
    if (this.options.dialect === 'hocuspocus')
      encoding.writeVarString(encoder, this.options.docName);
    write(encoder);
    return encoding.toUint8Array(encoder);
  }

  private receive(data: RawData): void {
    const bytes = Array.isArray(data)
      ? Buffer.concat(data)
      : data instanceof ArrayBuffer
        ? Buffer.from(data)
        : data;
    const decoder = decoding.createDecoder(
      new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    );
    // Several frames may share one message (Commonplace batches them).
    while (decoding.hasContent(decoder)) {
      if (this.options.dialect === 'hocuspocus') decoding.readVarString(decoder);
      const type = decoding.readVarUint(decoder);
      switch (type) {
        case MESSAGE_SYNC:
        case HOCUSPOCUS_SYNC_REPLY: {
          const reply = encoding.createEncoder();
          if (this.options.dialect === 'hocuspocus')
            encoding.writeVarString(reply, this.options.docName);
          encoding.writeVarUint(reply, MESSAGE_SYNC);
          const empty = encoding.length(reply);
          const syncType = syncProtocol.readSyncMessage(decoder, reply, this.doc, REMOTE);
          if (encoding.length(reply) > empty) this.send(encoding.toUint8Array(reply));
          if (syncType === SYNC_STEP_2 && !this.isSynced) {
            this.isSynced = true;
            this.syncedResolve?.();
          }
          break;
        }
        case MESSAGE_AWARENESS:
          decoding.readVarUint8Array(decoder);
          break;
        case MESSAGE_AUTH: {
          const status = decoding.readVarUint(decoder);
          const detail = decoding.readVarString(decoder);
          const denied = this.options.dialect === 'hocuspocus' ? status === 1 : status === 0;
          if (denied) this.failed?.(new Error(`permission denied: ${detail}`));
          break;
        }
        case MESSAGE_QUERY_AWARENESS:
          break;
        case HOCUSPOCUS_SYNC_STATUS:
          decoding.readVarUint(decoder);
          break;
        default:
          return;
      }
    }
  }
}

/** Connects and resolves once the initial sync is done, or rejects after `timeoutMs`. */
export async function connectClient(
  options: BenchClientOptions,
  timeoutMs = 30_000,
): Promise<BenchClient> {
  const client = new BenchClient(options);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.synced,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no sync within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    await client.close();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return client;
}
