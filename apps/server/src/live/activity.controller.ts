import { Controller, Inject } from '@nestjs/common';
import { DEFAULT_SIGNAL_THRESHOLDS, timeOnTask } from '@commonplace/domain';
import type { MyActivity, RouteValues, WorkspaceContributions } from '@commonplace/shared';
import { API_ROUTES as R } from '@commonplace/shared';
import type { Actor } from '../common/actor.js';
import { CurrentActor } from '../common/actor.js';
import { Endpoint, Input } from '../common/endpoint.js';
import type { SqlDatabase } from '../database/sql-database.js';
import { IdentityService } from '../identity/identity.service.js';
import { ProjectReader } from '../projects/project-reader.js';
import { SQL_DATABASE } from '../store/store.tokens.js';
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
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
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
    const [edits, presence] = await Promise.all([
      this.db.query<{ at: Date | string; inserted: number; deleted: number }>(
        `SELECT at, inserted, deleted FROM rm_edit_samples
         WHERE doc_id = $1 AND user_id = $2 AND at >= $3 ORDER BY at`,
        [docId, actor.userId, since],
      ),
      this.db.query<{ from_at: Date | string; to_at: Date | string | null }>(
        `SELECT from_at, to_at FROM rm_presence_intervals
         WHERE doc_id = $1 AND user_id = $2 AND (to_at IS NULL OR to_at >= $3)`,
        [docId, actor.userId, since],
      ),
    ]);
    return {
      docId,
      days: dailyActivity({
        now,
        days: query.days,
        timeZone: query.tz,
        editCreditMinutes: DEFAULT_SIGNAL_THRESHOLDS.editCreditMinutes,
        edits: edits.map((e) => ({ at: iso(e.at), inserted: e.inserted, deleted: e.deleted })),
        presence: presence.map((p) => ({
          from: iso(p.from_at),
          ...(p.to_at ? { to: iso(p.to_at) } : {}),
        })),
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
      ? (
          await this.db.query<{ student_id: string }>(
            'SELECT student_id FROM rm_group_members WHERE group_id = $1',
            [workspace.groupId],
          )
        ).map((row) => row.student_id)
      : workspace.studentId
        ? [workspace.studentId]
        : [];
    const [edits, presence, names] = await Promise.all([
      this.db.query<{ user_id: string; at: Date | string; inserted: number; deleted: number }>(
        'SELECT user_id, at, inserted, deleted FROM rm_edit_samples WHERE doc_id = $1 ORDER BY at',
        [docId],
      ),
      this.db.query<{ user_id: string; from_at: Date | string; to_at: Date | string | null }>(
        'SELECT user_id, from_at, to_at FROM rm_presence_intervals WHERE doc_id = $1',
        [docId],
      ),
      this.identity.displayNames(memberIds),
    ]);
    const now = new Date().toISOString();
    const members = memberIds.map((studentId) => {
      const own = edits.filter((e) => e.user_id === studentId);
      const { activeMs } = timeOnTask({
        now,
        editCreditMinutes: DEFAULT_SIGNAL_THRESHOLDS.editCreditMinutes,
        edits: own.map((e) => ({ at: iso(e.at), inserted: e.inserted, deleted: e.deleted })),
        presence: presence
          .filter((p) => p.user_id === studentId)
          .map((p) => ({ from: iso(p.from_at), ...(p.to_at ? { to: iso(p.to_at) } : {}) })),
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
