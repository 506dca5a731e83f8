import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Samples, nowMs, round, sleep } from '../common/stats.js';
import type { LatencySummary } from '../common/stats.js';
import type { BenchClient, Dialect } from './bench-client.js';
import { connectClient } from './bench-client.js';
import { Y } from './deps.js';
import type { ServerHandle } from './server-handle.js';

export interface DocTarget {
  readonly docName: string;
  /** Per client: the URL to open (token included where needed) and its token. */
  readonly clients: readonly { readonly url: string; readonly token?: string }[];
}

export interface LevelSettings {
  readonly editsPerSecond: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly drainMs: number;
  readonly textName: string;
  readonly dialect: Dialect;
  /** Where to write a perf profile of the server over the measured window, if anywhere. */
  readonly perfFile?: string;
}

export interface LevelResult {
  readonly docs: number;
  readonly clientsPerDoc: number;
  readonly connections: number;
  readonly connectSeconds: number;
  readonly windowMs: number;
  readonly editsSent: number;
  /** Edit → every other client of its doc has it (the slowest receiver), ms. */
  readonly latencyMs: LatencySummary;
  readonly deliveries: number;
  readonly deliveriesPerSecond: number;
  readonly lostDeliveries: number;
  readonly divergedDocs: number;
  readonly serverCpuMs: number;
  readonly serverCpuPercent: number;
  readonly serverCpuMsPer1000Deliveries: number;
  readonly serverRssBaselineMb: number;
  readonly serverRssMb: number;
  readonly serverRssPerConnectionKb: number;
  /** The same for live objects (heap in use + external), which pages kept by V8 do not blur. */
  readonly serverLivePerConnectionKb: number;
  readonly generatorCpuPercent: number;
  readonly generatorLoopDelayP99Ms: number;
  /** The generator, not the server, may be what limits these numbers. */
  readonly loadBound: boolean;
  readonly failedConnections: number;
  readonly firstConnectionError: string | null;
}

interface Edit {
  /** The editor's Yjs clock after the edit: a receiver has it once its state for that client reaches this. */
  readonly clockAfter: number;
  readonly sentAt: number;
  readonly measured: boolean;
  received: number;
  slowest: number;
}

class DocUnderLoad {
  readonly clients: BenchClient[] = [];
  /** edits[e]: editor e's edits in clock order. */
  readonly edits: Edit[][] = [];
  /** cursors[r][e]: how many of editor e's edits receiver r has seen. */
  readonly cursors: number[][] = [];

  constructor(
    private readonly onComplete: (edit: Edit, latency: number) => void,
    private readonly onDelivery: (edit: Edit) => void,
  ) {}

  add(client: BenchClient): void {
    this.clients.push(client);
    this.edits.push([]);
  }

  init(): void {
    for (let r = 0; r < this.clients.length; r += 1) this.cursors.push(this.clients.map(() => 0));
  }

  /** Receiver r applied a remote update: every edit its state now covers is delivered to it. */
  observe(r: number): void {
    const receiver = this.clients[r];
    const cursors = this.cursors[r];
    if (!receiver || !cursors) return;
    const at = nowMs();
    for (let e = 0; e < this.clients.length; e += 1) {
      if (e === r) continue;
      const edits = this.edits[e] ?? [];
      const editor = this.clients[e];
      if (!editor || (cursors[e] ?? 0) >= edits.length) continue;
      const state = Y.getState(receiver.doc.store, editor.doc.clientID);
      let cursor = cursors[e] ?? 0;
      while (cursor < edits.length) {
        const edit = edits[cursor];
        if (!edit || edit.clockAfter > state) break;
        edit.received += 1;
        edit.slowest = Math.max(edit.slowest, at - edit.sentAt);
        this.onDelivery(edit);
        if (edit.received === this.clients.length - 1) this.onComplete(edit, edit.slowest);
        cursor += 1;
      }
      cursors[e] = cursor;
    }
  }

  edit(e: number, measured: boolean): void {
    const client = this.clients[e];
    if (!client) return;
    const text = client.text;
    client.doc.transact(() => {
      const length = text.length;
      // About one edit in five deletes a little; it also inserts, so the edit advances the clock and can be tracked.
      if (length > 8 && Math.random() < 0.2) {
        const at = Math.floor(Math.random() * (length - 3));
        text.delete(at, 1 + Math.floor(Math.random() * 3));
        text.insert(at, 'y');
      } else {
        text.insert(Math.floor(Math.random() * (length + 1)), 'word ');
      }
    });
    this.edits[e]?.push({
      clockAfter: Y.getState(client.doc.store, client.doc.clientID),
      sentAt: nowMs(),
      measured,
      received: 0,
      slowest: 0,
    });
  }

  undelivered(): number {
    let lost = 0;
    for (const edits of this.edits)
      for (const edit of edits) lost += this.clients.length - 1 - edit.received;
    return lost;
  }

  diverged(): boolean {
    const [first, ...rest] = this.clients;
    if (!first) return false;
    const text = first.text.toString();
    const vector = Buffer.from(Y.encodeStateVector(first.doc)).toString('base64');
    return rest.some(
      (client) =>
        client.text.toString() !== text ||
        Buffer.from(Y.encodeStateVector(client.doc)).toString('base64') !== vector,
    );
  }
}

async function inBatches<T>(
  items: readonly T[],
  size: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  for (let start = 0; start < items.length; start += size) {
    await Promise.all(items.slice(start, start + size).map(work));
  }
}

