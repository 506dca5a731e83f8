import { describe, expect, it } from '@jest/globals';
import { backoffWindow, COLLAB_BACKOFF, jitteredDelay } from './reconnect-backoff';

describe('reconnect backoff with full jitter', () => {
  it('grows the window exponentially and stops at the cap', () => {
    const windows = [0, 1, 2, 3, 4, 5, 6, 10, 100].map((attempt) => backoffWindow(attempt));
    expect(windows).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 20_000, 20_000, 20_000]);
    expect(backoffWindow(Number.MAX_SAFE_INTEGER)).toBe(COLLAB_BACKOFF.capMs);
    expect(backoffWindow(-3)).toBe(COLLAB_BACKOFF.baseMs);
  });

  it('draws every wait from the whole window, never outside it', () => {
    expect(jitteredDelay(3, COLLAB_BACKOFF, () => 0)).toBe(0);
    expect(jitteredDelay(3, COLLAB_BACKOFF, () => 0.5)).toBe(2000);
    expect(jitteredDelay(3, COLLAB_BACKOFF, () => 0.999_999)).toBeLessThanOrEqual(4000);
    for (let attempt = 0; attempt < 12; attempt++) {
      for (let i = 0; i < 200; i++) {
        const delay = jitteredDelay(attempt);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(backoffWindow(attempt));
      }
    }
  });

  it('spreads 30 laptops coming back at once instead of reconnecting them together', () => {
    const delays = Array.from({ length: 30 }, () => jitteredDelay(4));
    // With a uniform draw over 8 s, 30 identical waits (a storm) are practically impossible.
    expect(new Set(delays).size).toBeGreaterThan(20);
    const spread = Math.max(...delays) - Math.min(...delays);
    expect(spread).toBeGreaterThan(backoffWindow(4) / 2);
    // Later attempts wait longer on average: the schedule grows, not only varies.
    const mean = (attempt: number) =>
      Array.from({ length: 500 }, () => jitteredDelay(attempt)).reduce((a, b) => a + b, 0) / 500;
    expect(mean(5)).toBeGreaterThan(mean(1) * 4);
  });
});
