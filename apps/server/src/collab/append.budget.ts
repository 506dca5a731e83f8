const MINUTE_MS = 60_000;

/**
 * A rolling budget of bytes per minute (a token bucket that refills
 * continuously): a burst up to the whole minute's budget passes, a sustained
 * flow above it does not.
 */
export class AppendBudget {
  private available: number;
  private refilledAt: number;

  constructor(
    private readonly bytesPerMinute: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.available = bytesPerMinute;
    this.refilledAt = now();
  }

  /** Takes `bytes` if the budget holds them; false (and nothing taken) if it does not. */
  tryTake(bytes: number): boolean {
    const now = this.now();
    this.available = Math.min(
      this.bytesPerMinute,
      this.available + ((now - this.refilledAt) * this.bytesPerMinute) / MINUTE_MS,
    );
    this.refilledAt = now;
    if (bytes > this.available) return false;
    this.available -= bytes;
    return true;
  }
}
