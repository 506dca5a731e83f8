import { benchDatabaseUrl } from '../common/postgres-schema.js';
import { benchMode, commandLine, envNumber, machineInfo, writeReport } from '../common/report.js';
import type { Table } from '../common/report.js';
import { round } from '../common/stats.js';
import type { AppendCellResult } from './append-load.js';
import { APPEND_LOADS, runAppendCell } from './append-load.js';
import type { Engine, LagResult, RebuildResult } from './projection-bench.js';
import { runProjectionLag, runRebuild } from './projection-bench.js';
import type { SocketLagResult } from './socket-lag.js';
import { runSocketLag } from './socket-lag.js';
import type { SubjectFactory } from './subjects.js';
import {
  commonplacePglite,
  commonplacePostgres,
  emmettPostgres,
  minimalPostgres,
  RAW_PG_AUTOCOMMIT,
  RAW_PG_MINIMAL,
  RAW_PG_TRANSACTION as RAW_PG,
  rawPglite,
  rawPostgres,
  warmUpPglite,
} from './subjects.js';

const RAW_PGLITE = 'raw INSERT transaction (PGlite)';
const EMMETT = 'Emmett 0.42 (emmett-postgresql)';

async function main(): Promise<void> {
  const mode = benchMode();
  const smoke = mode === 'smoke';
  const baseUrl = benchDatabaseUrl();
  const durationMs = envNumber('BENCH_DURATION_MS', smoke ? 500 : 5000);
  const warmupMs = envNumber('BENCH_WARMUP_MS', smoke ? 100 : 1000);
  const lagDurationMs = envNumber('BENCH_LAG_DURATION_MS', smoke ? 500 : 5000);
  const rebuildEvents = envNumber('BENCH_REBUILD_EVENTS', smoke ? 2000 : 100_000);
  // BENCH_LAG_RATES=1000 reruns one rate (profiling a miss) without a full run.
  const lagRates = process.env.BENCH_LAG_RATES
    ? process.env.BENCH_LAG_RATES.split(',').map(Number)
    : smoke
      ? [200]
      : [200, 1000, 5000];
  const sections = new Set(
    (process.env.BENCH_SECTIONS || 'appends,lag,socket,rebuild').split(',').map((s) => s.trim()),
  );
  const startedAt = new Date().toISOString();
  console.log(`Event store bench (${mode}) on ${redact(baseUrl)}: ${durationMs} ms per cell.`);

  const subjects: { name: string; factory: (writers: number) => SubjectFactory }[] = [
    { name: RAW_PG, factory: (writers) => () => rawPostgres(baseUrl, writers) },
    {
      name: RAW_PG_AUTOCOMMIT,
      factory: (writers) => () => rawPostgres(baseUrl, writers, true),
    },
    { name: RAW_PG_MINIMAL, factory: (writers) => () => minimalPostgres(baseUrl, writers) },
    { name: 'Commonplace (PostgreSQL adapter)', factory: () => () => commonplacePostgres(baseUrl) },
    { name: EMMETT, factory: () => () => emmettPostgres(baseUrl) },
    { name: RAW_PGLITE, factory: () => () => rawPglite() },
    { name: 'Commonplace (PGlite adapter)', factory: () => () => commonplacePglite() },
  ];

  // BENCH_SUBJECTS=PGlite runs only the subjects whose name contains one of the words (profiling).
  const only = process.env.BENCH_SUBJECTS?.split(',').map((word) => word.trim().toLowerCase());
  const chosen = only
    ? subjects.filter((subject) => only.some((word) => subject.name.toLowerCase().includes(word)))
    : subjects;

  if (sections.has('appends') && chosen.some((subject) => subject.name.includes('PGlite'))) {
    const warmUpMs = envNumber('BENCH_PGLITE_WARMUP_MS', smoke ? 1000 : 8000);
    process.stdout.write(`  PGlite warm-up (${warmUpMs} ms, not measured) … `);
    await warmUpPglite(warmUpMs);
    console.log('done');
  }

  const appendResults: AppendCellResult[] = [];
  for (const load of sections.has('appends') ? APPEND_LOADS : []) {
    for (const subject of chosen) {
      process.stdout.write(`  appends: ${subject.name}, ${load.label} … `);
      const result = await runAppendCell(subject.factory(load.writers), load, durationMs, warmupMs);
      appendResults.push(result);
      console.log(
        `${result.eventsPerSecond} events/s, p99 ${result.latencyMs.p99} ms, ${result.verification.ok ? 'verified' : 'VERIFICATION FAILED'}${result.errors ? `, ${result.errors} errors: ${result.firstError}` : ''}`,
      );
    }
  }

  const lagResults: LagResult[] = [];
  for (const engine of sections.has('lag') ? (['postgres', 'pglite'] as const) : []) {
    for (const rate of lagRates) {
      process.stdout.write(`  projection lag: ${engine} at ${rate} events/s … `);
      const result = await runProjectionLag(engine, baseUrl, rate, lagDurationMs);
      lagResults.push(result);
      console.log(
        `p50 ${result.commitToReadModelMs.p50} ms, p99 ${result.commitToReadModelMs.p99} ms, ${result.check.ok ? 'verified' : 'VERIFICATION FAILED'}`,
      );
    }
  }

  const socketResults: SocketLagResult[] = [];
  for (const engine of sections.has('socket') ? (['postgres', 'pglite'] as const) : []) {
    for (const rate of lagRates) {
      process.stdout.write(`  socket.io lag: ${engine} at ${rate} events/s … `);
      const result = await runSocketLag(engine, baseUrl, rate, lagDurationMs);
      socketResults.push(result);
      console.log(
        `p50 ${result.commitToSocketMs.p50} ms, p99 ${result.commitToSocketMs.p99} ms, ${result.ok ? 'verified' : 'VERIFICATION FAILED'}`,
      );
    }
  }

  const rebuildResults: RebuildResult[] = [];
  for (const engine of sections.has('rebuild') ? (['postgres', 'pglite'] as const) : []) {
    process.stdout.write(`  rebuild: ${engine}, ${rebuildEvents} events … `);
    const result = await runRebuild(engine, baseUrl, rebuildEvents);
    rebuildResults.push(result);
    console.log(
      `${result.eventsPerSecond} events/s, ${result.check.ok ? 'verified' : 'VERIFICATION FAILED'}`,
    );
  }

  writeReport({
    name: 'event-store',
    command: `${commandLine()}   (normally: npm run -w @commonplace/bench bench:event-store${smoke ? ' -- --smoke' : ''})`,
    mode,
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: machineInfo(),
    settings: {
      sections: [...sections],
      durationMs,
      warmupMs,
      lagDurationMs,
      lagRates,
      rebuildEvents,
      database: redact(baseUrl),
    },
    tables: [
      appendTable(appendResults),
      lagTable(lagResults),
      socketTable(socketResults),
      rebuildTable(rebuildResults),
    ].filter((table) => table.rows.length > 0),
    data: {
      appends: appendResults,
      projectionLag: lagResults,
      socketLag: socketResults,
      rebuild: rebuildResults,
    },
    notes: [
      ...goalNotes(appendResults, lagResults, rebuildResults),
      "Raw ceilings: BEGIN; one INSERT (1 or 100 rows); COMMIT on a plain pg pool (one connection per writer), and the same in one PGlite transaction; no expected-revision check, no global-order guarantee. Ratios are against these (the goals' ceiling). The autocommit row (one statement, one round trip) shows how much of that ceiling is round trips rather than commits. The minimal ceiling (× minimal ceiling column) is one autocommit INSERT into a table with only a bigserial id and a jsonb payload (a multi-row INSERT for a batch): what PostgreSQL does with no log guarantees at all.",
      'Commonplace PostgreSQL runs with its production pool (10 connections); PGlite runs in a temporary folder (as the embedded default does), in this process.',
      'Verification reads everything back after each cell: every acknowledged event present once, revisions 0..n-1 per stream, global positions increasing (Commonplace via readAll, Emmett per stream).',
      'socket.io lag: the real app (createApp, in this process, all its projections) with a teacher watching the board over socket.io; DocumentUpdated events appended open-loop straight to a workspace stream; an event has arrived once a board:snapshot counts it.',
      ...(smoke
        ? [
            'SMOKE RUN: durations far too short for meaningful numbers; this only proves the harness works.',
          ]
        : []),
    ],
  });
}

