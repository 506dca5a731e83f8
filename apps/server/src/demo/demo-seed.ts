import { Injectable, Logger } from '@nestjs/common';
import { ClassroomService } from '../classrooms/classroom.service.js';
import { ClassroomQueries } from '../classrooms/classroom.queries.js';
import { IdentityService } from '../identity/identity.service.js';

export const DEMO_PASSWORD = 'learn-together';

export const DEMO_ACCOUNTS = {
  teacher: { login: 'teacher', displayName: 'Ms Rivera' },
  students: [
    { login: 'ana', displayName: 'Ana', group: 'Otters' },
    { login: 'ben', displayName: 'Ben', group: 'Otters' },
    { login: 'cleo', displayName: 'Cleo', group: 'Otters' },
    { login: 'dev', displayName: 'Dev', group: 'Herons' },
    { login: 'eli', displayName: 'Eli', group: 'Herons' },
    { login: 'fay', displayName: 'Fay', group: 'Herons' },
  ],
} as const;

/**
 * A demo classroom to click through on first start: one teacher, six students
 * in two groups, one group project. Built with the same commands a teacher's
 * clicks issue, so the log holds it like any other classroom.
 */
@Injectable()
export class DemoSeed {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly identity: IdentityService,
    private readonly classrooms: ClassroomService,
    private readonly queries: ClassroomQueries,
  ) {}

  async seedIfEmpty(): Promise<boolean> {
    if (!(await this.identity.isEmpty())) return false;
    const teacher = await this.identity.createAccount({
      ...DEMO_ACCOUNTS.teacher,
      kind: 'teacher',
      password: DEMO_PASSWORD,
    });
    const asTeacher = { userId: teacher.id, kind: 'teacher' as const };
    const classroom = await this.classrooms.createClassroom(asTeacher, 'Year 7 Science');
    const groups = new Map<string, string>();
    for (const name of new Set(DEMO_ACCOUNTS.students.map((s) => s.group))) {
      groups.set(name, (await this.classrooms.createGroup(asTeacher, classroom.id, name)).id);
    }
    for (const student of DEMO_ACCOUNTS.students) {
      const account = await this.identity.createAccount({
        ...student,
        kind: 'student',
        password: DEMO_PASSWORD,
      });
      await this.classrooms.join({ userId: account.id, kind: 'student' }, classroom.joinCode ?? '');
      await this.classrooms.addStudentToGroup(
        asTeacher,
        classroom.id,
        groups.get(student.group) ?? '',
        account.id,
      );
    }
    await this.classrooms.assignProject(
      asTeacher,
      classroom.id,
      'How healthy is our river?',
      'Investigate the river near school: what lives in it, what changes it, and what we could do. Write up your evidence together.',
    );
    const code = (await this.queries.view(classroom.id, teacher.id)).joinCode;
    this.logger.log(`Seeded the demo classroom "Year 7 Science" (join code ${code ?? '?'}).`);
    return true;
  }
}
