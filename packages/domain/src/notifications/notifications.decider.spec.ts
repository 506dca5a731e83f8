import { describe, expect, it } from '@jest/globals';
import { refusalCode, specFor } from '../common/given-when-then.js';
import type { MarkNotificationsRead } from './commands.js';
import type { NotificationEvent } from './events.js';
import { notificationsDecider } from './notifications.decider.js';

const given = specFor(notificationsDecider);
const at = '2026-12-07T09:00:00.000Z';
const mark = (by: string, userId: string, ids: string[]): MarkNotificationsRead => ({
  type: 'MarkNotificationsRead',
  data: { userId, notificationIds: ids },
  metadata: { at, by },
});
const readN1: NotificationEvent = {
  type: 'NotificationsRead',
  data: { userId: 'u-ada', notificationIds: ['n1'], at },
};

describe('notifications decider', () => {
  it('records the ids not read before, once each', () => {
    expect(given([readN1]).when(mark('u-ada', 'u-ada', ['n1', 'n2', 'n2']))).toEqual({
      events: [
        { type: 'NotificationsRead', data: { userId: 'u-ada', notificationIds: ['n2'], at } },
      ],
    });
  });

  it('records nothing when everything named is already read', () => {
    expect(given([readN1]).when(mark('u-ada', 'u-ada', ['n1']))).toEqual({ events: [] });
  });

  it('refuses to mark someone else’s notifications', () => {
    expect(refusalCode(given([]).when(mark('u-bo', 'u-ada', ['n1'])))).toBe(
      'notifications.not-yours',
    );
  });
});
