import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import type {
  AssignProjectRequest,
  ClassroomFeedbackLatency,
  FeedbackLatencyQuery,
  EmptyRequest,
  GiveFeedbackRequest,
  PageQuery,
  ProjectDetail,
  ProjectPage,
  ReopenCheckpointRequest,
  RespondToFeedbackRequest,
  ReturnForRevisionRequest,
  SubmissionPage,
  UpdateProjectPlanRequest,
  WorkspaceProgress,
} from '@commonplace/shared';
import {
  API_ROUTES,
  AssignProjectRequestSchema,
  EmptyRequestSchema,
  FeedbackLatencyQuerySchema,
  GiveFeedbackRequestSchema,
  PageQuerySchema,
  ReopenCheckpointRequestSchema,
  RespondToFeedbackRequestSchema,
  ReturnForRevisionRequestSchema,
  SubmitRequestSchema,
  UpdateProjectPlanRequestSchema,
} from '@commonplace/shared';
import { z } from 'zod';
import { ClassroomAccess } from '../classrooms/classroom-access.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { AuthGuard, CurrentPrincipal } from '../identity/auth.guard.js';
import type { Principal } from '../identity/token.service.js';
import { ProjectReader } from './project-reader.js';
import { ProjectQueries } from './project.queries.js';
import { ProjectService } from './project.service.js';

const IdParam = new ZodValidationPipe(z.string().min(1).max(100));
const R = API_ROUTES;

/** Projects and their workspaces: plan, lock, checkpoints, submissions, feedback. */
@Controller()
@UseGuards(AuthGuard)
export class ProjectController {
  constructor(
    private readonly projects: ProjectService,
    private readonly queries: ProjectQueries,
    private readonly reader: ProjectReader,
    private readonly access: ClassroomAccess,
  ) {}

  @Post(R.assignProject.path)
  onAssign(
    @CurrentPrincipal() principal: Principal,
    @Param('classroomId', IdParam) classroomId: string,
    @Body(new ZodValidationPipe(AssignProjectRequestSchema)) body: AssignProjectRequest,
  ): Promise<ProjectDetail> {
    return this.projects.assign(principal, classroomId, body);
  }

  @Get(R.listProjects.path)
  async onList(
    @CurrentPrincipal() principal: Principal,
    @Param('classroomId', IdParam) classroomId: string,
    @Query(new ZodValidationPipe(PageQuerySchema)) query: PageQuery,
  ): Promise<ProjectPage> {
    await this.access.require(classroomId, principal.userId, 'projects.view');
    return this.queries.list(classroomId, query.limit, query.cursor);
  }

  /** The term chart's submissions, for the classroom's teachers; `from` at most a year back. */
  @Get(R.classroomFeedbackLatency.path)
  async onFeedbackLatency(
    @CurrentPrincipal() principal: Principal,
    @Param('classroomId', IdParam) classroomId: string,
    @Query(new ZodValidationPipe(FeedbackLatencyQuerySchema)) query: FeedbackLatencyQuery,
  ): Promise<ClassroomFeedbackLatency> {
    await this.access.require(classroomId, principal.userId, 'projects.assess');
    const yearAgo = Date.now() - 366 * 24 * 3_600_000;
    return this.queries.feedbackLatency(
      classroomId,
      new Date(Math.max(Date.parse(query.from), yearAgo)),
    );
  }

  @Get(R.project.path)
  async onProject(
    @CurrentPrincipal() principal: Principal,
    @Param('projectId', IdParam) projectId: string,
  ): Promise<ProjectDetail> {
    const { viewer } = await this.reader.project(principal, projectId);
    return this.queries.detail(projectId, viewer);
  }

  @Patch(R.updatePlan.path)
  onUpdatePlan(
    @CurrentPrincipal() principal: Principal,
    @Param('projectId', IdParam) projectId: string,
    @Body(new ZodValidationPipe(UpdateProjectPlanRequestSchema)) body: UpdateProjectPlanRequest,
  ): Promise<ProjectDetail> {
    return this.projects.updatePlan(principal, projectId, body);
  }

  @Post(R.lockProject.path)
  @HttpCode(200)
  onLock(
    @CurrentPrincipal() principal: Principal,
    @Param('projectId', IdParam) projectId: string,
    @Body(new ZodValidationPipe(EmptyRequestSchema)) _body: EmptyRequest,
  ): Promise<ProjectDetail> {
    return this.projects.setLocked(principal, projectId, true);
  }

