import { Controller } from '@nestjs/common';
import type { FamilyChildDashboard, RouteValues } from '@commonplace/shared';
import { API_ROUTES as R } from '@commonplace/shared';
import type { Actor } from '../common/actor.js';
import { CurrentActor } from '../common/actor.js';
import { Endpoint, Input } from '../common/endpoint.js';
import { FamiliesService } from './families.service.js';

/** A guardian's read-only view of their own child. */
@Controller()
export class FamiliesController {
  constructor(private readonly families: FamiliesService) {}

  @Endpoint(R.familyDashboard)
  onDashboard(
    @Input() { params, query }: RouteValues<typeof R.familyDashboard>,
    @CurrentActor() actor: Actor,
  ): Promise<FamilyChildDashboard> {
    return this.families.dashboard(actor, params.studentId, query.weeks, query.tz);
  }
}
