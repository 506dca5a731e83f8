import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { atDeadline } from './deadline.js';

describe('atDeadline', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('runs at a deadline past what one timer can wait (a 30-day session), not at once', () => {
    const thirtyDays = 30 * 24 * 3600 * 1000;
    const fired: number[] = [];
    atDeadline(thirtyDays, () => fired.push(Date.now()));
    jest.advanceTimersByTime(1);
    expect(fired).toEqual([]);
    jest.advanceTimersByTime(thirtyDays - 2);
    expect(fired).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(fired).toEqual([thirtyDays]);
  });

  it('runs at once for a deadline already passed, and never once cancelled', () => {
    const fired: string[] = [];
    atDeadline(-1, () => fired.push('passed'));
    expect(fired).toEqual(['passed']);
    const cancel = atDeadline(5_000, () => fired.push('cancelled'));
    cancel();
    jest.advanceTimersByTime(10_000);
    expect(fired).toEqual(['passed']);
  });
});
