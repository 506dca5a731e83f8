import { Controller } from '@nestjs/common';
import type { RouteValues, SchoolView } from '@commonplace/shared';
import { API_ROUTES as R } from '@commonplace/shared';
import { Endpoint, Input } from '../common/endpoint.js';
import type { Actor } from '../common/actor.js';
import { CurrentActor } from '../common/actor.js';
import { SchoolService } from './school.service.js';

@Controller()
export class SchoolController {
  constructor(private readonly schools: SchoolService) {}

  @Endpoint(R.createSchool)
  onCreate(
    @Input() { body }: RouteValues<typeof R.createSchool>,
    @CurrentActor() actor: Actor,
  ): Promise<SchoolView> {
    return this.schools.create(actor, body.name);
  }

  @Endpoint(R.school)
  onView(
    @Input() { params }: RouteValues<typeof R.school>,
    @CurrentActor() actor: Actor,
  ): Promise<SchoolView> {
    return this.schools.view(actor, params.schoolId);
  }

  @Endpoint(R.addSchoolAdmin)
  onAddAdmin(
    @Input() { params, body }: RouteValues<typeof R.addSchoolAdmin>,
    @CurrentActor() actor: Actor,
  ): Promise<SchoolView> {
    return this.schools.addAdmin(actor, params.schoolId, body.userId);
  }

  @Endpoint(R.removeSchoolAdmin)
  async onRemoveAdmin(
    @Input() { params }: RouteValues<typeof R.removeSchoolAdmin>,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.schools.removeAdmin(actor, params.schoolId, params.userId);
  }

  @Endpoint(R.linkClassroomToSchool)
  async onLink(
    @Input() { params, body }: RouteValues<typeof R.linkClassroomToSchool>,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.schools.link(actor, params.classroomId, body.schoolId);
  }
}
