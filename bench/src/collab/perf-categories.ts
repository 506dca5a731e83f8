/**
 * Where a server's CPU went, from the perf profiles the collab bench records
 * with BENCH_SERVER_PERF=<dir>: each sample goes to the first category one of
 * its frames matches, so the table adds up to 100 %. Usage, after a build:
 *
 *   node dist/collab/perf-categories.js <dir>/commonplace-100x5.data <dir>/y-websocket-100x5.data
 *
 * Side by side, the same load: the collaboration path (a WebSocket message in,
 * applied, relayed) against everything the other server does not do.
 */
import { spawnSync } from 'node:child_process';
import { basename } from 'node:path';

const CATEGORIES: ReadonlyArray<readonly [string, RegExp]> = [
  ['WebSocket in → apply → relay out (ws, yjs, sockets)', /ws\/lib\/|receiverOnMessage/],
  ['PostgreSQL client (pg)', /node_modules\/pg\/|pg-protocol|pg-pool/],
  ['timers (flush windows, retries)', /processTimers|processImmediate/],
  ['promise continuations (appends, projections)', /processTicksAndRejections|RunMicrotasks/],
  ['garbage collection', /Scavenge|MarkCompact|Heap::|Sweeper|ConcurrentMarking|GCTracer/],
  ['V8 optimizing compiler (JIT)', /v8::internal::compiler::|Compile/],
  ['waiting for events (epoll)', /epoll_wait/],
  ['other socket reads', /onStreamRead/],
];
const OTHER = 'other';

function samplesOf(file: string): string[][] {
  const script = spawnSync('perf', ['script', '-i', file], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  if (script.status !== 0)
    throw new Error(`perf script -i ${file} failed (is linux-perf installed?)`);
  const samples: string[][] = [];
  let frames: string[] = [];
  for (const line of script.stdout.split('\n')) {
    if (line.trim() === '') {
      if (frames.length > 0) samples.push(frames);
      frames = [];
    } else if (line.startsWith('\t') || line.startsWith(' ')) {
      frames.push(line.trim());
    }
  }
  if (frames.length > 0) samples.push(frames);
  return samples;
}

function categorize(samples: readonly string[][]): Map<string, number> {
  const counts = new Map<string, number>([
    ...CATEGORIES.map(([name]) => [name, 0] as const),
    [OTHER, 0],
  ]);
  for (const frames of samples) {
    const found = CATEGORIES.find(([, pattern]) => frames.some((frame) => pattern.test(frame)));
    const name = found?.[0] ?? OTHER;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('Usage: node dist/collab/perf-categories.js <profile.data>...');
  process.exit(2);
}
const columns = files.map((file) => {
  const samples = samplesOf(file);
  return { name: basename(file, '.data'), total: samples.length, counts: categorize(samples) };
});
const percent = (part: number, whole: number) =>
  whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)} %`;
console.log(`| category | ${columns.map((c) => `${c.name} samples | share`).join(' | ')} |`);
console.log(`| --- | ${columns.map(() => '---: | ---:').join(' | ')} |`);
for (const name of [...CATEGORIES.map(([category]) => category), OTHER]) {
  const cells = columns.map((c) => {
    const count = c.counts.get(name) ?? 0;
    return `${count} | ${percent(count, c.total)}`;
  });
  console.log(`| ${name} | ${cells.join(' | ')} |`);
}
console.log(`| all | ${columns.map((c) => `${c.total} | 100 %`).join(' | ')} |`);
