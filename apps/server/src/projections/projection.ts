import type { Migration } from '../database/migrations.js';
import type { SqlExecutor } from '../database/sql-database.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';

/**
 * A read model kept in SQL. The runner hands `apply` each event in commit
 * order, inside the transaction that also moves the projection's checkpoint,
 * so every event's effect lands exactly once. `apply` must use `tx` for all
 * its SQL (on PGlite, the database itself is busy with this transaction).
 */
export interface Projection {
  /** Names the checkpoint: renaming a projection rebuilds it from the start. */
  readonly name: string;
  /** The read model's tables; applied before the runner starts. */
  readonly migrations?: readonly Migration[];
  /** Event types to receive; all of them when absent. Others still move the checkpoint. */
  readonly handles?: readonly string[];
  apply(event: RecordedEvent, tx: SqlExecutor): Promise<void>;
}
