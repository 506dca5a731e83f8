import { Body, Controller, Get, Param, Post, UseGuards } from '@nestjs/common';
import type {
  AddStudentToGroupRequest,
  AssignProjectRequest,
  BoardView,
  ClassroomSummary,
  ClassroomView,
  CreateClassroomRequest,
  CreateGroupRequest,
  GroupView,
  JoinClassroomRequest,
  MyProject,
  ProjectView,
  WorkspaceView,
} from '@commonplace/shared';
import {
  AddStudentToGroupRequestSchema,
  AssignProjectRequestSchema,
  CreateClassroomRequestSchema,
  CreateGroupRequestSchema,
  JoinClassroomRequestSchema,
} from '@commonplace/shared';
import { z } from 'zod';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { AuthGuard, CurrentPrincipal } from '../identity/auth.guard.js';
import type { Principal } from '../identity/token.service.js';
import { ClassroomQueries } from './classroom.queries.js';
import { ClassroomService } from './classroom.service.js';

const IdParam = new ZodValidationPipe(z.string().min(1).max(100));

@Controller()
@UseGuards(AuthGuard)
export class ClassroomController {
  constructor(
    private readonly classrooms: ClassroomService,
    private readonly queries: ClassroomQueries,
  ) {}

  @Get('classrooms')
  onList(@CurrentPrincipal() principal: Principal): Promise<ClassroomSummary[]> {
    return this.queries.listFor(principal.userId);
  }

  @Post('classrooms')
  onCreate(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(CreateClassroomRequestSchema)) body: CreateClassroomRequest,
  ): Promise<ClassroomView> {
    return this.classrooms.createClassroom(principal, body.name);
  }

  @Post('classrooms/join')
  onJoin(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(JoinClassroomRequestSchema)) body: JoinClassroomRequest,
  ): Promise<ClassroomSummary> {
    return this.classrooms.join(principal, body.code);
  }

  @Get('classrooms/:classroomId')
  onView(
    @CurrentPrincipal() principal: Principal,
    @Param('classroomId', IdParam) classroomId: string,
  ): Promise<ClassroomView> {
    return this.queries.view(classroomId, principal.userId);
  }

  @Post('classrooms/:classroomId/groups')
  onCreateGroup(
    @CurrentPrincipal() principal: Principal,
    @Param('classroomId', IdParam) classroomId: string,
    @Body(new ZodValidationPipe(CreateGroupRequestSchema)) body: CreateGroupRequest,
  ): Promise<GroupView> {
    return this.classrooms.createGroup(principal, classroomId, body.name);
  }

  @Post('classrooms/:classroomId/groups/:groupId/members')
  onAddMember(
    @CurrentPrincipal() principal: Principal,
    @Param('classroomId', IdParam) classroomId: string,
    @Param('groupId', IdParam) groupId: string,
    @Body(new ZodValidationPipe(AddStudentToGroupRequestSchema)) body: AddStudentToGroupRequest,
  ): Promise<GroupView> {
    return this.classrooms.addStudentToGroup(principal, classroomId, groupId, body.studentId);
  }

  @Post('classrooms/:classroomId/projects')
  onAssignProject(
    @CurrentPrincipal() principal: Principal,
    @Param('classroomId', IdParam) classroomId: string,
    @Body(new ZodValidationPipe(AssignProjectRequestSchema)) body: AssignProjectRequest,
  ): Promise<ProjectView> {
    return this.classrooms.assignProject(principal, classroomId, body.title, body.brief);
  }

  @Get('classrooms/:classroomId/board')
  async onBoard(
    @CurrentPrincipal() principal: Principal,
    @Param('classroomId', IdParam) classroomId: string,
  ): Promise<BoardView> {
    await this.queries.requireRole(classroomId, principal.userId, ['teacher']);
    return this.queries.board(classroomId);
  }

  @Get('me/projects')
  onMyProjects(@CurrentPrincipal() principal: Principal): Promise<MyProject[]> {
    return this.queries.myProjects(principal.userId);
  }

  @Get('workspaces/:docId')
  onWorkspace(
    @CurrentPrincipal() principal: Principal,
    @Param('docId', IdParam) docId: string,
  ): Promise<WorkspaceView> {
    return this.queries.workspace(docId, principal.userId);
  }
}
