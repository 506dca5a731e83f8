import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import type { Config } from '../config/config.js';
import { CONFIG } from '../config/config.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import type { RedisDocumentRelay } from '../redis/redis-document.relay.js';
import { DOCUMENT_RELAY } from '../documents/document-relay.token.js';
import { BoardQueries } from './board.queries.js';
import { LiveGateway } from './live.gateway.js';

/** Projections whose read models the live views read. */
const WATCHED_PROJECTIONS = new Set(['roster', 'projects', 'board-activity', 'tutoring']);
/** Projections that change only boards (who is here, who asked for help), never progress. */
const BOARD_ONLY_PROJECTIONS = new Set(['board-activity', 'tutoring']);

/** Edits arriving within this window after the first are folded into one recompute per classroom. */
export const BOARD_DEBOUNCE_MS = 150;

/** The Redis topic on which the projecting instance says what each batch touched. */
const TOUCHED_TOPIC = 'live-touched';

interface Touched {
  readonly classroomIds: Set<string>;
  readonly docIds: Set<string>;
  readonly projectIds: Set<string>;
  /** Help requests named without their classroom (a withdrawal). */
  readonly requestIds: Set<string>;
}

/** The ids a batch of events names: what it can have changed. */
export function touchedBy(events: readonly RecordedEvent[]): Touched {
  const touched: Touched = {
    classroomIds: new Set(),
    docIds: new Set(),
    projectIds: new Set(),
    requestIds: new Set(),
  };
  for (const event of events) {
    const data = event.data as {
      classroomId?: unknown;
      docId?: unknown;
      projectId?: unknown;
      requestId?: unknown;
    };
    if (typeof data.classroomId === 'string') touched.classroomIds.add(data.classroomId);
    else if (typeof data.requestId === 'string') touched.requestIds.add(data.requestId);
    if (typeof data.docId === 'string') touched.docIds.add(data.docId);
    if (typeof data.projectId === 'string') touched.projectIds.add(data.projectId);
  }
  return touched;
}

/** What a batch touched, as said on the topic: sets travel as arrays. */
interface TouchedNews {
  readonly projection: string;
  readonly classroomIds: string[];
  readonly docIds: string[];
  readonly projectIds: string[];
  readonly requestIds?: string[];
}

function isEmpty(touched: Touched): boolean {
  return (
    touched.classroomIds.size === 0 &&
    touched.docIds.size === 0 &&
    touched.projectIds.size === 0 &&
    touched.requestIds.size === 0
  );
}

/**
 * Pushes live views after the read models commit. Only what a batch touched
 * is recomputed, and only where someone on this instance watches it: the
 * boards of the classrooms it names (debounced per classroom), the progress
 * of the workspaces it names, and the overviews of their students. A timer
 * re-evaluates watched boards, so idle and overdue fire without any event.
 * Only one instance runs the projections; with Redis it says what each batch
 * touched on a topic, and every instance (itself included) recomputes for
 * its own watchers, so a teacher's socket may sit on any instance.
 */
