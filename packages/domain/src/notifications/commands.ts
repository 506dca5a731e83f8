import type { Command } from '../common/decider.js';

/** The ids are the caller's own notifications, resolved by the server ("all" becomes the unread ones). */
export type MarkNotificationsRead = Command<
  'MarkNotificationsRead',
  { userId: string; notificationIds: readonly string[] }
>;

export type NotificationCommand = MarkNotificationsRead;
