import { randomUUID } from 'node:crypto';
import type { Command, Decider, DomainEvent } from '@commonplace/domain';
import { CommandHandler } from '../commands/command.handler.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import { InMemoryEventStore } from '../event-store/in-memory-event-store.js';
import type { Projection } from '../projections/projection.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import { pgliteTestDatabases } from './pglite-test-databases.js';
import type { RowQueries, Rows } from './projection-spec.js';
import { GIVEN_EPOCH } from './projection-spec.js';

export interface CommandOutcome<Q extends RowQueries> {
  /** What the command appended, as stored: metadata (at, by, command) included. Empty when refused. */
  readonly appended: readonly RecordedEvent[];
  /** What send() threw (a DomainError carries its code), or undefined. */
  readonly error: unknown;
  /**
   * The queries' rows after send() returned. PGlite runs one statement at a
   * time, so these would show the projection's work even if send() had not
   * waited for it: this checks what is projected, not read-your-writes timing.
   */
  readonly rows: Rows<Q>;
}

export interface CommandSpec<C extends Command, E extends DomainEvent> {
  given(
    streamName: string,
    ...events: readonly E[]
  ): {
    when<Q extends RowQueries = Record<never, string>>(
      by: string,
      command: Omit<C, 'metadata'>,
      queries?: Q,
    ): Promise<CommandOutcome<Q>>;
  };
}

/**
 * given events → when a command → then the appended events, the error, and
 * the rows, emmett-style, through the server's real command path: the
 * CommandHandler (stamping, load-fold-decide, append with the expected
 * revision, wait for the read models) on an InMemoryEventStore, the given
 * projections run by the real ProjectionRunner into PGlite. No app, no HTTP.
 * Call inside a describe: the block shares one PGlite.
 */
export function commandSpec<C extends Command, E extends DomainEvent, S>(
  decider: Decider<C, E, S>,
  options: { readonly projections?: readonly Projection[] } = {},
): CommandSpec<C, E> {
  const databases = pgliteTestDatabases();
  return {
    given: (streamName, ...events) => ({
      async when<Q extends RowQueries>(
        by: string,
        command: Omit<C, 'metadata'>,
        queries?: Q,
      ): Promise<CommandOutcome<Q>> {
        const db = await databases.create();
        const store = new InMemoryEventStore({ now: () => GIVEN_EPOCH });
        const runner = new ProjectionRunner({
          eventStore: store,
          db,
          projections: options.projections ?? [],
          // Only appends wake it, and send() waits for them: no timer is needed.
          fallbackPollMs: 3_600_000,
          logger: { log: () => undefined, error: () => undefined },
        });
        try {
          if (events.length > 0)
            await store.appendToStream(
              streamName,
              events.map((event) => ({ id: randomUUID(), type: event.type, data: event.data })),
            );
          await runner.start();
          await runner.waitFor(await store.headPosition());
          const before = await store.headPosition();
          let error: unknown;
          try {
            await new CommandHandler(store, runner).send(decider, streamName, by, command);
          } catch (thrown) {
            error = thrown;
          }
          const rows: Partial<Rows<Q>> = {};
          for (const name of Object.keys(queries ?? {}) as (keyof Q & string)[])
            rows[name] = await db.query<Record<string, unknown>>(queries?.[name] ?? '');
          return {
            appended: await store.readAll({ after: before }),
            error,
            rows: rows as Rows<Q>,
          };
        } finally {
          await runner.stop();
          await store.close();
          await db.close();
        }
      },
    }),
  };
}
