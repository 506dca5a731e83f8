import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type {
  Checkpoint,
  ClassroomPermission,
  LearnerCommand,
  ProjectActor,
  ProjectCommand,
  Rubric,
} from '@commonplace/domain';
import { can, learnerDecider, projectsDecider, streams } from '@commonplace/domain';
import type {
  AssignProjectRequest,
  CheckpointInput,
  GiveFeedbackRequest,
  ProjectDetail,
  RubricInput,
  UpdateProjectPlanRequest,
} from '@commonplace/shared';
import { AssignProjectRequestSchema, GiveFeedbackRequestSchema } from '@commonplace/shared';
import { ClassroomAccess } from '../roster/classroom-access.service.js';
import { ClassroomQueries } from '../roster/classroom.queries.js';
import { AppError } from '../common/app-error.js';
import { CommandHandler } from '../commands/command.handler.js';
import type { EventStore } from '../event-store/event-store.port.js';
import type { Principal } from '../identity/token.service.js';
import { EVENT_STORE } from '../store/store.tokens.js';
import { DocumentFlusher } from '../documents/document.flusher.js';
import type { WorkspaceRow } from './project.queries.js';
import { ProjectQueries } from './project.queries.js';

type Data<C extends { type: string; data: unknown }, T extends C['type']> = Extract<
  C,
  { type: T }
>['data'];

function checkpointsFrom(input: readonly CheckpointInput[]): Checkpoint[] {
  return input.map((c) => ({
    checkpointId: c.checkpointId ?? randomUUID(),
    title: c.title,
    dueAt: new Date(c.dueAt).toISOString(),
  }));
}

function rubricFrom(input: RubricInput): Rubric {
  return {
    criteria: input.criteria.map((c) => ({
      criterionId: c.criterionId ?? randomUUID(),
      title: c.title,
      levels: c.levels.map((l) => ({
        levelId: l.levelId ?? randomUUID(),
        title: l.title,
        points: l.points,
      })),
    })),
  };
}

/**
 * Project commands. Who is acting is resolved from the roster at the moment
 * of the command (staff, or a student and their current group) and handed to
 * the decider, which makes the finer decisions (own workspace, locked, ...).
 */
@Injectable()
export class ProjectService {
  constructor(
    private readonly commands: CommandHandler,
    private readonly access: ClassroomAccess,
    private readonly classrooms: ClassroomQueries,
    private readonly queries: ProjectQueries,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly flusher: DocumentFlusher,
  ) {}

  private async run<T extends ProjectCommand['type']>(
    principal: Principal,
    type: T,
    data: Data<ProjectCommand, T>,
  ): Promise<void> {
    await this.commands.send(projectsDecider, streams.project(data.projectId), principal.userId, {
      type,
      data,
    } as Omit<ProjectCommand, 'metadata'>);
  }

  private async runLearner<T extends LearnerCommand['type']>(
    principal: Principal,
    type: T,
    data: Data<LearnerCommand, T>,
  ): Promise<void> {
    await this.commands.send(
      learnerDecider,
      streams.learnerProject(data.projectId, data.studentId),
      principal.userId,
      { type, data } as Omit<LearnerCommand, 'metadata'>,
    );
  }

  /** Staff if they may assess; otherwise a student in their current group. */
  private async actor(
    classroomId: string,
    principal: Principal,
    permission: ClassroomPermission,
  ): Promise<ProjectActor> {
    const roles = await this.access.require(classroomId, principal.userId, permission);
    if (can(roles, 'projects.assess')) return { role: 'staff' };
    const groupId = await this.access.groupOf(classroomId, principal.userId);
    return groupId === undefined ? { role: 'student' } : { role: 'student', groupId };
  }