  @Post(R.unlockProject.path)
  @HttpCode(200)
  onUnlock(
    @CurrentPrincipal() principal: Principal,
    @Param('projectId', IdParam) projectId: string,
    @Body(new ZodValidationPipe(EmptyRequestSchema)) _body: EmptyRequest,
  ): Promise<ProjectDetail> {
    return this.projects.setLocked(principal, projectId, false);
  }

  @Get(R.workspaceProgress.path)
  async onProgress(
    @CurrentPrincipal() principal: Principal,
    @Param('docId', IdParam) docId: string,
  ): Promise<WorkspaceProgress> {
    const { viewer } = await this.reader.workspace(principal, docId);
    return this.queries.progress(docId, viewer);
  }

  @Post(R.markCheckpointReached.path)
  @HttpCode(200)
  async onReached(
    @CurrentPrincipal() principal: Principal,
    @Param('docId', IdParam) docId: string,
    @Param('checkpointId', IdParam) checkpointId: string,
    @Body(new ZodValidationPipe(EmptyRequestSchema)) _body: EmptyRequest,
  ): Promise<WorkspaceProgress> {
    await this.projects.markReached(principal, docId, checkpointId);
    return this.onProgress(principal, docId);
  }

  @Post(R.confirmCheckpoint.path)
  @HttpCode(200)
  async onConfirm(
    @CurrentPrincipal() principal: Principal,
    @Param('docId', IdParam) docId: string,
    @Param('checkpointId', IdParam) checkpointId: string,
    @Body(new ZodValidationPipe(EmptyRequestSchema)) _body: EmptyRequest,
  ): Promise<WorkspaceProgress> {
    await this.projects.confirm(principal, docId, checkpointId);
    return this.onProgress(principal, docId);
  }

  @Post(R.reopenCheckpoint.path)
  @HttpCode(200)
  async onReopen(
    @CurrentPrincipal() principal: Principal,
    @Param('docId', IdParam) docId: string,
    @Param('checkpointId', IdParam) checkpointId: string,
    @Body(new ZodValidationPipe(ReopenCheckpointRequestSchema)) body: ReopenCheckpointRequest,
  ): Promise<WorkspaceProgress> {
    await this.projects.reopen(principal, docId, checkpointId, body.note);
    return this.onProgress(principal, docId);
  }

  @Post(R.submit.path)
  async onSubmit(
    @CurrentPrincipal() principal: Principal,
    @Param('docId', IdParam) docId: string,
    @Body(new ZodValidationPipe(SubmitRequestSchema)) _body: unknown,
  ): Promise<WorkspaceProgress> {
    await this.projects.submit(principal, docId);
    return this.onProgress(principal, docId);
  }

  @Get(R.listSubmissions.path)
  async onSubmissions(
    @CurrentPrincipal() principal: Principal,
    @Param('docId', IdParam) docId: string,
    @Query(new ZodValidationPipe(PageQuerySchema)) query: PageQuery,
  ): Promise<SubmissionPage> {
    const { viewer } = await this.reader.workspace(principal, docId);
    return this.queries.submissions(docId, viewer, query.limit, query.cursor);
  }

  @Post(R.giveFeedback.path)
  async onFeedback(
    @CurrentPrincipal() principal: Principal,
    @Param('docId', IdParam) docId: string,
    @Param('submissionId', IdParam) submissionId: string,
    @Body(new ZodValidationPipe(GiveFeedbackRequestSchema)) body: GiveFeedbackRequest,
  ): Promise<WorkspaceProgress> {
    await this.projects.giveFeedback(principal, docId, submissionId, body);
    return this.onProgress(principal, docId);
  }

  @Post(R.returnSubmission.path)
  @HttpCode(200)
  async onReturn(
    @CurrentPrincipal() principal: Principal,
    @Param('docId', IdParam) docId: string,
    @Param('submissionId', IdParam) submissionId: string,
    @Body(new ZodValidationPipe(ReturnForRevisionRequestSchema)) body: ReturnForRevisionRequest,
  ): Promise<WorkspaceProgress> {
    await this.projects.returnForRevision(principal, docId, submissionId, body.note);
    return this.onProgress(principal, docId);
  }

  @Post(R.respondToFeedback.path)
  async onRespond(
    @CurrentPrincipal() principal: Principal,
    @Param('docId', IdParam) docId: string,
    @Param('feedbackId', IdParam) feedbackId: string,
    @Body(new ZodValidationPipe(RespondToFeedbackRequestSchema)) body: RespondToFeedbackRequest,
  ): Promise<WorkspaceProgress> {
    await this.projects.respond(principal, docId, feedbackId, body.response);
    return this.onProgress(principal, docId);
  }
}
