import { Module } from '@nestjs/common';
import { ClassroomsModule } from '../classrooms/classrooms.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { BoardPublisher } from './board-publisher.js';
import { LiveGateway } from './live.gateway.js';

@Module({
  imports: [IdentityModule, ClassroomsModule],
  providers: [LiveGateway, BoardPublisher],
})
export class LiveModule {}
