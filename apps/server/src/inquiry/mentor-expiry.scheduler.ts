import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { MentorInvited } from '@commonplace/domain';
import type { SqlDatabase } from '../database/sql-database.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import { SQL_DATABASE } from '../store/store.tokens.js';
import { InquiryGateway } from './inquiry.gateway.js';
import { inquiryProjection } from './inquiry.projection.js';
import { MentorService } from './mentor.service.js';

/** Mentors whose access ends within this window get a timer; later ones wait for a later sweep. */
const HORIZON_MS = 10 * 60_000;
/** How often every instance reads the read model again for mentors coming due. */
const SWEEP_MS = 60_000;

interface Armed {
  readonly spaceId: string;
  readonly expiresAt: number;
  readonly timer: NodeJS.Timeout;
}

/**
 * Records the end of a mentor's access at its moment, from the read model, so
 * neither a restart nor a second instance loses or doubles it. Every instance
 * arms a timer for each mentor coming due: on start-up (from the read model
 * as the last run left it, once the projections have started: see start()),
 * on every minute's sweep, and at once when the projection applies a new
 * invitation (including those it catches up on). When several fire, the
 * space's stream decides: ExpireMentor is refused a second time (and before
 * the moment), and the expected revision keeps two instances from both
 * appending. Until it is recorded, sign-in, the API and the board already
 * refuse the mentor by comparing the expiry with the clock.
 */
@Injectable()
export class MentorExpiryScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MentorExpiry');
  private readonly armed = new Map<string, Armed>();
  private unsubscribe: (() => void) | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Expiries being recorded now, one after another. */
  private work: Promise<void> = Promise.resolve();
  private started: Promise<void> = Promise.resolve();

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly projections: ProjectionRunner,
    private readonly mentors: MentorService,
    private readonly gateway: InquiryGateway,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = this.projections.onProjected((name, events) => {
      if (name !== inquiryProjection.name) return;
      for (const event of events) {
        if (event.type === 'MentorInvited') {
          const { spaceId, mentorId, expiresAt } = event.data as MentorInvited['data'];
          this.arm(spaceId, mentorId, Date.parse(expiresAt));
        } else if (event.type === 'MentorRevoked' || event.type === 'MentorAccessExpired') {
          this.disarm((event.data as { mentorId: string }).mentorId);
        }
      }
    });
  }

  /**
   * Starts sweeping, once the projections have created the read-model tables
   * (the app calls this after starting them, as it does the other start-up
   * readers): at bootstrap a fresh database has no rm_inquiry_mentors yet.
   */
  start(): Promise<void> {
    if (this.stopped || this.sweeper) return this.started;
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_MS);
    this.sweeper.unref();
    // The read model as the last run left it; what the projection catches up on arrives above.
    this.started = this.sweep();
    return this.started;
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    this.unsubscribe?.();
    clearInterval(this.sweeper);
    for (const mentorId of [...this.armed.keys()]) this.disarm(mentorId);
  }

  /** Whether a timer waits for this mentor here (tests). */
  isArmed(mentorId: string): boolean {
    return this.armed.has(mentorId);
  }

  /** Resolves once the start-up sweep has armed what the read model holds (tests). */
  ready(): Promise<void> {
    return this.started;
  }

  /** Resolves once every expiry that fired so far is recorded (or found already recorded). */
  settled(): Promise<void> {
    return this.work;
  }

  private async sweep(): Promise<void> {
    if (this.stopped) return;
    try {
      const rows = await this.db.query<{ id: string; space_id: string; expires_at: Date | string }>(
        `SELECT id, space_id, expires_at FROM rm_inquiry_mentors
         WHERE status IN ('invited', 'active') AND expires_at <= $1`,
        [new Date(Date.now() + HORIZON_MS).toISOString()],
      );
      for (const row of rows) this.arm(row.space_id, row.id, new Date(row.expires_at).getTime());
    } catch (error) {
      if (!this.stopped)
        this.logger.warn(
          `Could not read the mentors coming due; will sweep again: ${String(error)}`,
        );
    }
  }

  private arm(spaceId: string, mentorId: string, expiresAt: number): void {
    if (this.stopped || this.armed.has(mentorId)) return;
    const wait = expiresAt - Date.now();
    if (wait > HORIZON_MS) return;
    const timer = setTimeout(() => this.fire(mentorId), Math.max(wait, 0));
    timer.unref();
    this.armed.set(mentorId, { spaceId, expiresAt, timer });
  }

  private disarm(mentorId: string): void {
    const armed = this.armed.get(mentorId);
    if (!armed) return;
    clearTimeout(armed.timer);
    this.armed.delete(mentorId);
  }

  private fire(mentorId: string): void {
    const armed = this.armed.get(mentorId);
    if (!armed) return;
    this.armed.delete(mentorId);
    // A timer may fire a millisecond early by the wall clock; the decider would record nothing.
    if (Date.now() < armed.expiresAt) {
      this.arm(armed.spaceId, mentorId, armed.expiresAt);
      return;
    }
    this.work = this.work.then(async () => {
      try {
        await this.mentors.expire(armed.spaceId, mentorId);
        await this.gateway.endMentorConnections(mentorId, 'expired');
      } catch (error) {
        if (this.stopped) return;
        // The next sweep finds the mentor still due and tries again.
        this.logger.error(`Could not record mentor ${mentorId}'s expiry: ${String(error)}`);
      }
    });
  }
}
