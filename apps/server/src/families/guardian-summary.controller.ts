import { Controller } from '@nestjs/common';
import type { GuardianSummarySettings, RouteValues } from '@commonplace/shared';
import { API_ROUTES as R } from '@commonplace/shared';
import type { Actor } from '../common/actor.js';
import { CurrentActor } from '../common/actor.js';
import { Endpoint, Input } from '../common/endpoint.js';
import { GuardianSummaryService } from './guardian-summary.service.js';

/** A guardian's own weekly summary by email: where it goes, or that it does not. */
@Controller()
export class GuardianSummaryController {
  constructor(private readonly summaries: GuardianSummaryService) {}

  @Endpoint(R.guardianSummary)
  onSettings(
    @Input() _input: RouteValues<typeof R.guardianSummary>,
    @CurrentActor() actor: Actor,
  ): Promise<GuardianSummarySettings> {
    return this.summaries.settings(actor);
  }

  @Endpoint(R.setGuardianSummary)
  onSet(
    @Input() { body }: RouteValues<typeof R.setGuardianSummary>,
    @CurrentActor() actor: Actor,
  ): Promise<GuardianSummarySettings> {
    return this.summaries.set(actor, body);
  }
}
