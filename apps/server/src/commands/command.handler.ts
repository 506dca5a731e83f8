import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Command, Decider, DomainEvent } from '@commonplace/domain';
import { fold } from '@commonplace/domain';
import type { EventStore } from '../event-store/event-store.port.js';
import { WrongExpectedRevisionError } from '../event-store/event-store.port.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import { EVENT_STORE } from '../store/store.tokens.js';

const MAX_ATTEMPTS = 5;

export interface HandledCommand<E> {
  readonly events: readonly E[];
  /** Global position of the last appended event, or the head when nothing was appended. */
  readonly position: number;
}

/**
 * The one path every command takes: load the stream, fold it with `evolve`,
 * `decide`, append with the revision it was decided on. If someone else
 * appended meanwhile, decide again on the fresh state.
 */
@Injectable()
export class CommandHandler {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionRunner,
  ) {}

  /**
   * A person's command: stamped with who and when (the domain never reads a
   * clock), handled, and answered once the read models show its effect, so the
   * person's next read sees what they just did.
   */
  async send<C extends Command, E extends DomainEvent, S>(
    decider: Decider<C, E, S>,
    streamName: string,
    by: string,
    command: Omit<C, 'metadata'>,
    options: {
      /** Work that may happen only once the command's events are stored, before the read models are awaited. */
      afterAppend?: (events: readonly E[]) => Promise<void>;
    } = {},
  ): Promise<readonly E[]> {
    const stamped = { ...command, metadata: { at: new Date().toISOString(), by } } as C;
    const { events, position } = await this.handle(decider, streamName, stamped);
    await options.afterAppend?.(events);
    await this.projections.waitFor(position);
    return events;
  }

  /**
   * A stream's state as its decider sees it, for a command on another stream
   * that depends on it (a classroom linking to a school reads the school's admins).
   */
  async stateOf<C extends Command, E extends DomainEvent, S>(
    decider: Decider<C, E, S>,
    streamName: string,
  ): Promise<S> {
    const recorded = await this.store.readStream(streamName);
    return fold(
      decider,
      recorded.map((e) => ({ type: e.type, data: e.data }) as E),
    );
  }

  async handle<C extends Command, E extends DomainEvent, S>(
    decider: Decider<C, E, S>,
    streamName: string,
    command: C,
  ): Promise<HandledCommand<E>> {
    for (let attempt = 1; ; attempt++) {
      const recorded = await this.store.readStream(streamName);
      const state = fold(
        decider,
        recorded.map((e) => ({ type: e.type, data: e.data }) as E),
      );
      const events = decider.decide(command, state);
      if (events.length === 0) return { events, position: await this.store.headPosition() };
      const last = recorded.at(-1);
      try {
        const result = await this.store.appendToStream(
          streamName,
          events.map((event) => ({
            id: randomUUID(),
            type: event.type,
            data: event.data,
            metadata: { at: command.metadata.at, by: command.metadata.by, command: command.type },
          })),
          { expectedRevision: last ? last.revision : 'no_stream' },
        );
        return { events, position: result.position };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }
}
