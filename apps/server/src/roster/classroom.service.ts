import { randomInt, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type {
  ClassroomSummary,
  ClassroomView,
  GroupView,
  GroupsView,
  RemovableRole,
  SignInCard,
} from '@commonplace/shared';
import { rosterDecider, streams } from '@commonplace/domain';
import type { GroupArrangement, GroupingMethod, RosterCommand } from '@commonplace/domain';
import { AppError } from '../common/app-error.js';
import { CommandHandler } from '../commands/command.handler.js';
import { IdentityService } from '../identity/identity.service.js';
import { hashStudentSecret, newStudentSecret } from '../identity/student-secret.js';
import type { Principal } from '../identity/token.service.js';
import { PersonalDataVault } from '../personal-data/personal-data-vault.js';
import { ClassroomAccess } from './classroom-access.service.js';
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

  /**
   * The whole class in groups of `size` in one step, as one command (its events in one
   * append): `random` shuffles the students; `balanced` deals them round-robin in the order of
   * their current groups (then the ungrouped), so members of one old group are spread over the
   * new ones. Groups are ceil(students / size), their sizes differing by at most one; the
   * existing groups are filled first (in the order they were made, keeping their names and
   * workspaces), new ones are made only as needed, and existing ones beyond are left empty.
   */
  async arrangeGroups(
    principal: Principal,
    classroomId: string,
    how: GroupingMethod,
    size: number,
  ): Promise<GroupsView> {
    await this.access.require(classroomId, principal.userId, 'groups.manage');
    const view = await this.queries.view(classroomId, principal.userId);
    const students = view.students.map((s) => s.id);
    const count = Math.ceil(students.length / size);
    const buckets: string[][] = Array.from({ length: count }, () => []);
    if (how === 'random') {
      const shuffled = [...students];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = randomInt(i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j] as string, shuffled[i] as string];
      }
      // Consecutive runs, the first `extra` one longer: sizes differ by at most one.
      const base = Math.floor(shuffled.length / count);
      const extra = shuffled.length % count;
      let next = 0;
      for (const [index, bucket] of buckets.entries()) {
        const take = base + (index < extra ? 1 : 0);
        bucket.push(...shuffled.slice(next, next + take));
        next += take;
      }
    } else {
      const order = new Map(students.map((id, index) => [id, index]));
      const grouped = view.groups.flatMap((g) =>
        [...g.memberIds].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)),
      );
      const inGroup = new Set(grouped);
      const dealt = [...grouped, ...students.filter((id) => !inGroup.has(id))];
      for (const [index, studentId] of dealt.entries()) buckets[index % count]?.push(studentId);
    }
    const taken = new Set(view.groups.map((g) => g.name.trim().toLocaleLowerCase()));
    let number = 1;
    const freshName = () => {
      while (taken.has(`group ${number}`)) number++;
      taken.add(`group ${number}`);
      return `Group ${number}`;
    };
    const groups: GroupArrangement[] = buckets.map((studentIds, index) => {
      const existing = view.groups[index];
      return existing
        ? { groupId: existing.id, name: existing.name, studentIds }
        : { groupId: randomUUID(), name: freshName(), studentIds };
    });
    for (const left of view.groups.slice(count)) {
      groups.push({ groupId: left.id, name: left.name, studentIds: [] });
    }
    await this.run(principal, 'ArrangeGroups', { classroomId, how, size, groups });
    return { groups: await this.queries.groups(classroomId) };
  }

  /** The groups as they were before the last one-step grouping, if nothing has changed them since. */
  async undoGroupArrangement(principal: Principal, classroomId: string): Promise<GroupsView> {
    await this.access.require(classroomId, principal.userId, 'groups.manage');
    await this.run(principal, 'UndoGroupArrangement', { classroomId });
    return { groups: await this.queries.groups(classroomId) };
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
