import { describe, expect, it } from '@jest/globals';
import { activityByPerson } from './activity-facts.js';
import { timeOnTask } from './time-on-task.js';

const t = (hhmm: string) => `2026-11-23T${hhmm}:00.000Z`;
const MIN = 60_000;

describe('time on task', () => {
  it('counts an open tab as presence but not as time on task', () => {
    expect(
      timeOnTask({
        presence: [{ from: t('09:00') }],
        edits: [],
        now: t('10:00'),
        editCreditMinutes: 2,
      }),
    ).toEqual({ presentMs: 60 * MIN, activeMs: 0 });
  });

  it('counts editing while present, merging overlapping edit credit', () => {
    const edits = [t('09:10'), t('09:11'), t('09:12'), t('09:30')].map((at) => ({
      at,
      inserted: 10,
      deleted: 0,
    }));
    expect(
      timeOnTask({
        presence: [{ from: t('09:00'), to: t('09:40') }],
        edits,
        now: t('10:00'),
        editCreditMinutes: 2,
      }),
    ).toEqual({ presentMs: 40 * MIN, activeMs: 6 * MIN });
  });

  it('credits a summed run of edits (first to last) the same as its edits one by one', () => {
    const oneByOne = ['09:10', '09:11', '09:12', '09:13'].map((hhmm) => ({
      at: t(hhmm),
      inserted: 10,
      deleted: 0,
    }));
    const input = {
      presence: [{ from: t('09:00'), to: t('09:40') }],
      now: t('10:00'),
      editCreditMinutes: 2,
    };
    const run = { firstAt: t('09:10'), at: t('09:13'), inserted: 40, deleted: 0 };
    expect(timeOnTask({ ...input, edits: [run] })).toEqual(
      timeOnTask({ ...input, edits: oneByOne }),
    );
    expect(timeOnTask({ ...input, edits: [run] }).activeMs).toBe(5 * MIN);
  });

  it('never credits editing outside presence or outside the window', () => {
    const result = timeOnTask({
      presence: [{ from: t('09:05'), to: t('09:20') }],
      edits: [{ at: t('09:06'), inserted: 5, deleted: 0 }],
      now: t('10:00'),
      editCreditMinutes: 5,
      window: { from: t('09:00'), to: t('09:10') },
    });
    expect(result).toEqual({ presentMs: 5 * MIN, activeMs: 1 * MIN });
  });

  it('folds workspace events into presence intervals and edits per person', () => {
    const byPerson = activityByPerson([
      {
        at: t('09:00'),
        event: { type: 'WorkspaceEntered', data: { docId: 'd', userId: 'u-ana' } },
      },
      {
        at: t('09:05'),
        event: {
          type: 'DocumentUpdated',
          data: { docId: 'd', authorId: 'u-ana', update: '', inserted: 12, deleted: 2 },
        },
      },
      { at: t('09:20'), event: { type: 'WorkspaceLeft', data: { docId: 'd', userId: 'u-ana' } } },
      {
        at: t('09:30'),
        event: { type: 'WorkspaceEntered', data: { docId: 'd', userId: 'u-ana' } },
      },
      { at: t('09:31'), event: { type: 'WorkspaceLeft', data: { docId: 'd', userId: 'u-ben' } } },
    ]);
    expect(byPerson.get('u-ana')).toEqual({
      presence: [{ from: t('09:00'), to: t('09:20') }, { from: t('09:30') }],
      edits: [{ at: t('09:05'), inserted: 12, deleted: 2 }],
    });
    expect(byPerson.has('u-ben')).toBe(false);
  });
});
