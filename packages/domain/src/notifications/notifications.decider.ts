import type { Decider } from '../common/decider.js';
import { DomainError } from '../common/domain-error.js';
import type { NotificationCommand } from './commands.js';
import type { NotificationEvent } from './events.js';

/** What one person has read (stream `notifications-<userId>`). */
export interface NotificationsState {
  readonly read: ReadonlySet<string>;
}

export const notificationsDecider: Decider<
  NotificationCommand,
  NotificationEvent,
  NotificationsState
> = {
  initialState: { read: new Set() },

  decide(command, state) {
    const { at, by } = command.metadata;
    const { userId, notificationIds } = command.data;
    if (userId !== by) {
      throw new DomainError(
        'notifications.not-yours',
        'You can only mark your own notifications read.',
      );
    }
    // Reading again what is already read records nothing.
    const fresh = [...new Set(notificationIds)].filter((id) => !state.read.has(id));
    if (fresh.length === 0) return [];
    return [{ type: 'NotificationsRead', data: { userId, notificationIds: fresh, at } }];
  },

  evolve(state, event) {
    return { read: new Set([...state.read, ...event.data.notificationIds]) };
  },
};