  async assign(
    principal: Principal,
    classroomId: string,
    request: AssignProjectRequest,
  ): Promise<ProjectDetail> {
    await this.access.require(classroomId, principal.userId, 'projects.manage');
    const body = AssignProjectRequestSchema.parse(request);
    const projectId = randomUUID();
    const groups = await this.classrooms.groups(classroomId);
    const onlyStudents = body.groupIds === undefined && body.studentIds !== undefined;
    const chosen = onlyStudents
      ? []
      : body.groupIds === undefined
        ? groups
        : groups.filter((g) => body.groupIds?.includes(g.id));
    if (body.groupIds !== undefined && chosen.length !== body.groupIds.length) {
      throw new AppError('group.not-found', 'One of those groups is not in this classroom.');
    }
    for (const studentId of body.studentIds ?? []) {
      const roles = await this.access.rolesOf(classroomId, studentId);
      if (!roles.includes('student')) {
        throw new AppError(
          'request.invalid',
          'One of those students is not in this classroom. Reload the roster and choose again.',
        );
      }
    }
    await this.run(principal, 'AssignProject', {
      projectId,
      classroomId,
      title: body.title,
      brief: body.brief,
      workspaces: chosen.map((g) => ({ groupId: g.id, docId: randomUUID() })),
      checkpoints: checkpointsFrom(body.checkpoints),
      ...(body.rubric ? { rubric: rubricFrom(body.rubric) } : {}),
      ...(body.studentIds
        ? {
            individualWorkspaces: body.studentIds.map((studentId) => ({
              studentId,
              docId: randomUUID(),
            })),
          }
        : {}),
    });
    return this.queries.detail(projectId, { userId: principal.userId, staff: true });
  }

  async updatePlan(
    principal: Principal,
    projectId: string,
    request: UpdateProjectPlanRequest,
  ): Promise<ProjectDetail> {
    const project = await this.queries.projectRow(projectId);
    const actor = await this.actor(project.classroomId, principal, 'projects.manage');
    await this.run(principal, 'UpdateProjectPlan', {
      projectId,
      actor,
      ...(request.brief !== undefined ? { brief: request.brief } : {}),
      ...(request.checkpoints ? { checkpoints: checkpointsFrom(request.checkpoints) } : {}),
      ...(request.rubric ? { rubric: rubricFrom(request.rubric) } : {}),
    });
    return this.queries.detail(projectId, { userId: principal.userId, staff: true });
  }

  async setLocked(
    principal: Principal,
    projectId: string,
    locked: boolean,
  ): Promise<ProjectDetail> {
    const project = await this.queries.projectRow(projectId);
    const actor = await this.actor(project.classroomId, principal, 'projects.manage');
    await this.run(principal, locked ? 'LockProject' : 'UnlockProject', { projectId, actor });
    return this.queries.detail(projectId, { userId: principal.userId, staff: true });
  }

  /** The workspace and the actor, for a command on one workspace. */
  private async onWorkspace(
    principal: Principal,
    docId: string,
    permission: ClassroomPermission,
  ): Promise<{ workspace: WorkspaceRow; actor: ProjectActor }> {
    const workspace = await this.queries.workspaceRow(docId);
    const actor = await this.actor(workspace.classroomId, principal, permission);
    return { workspace, actor };
  }

  async markReached(principal: Principal, docId: string, checkpointId: string): Promise<void> {
    const { workspace, actor } = await this.onWorkspace(principal, docId, 'projects.work');
    await this.run(principal, 'MarkCheckpointReached', {
      projectId: workspace.projectId,
      docId,
      checkpointId,
      actor,
    });
  }

  async confirm(principal: Principal, docId: string, checkpointId: string): Promise<void> {
    const { workspace, actor } = await this.onWorkspace(principal, docId, 'projects.assess');
    await this.run(principal, 'ConfirmCheckpoint', {
      projectId: workspace.projectId,
      docId,
      checkpointId,
      actor,
    });
  }

  async reopen(
    principal: Principal,
    docId: string,
    checkpointId: string,
    note: string | undefined,
  ): Promise<void> {
    const { workspace, actor } = await this.onWorkspace(principal, docId, 'projects.assess');
    await this.run(principal, 'ReopenCheckpoint', {
      projectId: workspace.projectId,
      docId,
      checkpointId,
      actor,
      ...(note !== undefined ? { note } : {}),
    });
  }

