import { Inject, Injectable } from '@nestjs/common';
import type { MarkNotificationsRead } from '@commonplace/domain';
import { DomainError, notificationsDecider, streams } from '@commonplace/domain';
import type {
  MarkNotificationsReadRequest,
  NotificationKind,
  NotificationList,
  NotificationView,
} from '@commonplace/shared';
import { CommandHandler } from '../commands/command.handler.js';
import type { Principal } from '../common/principal.js';
import type { SqlDatabase } from '../database/sql-database.js';
import { IdentityService } from '../identity/identity.service.js';
import { SQL_DATABASE } from '../store/store.tokens.js';
import { NotificationAudiences } from './notification-audiences.resolver.js';
import type { NotificationFact } from './notifications.projection.js';
import { SCHEDULED_KINDS } from './notifications.projection.js';

/** How many of the newest a person's list shows. */
export const NOTIFICATION_LIST_LIMIT = 50;

interface NotificationRow {
  id: string;
  actor_id: string;
  kind: NotificationKind;
  link: string;
  created_at: Date | string;
  read: boolean;
}

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? '';
const iso = (at: Date | string) => new Date(at).toISOString();

/**
 * A person's notifications: those of every audience they are in now, never
 * for their own actions, with their own read marks.
 */
@Injectable()
export class NotificationsService {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly audiences: NotificationAudiences,
    private readonly identity: IdentityService,
    private readonly commands: CommandHandler,
  ) {}

  async list(principal: Principal): Promise<NotificationList> {
    const userId = principal.userId;
    const audiences = await this.audiences.of(userId);
    const [rows, [count]] = await Promise.all([
      this.db.query<NotificationRow>(
        `SELECT n.id, n.actor_id, n.kind, n.link, n.created_at, (r.user_id IS NOT NULL) AS read
         FROM rm_notifications n
         LEFT JOIN rm_notification_reads r ON r.notification_id = n.id AND r.user_id = $2
         WHERE n.audience = ANY($1::text[]) AND n.actor_id <> $2 AND n.created_at <= now()
         ORDER BY n.created_at DESC, n.id DESC LIMIT $3`,
        [audiences, userId, NOTIFICATION_LIST_LIMIT],
      ),
      this.db.query<{ unread: number | string }>(
        `SELECT count(*) AS unread FROM rm_notifications n
         WHERE n.audience = ANY($1::text[]) AND n.actor_id <> $2 AND n.created_at <= now() AND NOT EXISTS (
           SELECT 1 FROM rm_notification_reads r WHERE r.notification_id = n.id AND r.user_id = $2)`,
        [audiences, userId],
      ),
    ]);
    const names = await this.firstNames(rows.map((r) => r.actor_id));
    return {
      items: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        actorName: names.get(r.actor_id) ?? '',
        link: r.link,
        createdAt: iso(r.created_at),
        read: r.read,
      })),
      unread: Number(count?.unread ?? 0),
    };
  }

  /**
   * Marks the caller's own notifications read: the ones named (each must be
   * theirs), or every unread one. Recorded as the person's event.
   */
  async markRead(
    principal: Principal,
    request: MarkNotificationsReadRequest,
  ): Promise<NotificationList> {
    const userId = principal.userId;
    const audiences = await this.audiences.of(userId);
    const named = 'ids' in request ? [...new Set(request.ids)] : null;
    const mine = await this.db.query<{ id: string }>(
      `SELECT n.id FROM rm_notifications n
       WHERE n.audience = ANY($1::text[]) AND n.actor_id <> $2 AND n.created_at <= now()
         AND ($3::text[] IS NULL OR n.id = ANY($3::text[]))
         AND NOT EXISTS (SELECT 1 FROM rm_notification_reads r
                         WHERE r.notification_id = n.id AND r.user_id = $2)`,
      [audiences, userId, named],
    );
    if (named !== null) {
      const known = await this.db.query<{ id: string }>(
        `SELECT n.id FROM rm_notifications n
         WHERE n.id = ANY($1::text[]) AND n.audience = ANY($2::text[]) AND n.actor_id <> $3
           AND n.created_at <= now()`,
        [named, audiences, userId],
      );
      if (known.length !== named.length) {
        throw new DomainError(
          'notifications.not-yours',
          'You can only mark your own notifications read.',
        );
      }
    }
    if (mine.length > 0) {
      await this.commands.send(notificationsDecider, streams.notifications(userId), userId, {
        type: 'MarkNotificationsRead',
        data: { userId, notificationIds: mine.map((r) => r.id) },
      } satisfies Omit<MarkNotificationsRead, 'metadata'>);
    }
    return this.list(principal);
  }

  /** Scheduled notifications whose time came in (from, to]: the publisher's sweep pushes them. */
  async fallenDue(from: Date, to: Date): Promise<NotificationFact[]> {
    const rows = await this.db.query<{
      id: string;
      audience: string;
      actor_id: string;
      kind: NotificationKind;
      link: string;
      created_at: Date | string;
    }>(
      `SELECT id, audience, actor_id, kind, link, created_at FROM rm_notifications
       WHERE kind = ANY($1::text[]) AND created_at > $2 AND created_at <= $3 ORDER BY created_at, id`,
      [SCHEDULED_KINDS, from.toISOString(), to.toISOString()],
    );
    return rows.map((r) => ({
      id: r.id,
      audience: r.audience,
      actorId: r.actor_id,
      kind: r.kind,
      link: r.link,
      createdAt: iso(r.created_at),
    }));
  }

  /** A new notification as each of its recipients sees it: unread, with the actor's first name. */
  async viewOf(fact: NotificationFact): Promise<NotificationView> {
    const names = await this.firstNames([fact.actorId]);
    return {
      id: fact.id,
      kind: fact.kind,
      actorName: names.get(fact.actorId) ?? '',
      link: fact.link,
      createdAt: iso(fact.createdAt),
      read: false,
    };
  }

  /** Everyone in the notification's audience now, but never the person who acted. */
  async recipientsOf(fact: NotificationFact): Promise<string[]> {
    return (await this.audiences.members(fact.audience)).filter((id) => id !== fact.actorId);
  }

  private async firstNames(ids: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const names = await this.identity.displayNames(unique);
    return new Map([...names].map(([id, name]) => [id, firstName(name)]));
  }
}
