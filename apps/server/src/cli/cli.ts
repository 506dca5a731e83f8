import { ConfigError, loadConfig } from '../config/config.js';
import type { Projection } from '../projections/projection.js';
import { ProjectionFailedError, UnknownProjectionError } from '../projections/projection-runner.js';
import type { CliStore } from './cli-store.js';
import { CliError, openCliStore } from './cli-store.js';
import type { ProgressReporter } from './projections.command.js';
import { formatRows, projectionRows, rebuild } from './projections.command.js';

export const USAGE = `Usage: npm run cli -- <command>

  projections list                       every projection: checkpoint, lag, whether an instance runs it
  projections status [name]              the same, for one projection or all
  projections rebuild <name> [--batch-size N]
                                         rebuild a read model from the start of the log into new tables,
                                         then swap them in at once (the old one serves until then)

Configuration comes from the same environment variables as the server (DATA_DIR, DATABASE_URL, KURRENTDB_URL).`;

export interface CliIo {
  readonly env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
  readonly progress: () => ProgressReporter;
  readonly projections: readonly Projection[];
}

/** Runs one command; resolves with the process exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const [group, command, ...rest] = argv;
    if (group === undefined || group === 'help' || group === '--help') {
      io.out(USAGE);
      return group === undefined ? 2 : 0;
    }
    if (group !== 'projections' || !['list', 'status', 'rebuild'].includes(command ?? ''))
      throw new CliError(`Unknown command "${argv.join(' ')}".\n\n${USAGE}`, 2);
    const { name, batchSize } = parseRest(command ?? '', rest);
    if (command === 'rebuild' && !name)
      throw new CliError('Say which projection to rebuild: projections rebuild <name>.', 2);
    const known = io.projections.map((projection) => projection.name);
    if (name !== undefined && !known.includes(name))
      throw new CliError(
        `${new UnknownProjectionError(name, known).message} See them with: npm run cli -- projections list`,
        2,
      );
    const store = await openCliStore(loadConfig(io.env), io.projections);
    try {
      return await runProjections(store, command ?? '', name, batchSize, io);
    } finally {
      await store.close();
    }
  } catch (error) {
    if (error instanceof CliError) {
      io.err(error.message);
      return error.exitCode;
    }
    if (error instanceof ConfigError || error instanceof ProjectionFailedError) {
      io.err(error.message);
      return 1;
    }
    io.err(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return 1;
  }
}

async function runProjections(
  store: CliStore,
  command: string,
  name: string | undefined,
  batchSize: number | undefined,
  io: CliIo,
): Promise<number> {
  if (command === 'rebuild') {
    if (!name) throw new Error('unreachable: the name was checked before opening the store');
    const report = await rebuild(store, name, {
      ...(batchSize === undefined ? {} : { batchSize }),
      progress: io.progress(),
    });
    const seconds = report.durationMs / 1000;
    io.out(
      `Rebuilt "${name}": ${report.applied} events applied up to position ${report.position} in ${seconds.toFixed(1)} s ` +
        `(${Math.round(report.applied / Math.max(seconds, 0.001))} events/s); swapped in ${report.tables.join(', ') || 'no tables'}.`,
    );
    return 0;
  }
  const rows = (await projectionRows(store, io.projections)).filter(
    (row) => name === undefined || row.name === name,
  );
  io.out(formatRows(rows, await store.events.headPosition(), store.db.kind));
  return 0;
}

function parseRest(
  command: string,
  rest: readonly string[],
): { name: string | undefined; batchSize: number | undefined } {
  let name: string | undefined;
  let batchSize: number | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    if (arg === '--batch-size' && command === 'rebuild') {
      const value = Number(rest[++i]);
      if (!Number.isSafeInteger(value) || value < 1 || value > 100_000)
        throw new CliError('--batch-size must be a whole number from 1 to 100000.', 2);
      batchSize = value;
    } else if (arg.startsWith('-') || name !== undefined || command === 'list') {
      throw new CliError(`Unexpected argument "${arg}".\n\n${USAGE}`, 2);
    } else {
      name = arg;
    }
  }
  return { name, batchSize };
}
