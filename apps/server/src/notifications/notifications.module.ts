import { Module } from '@nestjs/common';
import { RosterModule } from '../roster/roster.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { InquiryModule } from '../inquiry/inquiry.module.js';
import { NotificationAudiences } from './notification-audiences.resolver.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsGateway } from './notifications.gateway.js';
import { NotificationsPublisher } from './notifications.publisher.js';
import { NotificationsService } from './notifications.service.js';

@Module({
  imports: [IdentityModule, RosterModule, InquiryModule],
  controllers: [NotificationsController],
  providers: [
    NotificationAudiences,
    NotificationsService,
    NotificationsGateway,
    NotificationsPublisher,
  ],
})
export class NotificationsModule {}
