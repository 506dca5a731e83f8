/** Where the beat reads the time and sets its timers; tests hand in a clock they move themselves. */
export interface Clock {
  now(): number;
  /** Runs `run` once, `ms` from now; returns a function that cancels it. */
  after(ms: number, run: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, run) {
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  },
};

/**
 * How long a window opened now stays open: until the second tick of a
 * wall-clock beat of half a window, so between half a window and a whole one.
 * Every document's windows end on the same beats, so their appends reach the
 * store together and the read models catch up on them in one pass instead of
 * one per document.
 */
export function untilWindowEnds(windowMs: number, now: number): number {
  const beat = windowMs / 2;
  return 2 * beat - (now % beat);
}

export interface WindowBeatOptions {
  clock?: Clock;
  /**
   * Runs after every window ending at a beat has closed, in the same turn: the
   * store commits what those windows handed it, together.
   */
  afterBeat?: () => void;
}

/**
 * The windows ending at each beat, closed by one timer: every document's
 * window that ends at an instant closes in the same turn, and then `afterBeat`
 * runs. (A timer each would fire in whatever turn its own clock reading put it.)
 */
export class WindowBeat {
  private readonly clock: Clock;
  private readonly due = new Map<number, { cancel: () => void; closes: Set<() => void> }>();

  constructor(private readonly options: WindowBeatOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  /** Runs `close` once the window opened now ends; returns a function that cancels it. */
  schedule(windowMs: number, close: () => void): () => void {
    const now = this.clock.now();
    const endsAt = now + untilWindowEnds(windowMs, now);
    let beat = this.due.get(endsAt);
    if (beat === undefined) {
      const closes = new Set<() => void>();
      const cancel = this.clock.after(endsAt - now, () => this.end(endsAt, closes));
      beat = { cancel, closes };
      this.due.set(endsAt, beat);
    }
    const { cancel, closes } = beat;
    closes.add(close);
    return () => {
      closes.delete(close);
      if (closes.size === 0 && this.due.get(endsAt)?.closes === closes) {
        cancel();
        this.due.delete(endsAt);
      }
    };
  }

  /** Beats with a window still open on them. */
  get pendingBeats(): number {
    return this.due.size;
  }

  private end(endsAt: number, closes: Set<() => void>): void {
    this.due.delete(endsAt);
    try {
      for (const close of [...closes]) close();
    } finally {
      this.options.afterBeat?.();
    }
  }
}
