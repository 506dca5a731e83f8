import type { DomainEvent } from '../common/decider.js';

/*
 * One stream per person, `notifications-<userId>`: what they have read.
 * Notifications themselves are not events: they are derived from the events
 * of the other contexts (a claim, feedback, a confirmation) by the server's
 * notifications projection, so a rebuild gives them back. Reading one is the
 * person's own act, so it is recorded, and a rebuild keeps it too.
 */
export type NotificationsRead = DomainEvent<
  'NotificationsRead',
  { userId: string; notificationIds: readonly string[]; at: string }
>;

export type NotificationEvent = NotificationsRead;
