import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface MachineInfo {
  readonly cores: number;
  readonly cpuModel: string;
  readonly memoryGb: number;
  readonly node: string;
  readonly platform: string;
}

export function machineInfo(): MachineInfo {
  const cpu = cpus();
  return {
    cores: cpu.length,
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

export type Cell = string | number | boolean | null | undefined;

export interface Table {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
  readonly notes?: readonly string[];
}

export function markdownTable(table: Table): string {
  const format = (cell: Cell): string =>
    cell === null || cell === undefined
      ? '–'
      : typeof cell === 'number'
        ? formatNumber(cell)
        : String(cell);
  const lines = [
    `### ${table.title}`,
    '',
    `| ${table.columns.join(' | ')} |`,
    `| ${table.columns.map(() => '---').join(' | ')} |`,
    ...table.rows.map((row) => `| ${row.map(format).join(' | ')} |`),
  ];
  if (table.notes?.length) lines.push('', ...table.notes.map((note) => `- ${note}`));
  return lines.join('\n');
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  if (Number.isInteger(value)) return String(value);
  return value.toFixed(Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
}

/** bench/results, wherever the compiled script runs from (bench/dist/common/report.js). */
export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'results');

export interface BenchReport {
  readonly name: string;
  readonly command: string;
  readonly mode: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly machine: MachineInfo;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly tables: readonly Table[];
  readonly data: unknown;
  readonly notes: readonly string[];
}

/** Writes `<name>[-smoke].json` and `.md` into bench/results and prints the markdown. */
export function writeReport(report: BenchReport): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const base = join(
    RESULTS_DIR,
    report.mode === 'full' ? report.name : `${report.name}-${report.mode}`,
  );
  const m = report.machine;
  const markdown = [
    `## ${report.name} (${report.mode})`,
    '',
    `- Command: \`${report.command}\``,
    `- Machine: ${m.cores} cores, ${m.cpuModel}, ${m.memoryGb} GB, Node ${m.node}, ${m.platform}`,
    `- Run: ${report.startedAt} → ${report.finishedAt}`,
    `- Settings: ${Object.entries(report.settings)
      .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
      .join(', ')}`,
    '',
    ...report.tables.flatMap((table) => [markdownTable(table), '']),
    ...(report.notes.length
      ? ['### Notes', '', ...report.notes.map((note) => `- ${note}`), '']
      : []),
  ].join('\n');
  writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(`${base}.md`, markdown);
  console.log(`\n${markdown}`);
  console.log(`Results written to ${base}.json and ${base}.md`);
  return markdown;
}

/** The exact command line this process was started with, for the report. */
export function commandLine(): string {
  const script = process.argv[1] ?? '';
  const env = Object.keys(process.env)
    .filter((key) => key.startsWith('BENCH_'))
    .sort()
    // A connection string's password never goes into a committed report.
    .map(
      (key) => `${key}=${(process.env[key] ?? '').replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')}`,
    );
  return [...env, 'node', script.replace(/^.*\/bench\//, 'bench/'), ...process.argv.slice(2)].join(
    ' ',
  );
}

export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got "${raw}".`);
  return value;
}

/** `--smoke` or BENCH_MODE=smoke: a few seconds, to prove the harness works, numbers meaningless. */
export function benchMode(): 'full' | 'smoke' {
  return process.argv.includes('--smoke') || process.env.BENCH_MODE === 'smoke' ? 'smoke' : 'full';
}
