import type { Command, Decider, DomainEvent } from './decider.js';
import { fold } from './decider.js';

/**
 * given(events).when(command) → the events decided, or the error thrown.
 * Used by decider tests; pure, so it ships with the domain.
 */
export function specFor<C extends Command, E extends DomainEvent, S>(decider: Decider<C, E, S>) {
  return (given: readonly E[]) => ({
    when(command: C): { events: readonly E[] } | { error: unknown } {
      try {
        return { events: decider.decide(command, fold(decider, given)) };
      } catch (error) {
        return { error };
      }
    },
  });
}