  /** Pins the document stream's current revision: what was assessed can always be rebuilt. */
  async submit(principal: Principal, docId: string): Promise<string> {
    const { workspace, actor } = await this.onWorkspace(principal, docId, 'projects.work');
    // The last keystrokes may still sit in a batch window, here or on another instance.
    await this.flusher.flush(docId);
    const [head] = await this.store.readStream(streams.document(docId), {
      direction: 'backwards',
      maxCount: 1,
    });
    if (!head) {
      throw new AppError(
        'submission.empty-document',
        'There is nothing in this workspace yet. Write something, then submit.',
      );
    }
    const submissionId = randomUUID();
    await this.run(principal, 'SubmitProject', {
      projectId: workspace.projectId,
      docId,
      submissionId,
      documentRevision: head.revision,
      actor,
    });
    return submissionId;
  }

  async giveFeedback(
    principal: Principal,
    docId: string,
    submissionId: string,
    request: GiveFeedbackRequest,
  ): Promise<string> {
    const { workspace, actor } = await this.onWorkspace(principal, docId, 'projects.assess');
    const body = GiveFeedbackRequestSchema.parse(request);
    const feedbackId = randomUUID();
    await this.run(principal, 'GiveFeedback', {
      projectId: workspace.projectId,
      docId,
      submissionId,
      feedbackId,
      comment: body.comment,
      scores: body.scores,
      perStudent: body.perStudent,
      actor,
    });
    return feedbackId;
  }

  async returnForRevision(
    principal: Principal,
    docId: string,
    submissionId: string,
    note: string | undefined,
  ): Promise<void> {
    const { workspace, actor } = await this.onWorkspace(principal, docId, 'projects.assess');
    await this.run(principal, 'ReturnForRevision', {
      projectId: workspace.projectId,
      docId,
      submissionId,
      actor,
      ...(note !== undefined ? { note } : {}),
    });
  }

  async respond(
    principal: Principal,
    docId: string,
    feedbackId: string,
    response: string,
  ): Promise<void> {
    const { workspace, actor } = await this.onWorkspace(principal, docId, 'projects.work');
    await this.run(principal, 'RespondToFeedback', {
      projectId: workspace.projectId,
      docId,
      feedbackId,
      response,
      actor,
    });
  }

  async writeJournalEntry(
    principal: Principal,
    projectId: string,
    prompt: string,
    text: string,
  ): Promise<string> {
    const project = await this.queries.projectRow(projectId);
    await this.access.require(project.classroomId, principal.userId, 'projects.work');
    const entryId = randomUUID();
    await this.runLearner(principal, 'WriteJournalEntry', {
      projectId,
      studentId: principal.userId,
      entryId,
      prompt,
      text,
    });
    return entryId;
  }

  async setGoal(
    principal: Principal,
    projectId: string,
    goal: { checkpointId: string; targetDate: string; note?: string | undefined },
  ): Promise<string> {
    const project = await this.queries.projectRow(projectId);
    await this.access.require(project.classroomId, principal.userId, 'projects.work');
    // The checkpoint lives on the project's stream: checked here, across streams.
    if (!project.checkpoints.some((c) => c.checkpointId === goal.checkpointId)) {
      throw new AppError(
        'request.invalid',
        'That checkpoint is not in this project. Reload the page and choose again.',
      );
    }
    const goalId = randomUUID();
    await this.runLearner(principal, 'SetPersonalGoal', {
      projectId,
      studentId: principal.userId,
      goalId,
      checkpointId: goal.checkpointId,
      targetDate: new Date(goal.targetDate).toISOString(),
      ...(goal.note !== undefined ? { note: goal.note } : {}),
    });
    return goalId;
  }

  async dropGoal(principal: Principal, projectId: string, goalId: string): Promise<void> {
    const project = await this.queries.projectRow(projectId);
    await this.access.require(project.classroomId, principal.userId, 'projects.work');
    await this.runLearner(principal, 'DropPersonalGoal', {
      projectId,
      studentId: principal.userId,
      goalId,
    });
  }
}
