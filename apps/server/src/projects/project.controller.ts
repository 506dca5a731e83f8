import { Controller } from '@nestjs/common';
import type {
  ClassroomFeedbackLatency,
  ProjectDetail,
  ProjectPage,
  RouteValues,
  SubmissionPage,
  WorkspaceProgress,
} from '@commonplace/shared';
import { API_ROUTES as R } from '@commonplace/shared';
import type { Actor } from '../common/actor.js';
import { CurrentActor } from '../common/actor.js';
import { Endpoint, Input } from '../common/endpoint.js';
import { ProjectReader } from './project.reader.js';
import { ProjectQueries } from './project.queries.js';
import { ProjectService } from './project.service.js';

/** Projects and their workspaces: plan, lock, checkpoints, submissions, feedback. */
@Controller()
export class ProjectController {
  constructor(
    private readonly projects: ProjectService,
    private readonly queries: ProjectQueries,
    private readonly reader: ProjectReader,
  ) {}

  @Endpoint(R.assignProject)
  onAssign(
    @Input() { params, body }: RouteValues<typeof R.assignProject>,
    @CurrentActor() actor: Actor,
  ): Promise<ProjectDetail> {
    return this.projects.assign(actor, params.classroomId, body);
  }

  @Endpoint(R.listProjects)
  onList(@Input() { params, query }: RouteValues<typeof R.listProjects>): Promise<ProjectPage> {
    return this.queries.list(params.classroomId, query.limit, query.cursor);
  }

  /** The term chart's submissions, for the classroom's teachers; `from` at most a year back. */
  @Endpoint(R.classroomFeedbackLatency)
  onFeedbackLatency(
    @Input() { params, query }: RouteValues<typeof R.classroomFeedbackLatency>,
  ): Promise<ClassroomFeedbackLatency> {
    const yearAgo = Date.now() - 366 * 24 * 3_600_000;
    return this.queries.feedbackLatency(
      params.classroomId,
      new Date(Math.max(Date.parse(query.from), yearAgo)),
    );
  }

  @Endpoint(R.project)
  async onProject(
    @Input() { params }: RouteValues<typeof R.project>,
    @CurrentActor() actor: Actor,
  ): Promise<ProjectDetail> {
    const { viewer } = await this.reader.project(actor, params.projectId);
    return this.queries.detail(params.projectId, viewer);
  }

  @Endpoint(R.updatePlan)
  onUpdatePlan(
    @Input() { params, body }: RouteValues<typeof R.updatePlan>,
    @CurrentActor() actor: Actor,
  ): Promise<ProjectDetail> {
    return this.projects.updatePlan(actor, params.projectId, body);
  }

  @Endpoint(R.lockProject)
  onLock(
    @Input() { params }: RouteValues<typeof R.lockProject>,
    @CurrentActor() actor: Actor,
  ): Promise<ProjectDetail> {
    return this.projects.setLocked(actor, params.projectId, true);
  }

  @Endpoint(R.unlockProject)
  onUnlock(
    @Input() { params }: RouteValues<typeof R.unlockProject>,
    @CurrentActor() actor: Actor,
  ): Promise<ProjectDetail> {
    return this.projects.setLocked(actor, params.projectId, false);
  }

  @Endpoint(R.workspaceProgress)
  onProgress(
    @Input() { params }: RouteValues<typeof R.workspaceProgress>,
    @CurrentActor() actor: Actor,
  ): Promise<WorkspaceProgress> {
    return this.progress(actor, params.docId);
  }

  @Endpoint(R.markCheckpointReached)
  async onReached(
    @Input() { params }: RouteValues<typeof R.markCheckpointReached>,
    @CurrentActor() actor: Actor,
  ): Promise<WorkspaceProgress> {
    await this.projects.markReached(actor, params.docId, params.checkpointId);
    return this.progress(actor, params.docId);
  }

  @Endpoint(R.confirmCheckpoint)
  async onConfirm(
    @Input() { params }: RouteValues<typeof R.confirmCheckpoint>,
    @CurrentActor() actor: Actor,
  ): Promise<WorkspaceProgress> {
    await this.projects.confirm(actor, params.docId, params.checkpointId);
    return this.progress(actor, params.docId);
  }

  @Endpoint(R.reopenCheckpoint)
  async onReopen(
    @Input() { params, body }: RouteValues<typeof R.reopenCheckpoint>,
    @CurrentActor() actor: Actor,
  ): Promise<WorkspaceProgress> {
    await this.projects.reopen(actor, params.docId, params.checkpointId, body.note);
    return this.progress(actor, params.docId);
  }

  @Endpoint(R.submit)
  async onSubmit(
    @Input() { params }: RouteValues<typeof R.submit>,
    @CurrentActor() actor: Actor,
  ): Promise<WorkspaceProgress> {
    await this.projects.submit(actor, params.docId);
    return this.progress(actor, params.docId);
  }

  @Endpoint(R.listSubmissions)
  async onSubmissions(
    @Input() { params, query }: RouteValues<typeof R.listSubmissions>,
    @CurrentActor() actor: Actor,
  ): Promise<SubmissionPage> {
    const { viewer } = await this.reader.workspace(actor, params.docId);
    return this.queries.submissions(params.docId, viewer, query.limit, query.cursor);
  }

  @Endpoint(R.giveFeedback)
  async onFeedback(
    @Input() { params, body }: RouteValues<typeof R.giveFeedback>,
    @CurrentActor() actor: Actor,
  ): Promise<WorkspaceProgress> {
    await this.projects.giveFeedback(actor, params.docId, params.submissionId, body);
    return this.progress(actor, params.docId);
  }

  @Endpoint(R.returnSubmission)
  async onReturn(
    @Input() { params, body }: RouteValues<typeof R.returnSubmission>,
    @CurrentActor() actor: Actor,
  ): Promise<WorkspaceProgress> {
    await this.projects.returnForRevision(actor, params.docId, params.submissionId, body.note);
    return this.progress(actor, params.docId);
  }

  @Endpoint(R.respondToFeedback)
  async onRespond(
    @Input() { params, body }: RouteValues<typeof R.respondToFeedback>,
    @CurrentActor() actor: Actor,
  ): Promise<WorkspaceProgress> {
    await this.projects.respond(actor, params.docId, params.feedbackId, body.response);
    return this.progress(actor, params.docId);
  }

  /** What the caller may see of the workspace's progress, after their command. */
  private async progress(actor: Actor, docId: string): Promise<WorkspaceProgress> {
    const { viewer } = await this.reader.workspace(actor, docId);
    return this.queries.progress(docId, viewer);
  }
}
