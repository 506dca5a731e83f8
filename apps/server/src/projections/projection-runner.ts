import { migrate } from '../database/migrations.js';
import { PROJECTION_RUNNER_MIGRATIONS } from './projection-runner.migrations.js';
import type { SqlDatabase, SqlExecutor, SqlSession } from '../database/sql-database.js';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port.js';
import { UnknownSchemaVersionError } from '../event-store/upcaster-registry.js';
import { applyEvents } from './apply-events.js';
import type { Projection } from './projection.js';
import { ProjectionFailedError, UnknownProjectionError } from './projection-errors.js';
import type { RebuildOptions, RebuildReport } from './projection-rebuild.js';
import { rebuildProjection } from './projection-rebuild.js';

export {
  ProjectionFailedError,
  RebuildInProgressError,
  UnknownProjectionError,
} from './projection-errors.js';

export { PROJECTION_RUNNER_MIGRATIONS } from './projection-runner.migrations.js';

/** 'standby': another instance holds this projection; this one follows its checkpoint. */
export type ProjectionState = 'stopped' | 'running' | 'standby' | 'failed';

/**
 * For the connection holding the projection locks: PostgreSQL probes a silent
 * client after 10 s, every 5 s, and drops it after 3 unanswered probes (or 25 s
 * of unacknowledged data), so another instance can take over within about
 * half a minute of this one's host vanishing. (Ignored on a Unix socket.)
 */
const LOCK_CONNECTION_KEEPALIVE_SQL = `SELECT set_config('tcp_keepalives_idle', '10', false),
  set_config('tcp_keepalives_interval', '5', false), set_config('tcp_keepalives_count', '3', false),
  set_config('tcp_user_timeout', '25000', false)`;

/** First half of each projection's advisory lock key; the second is a hash of schema and name. */
const PROJECTION_LOCK_SPACE = 731000;

export interface ProjectionStatus {
  readonly name: string;
  /** Checkpoint: every event up to here is in the read model. */
  readonly position: number;
  /** Events' positions still to process: head − checkpoint. */
  readonly lag: number;
  readonly state: ProjectionState;
}

/** Console and NestJS's Logger both fit. */
export interface ProjectionLogger {
  log(message: string): void;
  error(message: string, ...details: unknown[]): void;
}

export interface ProjectionRunnerOptions {
  readonly eventStore: EventStore;
  /** Where the read models and checkpoints live. */
  readonly db: SqlDatabase;
  readonly projections: readonly Projection[];
  /**
   * Events per transaction. Small enough that one batch never stalls PGlite
   * (it runs on the main thread) for long; defaults to 100.
   */
  readonly batchSize?: number;
  /**
   * A safety net: onAppended hears this instance's appends and (on
   * PostgreSQL) other instances' through NOTIFY, but a notification lost
   * while the listening connection reconnects, or a database hiccup, is
   * caught up by this timer. Defaults to 2 s.
   */
  readonly fallbackPollMs?: number;
  /** How long waitFor waits by default; defaults to 10 s. */
  readonly waitTimeoutMs?: number;
  readonly logger?: ProjectionLogger;
}

export type ProjectedListener = (projectionName: string, events: readonly RecordedEvent[]) => void;

/**
 * Keeps read models up to date with the log. Each projection advances on its
 * own checkpoint: in one transaction it applies a batch of events and moves
 * the checkpoint past them. It wakes on the store's onAppended signal and
 * works until caught up.
 */
