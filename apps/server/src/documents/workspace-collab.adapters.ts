import { randomUUID } from 'node:crypto';
import type { OnModuleDestroy } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { WorkspaceEntered, WorkspaceLeft } from '@commonplace/domain';
import { streams } from '@commonplace/domain';
import { ClassroomQueries } from '../roster/classroom.queries.js';
import type {
  AuthorizeResult,
  CollabAuthorizer,
  PresenceListener,
} from '../collab/collab.types.js';
import { AppError } from '../common/app-error.js';
import type { EventStore } from '../event-store/event-store.port.js';
import { IdentityService } from '../identity/identity.service.js';
import { TokenService } from '../identity/token.service.js';
import type { Session } from '../identity/token.service.js';
import type { RedisDocumentRelay } from '../redis/redis-document.relay.js';
import { RedisVisitRegistry } from '../redis/redis-visit.registry.js';
import { EVENT_STORE } from '../store/store.tokens.js';
import { DOCUMENT_RELAY } from './document-relay.token.js';
import { ProjectLockReader } from './project-lock.reader.js';
import { DocumentKinds } from './document-kinds.registry.js';

/**
 * Workspace documents open for their group's members, read-only for the
 * teacher, to no one else; read-only for everyone while the project is locked
 * for assessment.
 */
@Injectable()
export class WorkspaceAuthorizer implements CollabAuthorizer {
  constructor(
    private readonly tokens: TokenService,
    private readonly queries: ClassroomQueries,
    private readonly identity: IdentityService,
    private readonly locks: ProjectLockReader,
    private readonly kinds: DocumentKinds,
  ) {}

  async authorize(
    token: string | null,
    docId: string,
    ticket: string | null = null,
  ): Promise<AuthorizeResult> {
    let session: Session;
    try {
      // A ticket, when there is one, is used up whatever else the URL holds.
      session =
        ticket === null
          ? await this.tokens.verifySession(token)
          : await this.tokens.verifyTicket(ticket);
    } catch (error) {
      if (error instanceof AppError) return { ok: false, reason: 'unauthorized' };
      throw error;
    }
    const decision = await this.accessOf(session.principal.userId, docId);
    if (!decision.ok) return decision;
    return {
      ok: true,
      principal: {
        ...decision.principal,
        expiresAt: session.expiresAt,
        sessionId: session.sessionId,
      },
    };
  }

  /**
   * What a signed-in person may do with a document, whatever kind it is. The
   * one rule for every way in (live editing, history, replay), so a kind of
   * document added here is readable everywhere it should be and nowhere else.
   */
  async accessOf(userId: string, docId: string): Promise<AuthorizeResult> {
    // Documents other features own (tutoring scratchpads, inquiry boards) have their own rules.
    const kind = this.kinds.kindOf(docId);
    if (kind) return kind.authorize(docId, userId);
    // Asked side by side: a connection waits for one round trip instead of three.
    const [decision, user, locked] = await Promise.all([
      this.queries.workspaceAccess(docId, userId),
      this.identity.findUser(userId),
      this.locks.isDocLocked(docId),
    ]);
    if ('refused' in decision) {
      // Another feature may grant a read (a peer tutor reading the student's project document).
      if (await this.kinds.grantsRead(docId, userId))
        return allowAccount(this.identity, userId, 'read-only');
      return { ok: false, reason: decision.refused };
    }
    if (!user) return { ok: false, reason: 'unauthorized' };
    const access = decision.access === 'read-write' && locked ? 'read-only' : decision.access;
    return { ok: true, principal: { userId, displayName: user.displayName, access } };
  }
}

/** A signed-in account's access to a document, with the name the others see; none is a refusal. */
export async function allowAccount(
  identity: IdentityService,
  userId: string,
  access: 'read-write' | 'read-only' | 'none',
): Promise<AuthorizeResult> {
  if (access === 'none') return { ok: false, reason: 'forbidden' };
  const user = await identity.findUser(userId);
  if (!user) return { ok: false, reason: 'unauthorized' };
  return { ok: true, principal: { userId, displayName: user.displayName, access } };
}

