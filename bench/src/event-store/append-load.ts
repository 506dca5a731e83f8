import { Samples, nowMs } from '../common/stats.js';
import type { LatencySummary } from '../common/stats.js';
import type { AppendSubject, SubjectFactory, Verification } from './subjects.js';

export interface AppendLoad {
  readonly label: string;
  readonly writers: number;
  /** Events per append: 1 for single-event appends. */
  readonly batchSize: number;
}

export const APPEND_LOADS: readonly AppendLoad[] = [
  { label: 'single event, 1 writer', writers: 1, batchSize: 1 },
  { label: 'single event, 8 writers', writers: 8, batchSize: 1 },
  { label: 'single event, 32 writers', writers: 32, batchSize: 1 },
  { label: '100-event batch, 8 writers', writers: 8, batchSize: 100 },
];

export interface AppendCellResult {
  readonly subject: string;
  readonly engine: 'postgres' | 'pglite';
  readonly load: string;
  readonly writers: number;
  readonly batchSize: number;
  readonly durationMs: number;
  readonly appends: number;
  readonly events: number;
  readonly eventsPerSecond: number;
  /** Per append (one call, whatever its batch size). */
  readonly latencyMs: LatencySummary;
  readonly errors: number;
  readonly firstError: string | null;
  readonly verification: Verification;
}

/**
 * Closed loop: each writer owns one stream and appends with the exact expected
 * revision as fast as its previous append returns. A warm-up (JIT, pool
 * connections, first pages of the indexes) runs before the measured window.
 */
export async function runAppendCell(
  factory: SubjectFactory,
  load: AppendLoad,
  durationMs: number,
  warmupMs: number,
): Promise<AppendCellResult> {
  const subject: AppendSubject = await factory();
  try {
    const acknowledged = new Map<string, number>();
    const latencies = new Samples();
    let events = 0;
    let appends = 0;
    let errors = 0;
    let firstError: string | null = null;
    const measureFrom = nowMs() + warmupMs;
    const end = measureFrom + durationMs;
    let lastCompletion = end;
    const tag = Math.random().toString(36).slice(2, 8);
    await Promise.all(
      Array.from({ length: load.writers }, async (_, writer) => {
        const stream = `bench-${tag}-writer-${writer}`;
        let lastRevision = -1;
        while (nowMs() < end) {
          const started = nowMs();
          try {
            await subject.append(stream, lastRevision, load.batchSize);
          } catch (error) {
            errors += 1;
            firstError ??= error instanceof Error ? error.message : String(error);
            // A writer whose expected revision is now unknown cannot go on honestly.
            return;
          }
          const finished = nowMs();
          lastRevision += load.batchSize;
          acknowledged.set(stream, lastRevision + 1);
          if (started >= measureFrom) {
            latencies.add(finished - started);
            events += load.batchSize;
            appends += 1;
            lastCompletion = Math.max(lastCompletion, finished);
          }
        }
      }),
    );
    const measuredMs = lastCompletion - measureFrom;
    const verification = await subject.verify(acknowledged);
    return {
      subject: subject.name,
      engine: subject.engine,
      load: load.label,
      writers: load.writers,
      batchSize: load.batchSize,
      durationMs: Math.round(measuredMs),
      appends,
      events,
      eventsPerSecond: Math.round((events / measuredMs) * 1000),
      latencyMs: latencies.summary(),
      errors,
      firstError,
      verification,
    };
  } finally {
    await subject.close();
  }
}