@Injectable()
export class BoardPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly classroomOfDoc = new Map<string, string>();
  private ticker: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private leaveTopic: (() => void) | undefined;
  private readonly tickMs: number;
  /** Boards computed, and projected batches looked into (any query at all): for tests and benchmarks. */
  recomputed = 0;
  examined = 0;

  constructor(
    private readonly projections: ProjectionRunner,
    private readonly boards: BoardQueries,
    private readonly gateway: LiveGateway,
    @Inject(CONFIG) config: Config,
    @Inject(DOCUMENT_RELAY) private readonly relay: RedisDocumentRelay | null,
  ) {
    // A quarter of the idle threshold, so idle shows within that margin; never busier than 4 Hz.
    this.tickMs = Math.min(15_000, Math.max(250, (config.IDLE_MINUTES * 60_000) / 4));
  }

  async onApplicationBootstrap(): Promise<void> {
    const relay = this.relay;
    if (relay !== null) {
      this.leaveTopic = await relay.subscribeTopic(TOUCHED_TOPIC, (message) => {
        const news = JSON.parse(message) as TouchedNews;
        if (!WATCHED_PROJECTIONS.has(news.projection) || !this.gateway.anyWatchers()) return;
        void this.note(news.projection, {
          classroomIds: new Set(news.classroomIds),
          docIds: new Set(news.docIds),
          projectIds: new Set(news.projectIds),
          requestIds: new Set(news.requestIds ?? []),
        });
      });
    }
    this.unsubscribe = this.projections.onProjected((name, events) => {
      if (!WATCHED_PROJECTIONS.has(name)) return;
      if (relay !== null) {
        const touched = touchedBy(events);
        if (isEmpty(touched)) return;
        // Heard back by this instance too, so every instance reacts the same one way.
        const news: TouchedNews = {
          projection: name,
          classroomIds: [...touched.classroomIds],
          docIds: [...touched.docIds],
          projectIds: [...touched.projectIds],
          requestIds: [...touched.requestIds],
        };
        relay.publishTopic(TOUCHED_TOPIC, JSON.stringify(news));
        return;
      }
      // Nobody watching anything here: no query at all (the common case while students type).
      if (this.gateway.anyWatchers()) void this.note(name, touchedBy(events));
    });
    this.ticker = setInterval(() => {
      for (const classroomId of this.gateway.watchedClassrooms()) this.schedule(classroomId);
    }, this.tickMs);
    this.ticker.unref();
  }

  onApplicationShutdown(): void {
    this.unsubscribe?.();
    this.leaveTopic?.();
    if (this.ticker) clearInterval(this.ticker);
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  /** The classrooms of documents, remembered: a document never changes classroom. */
  private async classroomsOf(docIds: Iterable<string>): Promise<string[]> {
    const missing = [...docIds].filter((d) => !this.classroomOfDoc.has(d));
    for (const [docId, classroomId] of await this.boards.classroomsOfDocuments(missing)) {
      this.classroomOfDoc.set(docId, classroomId);
    }
    return [...docIds].flatMap((d) => {
      const classroomId = this.classroomOfDoc.get(d);
      return classroomId === undefined ? [] : [classroomId];
    });
  }

  private async note(name: string, touched: Touched): Promise<void> {
    this.examined++;
    try {
      for (const classroomId of await this.classroomsOf(touched.docIds))
        touched.classroomIds.add(classroomId);
      for (const classroomId of await this.boards.classroomsOfHelpRequests([...touched.requestIds]))
        touched.classroomIds.add(classroomId);
      // Edits, presence and help requests change only boards; progress and overviews change with the plan and roster.
      if (BOARD_ONLY_PROJECTIONS.has(name)) {
        for (const classroomId of touched.classroomIds) this.schedule(classroomId);
        return;
      }
      const docIds = new Set(touched.docIds);
      for (const projectId of touched.projectIds) {
        const classroomId = await this.boards.classroomOfProject(projectId);
        if (classroomId) touched.classroomIds.add(classroomId);
        // A lock or a plan change names no workspace: every workspace of the project shows it.
        for (const docId of await this.gateway.docsOfProject(projectId)) docIds.add(docId);
      }
      for (const classroomId of touched.classroomIds) this.schedule(classroomId);
      await this.gateway.publishProgress([...docIds]);
    } catch (error) {
      this.gateway.logFailure(error);
    }
  }

  /** One recompute per classroom per debounce window, only while someone watches it here. */
  private schedule(classroomId: string): void {
    if (this.pending.has(classroomId) || !this.gateway.isWatched('board', classroomId)) return;
    const timer = setTimeout(() => {
      this.pending.delete(classroomId);
      void this.publish(classroomId);
    }, BOARD_DEBOUNCE_MS);
    timer.unref();
    this.pending.set(classroomId, timer);
  }

  private async publish(classroomId: string): Promise<void> {
    try {
      this.recomputed++;
      await this.gateway.publishBoard(await this.boards.board(classroomId));
    } catch (error) {
      this.gateway.logFailure(error);
    }
  }
}