function appendTable(results: readonly AppendCellResult[]): Table {
  const find = (subject: string, load: string) =>
    results.find((r) => r.subject === subject && r.load === load)?.eventsPerSecond;
  return {
    title: 'Appends (closed loop, each writer its own stream, exact expected revision)',
    columns: [
      'load',
      'subject',
      'events/s',
      'append p50 ms',
      'append p99 ms',
      '× raw ceiling',
      '× minimal ceiling',
      '× Emmett',
      'errors',
      'verified',
    ],
    rows: results.map((r) => {
      const raw = find(r.engine === 'pglite' ? RAW_PGLITE : RAW_PG, r.load);
      const emmett = r.engine === 'postgres' ? find(EMMETT, r.load) : undefined;
      const minimal = r.engine === 'postgres' ? find(RAW_PG_MINIMAL, r.load) : undefined;
      return [
        r.load,
        r.subject,
        r.eventsPerSecond,
        r.latencyMs.p50,
        r.latencyMs.p99,
        raw ? round(r.eventsPerSecond / raw) : null,
        minimal ? round(r.eventsPerSecond / minimal) : null,
        emmett ? round(r.eventsPerSecond / emmett) : null,
        r.errors,
        r.verification.ok
          ? 'yes'
          : `NO (missing ${r.verification.missing}, dup ${r.verification.duplicates}, broken streams ${r.verification.brokenStreams}, out of order ${r.verification.outOfOrder})`,
      ];
    }),
  };
}

