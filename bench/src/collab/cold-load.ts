import { median, nowMs, percentile, round, sleep } from '../common/stats.js';
import type { BenchClient, Dialect } from './bench-client.js';
import { connectClient } from './bench-client.js';
import { ServerHandle } from './server-handle.js';
import type { ServerKind } from './server-handle.js';

export interface ColdLoadResult {
  readonly server: ServerKind;
  readonly updates: number;
  readonly textLength: number;
  /** Connect → synced with the document already in the server's memory (a builder still connected). */
  readonly warmMedianMs: number;
  readonly warmRunsMs: readonly number[];
  /** Connect → synced right after a server restart (only a persistent server can do this). */
  readonly restartedMedianMs: number | null;
  /** Nearest-rank 90th percentile of the same runs. */
  readonly restartedP90Ms: number | null;
  readonly restartedRunsMs: readonly number[];
  readonly intact: boolean;
}

export interface ColdLoadTarget {
  readonly kind: ServerKind;
  readonly dialect: Dialect;
  readonly env: Readonly<Record<string, string>>;
  readonly textName: string;
  readonly docName: string;
  /** The URL (and token) for builder `index` on a server listening on `port`. */
  readonly client: (port: number, index?: number) => { url: string; token?: string };
  readonly persistent: boolean;
  /** Edits per second per builder connection, under the server's per-connection frame limit. */
  readonly editsPerSecondPerBuilder: number;
}

/** Several clients build the document together, each at most this many connections. */
const BUILDERS = 20;

async function timeToSync(
  target: ColdLoadTarget,
  port: number,
  expectedLength: number,
): Promise<{ ms: number; intact: boolean }> {
  const started = nowMs();
  const client = await connectClient(
    {
      ...target.client(port),
      docName: target.docName,
      dialect: target.dialect,
      textName: target.textName,
    },
    60_000,
  );
  const ms = nowMs() - started;
  const intact = client.text.length === expectedLength;
  await client.close();
  return { ms, intact };
}

/** Builds a document from `updates` one-character inserts sent as separate Yjs updates, then times loading it. */
export async function runColdLoad(
  target: ColdLoadTarget,
  updates: number,
  runs: number,
): Promise<ColdLoadResult> {
  let server = await ServerHandle.start(target.kind, target.env);
  let builders: BenchClient[] = [];
  try {
    // Real clients typing one character per update, each paced under the per-connection limit.
    builders = await Promise.all(
      Array.from({ length: BUILDERS }, (_, index) =>
        connectClient({
          ...target.client(server.port, index),
          docName: target.docName,
          dialect: target.dialect,
          textName: target.textName,
        }),
      ),
    );
    const perBuilder = Math.ceil(updates / BUILDERS);
    const tickMs = 20;
    const perTick = Math.max(1, Math.floor((target.editsPerSecondPerBuilder * tickMs) / 1000));
    await Promise.all(
      builders.map(async (builder, index) => {
        const mine = Math.min(perBuilder, Math.max(0, updates - index * perBuilder));
        for (let done = 0; done < mine;) {
          for (let k = 0; k < perTick && done < mine; k += 1, done += 1) {
            builder.text.insert(
              Math.floor(Math.random() * (builder.text.length + 1)),
              String.fromCharCode(97 + (done % 26)),
            );
          }
          await builder.drained();
          await sleep(tickMs);
        }
      }),
    );
    const expectedLength = updates;
    // The server has everything once a fresh client sees the whole text.
    const deadline = nowMs() + 120_000;
    for (;;) {
      const probe = await timeToSync(target, server.port, expectedLength);
      if (probe.intact) break;
      if (nowMs() > deadline) throw new Error('the server never showed the whole built document');
      await sleep(200);
    }
    const warm: number[] = [];
    let intact = true;
    for (let run = 0; run < runs; run += 1) {
      const result = await timeToSync(target, server.port, expectedLength);
      warm.push(round(result.ms));
      intact &&= result.intact;
    }
    const restarted: number[] = [];
    if (target.persistent) {
      await Promise.all(builders.map((builder) => builder.close()));
      builders = [];
      for (let run = 0; run < runs; run += 1) {
        // A graceful stop flushes; the next server is a fresh Node process with nothing in memory
        // (no module, connection, JIT or cache of the last one), timed from its first connection.
        await server.stop();
        server = await ServerHandle.start(target.kind, target.env);
        const result = await timeToSync(target, server.port, expectedLength);
        restarted.push(round(result.ms));
        intact &&= result.intact;
      }
    }
    return {
      server: target.kind,
      updates,
      textLength: expectedLength,
      warmMedianMs: round(median(warm)),
      warmRunsMs: warm,
      restartedMedianMs: restarted.length ? round(median(restarted)) : null,
      restartedP90Ms: restarted.length
        ? round(
            percentile(
              [...restarted].sort((a, b) => a - b),
              0.9,
            ),
          )
        : null,
      restartedRunsMs: restarted,
      intact,
    };
  } finally {
    await Promise.all(builders.map((builder) => builder.close()));
    await server.stop();
  }
}
