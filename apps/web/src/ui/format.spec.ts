import { describe, expect, it } from '@jest/globals';
import { formatDuration, isoToLocalInput, localInputToIso } from './format';

describe('formatting for people', () => {
  it('writes time on task in minutes and hours', () => {
    expect(formatDuration(30_000)).toBe('under a minute');
    expect(formatDuration(12 * 60_000 + 59_000)).toBe('12 min');
    expect(formatDuration(60 * 60_000)).toBe('1 h');
    expect(formatDuration(65 * 60_000)).toBe('1 h 5 min');
  });

  it('turns a due date typed in local time into the same instant and back', () => {
    const iso = localInputToIso('2030-03-02T10:00');
    expect(Date.parse(iso)).toBe(new Date(2030, 2, 2, 10, 0).getTime());
    expect(isoToLocalInput(iso)).toBe('2030-03-02T10:00');
    expect(localInputToIso('')).toBe('');
    expect(localInputToIso('not a date')).toBe('');
  });
});
