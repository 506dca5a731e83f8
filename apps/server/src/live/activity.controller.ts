import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { DEFAULT_SIGNAL_THRESHOLDS } from '@commonplace/domain';
import type { MyActivity, MyActivityQuery } from '@commonplace/shared';
import { API_ROUTES, MyActivityQuerySchema } from '@commonplace/shared';
import { z } from 'zod';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import type { SqlDatabase } from '../database/sql-database.js';
import { AuthGuard, CurrentPrincipal } from '../identity/auth.guard.js';
import type { Principal } from '../identity/token.service.js';
import { ProjectReader } from '../projects/project-reader.js';
import { SQL_DATABASE } from '../store/store.tokens.js';
import { activitySince, dailyActivity } from './daily-activity.js';

const IdParam = new ZodValidationPipe(z.string().min(1).max(100));

const iso = (value: Date | string): string => new Date(value).toISOString();

/**
 * A person's own characters and time on task in one workspace, by day, for the chart on their
 * project page. Anyone who may open the workspace may ask, and only ever about themselves.
 */
@Controller()
@UseGuards(AuthGuard)
export class ActivityController {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly reader: ProjectReader,
  ) {}

  @Get(API_ROUTES.myActivity.path)
  async onMine(
    @CurrentPrincipal() principal: Principal,
    @Param('docId', IdParam) docId: string,
    @Query(new ZodValidationPipe(MyActivityQuerySchema)) query: MyActivityQuery,
  ): Promise<MyActivity> {
    await this.reader.workspace(principal, docId);
    const now = new Date();
    const since = activitySince(now, query.days).toISOString();
    const [edits, presence] = await Promise.all([
      this.db.query<{ at: Date | string; inserted: number; deleted: number }>(
        `SELECT at, inserted, deleted FROM rm_edit_samples
         WHERE doc_id = $1 AND user_id = $2 AND at >= $3 ORDER BY at`,
        [docId, principal.userId, since],
      ),
      this.db.query<{ from_at: Date | string; to_at: Date | string | null }>(
        `SELECT from_at, to_at FROM rm_presence_intervals
         WHERE doc_id = $1 AND user_id = $2 AND (to_at IS NULL OR to_at >= $3)`,
        [docId, principal.userId, since],
      ),
    ]);
    return {
      docId,
      days: dailyActivity({
        now,
        days: query.days,
        editCreditMinutes: DEFAULT_SIGNAL_THRESHOLDS.editCreditMinutes,
        edits: edits.map((e) => ({ at: iso(e.at), inserted: e.inserted, deleted: e.deleted })),
        presence: presence.map((p) => ({
          from: iso(p.from_at),
          ...(p.to_at ? { to: iso(p.to_at) } : {}),
        })),
      }),
    };
  }
}
