import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { WorkspaceEntered, WorkspaceLeft } from '@commonplace/domain';
import { streams } from '@commonplace/domain';
import { ClassroomQueries } from '../classrooms/classroom.queries.js';
import type {
  AuthorizeResult,
  CollabAuthorizer,
  PresenceListener,
} from '../collab/collab.types.js';
import { AppError } from '../common/app-error.js';
import type { SqlDatabase } from '../database/sql-database.js';
import type { EventStore } from '../event-store/event-store.port.js';
import { IdentityService } from '../identity/identity.service.js';
import { TokenService } from '../identity/token.service.js';
import { EVENT_STORE, SQL_DATABASE } from '../store/store.tokens.js';
import { ProjectLocks } from './project-lock.reader.js';

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
    private readonly locks: ProjectLocks,
  ) {}

  async authorize(token: string | null, docId: string): Promise<AuthorizeResult> {
    let userId: string;
    try {
      userId = (await this.tokens.verify(token)).userId;
    } catch (error) {
      if (error instanceof AppError) return { ok: false, reason: 'unauthorized' };
      throw error;
    }
    const decision = await this.queries.workspaceAccess(docId, userId);
    if ('refused' in decision) return { ok: false, reason: decision.refused };
    const user = await this.identity.findUser(userId);
    if (!user) return { ok: false, reason: 'unauthorized' };
    const access =
      decision.access === 'read-write' && (await this.locks.isDocLocked(docId))
        ? 'read-only'
        : decision.access;
    return { ok: true, principal: { userId, displayName: user.displayName, access } };
  }
}

/**
 * Presence is recorded in the log: entering and leaving a workspace are
 * learning actions (time on task comes from them later).
 */
@Injectable()
export class EventLogPresence implements PresenceListener {
  private readonly logger = new Logger('Presence');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
  ) {}

  joined(docId: string, userId: string): void {
    this.record({ type: 'WorkspaceEntered', data: { docId, userId } });
  }

  left(docId: string, userId: string): void {
    this.record({ type: 'WorkspaceLeft', data: { docId, userId } });
  }

  /**
   * A server that stopped abruptly could not record who left; at start-up no
   * one is connected to this instance, so close those visits.
   */
  async closeStaleVisits(): Promise<void> {
    const stale = await this.db.query<{ doc_id: string; user_id: string }>(
      'SELECT doc_id, user_id FROM rm_presence WHERE present',
    );
    await Promise.all(
      stale.map((row) =>
        this.append({ type: 'WorkspaceLeft', data: { docId: row.doc_id, userId: row.user_id } }),
      ),
    );
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
