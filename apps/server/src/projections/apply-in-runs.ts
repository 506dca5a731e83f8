import type { SqlExecutor } from '../database/sql-database.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';

/** Writes a run of consecutive events of one type, e.g. as one multi-row statement. */
export type RunWriter = (events: readonly RecordedEvent[], tx: SqlExecutor) => Promise<void>;

/**
 * A batch handler for projections whose events depend on order (a removal
 * after an addition): only consecutive events of a type that has a run
 * writer go in together (a class of thirty joining at once), everything else
 * goes through `apply` in its place. So a run writer must only have to match
 * applying its own events in order, never reorder across types.
 */
export async function applyInRuns(
  events: readonly RecordedEvent[],
  tx: SqlExecutor,
  writers: Readonly<Partial<Record<string, RunWriter>>>,
  apply: (event: RecordedEvent, tx: SqlExecutor) => Promise<void>,
): Promise<void> {
  let start = 0;
  while (start < events.length) {
    const first = events[start] as RecordedEvent;
    const writer = writers[first.type];
    if (writer === undefined) {
      await apply(first, tx);
      start += 1;
      continue;
    }
    let end = start + 1;
    while (end < events.length && events[end]?.type === first.type) end += 1;
    await writer(events.slice(start, end), tx);
    start = end;
  }
}