function lagTable(results: readonly LagResult[]): Table {
  return {
    title:
      'Projection lag (open loop; append committed → read-model row committed, ProjectionRunner, one-row-per-event projection with a batch handler)',
    columns: [
      'engine',
      'offered/s',
      'achieved/s',
      'lag p50 ms',
      'lag p99 ms',
      'offered→row p50 ms',
      'offered→row p99 ms',
      'failed appends',
      'verified',
    ],
    rows: results.map((r) => [
      r.engine,
      r.offeredPerSecond,
      r.achievedPerSecond,
      r.commitToReadModelMs.p50,
      r.commitToReadModelMs.p99,
      r.offeredToReadModelMs.p50,
      r.offeredToReadModelMs.p99,
      r.failedAppends,
      r.check.ok
        ? 'yes'
        : `NO (${r.check.rows} rows, ${r.check.missingAcknowledged} acknowledged missing)`,
    ]),
  };
}

function socketTable(results: readonly SocketLagResult[]): Table {
  return {
    title:
      'Live board lag (open loop; append committed → board:snapshot with it received by a socket.io client)',
    columns: [
      'engine',
      'offered/s',
      'appended',
      'snapshots',
      'lag p50 ms',
      'lag p99 ms',
      'verified',
    ],
    rows: results.map((r) => [
      r.engine,
      r.offeredPerSecond,
      r.appended,
      r.snapshots,
      r.commitToSocketMs.p50,
      r.commitToSocketMs.p99,
      r.ok ? 'yes' : 'NO',
    ]),
  };
}

function rebuildTable(results: readonly RebuildResult[]): Table {
  return {
    title:
      'Projection rebuild from zero (one-row-per-event projection with a batch handler): the rebuild command (blue/green, 2,000-event batches) and a fresh ProjectionRunner catching up (100-event batches)',
    columns: [
      'engine',
      'events',
      'rebuild s',
      'rebuild events/s',
      'runner catch-up s',
      'catch-up events/s',
      'verified',
    ],
    rows: results.map((r) => [
      r.engine,
      r.events,
      r.rebuildSeconds,
      r.eventsPerSecond,
      r.catchUpSeconds,
      r.catchUpEventsPerSecond,
      r.check.ok ? 'yes' : `NO (${r.check.rows} rows)`,
    ]),
  };
}

