import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type {
  CollabLogger,
  DocumentChannel,
  DocumentChannelListener,
  DocumentRelay,
} from '../collab/collab.types.js';
import { describeError } from '../collab/collab.logger.js';
import { decodeRelayMessage, encodeRelayMessage } from './relay-message.codec.js';
import type { RelayMessage } from './relay-message.codec.js';

export interface RedisDocumentRelayOptions {
  url: string;
  logger: CollabLogger;
  /** Namespaces channels and keys, so tests (or deployments) sharing one Redis never meet. Default "commonplace". */
  prefix?: string;
  /** How long an instance counts as alive after its last heartbeat. Default 3 s, refreshed every third of it. */
  aliveForMs?: number;
}

const DEFAULT_ALIVE_FOR_MS = 3_000;
/** The longest an instance waits between attempts to reconnect to Redis (ioredis's default strategy). */
const RECONNECT_DELAY_MAX_MS = 2_000;

/**
 * Relays documents between server instances over Redis pub/sub: one channel
 * per document, the sender's instance id on every message so an instance
 * ignores its own. Each instance also keeps a heartbeat key alive, so the
 * others can tell when it died and store what it had not.
 */
export class RedisDocumentRelay implements DocumentRelay {
  readonly instanceId = randomUUID();
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly listeners = new Map<string, DocumentChannelListener>();
  private readonly topics = new Map<string, (message: string) => void>();
  private readonly prefix: string;
  private readonly aliveForMs: number;
  private readonly heartbeat: NodeJS.Timeout;
  private seq = 0;
  /** When the command connection last came back after a break; null before any break. */
  private reconnectedAt: number | null = null;
  private failing = false;
  private closed = false;

