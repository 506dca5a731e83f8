/**
 * When to try the document connection again. "Full jitter": each wait is drawn uniformly
 * from [0, min(cap, base · 2^attempt)], so when a school's Wi-Fi comes back for 30 laptops
 * at once their reconnects spread over the whole window instead of arriving together.
 */
export interface BackoffPolicy {
  /** The window for the first retry, in ms. */
  baseMs: number;
  /** No window grows beyond this, in ms. */
  capMs: number;
}

export const COLLAB_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 20_000 };

/** The largest wait allowed before retry number `attempt` (0 for the first retry). */
export function backoffWindow(attempt: number, policy: BackoffPolicy = COLLAB_BACKOFF): number {
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 30);
  return Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
}

/** A random wait in [0, window], drawn with `random` (Math.random unless a test fixes it). */
export function jitteredDelay(
  attempt: number,
  policy: BackoffPolicy = COLLAB_BACKOFF,
  random: () => number = Math.random,
): number {
  return Math.floor(random() * backoffWindow(attempt, policy));
}
