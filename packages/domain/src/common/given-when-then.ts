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

/** The refusal's code from a `when` result; fails loudly when events were decided instead. */
export function refusalCode(result: { events: readonly unknown[] } | { error: unknown }): string {
  if (!('error' in result)) {
    throw new Error(`expected a refusal, got ${JSON.stringify(result.events)}`);
  }
  const { error } = result;
  if (error instanceof Error && 'code' in error && typeof error.code === 'string')
    return error.code;
  throw error;
}
