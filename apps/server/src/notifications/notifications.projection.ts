import type {
  CommentEvent,
  InquiryEvent,
  NotificationsRead,
  ProjectEvent,
  TutoringEvent,
} from '@commonplace/domain';
import type { NotificationKind } from '@commonplace/shared';
import type { SqlExecutor } from '../database/sql-database.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { Projection } from '../projections/projection.js';

/**
 * Who a notification is for, as the event names them: one person
 * (`user:<id>`), the students of a workspace (`workspace:<docId>`), the peer
 * tutors of a classroom (`tutors:<classroomId>`) or the people and mentors of
 * an inquiry space (`inquiry:<spaceId>`). Audiences are resolved to
 * people by their owners' queries when read and when pushed
 * (`NotificationAudiences`), never here: a projection reads no other
 * feature's read model, and stays a function of the log.
 */
export const audience = {
  user: (userId: string) => `user:${userId}`,
  workspace: (docId: string) => `workspace:${docId}`,
  tutors: (classroomId: string) => `tutors:${classroomId}`,
  inquiry: (spaceId: string) => `inquiry:${spaceId}`,
  spaceTeachers: (spaceId: string) => `space-teachers:${spaceId}`,
};

/**
 * Kinds told at a time of their own rather than when their event happened:
 * pushed by the publisher's sweep as they fall due, never as they are projected.
 */
export const SCHEDULED_KINDS: readonly NotificationKind[] = ['mentor-access-ending'];

/** How long before a mentor's access ends its space's teachers are told. */
export const MENTOR_ENDING_NOTICE_MS = 24 * 60 * 60 * 1000;

/** One notification as the projection derives it from an event. */
export interface NotificationFact {
  readonly id: string;
  readonly audience: string;
  readonly actorId: string;
  readonly kind: NotificationKind;
  readonly link: string;
  readonly createdAt: string;
}

type Source = TutoringEvent | ProjectEvent | InquiryEvent | CommentEvent;

const ms = (at: string) => new Date(at).getTime();

/**
 * The notification an event gives, if any. Its id is made of the event's own
 * ids (a checkpoint may be confirmed again after a reopening, so with the
 * time), so a rebuild gives the same ids and the read marks still match.
 */
export function notificationOf(recorded: RecordedEvent): NotificationFact | undefined {
  const event = { type: recorded.type, data: recorded.data } as Source;
  switch (event.type) {
    case 'TutoringSessionStarted': {
      const d = event.data;
      return {
        id: `hc-${d.sessionId}`,
        audience: audience.user(d.studentId),
        actorId: d.tutorId,
        kind: 'help-claimed',
        link: `/tutoring-sessions/${d.sessionId}`,
        createdAt: d.at,
      };
    }
    case 'HelpRequested': {
      const d = event.data;
      return {
        id: `hr-${d.requestId}`,
        audience: audience.tutors(d.classroomId),
        actorId: d.studentId,
        kind: 'help-requested',
        link: `/classrooms/${d.classroomId}/tutoring`,
        createdAt: d.at,
      };
    }
    case 'FeedbackGiven': {
      const d = event.data;
      return {
        id: `fb-${d.feedbackId}`,
        audience: audience.workspace(d.docId),
        actorId: d.givenBy,
        kind: 'feedback-given',
        link: `/workspaces/${d.docId}/feedback`,
        createdAt: d.givenAt,
      };
    }
    case 'SubmissionReturned': {
      const d = event.data;
      return {
        id: `rt-${d.submissionId}-${ms(d.returnedAt)}`,
        audience: audience.workspace(d.docId),
        actorId: d.returnedBy,
        kind: 'submission-returned',
        link: `/workspaces/${d.docId}/feedback`,
        createdAt: d.returnedAt,
      };
    }
    case 'CheckpointConfirmed': {
      const d = event.data;
      return {
        id: `cc-${d.docId}-${d.checkpointId}-${ms(d.confirmedAt)}`,
        audience: audience.workspace(d.docId),
        actorId: d.confirmedBy,
        kind: 'checkpoint-confirmed',
        link: `/workspaces/${d.docId}`,
        createdAt: d.confirmedAt,
      };
    }
    case 'InquiryPostAdded': {
      const d = event.data;
      return {
        id: `ip-${d.postId}`,
        audience: audience.inquiry(d.spaceId),
        actorId: d.author.role === 'mentor' ? d.author.mentorId : d.author.userId,
        kind: d.replyTo === null ? 'inquiry-post' : 'inquiry-reply',
        link: `/inquiry-spaces/${d.spaceId}`,
        createdAt: d.at,
      };
    }
    case 'MentorInvited': {
      // Told a day before the access ends (at once for a shorter invite), and shown from then
      // on: the row waits in the read model with that time, and the list shows only what is due.
      const d = event.data;
      const due = Math.max(ms(d.expiresAt) - MENTOR_ENDING_NOTICE_MS, ms(d.at));
      return {
        id: `me-${d.mentorId}`,
        audience: audience.spaceTeachers(d.spaceId),
        actorId: d.mentorId,
        kind: 'mentor-access-ending',
        link: `/inquiry-spaces/${d.spaceId}`,
        createdAt: new Date(due).toISOString(),
      };
    }
    case 'PassageCommented': {
      const d = event.data;
      return {
        id: `pc-${d.threadId}`,
        audience: audience.workspace(d.docId),
        actorId: d.authorId,
        kind: 'comment-added',
        link: `/workspaces/${d.docId}`,
        createdAt: d.at,
      };
    }
    case 'CommentReplied': {
      const d = event.data;
      return {
        id: `cr-${d.replyId}`,
        audience: audience.workspace(d.docId),
        actorId: d.authorId,
        kind: 'comment-replied',
        link: `/workspaces/${d.docId}`,
        createdAt: d.at,
      };
    }
    default:
      return undefined;
  }
}

