import { Injectable, Logger } from '@nestjs/common';
import type { AssignProjectRequest } from '@commonplace/shared';
import { ClassroomService } from '../roster/classroom.service.js';
import { ClassroomQueries } from '../roster/classroom.queries.js';
import { IdentityService } from '../identity/identity.service.js';
import { ProjectService } from '../projects/project.service.js';

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

const DAY_MS = 24 * 3_600_000;

/**
 * The demo project, dated from the day it is seeded: every checkpoint is
 * ahead (the first tomorrow), so a fresh demo opens without red "overdue"
 * alerts, and a rubric is ready to score against.
 */
export function demoProject(now: Date): AssignProjectRequest {
  const inDays = (days: number) => new Date(now.getTime() + days * DAY_MS).toISOString();
  const levels = [
    { title: 'Beginning', points: 1 },
    { title: 'Developing', points: 2 },
    { title: 'Secure', points: 3 },
  ];
  return {
    title: 'How healthy is our river?',
    brief:
      'Investigate the river near school: what lives in it, what changes it, and what we could do. Write up your evidence together.',
    checkpoints: [
      { title: 'Our question', dueAt: inDays(1) },
      { title: 'Evidence collected', dueAt: inDays(4) },
      { title: 'Draft report', dueAt: inDays(8) },
    ],
    rubric: {
      criteria: [
        { title: 'Evidence', levels },
        { title: 'Explanation', levels },
        { title: 'Teamwork', levels },
      ],
    },
  };
}

/**
 * A demo classroom to click through on first start: one teacher, six students
 * in two groups, one group project with three checkpoints (all ahead) and a rubric. Built with the same commands a teacher's
 * clicks issue, so the log holds it like any other classroom.
 */
@Injectable()
export class DemoSeed {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly identity: IdentityService,
    private readonly classrooms: ClassroomService,
    private readonly queries: ClassroomQueries,
    private readonly projects: ProjectService,
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
    await this.projects.assign(asTeacher, classroom.id, demoProject(new Date()));
    const code = (await this.queries.view(classroom.id, teacher.id)).joinCode;
    this.logger.log(`Seeded the demo classroom "Year 7 Science" (join code ${code ?? '?'}).`);
    return true;
  }
}