  private constructor(private readonly options: RedisDocumentRelayOptions) {
    this.prefix = options.prefix ?? 'commonplace';
    this.aliveForMs = options.aliveForMs ?? DEFAULT_ALIVE_FOR_MS;
    // Named, so CLIENT LIST in production shows which instance holds which connection.
    const name = (role: string) => `${this.prefix}-collab-${role}-${this.instanceId}`;
    this.publisher = new Redis(options.url, { lazyConnect: true, connectionName: name('pub') });
    this.subscriber = new Redis(options.url, { lazyConnect: true, connectionName: name('sub') });
    for (const connection of [this.publisher, this.subscriber]) {
      // ioredis reconnects by itself; without a listener an error event would crash the process.
      connection.on('error', (error: unknown) => this.failed('Redis connection', error));
    }
    this.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) =>
      this.onMessage(channel.toString(), message),
    );
    let publisherConnectedBefore = false;
    this.publisher.on('ready', () => {
      if (publisherConnectedBefore) {
        this.reconnectedAt = Date.now();
        // A Redis that restarted holds no heartbeat: say at once that this instance lives.
        this.beat();
      }
      publisherConnectedBefore = true;
    });
    // ioredis resubscribes by itself after a break; the messages of the break are gone, so each doc asks its peers again.
    let connectedBefore = false;
    this.subscriber.on('ready', () => {
      if (connectedBefore) {
        // A document opened while Redis was away may have no subscription yet: subscribe them all again.
        const channels = [...this.listeners.keys()];
        if (channels.length > 0)
          this.subscriber
            .subscribe(...channels)
            .catch((error: unknown) => this.failed('Joining the open documents again', error));
        for (const listener of this.listeners.values()) listener.reconnected();
      }
      connectedBefore = true;
    });
    this.heartbeat = setInterval(() => this.beat(), Math.max(100, this.aliveForMs / 3));
    this.heartbeat.unref();
  }

  /** Connects both Redis connections and announces this instance alive. */
  static async connect(options: RedisDocumentRelayOptions): Promise<RedisDocumentRelay> {
    const relay = new RedisDocumentRelay(options);
    try {
      await Promise.all([relay.publisher.connect(), relay.subscriber.connect()]);
      await relay.publisher.set(relay.aliveKey(relay.instanceId), '1', 'PX', relay.aliveForMs);
    } catch (error) {
      await relay.close();
      throw error;
    }
    return relay;
  }

  /** Both connections to Redis are up; otherwise documents are served by this instance alone until they are. */
  connected(): boolean {
    return this.publisher.status === 'ready' && this.subscriber.status === 'ready';
  }

  /** The command connection, for other small jobs that share this instance's Redis and heartbeat. */
  get commands(): Redis {
    return this.publisher;
  }

  /** Namespaces a key like every key of this relay. */
  key(suffix: string): string {
    return `${this.prefix}:${suffix}`;
  }

  /** The ids of the other live instances sharing this Redis. */
  async alivePeers(): Promise<string[]> {
    const peers: string[] = [];
    const prefix = this.aliveKey('');
    let cursor = '0';
    do {
      const [next, keys] = await this.publisher.scan(
        cursor,
        'MATCH',
        this.aliveKey('*'),
        'COUNT',
        500,
      );
      for (const key of keys)
        if (key !== this.aliveKey(this.instanceId)) peers.push(key.slice(prefix.length));
      cursor = next;
    } while (cursor !== '0');
    return peers;
  }

  /** Another live instance shares this Redis (this one is never counted). */
  async anyPeerAlive(): Promise<boolean> {
    let cursor = '0';
    do {
      const [next, keys] = await this.publisher.scan(
        cursor,
        'MATCH',
        this.aliveKey('*'),
        'COUNT',
        500,
      );
      if (keys.some((key) => key !== this.aliveKey(this.instanceId))) return true;
      cursor = next;
    } while (cursor !== '0');
    return false;
  }

  /**
   * Hears `topic` on every instance, this one included: for news that one
   * instance learns and all must act on (a student removed from a group, say).
   */
  async subscribeTopic(topic: string, handler: (message: string) => void): Promise<() => void> {
    const channel = this.key(`collab:topic:${topic}`);
    this.topics.set(channel, handler);
    await this.subscriber.subscribe(channel);
    return () => {
      if (this.topics.get(channel) !== handler) return;
      this.topics.delete(channel);
      if (!this.closed) {
        this.subscriber
          .unsubscribe(channel)
          .catch((error: unknown) => this.failed(`Leaving ${channel}`, error));
      }
    };
  }

  publishTopic(topic: string, message: string): void {
    if (this.closed) return;
    this.publisher.publish(this.key(`collab:topic:${topic}`), message).then(
      () => {
        this.failing = false;
      },
      (error: unknown) => this.failed(`Publishing on ${topic}`, error),
    );
  }

  nextSeq(): number {
    const seq = this.seq;
    this.seq += 1;
    return seq;
  }

  async open(docId: string, listener: DocumentChannelListener): Promise<DocumentChannel> {
    const channel = this.channelOf(docId);
    this.listeners.set(channel, listener);
    if (this.connected()) {
      try {
        await this.subscriber.subscribe(channel);
      } catch (error) {
        this.listeners.delete(channel);
        throw error;
      }
    } else {
      // Redis is away: the document opens on this instance alone, and joins its channel (and
      // asks its peers for what it missed) when Redis is back. A subscribe queued now could
      // fail after ioredis's retries, so the reconnect subscribes every open channel again.
      this.subscriber
        .subscribe(channel)
        .catch((error: unknown) => this.failed(`Joining ${channel} while Redis is away`, error));
    }
    const origin = this.instanceId;
    let open = true;
    const publish = (message: RelayMessage): void => {
      if (open) this.publish(channel, message);
    };
    return {
      publishUpdate: (update) => publish({ kind: 'update', update: { ...update, origin } }),
      publishAwareness: (update) => publish({ kind: 'awareness', origin, update }),
      publishStored: (seqs) => publish({ kind: 'stored', origin, seqs }),
      requestCatchUp: (stateVector) => publish({ kind: 'catch-up-request', origin, stateVector }),
      close: () => {
        if (!open) return;
        open = false;
        if (this.listeners.get(channel) === listener) this.listeners.delete(channel);
        if (!this.closed) {
          this.subscriber
            .unsubscribe(channel)
            .catch((error: unknown) => this.failed(`Leaving ${channel}`, error));
        }
      },
    };
  }

  async isAlive(instanceId: string): Promise<boolean> {
    if (instanceId === this.instanceId) return true;
    if ((await this.publisher.exists(this.aliveKey(instanceId))) === 1) return true;
    // Just after a break the missing heartbeat proves nothing: a Redis that restarted empty holds
    // none until every live instance has reconnected (each on its own schedule) and beaten again.
    // Taking one for dead then would store its changes a second time, beside its own copy.
    const settled = this.aliveForMs + RECONNECT_DELAY_MAX_MS;
    return this.reconnectedAt !== null && Date.now() - this.reconnectedAt < settled;
  }

  /** Stops the heartbeat, says this instance is gone, and disconnects. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.listeners.clear();
    try {
      if (this.publisher.status === 'ready')
        await this.publisher.del(this.aliveKey(this.instanceId));
    } catch (error) {
      this.failed('Removing the heartbeat', error);
    }
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }

  private onMessage(channel: string, bytes: Buffer): void {
    const topic = this.topics.get(channel);
    if (topic !== undefined) {
      try {
        topic(bytes.toString('utf8'));
      } catch (error) {
        this.options.logger.error(`Could not handle news on ${channel}: ${describeError(error)}`);
      }
      return;
    }
    const listener = this.listeners.get(channel);
    if (listener === undefined) return;
    let message: RelayMessage;
    try {
      message = decodeRelayMessage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
    } catch (error) {
      this.options.logger.warn(
        `Ignored an unreadable message on ${channel}: ${describeError(error)}`,
      );
      return;
    }
    const origin = message.kind === 'update' ? message.update.origin : message.origin;
    if (origin === this.instanceId) return;
    try {
      switch (message.kind) {
        case 'update':
          listener.update(message.update);
          return;
        case 'awareness':
          listener.awareness(message.update);
          return;
        case 'stored':
          listener.stored(message.origin, message.seqs);
          return;
        case 'catch-up-request': {
          const catchUp = listener.catchUpRequested(message.stateVector);
          if (catchUp !== null) {
            this.publish(channel, {
              kind: 'catch-up',
              origin: this.instanceId,
              to: message.origin,
              catchUp,
            });
          }
          return;
        }
        case 'catch-up':
          if (message.to === this.instanceId) listener.caughtUp(message.catchUp);
          return;
      }
    } catch (error) {
      this.options.logger.error(
        `Could not handle a ${message.kind} on ${channel}: ${describeError(error)}`,
      );
    }
  }

  private publish(channel: string, message: RelayMessage): void {
    if (this.closed) return;
    this.publisher.publish(channel, Buffer.from(encodeRelayMessage(message))).then(
      () => {
        this.failing = false;
      },
      (error: unknown) => this.failed(`Publishing on ${channel}`, error),
    );
  }

  private beat(): void {
    this.publisher
      .set(this.aliveKey(this.instanceId), '1', 'PX', this.aliveForMs)
      .catch((error: unknown) => this.failed('The heartbeat', error));
  }

  /** Logged once per outage: a Redis that is down would otherwise flood the log. */
  private failed(what: string, error: unknown): void {
    if (this.failing || this.closed) return;
    this.failing = true;
    this.options.logger.error(
      `${what} failed; documents are not shared with other instances until Redis answers again: ${describeError(error)}`,
    );
  }

  private channelOf(docId: string): string {
    return `${this.prefix}:collab:doc:${docId}`;
  }

  private aliveKey(instanceId: string): string {
    return `${this.prefix}:collab:alive:${instanceId}`;
  }
}