/** One level on one server: connect everyone, edit open-loop at a fixed rate, measure, drain, check. */
export async function runLevel(
  server: ServerHandle,
  targets: readonly DocTarget[],
  settings: LevelSettings,
): Promise<LevelResult> {
  const latencies = new Samples();
  let deliveries = 0;
  let measuring = false;
  const docs = targets.map(
    () =>
      new DocUnderLoad(
        (edit, latency) => {
          if (edit.measured) latencies.add(latency);
        },
        () => {
          if (measuring) deliveries += 1;
        },
      ),
  );
  await sleep(300);
  const baseline = await server.memory();
  let failedConnections = 0;
  let firstConnectionError: string | null = null;
  const connectStarted = nowMs();
  const slots = targets.flatMap((target, d) =>
    target.clients.map((client, c) => ({ target, client, d, c })),
  );
  const connected = new Map<string, BenchClient>();
  // A receiver's index in its doc is known only once every connection has settled (some may fail).
  const receiverIndex = new Map<string, number>();
  await inBatches(slots, 25, async ({ target, client, d, c }) => {
    try {
      const doc = docs[d];
      const bench = await connectClient({
        url: client.url,
        token: client.token,
        docName: target.docName,
        dialect: settings.dialect,
        textName: settings.textName,
        onRemoteUpdate: () => {
          const index = receiverIndex.get(`${d}:${c}`);
          if (index !== undefined) doc?.observe(index);
        },
      });
      connected.set(`${d}:${c}`, bench);
    } catch (error) {
      failedConnections += 1;
      firstConnectionError ??= error instanceof Error ? error.message : String(error);
    }
  });
  targets.forEach((target, d) =>
    target.clients.forEach((_, c) => {
      const client = connected.get(`${d}:${c}`);
      const doc = docs[d];
      if (client && doc) {
        receiverIndex.set(`${d}:${c}`, doc.clients.length);
        doc.add(client);
      }
    }),
  );
  for (const doc of docs) doc.init();
  const connectSeconds = (nowMs() - connectStarted) / 1000;
  if (failedConnections > 0) {
    console.warn(`    ${failedConnections} connections failed: ${firstConnectionError ?? ''}`);
  }

  const period = 1000 / settings.editsPerSecond;
  const started = nowMs();
  const measureFrom = started + settings.warmupMs;
  const measureEnd = measureFrom + settings.durationMs;
  let editsSent = 0;
  const timers: NodeJS.Timeout[] = [];
  docs.forEach((doc, d) =>
    doc.clients.forEach((_, e) => {
      // Random phase, so that editors do not all fire on the same millisecond.
      const kickoff = setTimeout(() => {
        const timer = setInterval(() => {
          const at = nowMs();
          if (at >= measureEnd) return;
          const measured = at >= measureFrom;
          if (measured) editsSent += 1;
          docs[d]?.edit(e, measured);
        }, period);
        timers.push(timer);
      }, Math.random() * period);
      timers.push(kickoff);
    }),
  );

  await sleep(Math.max(0, measureFrom - nowMs()));
  measuring = true;
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const stopPerf = settings.perfFile === undefined ? null : server.recordPerf(settings.perfFile);
  const cpuStart = server.cpuMs();
  const ownCpuStart = process.cpuUsage();
  await sleep(Math.max(0, measureEnd - nowMs()));
  const windowMs = nowMs() - measureFrom;
  const serverCpuMs = server.cpuMs() - cpuStart;
  const ownCpu = process.cpuUsage(ownCpuStart);
  await stopPerf?.();
  loopDelay.disable();
  for (const timer of timers) {
    clearTimeout(timer);
    clearInterval(timer);
  }
  // Deliveries of measured edits that arrive during the drain still count as deliveries.
  const drainUntil = nowMs() + settings.drainMs;
  while (nowMs() < drainUntil && docs.some((doc) => doc.undelivered() > 0)) await sleep(20);
  measuring = false;
  // With every connection still open, after the measured window (collecting takes a while).
  const loaded = await server.memory();
  const lostDeliveries = docs.reduce((sum, doc) => sum + doc.undelivered(), 0);
  const divergedDocs = docs.filter((doc) => doc.diverged()).length;
  await inBatches([...connected.values()], 100, (client) => client.close());

  const connections = connected.size;
  const generatorCpuPercent = ((ownCpu.user + ownCpu.system) / 1000 / windowMs) * 100;
  const generatorLoopDelayP99Ms = loopDelay.percentile(99) / 1e6;
  return {
    docs: targets.length,
    clientsPerDoc: targets[0]?.clients.length ?? 0,
    connections,
    connectSeconds: round(connectSeconds),
    windowMs: Math.round(windowMs),
    editsSent,
    latencyMs: latencies.summary(),
    deliveries,
    deliveriesPerSecond: Math.round((deliveries / windowMs) * 1000),
    lostDeliveries,
    divergedDocs,
    serverCpuMs: Math.round(serverCpuMs),
    serverCpuPercent: round((serverCpuMs / windowMs) * 100, 1),
    serverCpuMsPer1000Deliveries:
      deliveries > 0 ? round((serverCpuMs / deliveries) * 1000) : Number.NaN,
    serverRssBaselineMb: round(baseline.rssKb / 1024, 1),
    serverRssMb: round(loaded.rssKb / 1024, 1),
    serverRssPerConnectionKb:
      connections > 0 ? round((loaded.rssKb - baseline.rssKb) / connections, 1) : Number.NaN,
    serverLivePerConnectionKb:
      connections > 0 ? round((loaded.liveKb - baseline.liveKb) / connections, 1) : Number.NaN,
    generatorCpuPercent: round(generatorCpuPercent, 1),
    generatorLoopDelayP99Ms: round(generatorLoopDelayP99Ms),
    // One Node thread saturates at 100 % of a core; past ~85 % or with a lagging event loop, the generator's own delays inflate latency.
    loadBound: generatorCpuPercent > 85 || generatorLoopDelayP99Ms > 20,
    failedConnections,
    firstConnectionError,
  };
}
