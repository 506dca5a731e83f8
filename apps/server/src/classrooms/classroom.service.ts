import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ClassroomSummary, ClassroomView, GroupView, ProjectView } from '@commonplace/shared';
import { projectsDecider, rosterDecider, streams } from '@commonplace/domain';
import { AppError } from '../common/app-error.js';
import { CommandHandler } from '../commands/command-handler.js';
import type { Principal } from '../identity/token.service.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import { ClassroomQueries } from './classroom.queries.js';
import { newJoinCode } from './join-code.util.js';

/**
 * Classroom commands: each goes through the one command path, then waits for
 * the read models to include it so the answer shows the caller's own change.
 */
@Injectable()
export class ClassroomService {
  constructor(
    private readonly commands: CommandHandler,
    private readonly queries: ClassroomQueries,
    private readonly projections: ProjectionRunner,
  ) {}

  private metadata(principal: Principal) {
    return { at: new Date().toISOString(), by: principal.userId };
  }

  async createClassroom(principal: Principal, name: string): Promise<ClassroomView> {
    if (principal.kind !== 'teacher') {
      throw new AppError(
        'auth.forbidden',
        'Only teachers can create classrooms. Join one with a code instead.',
      );
    }
    const classroomId = randomUUID();
    let joinCode = newJoinCode();
    while (await this.queries.classroomIdByJoinCode(joinCode)) joinCode = newJoinCode();
    const { position } = await this.commands.handle(rosterDecider, streams.classroom(classroomId), {
      type: 'CreateClassroom',
      data: { classroomId, name, joinCode },
      metadata: this.metadata(principal),
    });
    await this.projections.waitFor(position);
    return this.queries.view(classroomId, principal.userId);
  }

  async join(principal: Principal, code: string): Promise<ClassroomSummary> {
    if (principal.kind !== 'student') {
      throw new AppError(
        'auth.forbidden',
        'Join codes are for students. Teachers create classrooms.',
      );
    }
    const classroomId = await this.queries.classroomIdByJoinCode(code);
    if (!classroomId) {
      throw new AppError(
        'classroom.unknown-join-code',
        'No classroom has that join code. Check it with your teacher.',
      );
    }
    const { position } = await this.commands.handle(rosterDecider, streams.classroom(classroomId), {
      type: 'JoinClassroom',
      data: { classroomId, joinCode: code },
      metadata: this.metadata(principal),
    });
    await this.projections.waitFor(position);
    return this.queries.summary(classroomId, principal.userId);
  }

  async createGroup(principal: Principal, classroomId: string, name: string): Promise<GroupView> {
    await this.queries.requireRole(classroomId, principal.userId, ['teacher']);
    const groupId = randomUUID();
    const { position } = await this.commands.handle(rosterDecider, streams.classroom(classroomId), {
      type: 'CreateGroup',
      data: { classroomId, groupId, name },
      metadata: this.metadata(principal),
    });
    await this.projections.waitFor(position);
    return this.queries.group(classroomId, groupId);
  }

  async addStudentToGroup(
    principal: Principal,
    classroomId: string,
    groupId: string,
    studentId: string,
  ): Promise<GroupView> {
    await this.queries.requireRole(classroomId, principal.userId, ['teacher']);
    const { position } = await this.commands.handle(rosterDecider, streams.classroom(classroomId), {
      type: 'AddStudentToGroup',
      data: { classroomId, groupId, studentId },
      metadata: this.metadata(principal),
    });
    await this.projections.waitFor(position);
    return this.queries.group(classroomId, groupId);
  }

  async assignProject(
    principal: Principal,
    classroomId: string,
    title: string,
    brief: string,
  ): Promise<ProjectView> {
    await this.queries.requireRole(classroomId, principal.userId, ['teacher']);
    const projectId = randomUUID();
    const workspaces = (await this.queries.groups(classroomId)).map((g) => ({
      groupId: g.id,
      docId: randomUUID(),
    }));
    const { position } = await this.commands.handle(projectsDecider, streams.project(projectId), {
      type: 'AssignProject',
      data: { projectId, classroomId, title, brief, workspaces },
      metadata: this.metadata(principal),
    });
    await this.projections.waitFor(position);
    const project = (await this.queries.projects(classroomId)).find((p) => p.id === projectId);
    if (!project)
      throw new Error(`project ${projectId} missing from the read model after catching up`);
    return project;
  }
}
