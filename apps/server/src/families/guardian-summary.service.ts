import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type {
  RecordGuardianSummaryFailed,
  RecordGuardianSummarySent,
  SubscribeGuardianSummary,
  UnsubscribeGuardianSummary,
} from '@commonplace/domain';
import { DomainError, guardianSummaryDecider, isDomainError, streams } from '@commonplace/domain';
import type { GuardianSummarySettings, SetGuardianSummaryRequest } from '@commonplace/shared';
import { ClassroomQueries } from '../roster/classroom.queries.js';
import { AppError } from '../common/app-error.js';
import type { Principal } from '../common/principal.js';
import { CommandHandler } from '../commands/command.handler.js';
import type { Config } from '../config/config.js';
import { CONFIG } from '../config/config.js';
import { ActivityQueries } from '../activity/activity.queries.js';
import type { SqlDatabase } from '../database/sql-database.js';
import { PersonalDataVault } from '../personal-data/personal-data-vault.js';
import { SQL_DATABASE } from '../store/store.tokens.js';
import { FamiliesService } from './families.service.js';
import { MailPublisher } from './mail.publisher.js';
import type { ChildWeek } from './guardian-summary.text.js';
import { summaryMail } from './guardian-summary.text.js';

const DAY_MS = 86_400_000;
const hashOf = (secret: string) => createHash('sha256').update(secret).digest('base64url');

/** What one run of the weekly job did. */
export interface SummaryRun {
  readonly week: string;
  readonly sent: number;
  readonly skipped: number;
  readonly failed: number;
}

/**
 * A guardian's weekly summary by email: the address (sealed with their key
 * in the event and the read model), the weekly sending, and the unsubscribe
 * link. A week is claimed in the guardian's stream before its email goes
 * out, so a restart or a second instance does not send it twice; a failed
 * send gives the claim back, to be tried at the next sweep.
 */
