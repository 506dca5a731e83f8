import { describe, expect, it } from '@jest/globals';
import type { EditSample, StudentActivityFacts } from './activity-facts.js';
import {
  activeNowSignal,
  groupSignals,
  idleSignal,
  imbalanceSignal,
  overdueCheckpointSignals,
  stuckSignal,
  studentSignals,
} from './signals.js';
import { DEFAULT_SIGNAL_THRESHOLDS } from './thresholds.js';
import { studentBoardEntry } from './board.js';

const t = (hhmm: string) => `2026-11-23T${hhmm}:00.000Z`;
const edit = (hhmm: string, inserted: number, deleted = 0): EditSample => ({
  at: t(hhmm),
  inserted,
  deleted,
});
const ana = (overrides: Partial<StudentActivityFacts> = {}): StudentActivityFacts => ({
  studentId: 'u-ana',
  presence: [{ from: t('09:00') }],
  edits: [],
  ...overrides,
});

describe('active now and idle', () => {
  it('is active now with a recent edit while present', () => {
    expect(activeNowSignal(ana({ edits: [edit('09:59', 5)] }), t('10:00'))).toEqual({
      kind: 'active-now',
      studentId: 'u-ana',
      since: t('09:59'),
      reason: 'In the workspace; last edit 1 minute ago.',
    });
  });

  it('is not active once they left, however recent the edit', () => {
    const gone = ana({
      presence: [{ from: t('09:00'), to: t('09:59') }],
      edits: [edit('09:58', 5)],
    });
    expect(activeNowSignal(gone, t('10:00'))).toBeUndefined();
    expect(idleSignal(gone, t('10:00'))).toBeUndefined();
  });

  it('is idle when present with no edit for the threshold, saying for how long', () => {
    const signal = idleSignal(ana({ edits: [edit('09:40', 5)] }), t('09:52'));
    expect(signal).toEqual({
      kind: 'idle',
      studentId: 'u-ana',
      since: t('09:40'),
      reason: 'In the workspace, but no edits for 12 minutes.',
    });
  });

  it('counts idleness from arrival when they have not edited since', () => {
    const signal = idleSignal(
      ana({ presence: [{ from: t('09:30') }], edits: [edit('09:00', 5)] }),
      t('09:45'),
    );
    expect(signal?.since).toBe(t('09:30'));
    expect(signal?.reason).toBe('Opened the workspace 15 minutes ago and has not edited since.');
  });

  it('is never active now and idle at once, even with an idle threshold shorter than the active window', () => {
    const thresholds = { ...DEFAULT_SIGNAL_THRESHOLDS, idleAfterMinutes: 1 };
    const quiet = ana({ edits: [edit('09:58', 5)] });
    expect(idleSignal(quiet, t('10:00'), thresholds)?.kind).toBe('idle');
    expect(activeNowSignal(quiet, t('10:00'), thresholds)).toBeUndefined();
    const busy = ana({ edits: [edit('10:00', 5)] });
    expect(activeNowSignal(busy, t('10:00'), thresholds)?.kind).toBe('active-now');
    expect(idleSignal(busy, t('10:00'), thresholds)).toBeUndefined();
  });

  it('is not idle before the threshold, which is configurable', () => {
    expect(idleSignal(ana({ edits: [edit('09:50', 5)] }), t('09:55'))).toBeUndefined();
    expect(
      idleSignal(ana({ edits: [edit('09:50', 5)] }), t('09:55'), {
        ...DEFAULT_SIGNAL_THRESHOLDS,
        idleAfterMinutes: 1,
      })?.kind,
    ).toBe('idle');
  });
});

describe('stuck', () => {
  it('fires on an unanswered help request', () => {
    const signal = stuckSignal(ana({ helpRequestedAt: t('09:54') }), t('10:00'));
    expect(signal?.causes).toEqual(['help-requested']);
    expect(signal?.reason).toBe('Asked for help 6 minutes ago and is still waiting.');
  });

  it('fires on long activity with no net progress', () => {
    const churn = ['09:42', '09:44', '09:46', '09:48', '09:50', '09:52', '09:54', '09:56'].map(
      (at, i) => edit(at, i % 2 === 0 ? 30 : 0, i % 2 === 0 ? 0 : 30),
    );
    const signal = stuckSignal(ana({ edits: churn }), t('10:00'));
    expect(signal?.causes).toEqual(['no-net-progress']);
    expect(signal?.reason).toBe(
      'Edited for 16 minutes of the last 20 minutes with almost no net change (+0 characters).',
    );
  });

  it('fires on repeated deletions', () => {
    const signal = stuckSignal(
      ana({ edits: [edit('09:50', 60, 0), edit('09:55', 0, 250)] }),
      t('10:00'),
    );
    expect(signal?.causes).toEqual(['repeated-deletions']);
    expect(signal?.reason).toBe('Deleted 250 characters and wrote 60 in the last 20 minutes.');
  });

  it('does not fire on steady progress', () => {
    const steady = ['09:42', '09:46', '09:50', '09:54', '09:58'].map((at) => edit(at, 80, 5));
    expect(stuckSignal(ana({ edits: steady }), t('10:00'))).toBeUndefined();
  });
});

