import { Injectable } from '@nestjs/common';
import { DEFAULT_SIGNAL_THRESHOLDS, timeOnTask } from '@commonplace/domain';
import type { FamilyChildDashboard, WeeklyTimeOnTask } from '@commonplace/shared';
import { CLASSMATE_NAME } from '@commonplace/shared';
import { AppError } from '../common/app-error.js';
import { ClassroomAccess } from '../roster/classroom-access.service.js';
import { ClassroomQueries } from '../roster/classroom.queries.js';
import type { Principal } from '../identity/token.service.js';
import { ProjectQueries } from '../projects/project.queries.js';
import { StudentOverviewService } from '../projects/student-overview.service.js';
import { ActivityQueries } from '../activity/activity.queries.js';
import { addDays, mondayOf, zonedDate, zonedMidnight } from '../activity/zoned-days.js';

const iso = (value: Date | string) => new Date(value).toISOString();
const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? '';

/** Monday 00:00 UTC of the week `at` falls in. */
export function weekStart(at: Date): Date {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * 86_400_000);
}

/**
 * What a guardian sees of their own child, read-only: the overview (projects,
 * checkpoints, the child's feedback), goals, group members with everyone but
 * the child shown as "Classmate", and time on task by week for a chart. A
 * guardian asking about any other student is refused, whoever that is.
 */
@Injectable()
export class FamiliesService {
  constructor(
    private readonly access: ClassroomAccess,
    private readonly classrooms: ClassroomQueries,
    private readonly activity: ActivityQueries,
    private readonly overviews: StudentOverviewService,
    private readonly projects: ProjectQueries,
  ) {}

  async dashboard(
    principal: Principal,
    studentId: string,
    weeks: number,
    timeZone = 'UTC',
    now = new Date(),
  ): Promise<FamilyChildDashboard> {
    if (!(await this.access.isGuardianOf(principal.userId, studentId))) {
      throw new AppError(
        'families.not-your-child',
        'You can only see the students you are a guardian of.',
      );
    }
    const overview = await this.overviews.overview(studentId);
    const child = firstName(overview.displayName);
    const projects = [];
    for (const project of overview.projects) {
      // The group's members, or the child alone in an individual workspace.
      const members = (await this.classrooms.studentsOfWorkspace(project.docId)).sort();
      const ids = members.length > 0 ? members : [studentId];
      projects.push({
        ...project,
        groupMembers: ids.map((id) => ({
          displayName: id === studentId ? child : CLASSMATE_NAME,
          isMyChild: id === studentId,
        })),
        goals: await this.projects.goals(project.projectId, studentId, project.docId, now),
      });
    }
    return {
      studentId,
      firstName: child,
      projects,
      timeOnTaskByWeek: await this.weekly(
        studentId,
        overview.projects.map((p) => p.docId),
        weeks,
        timeZone,
        now,
      ),
    };
  }

  /**
   * Minutes on task per week, oldest first, the current week last (so far); weeks run from
   * Monday midnight in the guardian's time zone.
   */
  private async weekly(
    studentId: string,
    docIds: readonly string[],
    weeks: number,
    timeZone: string,
    now: Date,
  ): Promise<WeeklyTimeOnTask[]> {
    const thisMonday = mondayOf(zonedDate(now.getTime(), timeZone));
    const mondays = Array.from({ length: weeks }, (_, i) =>
      addDays(thisMonday, -7 * (weeks - 1 - i)),
    );
    const first = new Date(zonedMidnight(mondays[0] ?? thisMonday, timeZone));
    const since = first.toISOString();
    const { edits, presence } = await this.activity.ofPerson(docIds, studentId, since);
    const result: WeeklyTimeOnTask[] = [];
    for (const monday of mondays) {
      const from = new Date(zonedMidnight(monday, timeZone));
      const to = new Date(zonedMidnight(addDays(monday, 7), timeZone));
      let activeMs = 0;
      // Each document on its own: two tabs open at once are not twice the work.
      for (const docId of docIds) {
        activeMs += timeOnTask({
          now: now.toISOString(),
          editCreditMinutes: DEFAULT_SIGNAL_THRESHOLDS.editCreditMinutes,
          window: { from: from.toISOString(), to: to.toISOString() },
          edits: edits
            .filter((e) => e.docId === docId)
            .map((e) => ({ at: iso(e.at), inserted: e.inserted, deleted: e.deleted })),
          presence: presence
            .filter((p) => p.docId === docId)
            .map((p) => ({ from: iso(p.from), ...(p.to ? { to: iso(p.to) } : {}) })),
        }).activeMs;
      }
      result.push({
        weekStart: monday,
        minutes: Math.round(activeMs / 6_000) / 10,
      });
    }
    return result;
  }
}
