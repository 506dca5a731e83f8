import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type {
  ClassroomSummary,
  ClassroomView,
  GroupView,
  RemovableRole,
  SignInCard,
} from '@commonplace/shared';
import { rosterDecider, streams } from '@commonplace/domain';
import type { RosterCommand } from '@commonplace/domain';
import { AppError } from '../common/app-error.js';
import { CommandHandler } from '../commands/command-handler.js';
import { IdentityService } from '../identity/identity.service.js';
import { hashStudentSecret, newStudentSecret } from '../identity/student-secret.js';
import type { Principal } from '../identity/token.service.js';
import { PersonalDataVault } from '../personal-data/personal-data-vault.js';
import { ClassroomAccess } from './classroom-access.js';
import { ClassroomQueries } from './classroom.queries.js';
import { newJoinCode } from './join-code.util.js';

type CommandData<T extends RosterCommand['type']> = Extract<RosterCommand, { type: T }>['data'];

/**
 * Classroom commands: each goes through the one command path, then waits for
 * the read models to include it so the answer shows the caller's own change.
 */
@Injectable()
export class ClassroomService {
  constructor(
    private readonly commands: CommandHandler,
    private readonly queries: ClassroomQueries,
    private readonly access: ClassroomAccess,
    private readonly identity: IdentityService,
    private readonly vault: PersonalDataVault,
  ) {}

  private async run<T extends RosterCommand['type']>(
    principal: Principal,
    type: T,
    data: CommandData<T>,
  ): Promise<void> {
    await this.commands.send(rosterDecider, streams.classroom(data.classroomId), principal.userId, {
      type,
      data,
    } as Omit<RosterCommand, 'metadata'>);
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
    await this.run(principal, 'CreateClassroom', { classroomId, name, joinCode });
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
    await this.run(principal, 'JoinClassroom', { classroomId, joinCode: code });
    return this.queries.summary(classroomId, principal.userId);
  }

  async createGroup(principal: Principal, classroomId: string, name: string): Promise<GroupView> {
    await this.access.require(classroomId, principal.userId, 'groups.manage');
    const groupId = randomUUID();
    await this.run(principal, 'CreateGroup', { classroomId, groupId, name });
    return this.queries.group(classroomId, groupId);
  }

  async renameGroup(
    principal: Principal,
    classroomId: string,
    groupId: string,
    name: string,
  ): Promise<GroupView> {
    await this.access.require(classroomId, principal.userId, 'groups.manage');
    await this.run(principal, 'RenameGroup', { classroomId, groupId, name });
    return this.queries.group(classroomId, groupId);
  }

  async dissolveGroup(principal: Principal, classroomId: string, groupId: string): Promise<void> {
    await this.access.require(classroomId, principal.userId, 'groups.manage');
    await this.run(principal, 'DissolveGroup', { classroomId, groupId });
  }

  async addStudentToGroup(
    principal: Principal,
    classroomId: string,
    groupId: string,
    studentId: string,
  ): Promise<GroupView> {
    await this.access.require(classroomId, principal.userId, 'groups.manage');
    await this.run(principal, 'AddStudentToGroup', { classroomId, groupId, studentId });
    return this.queries.group(classroomId, groupId);
  }

  async removeStudentFromGroup(
    principal: Principal,
    classroomId: string,
    groupId: string,
    studentId: string,
  ): Promise<GroupView> {
    await this.access.require(classroomId, principal.userId, 'groups.manage');
    await this.run(principal, 'RemoveStudentFromGroup', { classroomId, groupId, studentId });
    return this.queries.group(classroomId, groupId);
  }

  async designatePeerTutor(
    principal: Principal,
    classroomId: string,
    studentId: string,
    subject?: string,
  ): Promise<void> {
    await this.access.require(classroomId, principal.userId, 'classroom.manage-roster');
    await this.run(principal, 'DesignatePeerTutor', {
      classroomId,
      studentId,
      ...(subject === undefined ? {} : { subject }),
    });
  }

  async withdrawPeerTutor(
    principal: Principal,
    classroomId: string,
    studentId: string,
  ): Promise<void> {
    await this.access.require(classroomId, principal.userId, 'classroom.manage-roster');
    await this.run(principal, 'WithdrawPeerTutor', { classroomId, studentId });
  }

  async removeMember(
    principal: Principal,
    classroomId: string,
    userId: string,
    role: RemovableRole,
  ): Promise<void> {
    await this.access.require(
      classroomId,
      principal.userId,
      role === 'co-teacher' ? 'classroom.own' : 'classroom.manage-roster',
    );
    await this.run(principal, 'RemoveMember', { classroomId, userId, role });
  }

  /**
   * A young student's account: no email, a teacher-made card instead. The
   * display name is sealed with the student's own key before it is appended:
   * this is the one place it enters the log.
   */
  async createStudentAccount(
    principal: Principal,
    classroomId: string,
    displayName: string,
  ): Promise<SignInCard> {
    await this.access.require(classroomId, principal.userId, 'classroom.manage-roster');
    const studentId = randomUUID();
    const secret = newStudentSecret();
    const sealedName = await this.vault.seal(studentId, displayName);
    await this.run(principal, 'CreateStudentAccount', {
      classroomId,
      studentId,
      displayName: sealedName,
      secretHash: await hashStudentSecret(classroomId, secret),
    });
    return this.card(classroomId, studentId, secret);
  }

  async resetStudentSecret(
    principal: Principal,
    classroomId: string,
    studentId: string,
  ): Promise<SignInCard> {
    await this.access.require(classroomId, principal.userId, 'classroom.manage-roster');
    const secret = newStudentSecret();
    await this.run(principal, 'ResetStudentSecret', {
      classroomId,
      studentId,
      secretHash: await hashStudentSecret(classroomId, secret),
    });
    return this.card(classroomId, studentId, secret);
  }

  private async card(classroomId: string, studentId: string, secret: string): Promise<SignInCard> {
    const classroom = await this.queries.classroomRow(classroomId);
    const names = await this.identity.displayNames([studentId]);
    return {
      studentId,
      displayName: names.get(studentId) ?? '',
      classroomName: classroom.name,
      classCode: classroom.join_code,
      secret,
    };
  }
}
