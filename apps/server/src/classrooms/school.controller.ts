import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import type {
  AddSchoolAdminRequest,
  CreateSchoolRequest,
  LinkClassroomToSchoolRequest,
  SchoolView,
} from '@commonplace/shared';
import {
  API_ROUTES,
  AddSchoolAdminRequestSchema,
  CreateSchoolRequestSchema,
  LinkClassroomToSchoolRequestSchema,
} from '@commonplace/shared';
import { z } from 'zod';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { AuthGuard, CurrentPrincipal } from '../identity/auth.guard.js';
import type { Principal } from '../identity/token.service.js';
import { SchoolService } from './school.service.js';

const IdParam = new ZodValidationPipe(z.string().min(1).max(100));
const R = API_ROUTES;

@Controller()
@UseGuards(AuthGuard)
export class SchoolController {
  constructor(private readonly schools: SchoolService) {}

  @Post(R.createSchool.path)
  onCreate(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(CreateSchoolRequestSchema)) body: CreateSchoolRequest,
  ): Promise<SchoolView> {
    return this.schools.create(principal, body.name);
  }

  @Get(R.school.path)
  onView(
    @CurrentPrincipal() principal: Principal,
    @Param('schoolId', IdParam) schoolId: string,
  ): Promise<SchoolView> {
    return this.schools.view(principal, schoolId);
  }

  @Post(R.addSchoolAdmin.path)
  onAddAdmin(
    @CurrentPrincipal() principal: Principal,
    @Param('schoolId', IdParam) schoolId: string,
    @Body(new ZodValidationPipe(AddSchoolAdminRequestSchema)) body: AddSchoolAdminRequest,
  ): Promise<SchoolView> {
    return this.schools.addAdmin(principal, schoolId, body.userId);
  }

  @Delete(R.removeSchoolAdmin.path)
  @HttpCode(204)
  async onRemoveAdmin(
    @CurrentPrincipal() principal: Principal,
    @Param('schoolId', IdParam) schoolId: string,
    @Param('userId', IdParam) userId: string,
  ): Promise<void> {
    await this.schools.removeAdmin(principal, schoolId, userId);
  }

  @Post(R.linkClassroomToSchool.path)
  @HttpCode(204)
  async onLink(
    @CurrentPrincipal() principal: Principal,
    @Param('classroomId', IdParam) classroomId: string,
    @Body(new ZodValidationPipe(LinkClassroomToSchoolRequestSchema))
    body: LinkClassroomToSchoolRequest,
  ): Promise<void> {
    await this.schools.link(principal, classroomId, body.schoolId);
  }
}
