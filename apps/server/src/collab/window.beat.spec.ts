import { describe, expect, it } from '@jest/globals';
import { ManualClock } from './collab.testing.js';
import { WindowBeat, untilWindowEnds } from './window.beat.js';

describe('untilWindowEnds', () => {
  it('keeps a window open between half a window and a whole one', () => {
    for (const now of [0, 1, 499, 500, 501, 999, 1000, 1_795_404_461_359]) {
      const wait = untilWindowEnds(1000, now);
      expect(wait).toBeGreaterThan(500);
      expect(wait).toBeLessThanOrEqual(1000);
    }
  });

  it('ends the windows of documents opened at different times on the same beat', () => {
    const ends = [10_020, 10_250, 10_499].map((now) => now + untilWindowEnds(1000, now));
    expect(new Set(ends)).toEqual(new Set([11_000]));
    expect(10_501 + untilWindowEnds(1000, 10_501)).toBe(11_500);
  });
});

describe('WindowBeat', () => {
  it('runs afterBeat once per beat, after every window ending on it has closed', () => {
    const clock = new ManualClock(10_020);
    const seen: string[] = [];
    const beat = new WindowBeat({ clock, afterBeat: () => seen.push(`beat at ${clock.now()}`) });
    beat.schedule(1000, () => seen.push('a'));
    clock.advance(400);
    beat.schedule(1000, () => seen.push('b'));
    clock.advance(100);
    beat.schedule(1000, () => seen.push('c'));

    clock.advance(1000);

    expect(seen).toEqual(['a', 'b', 'beat at 11000', 'c', 'beat at 11500']);
  });

  it('still ends the beat when one window fails to close', () => {
    const clock = new ManualClock(0);
    const seen: string[] = [];
    const beat = new WindowBeat({ clock, afterBeat: () => seen.push('beat') });
    beat.schedule(1000, () => {
      throw new Error('broken window');
    });
    expect(() => clock.advance(1000)).toThrow('broken window');
    expect(seen).toEqual(['beat']);
  });
});