@Injectable()
export class GuardianSummaryService {
  private readonly logger = new Logger('GuardianSummary');
  private readonly publicUrl: string;

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(CONFIG) config: Config,
    private readonly commands: CommandHandler,
    private readonly vault: PersonalDataVault,
    private readonly classrooms: ClassroomQueries,
    private readonly families: FamiliesService,
    private readonly activity: ActivityQueries,
    private readonly mailer: MailPublisher,
  ) {
    this.publicUrl = config.PUBLIC_URL.replace(/\/+$/, '');
  }

  async settings(principal: Principal): Promise<GuardianSummarySettings> {
    await this.assertGuardian(principal.userId);
    const [row] = await this.db.query<{ email_sealed: string | null }>(
      'SELECT email_sealed FROM rm_guardian_summaries WHERE guardian_id = $1 AND subscribed',
      [principal.userId],
    );
    const email = row?.email_sealed
      ? await this.vault.openText(principal.userId, row.email_sealed, { placeholder: '' })
      : '';
    return { email: email === '' ? null : email, emailEnabled: this.mailer.enabled };
  }

  async set(
    principal: Principal,
    request: SetGuardianSummaryRequest,
  ): Promise<GuardianSummarySettings> {
    const guardianId = principal.userId;
    await this.assertGuardian(guardianId);
    const stream = streams.guardianSummary(guardianId);
    if (request.email === null) {
      await this.commands.send(guardianSummaryDecider, stream, guardianId, {
        type: 'UnsubscribeGuardianSummary',
        data: { guardianId, via: 'app' },
      } satisfies Omit<UnsubscribeGuardianSummary, 'metadata'>);
    } else {
      const email = await this.vault.seal(guardianId, request.email);
      await this.commands.send(guardianSummaryDecider, stream, guardianId, {
        type: 'SubscribeGuardianSummary',
        data: { guardianId, email },
      } satisfies Omit<SubscribeGuardianSummary, 'metadata'>);
    }
    return this.settings(principal);
  }

  /** The link of an unsubscribe token: `<guardianId>.<secret>`. Throws a DomainError for a used or forged one. */
  async unsubscribe(token: string): Promise<void> {
    const dot = token.lastIndexOf('.');
    const guardianId = dot > 0 ? token.slice(0, dot) : '';
    const secret = dot > 0 ? token.slice(dot + 1) : '';
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(guardianId) || !/^[A-Za-z0-9_-]{43}$/.test(secret))
      throw new DomainError('families.summary-link-invalid', 'This unsubscribe link is not valid.');
    await this.commands.send(
      guardianSummaryDecider,
      streams.guardianSummary(guardianId),
      guardianId,
      {
        type: 'UnsubscribeGuardianSummary',
        data: { guardianId, via: 'link', tokenHash: hashOf(secret) },
      } satisfies Omit<UnsubscribeGuardianSummary, 'metadata'>,
    );
  }

  /**
   * Sends the summary of the week starting on `monday` (UTC, `2026-11-16`) to
   * every guardian who opted in and has not had it yet. The scheduler calls it
   * for the week just ended; tests call it for any week.
   */
  async sendWeek(monday: string, now = new Date()): Promise<SummaryRun> {
    if (!this.mailer.enabled) return { week: monday, sent: 0, skipped: 0, failed: 0 };
    const rows = await this.db.query<{ guardian_id: string; email_sealed: string }>(
      `SELECT guardian_id, email_sealed FROM rm_guardian_summaries
       WHERE subscribed AND email_sealed IS NOT NULL ORDER BY guardian_id`,
    );
    let sent = 0;
    let skipped = 0;
    let failed = 0;
    for (const row of rows) {
      const outcome = await this.sendOne(row.guardian_id, row.email_sealed, monday, now);
      if (outcome === 'sent') sent++;
      else if (outcome === 'failed') failed++;
      else skipped++;
    }
    return { week: monday, sent, skipped, failed };
  }

  private async sendOne(
    guardianId: string,
    emailSealed: string,
    monday: string,
    now: Date,
  ): Promise<'sent' | 'skipped' | 'failed'> {
    const stream = streams.guardianSummary(guardianId);
    const state = await this.commands.stateOf(guardianSummaryDecider, stream);
    if (!state.subscribed || state.weeksSent.has(monday)) return 'skipped';
    const address = await this.vault.open(guardianId, emailSealed);
    if (address.erased) return 'skipped';
    const children = [
      ...new Set((await this.classrooms.childrenOf(guardianId)).map((c) => c.studentId)),
    ];
    if (children.length === 0) return 'skipped';
    const weeks = await Promise.all(
      children.map((id) => this.childWeek(guardianId, id, monday, now)),
    );

    const secret = randomBytes(32).toString('base64url');
    try {
      await this.commands.send(guardianSummaryDecider, stream, guardianId, {
        type: 'RecordGuardianSummarySent',
        data: { guardianId, week: monday, studentIds: children, tokenHash: hashOf(secret) },
      } satisfies Omit<RecordGuardianSummarySent, 'metadata'>);
    } catch (error) {
      // Another instance claimed this week first, or the guardian just opted out.
      if (isDomainError(error)) return 'skipped';
      throw error;
    }
    const unsubscribeUrl = `${this.publicUrl}/unsubscribe?token=${encodeURIComponent(`${guardianId}.${secret}`)}`;
    try {
      await this.mailer.send({
        to: address.value,
        ...summaryMail(monday, weeks, unsubscribeUrl),
        unsubscribeUrl,
      });
      return 'sent';
    } catch (error) {
      this.logger.error(
        `Could not send guardian ${guardianId}'s summary of ${monday}: ${String(error)}`,
      );
      await this.commands.send(guardianSummaryDecider, stream, guardianId, {
        type: 'RecordGuardianSummaryFailed',
        data: { guardianId, week: monday },
      } satisfies Omit<RecordGuardianSummaryFailed, 'metadata'>);
      return 'failed';
    }
  }

  /** One child's week from the family dashboard: active days, time on task, feedback given, checkpoints confirmed. */
  private async childWeek(
    guardianId: string,
    studentId: string,
    monday: string,
    now: Date,
  ): Promise<ChildWeek> {
    const from = Date.parse(`${monday}T00:00:00.000Z`);
    const to = from + 7 * DAY_MS;
    const inWeek = (at: string | null) =>
      at !== null && Date.parse(at) >= from && Date.parse(at) < to;
    // The dashboard's last week is the one `asOf` falls in.
    const asOf = new Date(Math.min(now.getTime(), to - 1));
    const dashboard = await this.families.dashboard(
      { userId: guardianId, kind: 'guardian' },
      studentId,
      1,
      'UTC',
      asOf,
    );
    const thisWeek = dashboard.timeOnTaskByWeek.find((w) => w.weekStart === monday);
    // Active days: the UTC days of the week on which the child edited their work.
    const { edits } = await this.activity.ofPerson(
      dashboard.projects.map((p) => p.docId),
      studentId,
      new Date(from).toISOString(),
    );
    const days = new Set(
      edits
        .map((e) => new Date(e.at))
        .filter((at) => at.getTime() < to)
        .map((at) => at.toISOString().slice(0, 10)),
    );
    return {
      firstName: dashboard.firstName,
      activeDays: days.size,
      minutes: thisWeek?.minutes ?? 0,
      feedback: dashboard.projects.flatMap((p) =>
        p.feedback.filter((f) => inWeek(f.givenAt)).map(() => p.title),
      ),
      checkpointsConfirmed: dashboard.projects.flatMap((p) =>
        p.checkpoints.filter((c) => inWeek(c.confirmedAt)).map((c) => `${p.title}: ${c.title}`),
      ),
    };
  }

  private async assertGuardian(userId: string): Promise<void> {
    if ((await this.classrooms.childrenOf(userId)).length === 0)
      throw new AppError(
        'families.not-your-child',
        'Only a guardian of a student can get the weekly summary.',
      );
  }
}