/** The events that give a notification. */
export const NOTIFYING_EVENTS = [
  'TutoringSessionStarted',
  'HelpRequested',
  'FeedbackGiven',
  'SubmissionReturned',
  'CheckpointConfirmed',
  'InquiryPostAdded',
  'PassageCommented',
  'CommentReplied',
  'MentorInvited',
] as const;

/**
 * Every notification with its audience, and what each person has read. Both
 * rebuild from the log: notifications from the events they tell about, read
 * marks from the person's own `NotificationsRead`.
 */
export const notificationsProjection: Projection = {
  name: 'notifications',
  handles: [...NOTIFYING_EVENTS, 'NotificationsRead', 'MentorRevoked'],
  migrations: [
    {
      id: 'notifications-001-tables',
      sql: `
        CREATE TABLE IF NOT EXISTS rm_notifications (
          id text PRIMARY KEY, audience text NOT NULL, actor_id text NOT NULL, kind text NOT NULL,
          link text NOT NULL, created_at timestamptz NOT NULL);
        CREATE INDEX IF NOT EXISTS rm_notifications_audience ON rm_notifications (audience, created_at);
        CREATE TABLE IF NOT EXISTS rm_notification_reads (
          user_id text NOT NULL, notification_id text NOT NULL, read_at timestamptz NOT NULL,
          PRIMARY KEY (user_id, notification_id));
      `,
    },
  ],

  async apply(recorded: RecordedEvent, tx: SqlExecutor): Promise<void> {
    if (recorded.type === 'NotificationsRead') {
      const d = recorded.data as NotificationsRead['data'];
      await tx.query(
        `INSERT INTO rm_notification_reads (user_id, notification_id, read_at)
         SELECT $1, id, $3 FROM unnest($2::text[]) AS id ON CONFLICT DO NOTHING`,
        [d.userId, d.notificationIds, d.at],
      );
      return;
    }
    if (recorded.type === 'MentorRevoked') {
      // Revoked before the notice was due: there is nothing left to end.
      const d = recorded.data as { mentorId: string; at: string };
      await tx.query(`DELETE FROM rm_notifications WHERE id = $1 AND created_at > $2`, [
        `me-${d.mentorId}`,
        d.at,
      ]);
      return;
    }
    const fact = notificationOf(recorded);
    if (!fact) return;
    await tx.query(
      `INSERT INTO rm_notifications (id, audience, actor_id, kind, link, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
      [fact.id, fact.audience, fact.actorId, fact.kind, fact.link, fact.createdAt],
    );
  },
};