function goalNotes(
  appends: readonly AppendCellResult[],
  lag: readonly LagResult[],
  rebuild: readonly RebuildResult[],
): string[] {
  const rate = (subject: string, load: string) =>
    appends.find((r) => r.subject === subject && r.load === load)?.eventsPerSecond ?? Number.NaN;
  const ratio = (a: number, b: number) => round(a / b);
  const lagP99 = (engine: Engine, offered: number) =>
    lag.find((r) => r.engine === engine && r.offeredPerSecond === offered)?.commitToReadModelMs.p99;
  const pgSingle = rate('Commonplace (PostgreSQL adapter)', 'single event, 8 writers');
  const pgBatch = rate('Commonplace (PostgreSQL adapter)', '100-event batch, 8 writers');
  const liteSingle = rate('Commonplace (PGlite adapter)', 'single event, 8 writers');
  const liteBatch = rate('Commonplace (PGlite adapter)', '100-event batch, 8 writers');
  const check = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const notes: string[] = [];
  if (appends.length > 0)
    notes.push(
      `Goal PostgreSQL single × 8 writers ≥ 0.8× raw: ${ratio(pgSingle, rate(RAW_PG, 'single event, 8 writers'))}× (${check(pgSingle >= 0.8 * rate(RAW_PG, 'single event, 8 writers'))}).`,
      `Goal PostgreSQL 100-batch × 8 writers ≥ 0.8× raw: ${ratio(pgBatch, rate(RAW_PG, '100-event batch, 8 writers'))}× (${check(pgBatch >= 0.8 * rate(RAW_PG, '100-event batch, 8 writers'))}).`,
      `Against the minimal ceiling (${RAW_PG_MINIMAL}: one table, bigserial id + jsonb payload, no other index, one round trip per append): Commonplace PostgreSQL single × 8 writers ${ratio(pgSingle, rate(RAW_PG_MINIMAL, 'single event, 8 writers'))}× (issue 19's goal ≥ 0.7×: ${check(pgSingle >= 0.7 * rate(RAW_PG_MINIMAL, 'single event, 8 writers'))}), 100-batch × 8 writers ${ratio(pgBatch, rate(RAW_PG_MINIMAL, '100-event batch, 8 writers'))}×. Both ceilings come from this same run.`,
      `Goal PGlite single ≥ 1,500/s: ${liteSingle}/s at 8 writers (${check(liteSingle >= 1500)}).`,
      `Goal PGlite 100-batch ≥ 0.8× raw: ${ratio(liteBatch, rate(RAW_PGLITE, '100-event batch, 8 writers'))}× (${check(liteBatch >= 0.8 * rate(RAW_PGLITE, '100-event batch, 8 writers'))}).`,
    );
  const pg1000 = lagP99('postgres', 1000);
  if (pg1000 !== undefined)
    notes.push(
      `Goal lag p99 ≤ 50 ms at 1,000/s on PostgreSQL: ${pg1000} ms (${check(pg1000 !== null && pg1000 <= 50)}).`,
    );
  const lite200 = lagP99('pglite', 200);
  if (lite200 !== undefined)
    notes.push(
      `Goal lag p99 ≤ 20 ms at 200/s on PGlite: ${lite200} ms (${check(lite200 !== null && lite200 <= 20)}).`,
    );
  for (const r of rebuild)
    notes.push(
      `Goal rebuild ≥ 20,000 events/s (${r.engine}): ${r.eventsPerSecond}/s (${check(r.eventsPerSecond >= 20_000)}).`,
    );
  const failed = [
    ...appends.filter((r) => !r.verification.ok).map((r) => `${r.subject} / ${r.load}`),
    ...lag.filter((r) => !r.check.ok).map((r) => `lag ${r.engine} ${r.offeredPerSecond}/s`),
    ...rebuild.filter((r) => !r.check.ok).map((r) => `rebuild ${r.engine}`),
  ];
  notes.push(
    failed.length
      ? `CORRECTNESS FAILURES: ${failed.join('; ')}.`
      : 'Correctness: every cell verified (no gaps, no duplicates, in order).',
  );
  return notes;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
