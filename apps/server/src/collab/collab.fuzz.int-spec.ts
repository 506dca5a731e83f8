import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { COLLAB_CLOSE, WORKSPACE_TEXT } from '@commonplace/shared';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  InMemoryPersistence,
  RecordingLogger,
  TokenAuthorizer,
  startCollabServer,
  waitFor,
} from './collab.testing.js';
import type { RunningCollabServer } from './collab.testing.js';

const DOC = 'fuzzed';
const MAX_MESSAGE_BYTES = 64 * 1024;
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 40);
const CONNECTIONS_PER_ROUND = 60;
/** Allowed heap growth after GC: the doc and the store grow a little with each round's real edit. */
const HEAP_SLACK_BYTES = 4 * 1024 * 1024;
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);

/** Jest runs without --expose-gc; this asks V8 for the function anyway. */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** mulberry32: small, seeded, so a failing run can be replayed with FUZZ_SEED. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Offence = 'garbage' | 'truncated' | 'oversized' | 'text';

interface Attack {
  offence: Offence;
  payload: Uint8Array | string;
  /** The close the server must answer with. */
  expectedCode: number;
}

/** Well-formed messages a real client sends; cut short, each becomes unreadable. */
function wellFormedMessages(): Uint8Array[] {
  const doc = new Y.Doc();
  doc.getText(WORKSPACE_TEXT).insert(0, 'A fairly ordinary sentence with ü and 🙂 in it.');
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState({ user: { name: 'Fuzz', color: '#123456' } });
  const message = (write: (encoder: encoding.Encoder) => void): Uint8Array => {
    const encoder = encoding.createEncoder();
    write(encoder);
    return encoding.toUint8Array(encoder);
  };
  const messages = [
    message((e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeSyncStep1(e, doc);
    }),
    message((e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(doc));
    }),
    message((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(
        e,
        awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]),
      );
    }),
  ];
  awareness.destroy();
  doc.destroy();
  return messages;
}

function attacks(next: () => number, count: number): Attack[] {
  const valid = wellFormedMessages();
  const bytes = (length: number): Uint8Array =>
    Uint8Array.from({ length }, () => Math.floor(next() * 256));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const malformed = COLLAB_CLOSE.malformed.code;
  return Array.from({ length: count }, (): Attack => {
    const offence = pick<Offence>([
      'garbage',
      'garbage',
      'truncated',
      'truncated',
      'oversized',
      'text',
    ]);
    switch (offence) {
      case 'garbage': {
        // A first byte outside the protocol's message types, then anything.
        const payload = bytes(1 + Math.floor(next() * 2048));
        payload[0] = 4 + Math.floor(next() * 124);
        return { offence, payload, expectedCode: malformed };
      }
      case 'truncated': {
        const message = pick(valid);
        return {
          offence,
          payload: message.slice(0, Math.floor(next() * message.length)),
          expectedCode: malformed,
        };
      }
      case 'oversized':
        // Refused at the frame header, before its content is read: the content does not matter.
        return {
          offence,
          payload: new Uint8Array(
            MAX_MESSAGE_BYTES + 1 + Math.floor(next() * 3 * MAX_MESSAGE_BYTES),
          ).fill(Math.floor(next() * 256)),
          expectedCode: COLLAB_CLOSE.tooLarge.code,
        };
      case 'text':
        return {
          offence,
          payload: String.fromCharCode(...bytes(1 + Math.floor(next() * 64))),
          expectedCode: malformed,
        };
    }
  });
}

