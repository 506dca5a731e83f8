import type { Migration } from '../database/migrations.js';
import type { SqlExecutor } from '../database/sql-database.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';

/**
 * A read model kept in SQL. The runner hands `apply` each event in commit
 * order, inside the transaction that also moves the projection's checkpoint,
 * so every event's effect lands exactly once. `apply` must use `tx` for all
 * its SQL (on PGlite, the database itself is busy with this transaction).
 *
 * Read-model SQL must name its tables without a schema: a rebuild runs the
 * same projection against fresh tables in a schema of its own (blue/green)
 * by putting that schema first on the search path. A projection owns the
 * tables its migrations create (the rebuild swaps all of them), so no other
 * projection may write them; and it must be deterministic (no clock, no
 * random ids: take them from the event), or a rebuild gives another model.
 * cli/rebuild-every-projection.int-spec.ts checks every registered one.
 */
export interface Projection {
  /** Names the checkpoint: renaming a projection rebuilds it from the start. */
  readonly name: string;
  /** The read model's tables; applied before the runner starts. */
  readonly migrations?: readonly Migration[];
  /** Event types to receive; all of them when absent. Others still move the checkpoint. */
  readonly handles?: readonly string[];
  apply(event: RecordedEvent, tx: SqlExecutor): Promise<void>;
  /**
   * Optional and faster: a whole batch (in commit order, only handled types)
   * in one go, e.g. one multi-row statement instead of one per event. When
   * present the runner and the rebuild call it instead of `apply`; it must
   * have the same effect as applying the events one by one.
   */
  applyBatch?(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void>;
}
