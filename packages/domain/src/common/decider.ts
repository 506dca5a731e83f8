/**
 * The shape every bounded context follows (emmett-style): a decider is three
 * pure pieces. Time and ids arrive in the command; the domain never reads a
 * clock or makes a random id.
 */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

export interface CommandMetadata {
  /** When the command was issued (ISO 8601), supplied by the caller. */
  readonly at: string;
  /** The signed-in person issuing it. */
  readonly by: string;
}

export interface Command<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: CommandMetadata;
}

export interface Decider<C extends Command, E extends DomainEvent, S> {
  decide(command: C, state: S): readonly E[];
  evolve(state: S, event: E): S;
  readonly initialState: S;
}

/** Folds a stream's events into the decider's state. */
export function fold<E extends DomainEvent, S>(
  decider: Pick<Decider<Command, E, S>, 'evolve' | 'initialState'>,
  events: readonly E[],
): S {
  return events.reduce(decider.evolve, decider.initialState);
}
