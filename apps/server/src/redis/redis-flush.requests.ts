import { randomUUID } from 'node:crypto';
import type { CollabLogger } from '../collab/collab.types.js';
import { describeError } from '../collab/collab.logger.js';
import type { RedisDocumentRelay } from './redis-document.relay.js';

const REQUESTS_TOPIC = 'flush-requests';
const ANSWERS_TOPIC = 'flush-answers';

interface FlushRequest {
  requestId: string;
  from: string;
  docId: string;
}

interface FlushAnswer {
  requestId: string;
  to: string;
  from: string;
}

/** What asking the peers to store a document came to. */
export interface PeerFlushOutcome {
  /** Instances alive when asked. */
  asked: number;
  /** Those that had not answered when the wait ended. */
  silent: string[];
}

interface Waiting {
  readonly expected: Set<string>;
  readonly done: () => void;
}

/**
 * Asks every other instance to store one document's gathered changes now and
 * waits for each to say it has (or had nothing open): edits typed on another
 * instance within its batch window are otherwise not yet in the log. Each
 * instance answers every request, holding the doc or not, so the asker knows
 * whom to wait for from the heartbeats alone.
 */
export class RedisFlushRequests {
  private readonly waiting = new Map<string, Waiting>();
  private readonly leave: Array<() => void> = [];

  constructor(
    private readonly relay: RedisDocumentRelay,
    private readonly flushLocal: (docId: string) => Promise<unknown>,
    private readonly logger: CollabLogger,
  ) {}

  /** Starts answering peers' requests and hearing their answers. */
  async start(): Promise<void> {
    this.leave.push(
      await this.relay.subscribeTopic(REQUESTS_TOPIC, (message) => this.onRequest(message)),
      await this.relay.subscribeTopic(ANSWERS_TOPIC, (message) => this.onAnswer(message)),
    );
  }

  stop(): void {
    for (const leave of this.leave.splice(0)) leave();
    for (const waiting of this.waiting.values()) waiting.done();
    this.waiting.clear();
  }

  /**
   * Resolves once every live peer answered, or after `timeoutMs` (counted from
   * the call, the look-up of the live peers included) with those that did not.
   * Rejects if Redis cannot even say which peers are alive within that time.
   */
  async flushOnPeers(docId: string, timeoutMs: number): Promise<PeerFlushOutcome> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), timeoutMs);
    });
    try {
      const peers = await Promise.race([this.relay.alivePeers(), late]);
      if (peers === 'late') {
        throw new Error(`Redis did not list the live instances within ${timeoutMs} ms.`);
      }
      if (peers.length === 0) return { asked: 0, silent: [] };
      const requestId = randomUUID();
      const expected = new Set(peers);
      const answered = new Promise<void>((resolve) => {
        this.waiting.set(requestId, { expected, done: resolve });
      });
      const request: FlushRequest = { requestId, from: this.relay.instanceId, docId };
      this.relay.publishTopic(REQUESTS_TOPIC, JSON.stringify(request));
      await Promise.race([answered, late]);
      this.waiting.delete(requestId);
      return { asked: peers.length, silent: [...expected] };
    } finally {
      clearTimeout(timer);
    }
  }

  private onRequest(message: string): void {
    const request = JSON.parse(message) as FlushRequest;
    if (request.from === this.relay.instanceId) return;
    const answer: FlushAnswer = {
      requestId: request.requestId,
      to: request.from,
      from: this.relay.instanceId,
    };
    this.flushLocal(request.docId).then(
      () => this.relay.publishTopic(ANSWERS_TOPIC, JSON.stringify(answer)),
      // No answer: the asker waits its bounded time and says so, rather than pinning as if all were stored.
      (error: unknown) =>
        this.logger.error(
          `Could not store document ${request.docId} when a peer asked: ${describeError(error)}`,
        ),
    );
  }

  private onAnswer(message: string): void {
    const answer = JSON.parse(message) as FlushAnswer;
    if (answer.to !== this.relay.instanceId) return;
    const waiting = this.waiting.get(answer.requestId);
    if (waiting === undefined) return;
    waiting.expected.delete(answer.from);
    if (waiting.expected.size === 0) waiting.done();
  }
}
