import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import type {
  AddStudentToGroupRequest,
  ClassroomSummary,
  ClassroomView,
  CreateClassroomRequest,
  CreateGroupRequest,
  CreateStudentAccountRequest,
  DesignatePeerTutorRequest,
  GroupView,
  JoinClassroomRequest,
  MyProject,
  PageQuery,
  RemoveMemberQuery,
  RenameGroupRequest,
  RosterPage,
  SignInCard,
  WorkspaceView,
} from '@commonplace/shared';
import {
  API_ROUTES,
  AddStudentToGroupRequestSchema,
  CreateClassroomRequestSchema,
  CreateGroupRequestSchema,
  CreateStudentAccountRequestSchema,
  DesignatePeerTutorRequestSchema,
  JoinClassroomRequestSchema,
  PageQuerySchema,
  RemoveMemberQuerySchema,
  RenameGroupRequestSchema,
} from '@commonplace/shared';
import { z } from 'zod';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { AuthGuard, CurrentPrincipal } from '../identity/auth.guard.js';
import type { Principal } from '../identity/token.service.js';
import { ClassroomAccess } from './classroom-access.js';
import { ClassroomQueries } from './classroom.queries.js';
import { ClassroomService } from './classroom.service.js';

const IdParam = new ZodValidationPipe(z.string().min(1).max(100));
const R = API_ROUTES;

@Controller()
@UseGuards(AuthGuard)
export class ClassroomController {
  constructor(
    private readonly classrooms: ClassroomService,
    private readonly queries: ClassroomQueries,
    private readonly access: ClassroomAccess,
  ) {}

  @Get(R.listClassrooms.path)
  onList(@CurrentPrincipal() principal: Principal): Promise<ClassroomSummary[]> {
    return this.queries.listFor(principal.userId);
  }

  @Post(R.createClassroom.path)
  onCreate(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(CreateClassroomRequestSchema)) body: CreateClassroomRequest,
  ): Promise<ClassroomView> {
    return this.classrooms.createClassroom(principal, body.name);
  }

  @Post(R.joinClassroom.path)
  onJoin(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(JoinClassroomRequestSchema)) body: JoinClassroomRequest,
  ): Promise<ClassroomSummary> {
    return this.classrooms.join(principal, body.code);
  }

  @Get(R.classroom.path)
  onView(
    @CurrentPrincipal() principal: Principal,
    @Param('classroomId', IdParam) classroomId: string,
  ): Promise<ClassroomView> {
    return this.queries.view(classroomId, principal.userId);
  }

  @Get(R.roster.path)
  async onRoster(
    @CurrentPrincipal() principal: Principal,
    @Param('classroomId', IdParam) classroomId: string,
    @Query(new ZodValidationPipe(PageQuerySchema)) query: PageQuery,
  ): Promise<RosterPage> {
    await this.access.require(classroomId, principal.userId, 'classroom.manage-roster');
    return this.queries.roster(classroomId, query.limit, query.cursor);
  }

  @Delete(R.removeMember.path)
  @HttpCode(204)
  async onRemoveMember(
    @CurrentPrincipal() principal: Principal,
    @Param('classroomId', IdParam) classroomId: string,
    @Param('userId', IdParam) userId: string,
    @Query(new ZodValidationPipe(RemoveMemberQuerySchema)) query: RemoveMemberQuery,
  ): Promise<void> {
    await this.classrooms.removeMember(principal, classroomId, userId, query.role);
  }

  @Post(R.createGroup.path)
  onCreateGroup(
    @CurrentPrincipal() principal: Principal,
    @Param('classroomId', IdParam) classroomId: string,
    @Body(new ZodValidationPipe(CreateGroupRequestSchema)) body: CreateGroupRequest,
  ): Promise<GroupView> {
    return this.classrooms.createGroup(principal, classroomId, body.name);
  }

  @Patch(R.renameGroup.path)
  onRenameGroup(
    @CurrentPrincipal() principal: Principal,
    @Param('classroomId', IdParam) classroomId: string,
    @Param('groupId', IdParam) groupId: string,
    @Body(new ZodValidationPipe(RenameGroupRequestSchema)) body: RenameGroupRequest,
  ): Promise<GroupView> {
    return this.classrooms.renameGroup(principal, classroomId, groupId, body.name);
  }

  @Delete(R.dissolveGroup.path)
  @HttpCode(204)
  async onDissolveGroup(
    @CurrentPrincipal() principal: Principal,
    @Param('classroomId', IdParam) classroomId: string,
    @Param('groupId', IdParam) groupId: string,
  ): Promise<void> {
    await this.classrooms.dissolveGroup(principal, classroomId, groupId);
  }

  @Post(R.addGroupMember.path)
  onAddMember(
    @CurrentPrincipal() principal: Principal,
    @Param('classroomId', IdParam) classroomId: string,
    @Param('groupId', IdParam) groupId: string,
    @Body(new ZodValidationPipe(AddStudentToGroupRequestSchema)) body: AddStudentToGroupRequest,
  ): Promise<GroupView> {
    return this.classrooms.addStudentToGroup(principal, classroomId, groupId, body.studentId);
  }

  @Delete(R.removeGroupMember.path)
  onRemoveGroupMember(
    @CurrentPrincipal() principal: Principal,
    @Param('classroomId', IdParam) classroomId: string,
    @Param('groupId', IdParam) groupId: string,
    @Param('studentId', IdParam) studentId: string,
  ): Promise<GroupView> {
    return this.classrooms.removeStudentFromGroup(principal, classroomId, groupId, studentId);
  }

  @Post(R.designatePeerTutor.path)
  @HttpCode(204)
  async onDesignatePeerTutor(
    @CurrentPrincipal() principal: Principal,
    @Param('classroomId', IdParam) classroomId: string,
    @Body(new ZodValidationPipe(DesignatePeerTutorRequestSchema)) body: DesignatePeerTutorRequest,
  ): Promise<void> {
    await this.classrooms.designatePeerTutor(principal, classroomId, body.studentId, body.subject);
  }

  @Delete(R.withdrawPeerTutor.path)
  @HttpCode(204)
  async onWithdrawPeerTutor(
    @CurrentPrincipal() principal: Principal,
    @Param('classroomId', IdParam) classroomId: string,
    @Param('studentId', IdParam) studentId: string,
  ): Promise<void> {
    await this.classrooms.withdrawPeerTutor(principal, classroomId, studentId);
  }

  @Post(R.createStudentAccount.path)
  onCreateStudentAccount(
    @CurrentPrincipal() principal: Principal,
    @Param('classroomId', IdParam) classroomId: string,
    @Body(new ZodValidationPipe(CreateStudentAccountRequestSchema))
    body: CreateStudentAccountRequest,
  ): Promise<SignInCard> {
    return this.classrooms.createStudentAccount(principal, classroomId, body.displayName);
  }

  @Post(R.resetStudentSecret.path)
  onResetStudentSecret(
    @CurrentPrincipal() principal: Principal,
    @Param('classroomId', IdParam) classroomId: string,
    @Param('studentId', IdParam) studentId: string,
  ): Promise<SignInCard> {
    return this.classrooms.resetStudentSecret(principal, classroomId, studentId);
  }

  @Get(R.myProjects.path)
  onMyProjects(@CurrentPrincipal() principal: Principal): Promise<MyProject[]> {
    return this.queries.myProjects(principal.userId);
  }

  @Get(R.workspace.path)
  onWorkspace(
    @CurrentPrincipal() principal: Principal,
    @Param('docId', IdParam) docId: string,
  ): Promise<WorkspaceView> {
    return this.queries.workspace(docId, principal.userId);
  }
}
