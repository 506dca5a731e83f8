import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { COLLAB_CLOSE } from '@commonplace/shared';
import { ClassroomQueries } from '../classrooms/classroom.queries.js';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import { EVENT_STORE } from '../store/store.tokens.js';
import { ProjectLocks } from './project-lock.reader.js';
import { WorkspaceCollab } from './workspace-collab.js';

const LOCK_EVENTS = ['ProjectLocked', 'ProjectUnlocked'];
/** Reads of the log at most this often while edits stream in: a lock still lands well within a second. */
const MIN_CATCH_UP_INTERVAL_MS = 50;
const PAGE = 500;
/** Read models are usually current within milliseconds; past this, recheck anyway. */
const READ_MODEL_WAIT_MS = 800;

/**
 * Locking a project for assessment makes its workspace documents read-only,
 * live: every instance follows the log itself (woken by each append, its own
 * or, through the store, another instance's), so whichever instance a student
 * is connected to closes their writable connection with 4409 "access changed"
 * within milliseconds; the client fetches its access again and reconnects
 * read-only. Unlocking does the reverse. The lock state is read from the
 * project's own stream, so nothing here waits on another team's read model.
 */
@Injectable()
export class ProjectLockWatcher implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('ProjectLocks');
  private position = 0;
  /** The highest position an append was announced at: reading stops short of it until it is settled. */
  private heard = 0;
  private unsubscribe: (() => void) | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  private lastRun = 0;
  private stopped = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly locks: ProjectLocks,
    private readonly queries: ClassroomQueries,
    private readonly collab: WorkspaceCollab,
    private readonly projections: ProjectionRunner,
  ) {}

  async onModuleInit(): Promise<void> {
    // Locks already in the log are read on demand; only the ones from now on need obeying live.
    this.position = await this.store.headPosition();
    this.unsubscribe = this.store.onAppended((position) => {
      this.heard = Math.max(this.heard, position);
      this.wake();
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    await this.running;
  }

  /** Resolves once every lock change appended so far has reached the live connections. */
  async settled(): Promise<void> {
    this.wake();
    while (this.running !== null) await this.running;
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.running !== null) {
      this.again = true;
      return;
    }
    this.running = this.run().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async run(): Promise<void> {
    const wait = this.lastRun + MIN_CATCH_UP_INTERVAL_MS - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (this.stopped) return;
    this.lastRun = performance.now();
    try {
      for (;;) {
        // Every settled event up to `head` is visible now, so the filtered read below misses none of them.
        const head = await this.store.headPosition();
        const events = await this.store.readAll({
          after: this.position,
          eventTypes: LOCK_EVENTS,
          maxCount: PAGE,
        });
        for (const event of events) await this.apply(event);
        if (events.length < PAGE) {
          this.position = Math.max(this.position, head);
          // An append committed but not yet settled (an older transaction still open) is read on the next round.
          if (this.position < this.heard) this.again = true;
          return;
        }
        this.position = events.at(-1)?.position ?? this.position;
      }
    } catch (error) {
      this.logger.error(
        `Could not read lock changes from the log; retrying with the next change: ${String(error)}`,
      );
    }
  }

  private async apply(event: RecordedEvent): Promise<void> {
    const { projectId } = event.data as { projectId: string };
    // Read afresh: the stream is the authority, and it already holds this event.
    this.locks.forget(projectId);
    const state = await this.locks.stateOf(projectId);
    const endpoint = this.collab.endpoint;
    for (const docId of state.docIds) {
      if (state.locked) {
        endpoint.closeWhere(
          docId,
          (connection) => connection.access === 'read-write',
          COLLAB_CLOSE.accessChanged,
        );
        continue;
      }
      // Who may write again is the read models' answer, and they may fold the lock in too: let them see the unlock first.
      await this.projections
        .waitFor(event.position, { timeoutMs: READ_MODEL_WAIT_MS })
        .catch((error: unknown) =>
          this.logger.warn(
            `Rechecking access after an unlock without current read models: ${String(error)}`,
          ),
        );
      const readers = new Set(
        endpoint
          .connectionsOn(docId)
          .filter((connection) => connection.access === 'read-only')
          .map((connection) => connection.userId),
      );
      const writers = new Set<string>();
      for (const userId of readers) {
        const decision = await this.queries.workspaceAccess(docId, userId);
        if (!('refused' in decision) && decision.access === 'read-write') writers.add(userId);
      }
      endpoint.closeWhere(
        docId,
        (connection) => connection.access === 'read-only' && writers.has(connection.userId),
        COLLAB_CLOSE.accessChanged,
      );
    }
  }
}
