import { Controller } from '@nestjs/common';
import type { NotificationList, RouteValues } from '@commonplace/shared';
import { API_ROUTES as R } from '@commonplace/shared';
import type { Actor } from '../common/actor.js';
import { CurrentActor } from '../common/actor.js';
import { Endpoint, Input } from '../common/endpoint.js';
import { NotificationsService } from './notifications.service.js';

/** The caller's own notifications; nobody reads or marks another's. */
@Controller()
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Endpoint(R.myNotifications)
  onList(
    @Input() _input: RouteValues<typeof R.myNotifications>,
    @CurrentActor() actor: Actor,
  ): Promise<NotificationList> {
    return this.notifications.list(actor);
  }

  @Endpoint(R.markNotificationsRead)
  onMarkRead(
    @Input() { body }: RouteValues<typeof R.markNotificationsRead>,
    @CurrentActor() actor: Actor,
  ): Promise<NotificationList> {
    return this.notifications.markRead(actor, body);
  }
}