/** Opens a raw socket, sends one offending message, and resolves with the close the server sent. */
function attack(server: RunningCollabServer, payload: Uint8Array | string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const socket = new WebSocket(`${server.url}/${DOC}?token=fuzz-token`);
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error('the server did not close an offending connection within 5 s'));
    }, 5_000);
    socket.on('error', () => undefined);
    socket.once('open', () => socket.send(payload, { binary: typeof payload !== 'string' }));
    socket.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('CollabEndpoint under fuzzed input', () => {
  let server: RunningCollabServer;
  let logger: RecordingLogger;
  const gc = exposeGc();

  beforeAll(async () => {
    logger = new RecordingLogger();
    server = await startCollabServer({
      authorizer: new TokenAuthorizer(
        {
          'fuzz-token': { userId: 'fuzzer', access: 'read-write' },
          'ann-token': { userId: 'ann', access: 'read-write' },
          'ben-token': { userId: 'ben', access: 'read-write' },
        },
        new Set([DOC]),
      ),
      persistence: new InMemoryPersistence(),
      logger,
      limits: { flushWindowMs: 20, maxMessageBytes: MAX_MESSAGE_BYTES },
    });
  });

  afterAll(async () => {
    await server.stop();
  });

  it(`closes every connection that sends a random, truncated or oversized frame, while a real client keeps converging and the heap returns to baseline (seed ${SEED})`, async () => {
    const writers = ['ann-token', 'ben-token'].map((token) => {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(server.url, DOC, doc, {
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        params: { token },
        disableBc: true,
      });
      return { doc, provider, text: doc.getText(WORKSPACE_TEXT) };
    });
    const [ann, ben] = writers;
    if (!ann || !ben) throw new Error('two writers expected');
    try {
      await waitFor(() => ann.provider.synced && ben.provider.synced, 5_000, 'the writers to sync');
      const next = random(SEED);
      const outcomes = new Map<string, number>();
      const runRound = async (round: number) => {
        const batch = attacks(next, CONNECTIONS_PER_ROUND);
        const codes = await Promise.all(batch.map((a) => attack(server, a.payload)));
        batch.forEach((a, index) => {
          const code = codes[index];
          const key = `${a.offence}→${code}`;
          outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
          if (code !== a.expectedCode) {
            throw new Error(
              `Round ${round}: a ${a.offence} message of ${a.payload.length} bytes closed with ${code}, expected ${a.expectedCode}.`,
            );
          }
        });
        // Each closing is logged as a warning; dropped here so the log is not counted as a leak.
        logger.warnings.splice(0);
        // The well-behaved clients edit in turn and must see each other's work.
        const writer = round % 2 === 0 ? ann : ben;
        const reader = writer === ann ? ben : ann;
        writer.text.insert(next() < 0.5 ? 0 : writer.text.length, `[${round}]`);
        const expected = writer.text.toString();
        await waitFor(
          () => reader.text.toString() === expected,
          5_000,
          `convergence in round ${round}`,
        );
      };

      // One warm-up round, so lazily created things (ws buffers, JIT) are in the baseline.
      await runRound(-1);
      await waitFor(() => server.endpoint.connectionCount === 2, 5_000, 'attackers gone');
      gc();
      gc();
      const baseline = process.memoryUsage().heapUsed;

      for (let round = 0; round < ROUNDS; round++) await runRound(round);

      expect(server.endpoint.documentCount).toBe(1);
      await waitFor(() => server.endpoint.connectionCount === 2, 5_000, 'attackers gone');
      expect(ann.provider.wsconnected && ben.provider.wsconnected).toBe(true);
      expect(ann.text.toString()).toBe(ben.text.toString());
      for (let round = 0; round < ROUNDS; round++)
        expect(ann.text.toString()).toContain(`[${round}]`);
      for (const offence of ['garbage', 'truncated', 'oversized', 'text'])
        expect([...outcomes.keys()].some((key) => key.startsWith(offence))).toBe(true);
      // Every offending connection was logged as the only one to pay; nothing failed server-wide.
      expect(logger.errors).toEqual([]);

      gc();
      gc();
      const growth = process.memoryUsage().heapUsed - baseline;
      expect(growth).toBeLessThan(HEAP_SLACK_BYTES);
    } finally {
      for (const writer of writers) {
        writer.provider.destroy();
        writer.doc.destroy();
      }
    }
  }, 120_000);
});
