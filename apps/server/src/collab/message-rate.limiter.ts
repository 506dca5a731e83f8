/**
 * A token bucket: a connection may burst up to `perSecond` frames, and sustain
 * `perSecond` frames a second. Frames, not WebSocket messages, are counted: one
 * message can pack many frames, and each may cost the server a reply.
 */
export class MessageRateLimiter {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = perSecond;
    this.refilledAt = now();
  }

  /** Takes one token; false when the connection is over its rate. */
  tryTake(): boolean {
    const now = this.now();
    this.tokens = Math.min(
      this.perSecond,
      this.tokens + ((now - this.refilledAt) / 1000) * this.perSecond,
    );
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
