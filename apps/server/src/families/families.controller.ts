import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import type { FamilyChildDashboard, FamilyDashboardQuery } from '@commonplace/shared';
import { FAMILY_ROUTES, FamilyDashboardQuerySchema } from '@commonplace/shared';
import { z } from 'zod';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { AuthGuard, CurrentPrincipal } from '../identity/auth.guard.js';
import type { Principal } from '../identity/token.service.js';
import { FamiliesService } from './families.service.js';

const IdParam = new ZodValidationPipe(z.string().min(1).max(100));

/** A guardian's read-only view of their own child. */
@Controller()
@UseGuards(AuthGuard)
export class FamiliesController {
  constructor(private readonly families: FamiliesService) {}

  @Get(FAMILY_ROUTES.familyDashboard.path)
  onDashboard(
    @CurrentPrincipal() principal: Principal,
    @Param('studentId', IdParam) studentId: string,
    @Query(new ZodValidationPipe(FamilyDashboardQuerySchema)) query: FamilyDashboardQuery,
  ): Promise<FamilyChildDashboard> {
    return this.families.dashboard(principal, studentId, query.weeks, query.tz);
  }
}
