import type { EventStore } from './event-store.port.js';
import { UpcasterRegistry, UpcastingEventStore } from './upcaster-registry.js';

/**
 * The one place the server's upcasters are registered. Empty while no event's
 * shape has changed; when one does, register the step here, e.g.
 * `.register('ClassroomCreated', 1, (data) => ({ ...data, seats: 30 }))`.
 */
export function eventUpcasters(): UpcasterRegistry {
  return new UpcasterRegistry();
}

/**
 * The store as the server uses it: every event read (streams, the whole log,
 * projections) comes out in its current shape, an unknown version is an
 * UnknownSchemaVersionError, and appended events are stamped with their version.
 */
export function withUpcasting(
  store: EventStore,
  registry: UpcasterRegistry = eventUpcasters(),
): EventStore {
  return new UpcastingEventStore(store, registry);
}
