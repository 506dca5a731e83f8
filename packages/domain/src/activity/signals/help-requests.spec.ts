import { describe, expect, it } from '@jest/globals';
import type { StudentActivityFacts } from './activity-facts.js';
import { studentBoardEntry } from './board.js';
import type { HelpRequestFact } from './help-requests.js';
import { helpWaitingSince } from './help-requests.js';
import { stuckSignal } from './signals.js';

const t = (hhmm: string) => `2026-11-23T${hhmm}:00.000Z`;
const request = (
  studentId: string,
  hhmm: string,
  status: HelpRequestFact['status'] = 'open',
): HelpRequestFact => ({ studentId, status, raisedAt: t(hhmm) });

/** Ana at work, with whatever help requests she has: the board's facts. */
function ana(requests: readonly HelpRequestFact[]): StudentActivityFacts {
  const waiting = helpWaitingSince(requests).get('u-ana');
  return {
    studentId: 'u-ana',
    presence: [{ from: t('09:00') }],
    edits: [{ at: t('09:58'), inserted: 40, deleted: 0 }],
    ...(waiting !== undefined ? { helpRequestedAt: waiting } : {}),
  };
}

describe('help requests on the board', () => {
  it('marks a student with an open request stuck — asked for help, since they asked', () => {
    const signal = stuckSignal(ana([request('u-ana', '09:50')]), t('10:00'));
    expect(signal).toMatchObject({
      kind: 'stuck',
      studentId: 'u-ana',
      causes: ['help-requested'],
      since: t('09:50'),
      reason: 'Asked for help 10 minutes ago and is still waiting.',
    });
  });

  it('clears once a tutor claims the request', () => {
    expect(stuckSignal(ana([request('u-ana', '09:50', 'claimed')]), t('10:00'))).toBeUndefined();
  });

  it('clears once the student withdraws the request', () => {
    expect(stuckSignal(ana([request('u-ana', '09:50', 'cancelled')]), t('10:00'))).toBeUndefined();
  });

  it('counts from the oldest request still waiting, past claimed ones', () => {
    const waiting = helpWaitingSince([
      request('u-ana', '09:30', 'claimed'),
      request('u-ana', '09:55'),
      request('u-ana', '09:45'),
      request('u-ben', '09:40'),
    ]);
    expect(waiting.get('u-ana')).toBe(t('09:45'));
    expect(waiting.get('u-ben')).toBe(t('09:40'));
  });

  it('leaves out students with nothing waiting', () => {
    expect(helpWaitingSince([request('u-ana', '09:30', 'cancelled')]).has('u-ana')).toBe(false);
    expect(helpWaitingSince([]).size).toBe(0);
  });

  it('shows on the student’s board tile while waiting, and not after the claim', () => {
    const kinds = (requests: readonly HelpRequestFact[]) =>
      studentBoardEntry(ana(requests), t('10:00')).signals.map((s) => s.kind);
    expect(kinds([request('u-ana', '09:50')])).toContain('stuck');
    expect(kinds([request('u-ana', '09:50', 'claimed')])).not.toContain('stuck');
  });
});