describe('checkpoint overdue', () => {
  const checkpoints = [
    { checkpointId: 'cp-1', title: 'Question', dueAt: t('08:00'), reachedAt: t('07:30') },
    { checkpointId: 'cp-2', title: 'Draft', dueAt: t('09:00') },
    { checkpointId: 'cp-3', title: 'Final', dueAt: t('11:00') },
  ];

  it('flags only checkpoints past due and not reached', () => {
    expect(overdueCheckpointSignals(checkpoints, t('10:00'), { groupId: 'g-otters' })).toEqual([
      {
        kind: 'checkpoint-overdue',
        groupId: 'g-otters',
        checkpointId: 'cp-2',
        since: t('09:00'),
        reason: '“Draft” was due 1 hour ago and is not reached yet.',
      },
    ]);
  });

  it('appears among a student’s signals when their checkpoints are given', () => {
    const kinds = studentSignals(ana({ edits: [edit('09:59', 5)], checkpoints }), t('10:00')).map(
      (s) => s.kind,
    );
    expect(kinds).toEqual(['active-now', 'checkpoint-overdue']);
  });
});

describe('imbalance', () => {
  const member = (
    studentId: string,
    chars: number,
    displayName?: string,
  ): StudentActivityFacts => ({
    studentId,
    presence: [],
    edits: chars > 0 ? [edit('09:30', chars)] : [],
    ...(displayName ? { displayName } : {}),
  });

  it('names the member doing most of the group’s editing', () => {
    const signal = imbalanceSignal(
      {
        groupId: 'g-otters',
        members: [member('u-ana', 400, 'Ana'), member('u-ben', 100), member('u-cy', 0)],
      },
      t('10:00'),
    );
    expect(signal).toEqual({
      kind: 'imbalance',
      groupId: 'g-otters',
      studentId: 'u-ana',
      reason:
        'Ana made 80% of the group’s edits (400 of 500 characters). 1 of 3 members have not edited at all.',
    });
  });

  it('stays quiet for balanced groups, tiny amounts of work and solo workspaces', () => {
    expect(
      imbalanceSignal({ groupId: 'g', members: [member('a', 300), member('b', 250)] }, t('10:00')),
    ).toBeUndefined();
    expect(
      imbalanceSignal({ groupId: 'g', members: [member('a', 90), member('b', 0)] }, t('10:00')),
    ).toBeUndefined();
    expect(
      imbalanceSignal({ groupId: 'g', members: [member('a', 900)] }, t('10:00')),
    ).toBeUndefined();
  });

  it('combines with overdue checkpoints on the group tile', () => {
    const kinds = groupSignals(
      {
        groupId: 'g',
        members: [member('a', 900), member('b', 10)],
        checkpoints: [{ checkpointId: 'cp', title: 'Draft', dueAt: t('09:00') }],
      },
      t('10:00'),
    ).map((s) => s.kind);
    expect(kinds).toEqual(['imbalance', 'checkpoint-overdue']);
  });
});

describe('a student’s board tile', () => {
  it('gathers presence, contribution, time on task and signals', () => {
    const entry = studentBoardEntry(
      ana({ edits: [edit('09:30', 40, 5), edit('09:40', 20, 0)] }),
      t('09:52'),
    );
    expect(entry).toEqual({
      studentId: 'u-ana',
      present: true,
      lastEditAt: t('09:40'),
      inserted: 60,
      deleted: 5,
      timeOnTask: { presentMs: 52 * 60_000, activeMs: 4 * 60_000 },
      signals: [
        {
          kind: 'idle',
          studentId: 'u-ana',
          since: t('09:40'),
          reason: 'In the workspace, but no edits for 12 minutes.',
        },
      ],
    });
  });
});
