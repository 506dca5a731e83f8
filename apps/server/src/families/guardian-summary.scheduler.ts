import type { OnApplicationShutdown } from '@nestjs/common';
import { Injectable, Logger } from '@nestjs/common';
import { GuardianSummaryService } from './guardian-summary.service.js';
import { weekStart } from './families.service.js';

/** How often every instance checks for summaries still to send. */
const SWEEP_MS = 60 * 60_000;
const WEEK_MS = 7 * 86_400_000;

/** The Monday (UTC) of the week before the one `now` falls in: the last complete week. */
export function lastCompleteWeek(now: Date): string {
  return new Date(weekStart(now).getTime() - WEEK_MS).toISOString().slice(0, 10);
}

/**
 * Sends each opted-in guardian the summary of the last complete week (Monday
 * to Sunday, UTC), once: every hour, on every instance, it asks for the week
 * to be sent; the guardian's stream refuses a week already sent, so a restart
 * or a second instance sends nothing twice, and a failed send is tried again
 * an hour later.
 */
@Injectable()
export class GuardianSummaryScheduler implements OnApplicationShutdown {
  private readonly logger = new Logger('GuardianSummary');
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private work: Promise<void> = Promise.resolve();

  constructor(private readonly summaries: GuardianSummaryService) {}

  /** Starts sweeping, once the projections have created the read-model tables (the app calls this). */
  start(): void {
    if (this.stopped || this.timer) return;
    this.timer = setInterval(() => this.sweep(), SWEEP_MS);
    this.timer.unref();
    this.sweep();
  }

  /** Resolves once the sweeps started so far are done (tests). */
  settled(): Promise<void> {
    return this.work;
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  private sweep(): void {
    this.work = this.work.then(async () => {
      if (this.stopped) return;
      try {
        const run = await this.summaries.sendWeek(lastCompleteWeek(new Date()));
        if (run.sent > 0 || run.failed > 0)
          this.logger.log(
            `Weekly summaries of ${run.week}: ${run.sent} sent, ${run.failed} failed.`,
          );
      } catch (error) {
        if (!this.stopped)
          this.logger.warn(`Could not send the weekly summaries; will try again: ${String(error)}`);
      }
    });
  }
}
