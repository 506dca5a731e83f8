import { z } from 'zod';
import { defineRoute } from './route.js';

/** What happened, for whom: the web app words each kind in the reader's language from `params`. */
export const NotificationKindSchema = z.enum([
  'help-claimed',
  'help-requested',
  'feedback-given',
  'submission-returned',
  'checkpoint-confirmed',
  'inquiry-post',
  'inquiry-reply',
  'comment-added',
  'comment-replied',
  'mentor-access-ending',
]);
export type NotificationKind = z.infer<typeof NotificationKindSchema>;

/** Made of the ids of the event it tells about (a workspace, a checkpoint and a time, at most). */
export const NotificationIdSchema = z.string().min(1).max(200);

export const NotificationViewSchema = z.object({
  id: NotificationIdSchema,
  kind: NotificationKindSchema,
  /** The person whose action it was, by first name ('' when unknown). */
  actorName: z.string(),
  /** An app path (e.g. `/tutoring-sessions/…`) that takes the reader to the thing. */
  link: z.string(),
  createdAt: z.string(),
  read: z.boolean(),
});
export type NotificationView = z.infer<typeof NotificationViewSchema>;

export const NotificationListSchema = z.object({
  items: z.array(NotificationViewSchema),
  unread: z.number().int().min(0),
});
export type NotificationList = z.infer<typeof NotificationListSchema>;

/** Some of my notifications, or all of them (`all: true`). */
export const MarkNotificationsReadRequestSchema = z.union([
  z
    .object({
      ids: z.array(NotificationIdSchema).min(1, 'Name at least one notification.').max(200),
    })
    .strict(),
  z.object({ all: z.literal(true) }).strict(),
]);
export type MarkNotificationsReadRequest = z.infer<typeof MarkNotificationsReadRequestSchema>;

const ownNotifications = {
  decidedBy: 'service',
  reason: 'Anyone signed in, their own notifications only',
} as const;

export const NOTIFICATION_ROUTES = {
  myNotifications: defineRoute({
    method: 'GET',
    path: '/notifications',
    summary: 'The caller’s notifications, newest first, with how many are unread',
    authorize: ownNotifications,
    response: NotificationListSchema,
  }),
  markNotificationsRead: defineRoute({
    method: 'POST',
    path: '/notifications/read',
    summary: 'Mark some or all of the caller’s notifications read',
    authorize: ownNotifications,
    body: MarkNotificationsReadRequestSchema,
    status: 200,
    response: NotificationListSchema,
  }),
};
