import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { SchoolCommand } from '@commonplace/domain';
import { rosterDecider, schoolDecider, streams } from '@commonplace/domain';
import type { SchoolView } from '@commonplace/shared';
import { AppError } from '../common/app-error.js';
import { CommandHandler } from '../commands/command.handler.js';
import type { SqlDatabase } from '../database/sql-database.js';
import { IdentityService } from '../identity/identity.service.js';
import type { Principal } from '../identity/token.service.js';
import { SQL_DATABASE } from '../store/store.tokens.js';
import { ClassroomAccess } from './classroom-access.service.js';

/** Schools and their admins: a school admin sees every classroom linked to the school. */
@Injectable()
export class SchoolService {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly commands: CommandHandler,
    private readonly access: ClassroomAccess,
    private readonly identity: IdentityService,
  ) {}

  private async run(principal: Principal, command: Omit<SchoolCommand, 'metadata'>): Promise<void> {
    await this.commands.send(
      schoolDecider,
      streams.school(command.data.schoolId),
      principal.userId,
      command,
    );
  }

  async create(principal: Principal, name: string): Promise<SchoolView> {
    if (principal.kind !== 'teacher') {
      throw new AppError('auth.forbidden', 'Only teachers can create a school.');
    }
    const schoolId = randomUUID();
    await this.run(principal, { type: 'CreateSchool', data: { schoolId, name } });
    return this.view(principal, schoolId);
  }

  /** Admins only; anyone else is told the school does not exist. */
  async view(principal: Principal, schoolId: string): Promise<SchoolView> {
    const [school] = await this.db.query<{ id: string; name: string; admin: boolean }>(
      `SELECT s.id, s.name, EXISTS (SELECT 1 FROM rm_school_admins a
         WHERE a.school_id = s.id AND a.user_id = $2) AS admin
       FROM rm_schools s WHERE s.id = $1`,
      [schoolId, principal.userId],
    );
    if (!school?.admin) {
      throw new AppError(
        'school.not-found',
        'This school does not exist or you are not its admin.',
      );
    }
    const admins = await this.db.query<{ user_id: string }>(
      'SELECT user_id FROM rm_school_admins WHERE school_id = $1 ORDER BY user_id',
      [schoolId],
    );
    const names = await this.identity.displayNames(admins.map((a) => a.user_id));
    const classrooms = await this.db.query<{ id: string; name: string }>(
      'SELECT id, name FROM rm_classrooms WHERE school_id = $1 ORDER BY name, id',
      [schoolId],
    );
    return {
      id: school.id,
      name: school.name,
      admins: admins.map((a) => ({ id: a.user_id, displayName: names.get(a.user_id) ?? '' })),
      classrooms,
    };
  }

  async addAdmin(principal: Principal, schoolId: string, userId: string): Promise<SchoolView> {
    await this.view(principal, schoolId);
    await this.run(principal, { type: 'AddSchoolAdmin', data: { schoolId, userId } });
    return this.view(principal, schoolId);
  }

  async removeAdmin(principal: Principal, schoolId: string, userId: string): Promise<void> {
    await this.view(principal, schoolId);
    await this.run(principal, { type: 'RemoveSchoolAdmin', data: { schoolId, userId } });
  }

  /**
   * The owner links their classroom to a school they are an admin of. The
   * school's admins are read from its stream (not the read model, which may lag
   * behind a removal) and the roster decider holds the rule.
   */
  async link(principal: Principal, classroomId: string, schoolId: string): Promise<void> {
    await this.access.require(classroomId, principal.userId, 'classroom.own');
    const school = await this.commands.stateOf(schoolDecider, streams.school(schoolId));
    if (school.status === 'absent') {
      throw new AppError('school.not-found', 'There is no such school. Check the school’s id.');
    }
    await this.commands.send(rosterDecider, streams.classroom(classroomId), principal.userId, {
      type: 'LinkClassroomToSchool',
      data: { classroomId, schoolId, schoolAdmins: [...school.admins] },
    });
  }
}