const REAP_MS = 10_000;

/**
 * Presence is recorded in the log: entering and leaving a workspace are
 * learning actions (time on task comes from them later).
 */
@Injectable()
export class EventLogPresence implements PresenceListener, OnModuleDestroy {
  private readonly logger = new Logger('Presence');
  /** With several instances: visits counted across all of them, so a person enters and leaves once. */
  private readonly visits: RedisVisitRegistry | null;
  /** Visit changes go to Redis one after another, so an entry is never overtaken by its exit. */
  private counting: Promise<void> = Promise.resolve();
  private readonly reaper: NodeJS.Timeout | null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DOCUMENT_RELAY) private readonly relay: RedisDocumentRelay | null,
  ) {
    this.visits = relay === null ? null : new RedisVisitRegistry(relay);
    // An instance killed while others run leaves visits open; the survivors close them.
    this.reaper = relay === null ? null : setInterval(() => void this.reapDeadInstances(), REAP_MS);
    this.reaper?.unref();
  }

  onModuleDestroy(): void {
    if (this.reaper !== null) clearInterval(this.reaper);
  }

  /** Resolves once every visit change so far has been counted (and, where it counts, recorded). */
  settled(): Promise<void> {
    return this.counting;
  }

  joined(docId: string, userId: string): void {
    this.count('enter', { type: 'WorkspaceEntered', data: { docId, userId } });
  }

  left(docId: string, userId: string): void {
    this.count('leave', { type: 'WorkspaceLeft', data: { docId, userId } });
  }

  /**
   * A server that stopped abruptly could not record who left. Alone, no one is
   * connected anywhere at start-up, so every open visit is stale. With live
   * peers, only the visits of instances that died are. The open visits are
   * activity's read model, handed in by the composition root (activity reads
   * documents, so documents may not import it).
   */
  async closeStaleVisits(
    openVisits: () => Promise<ReadonlyArray<{ docId: string; userId: string }>>,
  ): Promise<void> {
    if (this.relay !== null && (await this.relay.anyPeerAlive())) {
      await this.reapDeadInstances();
      return;
    }
    const stale = await openVisits();
    await Promise.all(
      stale.map(({ docId, userId }) =>
        this.append({ type: 'WorkspaceLeft', data: { docId, userId } }),
      ),
    );
    // The counts of instances that are gone are stale too; the exits were just recorded.
    await this.visits?.reapDead();
  }

  private count(change: 'enter' | 'leave', event: WorkspaceEntered | WorkspaceLeft): void {
    const visits = this.visits;
    if (visits === null) {
      this.record(event);
      return;
    }
    const { docId, userId } = event.data;
    this.counting = this.counting
      .then(() => visits[change](docId, userId))
      .then(
        (firstOrLast) => {
          if (firstOrLast) this.record(event);
        },
        (error: unknown) => {
          // Redis is down: record it anyway; a doubled entry beats a missing one.
          this.logger.error(`Could not count visits to ${docId} in Redis: ${String(error)}`);
          this.record(event);
        },
      );
  }

  private async reapDeadInstances(): Promise<void> {
    try {
      const stale = (await this.visits?.reapDead()) ?? [];
      await Promise.all(
        stale
          .filter((visit) => visit.gone)
          .map((visit) =>
            this.append({
              type: 'WorkspaceLeft',
              data: { docId: visit.docId, userId: visit.userId },
            }),
          ),
      );
    } catch (error) {
      this.logger.error(`Could not close the visits of stopped instances: ${String(error)}`);
    }
  }

  private record(event: WorkspaceEntered | WorkspaceLeft): void {
    this.append(event).catch((error: unknown) =>
      this.logger.error(`Could not record ${event.type} for ${event.data.docId}: ${String(error)}`),
    );
  }

  private async append(event: WorkspaceEntered | WorkspaceLeft): Promise<void> {
    await this.store.appendToStream(streams.presence(event.data.docId), [
      {
        id: randomUUID(),
        type: event.type,
        data: event.data,
        metadata: { at: new Date().toISOString(), by: event.data.userId },
      },
    ]);
  }
}