export class ProjectionRunner {
  private readonly workers: ReadonlyMap<string, ProjectionWorker>;
  private readonly listeners = new Set<ProjectedListener>();
  private readonly logger: ProjectionLogger;
  private readonly waitTimeoutMs: number;
  private readonly fallbackPollMs: number;
  private running = false;
  private lifecycle: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Appends made together that have not all landed yet (see holdWakes). */
  private holds = 0;
  /**
   * The highest position an append had announced when the projections were
   * last woken: committed, though readers may not see it yet. A held wake
   * leaves it behind, so no pass retries for the appends still to come.
   */
  private announced = 0;
  /** The highest position heard of, woken for or not. */
  private heard = 0;
  /** PostgreSQL: the connection holding this instance's projection locks. */
  private session: SqlSession | undefined;
  private opening: Promise<SqlSession | undefined> | undefined;

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.logger = options.logger ?? console;
    this.waitTimeoutMs = options.waitTimeoutMs ?? 10_000;
    this.fallbackPollMs = options.fallbackPollMs ?? 2_000;
    const batchSize = options.batchSize ?? 100;
    if (!Number.isSafeInteger(batchSize) || batchSize < 1)
      throw new Error(`batchSize must be 1 or more, got ${batchSize}.`);
    const workers = new Map<string, ProjectionWorker>();
    for (const projection of options.projections) {
      if (workers.has(projection.name))
        throw new Error(`Two projections are named "${projection.name}"; names must be unique.`);
      workers.set(
        projection.name,
        new ProjectionWorker(
          projection,
          options.eventStore,
          options.db,
          batchSize,
          this.logger,
          (events) => this.emitProjected(projection.name, events),
          (name) => this.claim(name),
          () => this.announced,
        ),
      );
    }
    this.workers = workers;
  }

  /** Creates the checkpoint and read-model tables, then catches every projection up and follows the log. */
  start(): Promise<void> {
    return this.serialize(async () => {
      if (this.running) return;
      await migrate(this.options.db, [
        ...PROJECTION_RUNNER_MIGRATIONS,
        ...this.options.projections.flatMap((projection) => projection.migrations ?? []),
      ]);
      for (const worker of this.workers.values()) await worker.load();
      this.running = true;
      this.unsubscribe = this.options.eventStore.onAppended((position) => {
        this.heard = Math.max(this.heard, position);
        if (this.holds === 0) this.wakeAll();
      });
      this.timer = setInterval(() => this.wakeAll(), this.fallbackPollMs);
      this.timer.unref();
      for (const worker of this.workers.values()) worker.start();
    });
  }

  /** Stops following the log; resolves once the batches in flight have committed or rolled back. */
  stop(): Promise<void> {
    return this.serialize(async () => {
      if (!this.running) return;
      this.running = false;
      this.unsubscribe?.();
      this.unsubscribe = undefined;
      clearInterval(this.timer);
      this.timer = undefined;
      await Promise.all([...this.workers.values()].map((worker) => worker.stop()));
      // Closing the session releases its locks: another instance takes over on its next wake.
      const session = this.session ?? (await this.opening);
      this.session = undefined;
      await session?.close();
      for (const worker of this.workers.values()) worker.release();
    });
  }

  /**
   * Resolves once the projection (by default: every projection) has processed
   * the log up to at least `position`, e.g. the position an append returned,
   * so a caller can read its own write. Rejects if a projection failed, or
   * after the timeout.
   */
  async waitFor(
    position: number,
    options: { projection?: string; timeoutMs?: number } = {},
  ): Promise<void> {
    const workers =
      options.projection === undefined
        ? [...this.workers.values()]
        : [this.worker(options.projection)];
    const behind = workers.filter((worker) => worker.checkpoint < position);
    if (behind.length === 0) return;
    // Someone waits for this position, which has committed: wake the workers now. A held wake
    // (a document beat's appends in flight) must not make them wait for its release; under
    // steady typing the beats overlap, the holds never all end, and only the fallback poll
    // woke them (a mentor's revoke took 1.4–1.9 s in a full session). Announcing the position
    // also keeps a pass that finds it not yet readable retrying until it is.
    // Unheld, the append's own notice has woken them already: no second read of the log.
    this.announced = Math.max(this.announced, position);
    if (this.holds > 0) for (const worker of behind) worker.wake();
    const timeoutMs = options.timeoutMs ?? this.waitTimeoutMs;
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), timeoutMs);
    try {
      await Promise.all(behind.map((worker) => worker.reach(position, controller.signal)));
    } catch (error) {
      if (!controller.signal.aborted) throw error;
      const late = behind
        .filter((worker) => worker.checkpoint < position)
        .map((worker) => `"${worker.name}" at ${worker.checkpoint} (${worker.state})`)
        .join(', ');
      throw new Error(
        `The read models did not reach position ${position} within ${timeoutMs} ms: ${late}. Check the server log for projection errors.`,
      );
    } finally {
      clearTimeout(timeout);
      controller.abort();
    }
  }

  /**
   * Wakes every running projection and resolves once each has caught up with
   * what the log lets it read now: a signal to wait on instead of a guessed
   * delay (tests, the rebuild command).
   */
  async settle(): Promise<void> {
    await Promise.all([...this.workers.values()].map((worker) => worker.settle()));
  }

  /** Head position minus checkpoint, per projection. */
  async lag(): Promise<Record<string, number>> {
    const statuses = await this.status();
    return Object.fromEntries(statuses.map((status) => [status.name, status.lag]));
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.options.eventStore.headPosition();
    return [...this.workers.values()].map((worker) => ({
      name: worker.name,
      position: worker.checkpoint,
      lag: Math.max(0, head - worker.checkpoint),
      state: worker.state === 'running' && !worker.owned ? 'standby' : worker.state,
    }));
  }

  /** The registered projections' names, in order. */
  get projectionNames(): readonly string[] {
    return [...this.workers.keys()];
  }

  /**
   * Rebuilds one projection from the start of the log into fresh tables while
   * the current read model keeps serving (and, if this runner is running,
   * keeps being updated), then swaps the new tables and checkpoint in at once.
   * See rebuildProjection.
   */
  async rebuild(
    name: string,
    options: Omit<RebuildOptions, 'eventStore' | 'db' | 'projection'> = {},
  ): Promise<RebuildReport> {
    const projection = this.options.projections.find((candidate) => candidate.name === name);
    if (!projection) throw new UnknownProjectionError(name, [...this.workers.keys()]);
    const report = await rebuildProjection({
      ...options,
      eventStore: this.options.eventStore,
      db: this.options.db,
      projection,
    });
    // An idle worker would otherwise keep its old in-memory checkpoint until the next append.
    this.workers.get(name)?.wake();
    return report;
  }

  /**
   * For appends made together that land as several commits (a group commit's
   * tick): until the returned function is called, the commits they announce
   * wake nothing, and calling it wakes every projection once, so they are
   * taken in one pass instead of a read and a checkpoint write per commit.
   * Call it once they have all landed, stored or not.
   */
  holdWakes(): () => void {
    this.holds += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds -= 1;
      if (this.holds === 0) this.wakeAll();
    };
  }

  /** Called after each committed batch that held events, e.g. to push the fresh board to watchers. */
  onProjected(listener: ProjectedListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Exactly one instance runs each projection: the one holding its session
   * advisory lock (non-blocking try). When the holder's connection closes, its
   * locks go with it and another instance's next try succeeds. On PGlite,
   * which one process owns, there is nothing to share: always granted.
   */
  private async claim(name: string): Promise<boolean> {
    if (!this.options.db.openSession) return true;
    const session = this.session ?? (await this.openSession());
    if (!session) return false;
    try {
      const [row] = await session.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_lock(${PROJECTION_LOCK_SPACE}, hashtext(current_schema() || '/' || $1)) AS locked`,
        [name],
      );
      return row?.locked === true;
    } catch (error) {
      this.logger.error(`Could not try the lock of projection "${name}"; will try again.`, error);
      return false;
    }
  }

  private openSession(): Promise<SqlSession | undefined> {
    const open = this.options.db.openSession;
    if (!open || !this.running) return Promise.resolve(undefined);
    this.opening ??= open
      .call(this.options.db, 'projections')
      .then(
        (session) => {
          if (!this.running) {
            void session.close();
            return undefined;
          }
          this.session = session;
          session.onLost((error) => {
            if (this.session !== session) return;
            this.session = undefined;
            this.logger.error(
              `Lost the connection holding the projection locks (${error.message}); another instance may take over. Following until this one can claim them again.`,
            );
            for (const worker of this.workers.values()) worker.release();
            this.wakeAll();
          });
          // PostgreSQL frees the locks when it sees the connection gone: at once when the
          // process dies, but with its host lost (power, network) only once TCP gives up,
          // two hours and more by default. Queued ahead of the first claim on this connection.
          void session.query(LOCK_CONNECTION_KEEPALIVE_SQL).catch((error: unknown) => {
            this.logger.error("Could not shorten the lock connection's keepalive.", error);
          });
          return session;
        },
        (error: unknown) => {
          this.logger.error(
            'Could not open the connection for projection locks; will retry.',
            error,
          );
          return undefined;
        },
      )
      .finally(() => {
        this.opening = undefined;
      });
    return this.opening;
  }

  private wakeAll(): void {
    this.announced = this.heard;
    for (const worker of this.workers.values()) worker.wake();
  }

  private emitProjected(name: string, events: readonly RecordedEvent[]): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(name, events);
      } catch (error) {
        this.logger.error(
          `An onProjected listener failed after projection "${name}" committed; the read model is fine.`,
          error,
        );
      }
    }
  }

  private worker(name: string): ProjectionWorker {
    const worker = this.workers.get(name);
    if (!worker) throw new UnknownProjectionError(name, [...this.workers.keys()]);
    return worker;
  }

  private serialize(step: () => Promise<void>): Promise<void> {
    const next = this.lifecycle.then(step);
    this.lifecycle = next.catch(() => undefined);
    return next;
  }
}

interface Waiter {
  readonly position: number;
  resolve(): void;
  reject(error: Error): void;
}

const MIN_RETRY_MS = 10;
const MAX_RETRY_MS = 1_000;

/** One projection's loop. Never runs two passes at once. */
class ProjectionWorker {
  checkpoint = 0;
  state: ProjectionState = 'stopped';
  private failure: Error | undefined;
  private pass: Promise<void> | undefined;
  private wakeAgain = false;
  private retry: NodeJS.Timeout | undefined;
  private retryDelayMs = MIN_RETRY_MS;
  private readonly waiters = new Set<Waiter>();
  /** Holds this projection's lock, so may write its read model. */
  owned = false;

  constructor(
    private readonly projection: Projection,
    private readonly store: EventStore,
    private readonly db: SqlDatabase,
    private readonly batchSize: number,
    private readonly logger: ProjectionLogger,
    private readonly projected: (events: readonly RecordedEvent[]) => void,
    private readonly claim: (name: string) => Promise<boolean>,
    private readonly announced: () => number,
  ) {}

  get name(): string {
    return this.projection.name;
  }

  async load(): Promise<void> {
    await this.db.query(
      'INSERT INTO projection_checkpoints (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING',
      [this.name],
    );
    const [row] = await this.db.query<{ position: unknown }>(
      'SELECT position FROM projection_checkpoints WHERE name = $1',
      [this.name],
    );
    this.checkpoint = toSafeInteger(row?.position);
  }

  start(): void {
    this.state = 'running';
    this.failure = undefined;
    this.wake();
  }

  async stop(): Promise<void> {
    if (this.state === 'running') this.state = 'stopped';
    clearTimeout(this.retry);
    await this.pass;
    this.rejectWaiters(
      new Error(`Projection "${this.name}" was stopped before it reached the awaited position.`),
    );
  }

  wake(): void {
    if (this.state !== 'running') return;
    if (this.pass) {
      // Appended while a pass runs: look once more when it ends.
      this.wakeAgain = true;
      return;
    }
    this.pass = this.runPasses();
  }

  /** The lock went with its connection: stop writing until claimed again. */
  release(): void {
    this.owned = false;
  }

  async settle(): Promise<void> {
    this.wake();
    await this.pass;
  }

  reach(position: number, signal: AbortSignal): Promise<void> {
    if (this.checkpoint >= position) return Promise.resolve();
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { position, resolve, reject };
      this.waiters.add(waiter);
      signal.addEventListener(
        'abort',
        () => {
          if (this.waiters.delete(waiter)) reject(new Error('aborted'));
        },
        { once: true },
      );
    });
  }

  private async runPasses(): Promise<void> {
    try {
      do {
        this.wakeAgain = false;
        await this.catchUp();
      } while (this.wakeAgain && this.state === 'running');
    } finally {
      // In the same turn as the last look at wakeAgain: a wake from now on starts a pass of
      // its own (cleared a turn later, a wake in between was lost until the fallback poll).
      this.pass = undefined;
    }
    this.retryIfBehind();
  }

  /**
   * An append can announce itself while readers still cannot see it (an older
   * transaction is open; on PostgreSQL readers stop below it). When that older
   * transaction rolls back, nothing announces anything, so look again shortly,
   * backing off, until the announced position is reached.
   */
  private retryIfBehind(): void {
    clearTimeout(this.retry);
    this.retry = undefined;
    if (this.state !== 'running' || this.checkpoint >= this.announced()) {
      this.retryDelayMs = MIN_RETRY_MS;
      return;
    }
    this.retry = setTimeout(() => this.wake(), this.retryDelayMs);
    this.retry.unref();
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, MAX_RETRY_MS);
  }

  private async catchUp(): Promise<void> {
    try {
      this.owned ||= await this.claim(this.name);
      if (!this.owned) {
        // Standby: follow the owner's checkpoint, so waitFor still resolves here.
        const [row] = await this.db.query<{ position: unknown }>(
          'SELECT position FROM projection_checkpoints WHERE name = $1',
          [this.name],
        );
        this.advance(Math.max(this.checkpoint, toSafeInteger(row?.position ?? 0)));
        return;
      }
    } catch (error) {
      this.logger.error(`Projection "${this.name}" could not check its owner; will retry.`, error);
      return;
    }
    while (this.state === 'running' && this.owned) {
      try {
        let next: number;
        let events: RecordedEvent[];
        if (this.projection.handles) {
          const page = await this.readWithHead(this.projection.handles);
          if (!page) return;
          events = page.events;
          const head = page.head;
          const last = events.at(-1);
          // A short batch holds every wanted event up to `head` (committed before we read it),
          // so the checkpoint can skip the unwanted ones up to there.
          next =
            events.length === this.batchSize && last
              ? last.position
              : Math.max(head, last?.position ?? 0);
        } else {
          // Every event is wanted: what readAll returns is the whole readable prefix, so no
          // head position is needed (one round trip less per batch on the live path).
          events = await this.store.readAll({ after: this.checkpoint, maxCount: this.batchSize });
          const last = events.at(-1);
          if (!last) return;
          next = last.position;
        }
        // The lock may have gone with its connection while we read: claim it again before
        // writing. (The checkpoint's compare-and-set already keeps a write from landing twice.)
        if (!this.owned) return;
        await this.commitBatch(events, next);
        // A short batch read everything readable: whatever lands after it wakes this worker
        // again, so asking once more now would only read nothing.
        if (events.length < this.batchSize) return;
      } catch (error) {
        if (error instanceof ProjectionFailedError) {
          this.fail(error);
        } else if (error instanceof UnknownSchemaVersionError) {
          // Retrying cannot help: the event needs an upcaster (or a newer server) first.
          this.fail(new ProjectionFailedError(this.name, error.event, error));
        } else {
          // Not the projection's fault (connection lost, store closing): the fallback timer retries.
          this.logger.error(`Projection "${this.name}" could not catch up and will retry.`, error);
        }
        return;
      }
      // Let sockets and other work in between batches (PGlite runs on the main thread).
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /**
   * Wanted events after the checkpoint and the head they were read against;
   * undefined when there is nothing new. One round trip where the store can.
   */
  private async readWithHead(
    eventTypes: readonly string[],
  ): Promise<{ events: RecordedEvent[]; head: number } | undefined> {
    const options = { after: this.checkpoint, maxCount: this.batchSize, eventTypes };
    if (this.store.readAllWithHead) {
      const page = await this.store.readAllWithHead(options);
      return page.head <= this.checkpoint ? undefined : page;
    }
    // Head first: everything up to it has committed before readAll looks.
    const head = await this.store.headPosition();
    if (head <= this.checkpoint) return undefined;
    return { events: await this.store.readAll(options), head };
  }

  private async commitBatch(events: readonly RecordedEvent[], next: number): Promise<void> {
    const from = this.checkpoint;
    if (events.length === 0) {
      // Nothing to apply: moving the checkpoint is one statement, no transaction around it.
      const moved = await this.moveCheckpoint(this.db, from, next);
      this.advance(moved ? next : await this.readCheckpoint(this.db));
      return;
    }
    const stored = await this.db.transaction(async (tx) => {
      // Moving the checkpoint first takes its row lock: a second runner (or a rebuild's swap)
      // on the same database waits here, then finds the position moved and updates nothing.
      // Should applying fail, the whole transaction rolls back, the move included.
      if (!(await this.moveCheckpoint(tx, from, next))) return this.readCheckpoint(tx);
      await applyEvents(this.projection, events, tx);
      return next;
    });
    this.advance(stored);
    if (stored === next) this.projected(events);
  }

  /** Compare-and-set: false when the checkpoint is no longer at `from` (another runner moved it). */
  private async moveCheckpoint(db: SqlExecutor, from: number, next: number): Promise<boolean> {
    const moved = await db.query(
      `UPDATE projection_checkpoints SET position = $2, updated_at = now()
        WHERE name = $1 AND position = $3 RETURNING position`,
      [this.name, next, from],
    );
    return moved.length > 0;
  }

  private async readCheckpoint(tx: SqlExecutor): Promise<number> {
    const [row] = await tx.query<{ position: unknown }>(
      'SELECT position FROM projection_checkpoints WHERE name = $1',
      [this.name],
    );
    if (!row)
      throw new Error(
        `The checkpoint row of projection "${this.name}" is missing; was projection_checkpoints emptied?`,
      );
    return toSafeInteger(row.position);
  }

  private advance(checkpoint: number): void {
    this.checkpoint = checkpoint;
    for (const waiter of [...this.waiters]) {
      if (waiter.position <= checkpoint) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  private fail(error: ProjectionFailedError): void {
    this.state = 'failed';
    this.failure = error;
    this.logger.error(error.message, error.cause);
    this.rejectWaiters(error);
  }

  private rejectWaiters(error: Error): void {
    for (const waiter of [...this.waiters]) {
      this.waiters.delete(waiter);
      waiter.reject(error);
    }
  }
}

function toSafeInteger(value: unknown): number {
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' || typeof value === 'bigint'
        ? Number(value)
        : NaN;
  if (!Number.isSafeInteger(number))
    throw new Error(`A checkpoint holds ${String(value)}, which is not a position.`);
  return number;
}
