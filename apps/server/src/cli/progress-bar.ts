import cliProgress from 'cli-progress';
import type { RebuildProgress } from '../projections/projection-rebuild.js';
import type { ProgressReporter } from './projections.command.js';

/**
 * Events done / total, events per second and time left. On a terminal it is a
 * live bar; piped into a file or CI log, a line every tenth of the way.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  const began = performance.now();
  const speed = (applied: number) =>
    Math.round(applied / Math.max((performance.now() - began) / 1000, 0.001));
  if (!stream.isTTY) {
    let total = 0;
    let nextTenth = 1;
    return {
      start(head) {
        total = head;
        stream.write(`Rebuilding ${head} events…\n`);
      },
      update({ position, applied }) {
        if (total === 0 || position < (total * nextTenth) / 10) return;
        while (position >= (total * nextTenth) / 10) nextTenth++;
        stream.write(
          `  ${Math.min(100, Math.round((position / total) * 100))}%  position ${position}/${total}  ${applied} applied  ${speed(applied)} events/s\n`,
        );
      },
      stop() {
        // Every line is already written.
      },
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: ' {bar} {value}/{total} events | {speed} events/s | ETA {eta_formatted}',
      etaBuffer: 50,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    start(total) {
      bar.start(total, 0, { speed: 0 });
    },
    update({ position, head, applied }: RebuildProgress) {
      // The log may grow while it rebuilds: the total follows it.
      bar.setTotal(Math.max(head, position));
      bar.update(position, { speed: speed(applied) });
    },
    stop() {
      bar.stop();
    },
  };
}
