import type { SqlExecutor } from '../database/sql-database.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { Projection } from './projection.js';
import { ProjectionFailedError } from './projection-errors.js';

/**
 * Applies events in order through the projection's batch handler when it has
 * one, otherwise one by one. Failures name the event (or batch) at fault.
 */
export async function applyEvents(
  projection: Projection,
  events: readonly RecordedEvent[],
  tx: SqlExecutor,
): Promise<void> {
  if (events.length === 0) return;
  const first = events[0];
  if (projection.applyBatch && first) {
    try {
      await projection.applyBatch(events, tx);
    } catch (error) {
      throw new ProjectionFailedError(projection.name, first, error, events.at(-1)?.position);
    }
    return;
  }
  for (const event of events) {
    try {
      await projection.apply(event, tx);
    } catch (error) {
      throw new ProjectionFailedError(projection.name, event, error);
    }
  }
}
