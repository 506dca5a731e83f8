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

/** A column of a run insert: its name, its SQL type, and its value for one event. */
export type RunColumn<Data> = readonly [
  name: string,
  type: string,
  value: (data: Data, event: RecordedEvent) => unknown,
];

/**
 * A run writer for events that each add one row: one INSERT of all of them
 * (unnest of one array per column), ON CONFLICT DO NOTHING, so that, as when
 * applied one by one, the first of two rows with the same key wins.
 */
export function insertRun<Data>(table: string, columns: readonly RunColumn<Data>[]): RunWriter {
  const names = columns.map(([name]) => name).join(', ');
  const arrays = columns.map(([, type], index) => `$${index + 1}::${type}[]`).join(', ');
  const sql = `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${arrays}) ON CONFLICT DO NOTHING`;
  return async (events, tx) => {
    await tx.query(
      sql,
      columns.map(([, , value]) => events.map((event) => value(event.data as Data, event))),
    );
  };
}
