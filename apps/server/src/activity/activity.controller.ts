import { Controller } from '@nestjs/common';
import { DEFAULT_SIGNAL_THRESHOLDS, timeOnTask } from '@commonplace/domain';
import type { MyActivity, RouteValues, WorkspaceContributions } from '@commonplace/shared';
import { API_ROUTES as R } from '@commonplace/shared';
import type { Actor } from '../common/actor.js';
import { CurrentActor } from '../common/actor.js';
import { Endpoint, Input } from '../common/endpoint.js';
import { ClassroomQueries } from '../roster/classroom.queries.js';
import { IdentityService } from '../identity/identity.service.js';
import { ProjectReader } from '../projects/project.reader.js';
import { ActivityQueries } from './activity.queries.js';
import { activitySince, dailyActivity } from './daily-activity.js';

const iso = (value: Date | string): string => new Date(value).toISOString();

/**
 * Activity in one workspace for the charts: a person's own characters and time on task by day
 * (anyone who may open the workspace, only ever about themselves), and each member's share of
 * the whole project (the classroom's teachers, as on the board).
 */
@Controller()
export class ActivityController {
  constructor(
    private readonly activity: ActivityQueries,
    private readonly classrooms: ClassroomQueries,
    private readonly reader: ProjectReader,
    private readonly identity: IdentityService,
  ) {}

  @Endpoint(R.myActivity)
  async onMine(
    @Input() { params, query }: RouteValues<typeof R.myActivity>,
    @CurrentActor() actor: Actor,
  ): Promise<MyActivity> {
    const { docId } = params;
    await this.reader.workspace(actor, docId);
    const now = new Date();
    const since = activitySince(now, query.days, query.tz).toISOString();
    const { edits, presence } = await this.activity.ofPerson([docId], actor.userId, since);
    return {
      docId,
      days: dailyActivity({
        now,
        days: query.days,
        timeZone: query.tz,
        editCreditMinutes: DEFAULT_SIGNAL_THRESHOLDS.editCreditMinutes,
        edits: edits.map((e) => ({ at: iso(e.at), inserted: e.inserted, deleted: e.deleted })),
        presence: presence.map((p) => ({ from: iso(p.from), ...(p.to ? { to: iso(p.to) } : {}) })),
      }),
    };
  }

  @Endpoint(R.workspaceContributions)
  async onContributions(
    @Input() { params }: RouteValues<typeof R.workspaceContributions>,
    @CurrentActor() actor: Actor,
  ): Promise<WorkspaceContributions> {
    const { docId } = params;
    const { workspace } = await this.reader.workspace(actor, docId);
    const memberIds = workspace.groupId
      ? await this.classrooms.membersOfGroup(workspace.groupId)
      : workspace.studentId
        ? [workspace.studentId]
        : [];
    const [{ edits, presence }, names] = await Promise.all([
      this.activity.ofDocument(docId),
      this.identity.displayNames(memberIds),
    ]);
    const now = new Date().toISOString();
    const members = memberIds.map((studentId) => {
      const own = edits.filter((e) => e.userId === studentId);
      const { activeMs } = timeOnTask({
        now,
        editCreditMinutes: DEFAULT_SIGNAL_THRESHOLDS.editCreditMinutes,
        edits: own.map((e) => ({ at: iso(e.at), inserted: e.inserted, deleted: e.deleted })),
        presence: presence
          .filter((p) => p.userId === studentId)
          .map((p) => ({ from: iso(p.from), ...(p.to ? { to: iso(p.to) } : {}) })),
      });
      return {
        studentId,
        displayName: names.get(studentId) ?? 'Former student',
        inserted: own.reduce((sum, e) => sum + e.inserted, 0),
        deleted: own.reduce((sum, e) => sum + e.deleted, 0),
        activeMs,
      };
    });
    // The same share as the board: characters changed (added or removed) over the group's.
    const total = members.reduce((sum, m) => sum + m.inserted + m.deleted, 0);
    return {
      docId,
      members: members
        .map((m) => ({ ...m, share: total === 0 ? 0 : (m.inserted + m.deleted) / total }))
        .sort((a, b) => a.displayName.localeCompare(b.displayName)),
    };
  }
}
