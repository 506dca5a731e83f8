import { describe, expect, it } from '@jest/globals';
import { refusalCode, specFor } from '../common/given-when-then.js';
import type { LearnerCommand } from './commands.js';
import type { LearnerEvent } from './events.js';
import { JOURNAL_ENTRY_MAX_LENGTH, learnerDecider } from './learner.decider.js';

const given = specFor(learnerDecider);
const at = '2026-11-23T10:00:00.000Z';
const ids = { projectId: 'p-1', studentId: 'u-ana' };
const write = (text: string, by = 'u-ana', entryId = 'e-1'): LearnerCommand => ({
  type: 'WriteJournalEntry',
  data: { ...ids, entryId, prompt: 'What did you try today?', text },
  metadata: { at, by },
});
const written: LearnerEvent = {
  type: 'JournalEntryWritten',
  data: {
    ...ids,
    entryId: 'e-1',
    prompt: 'What did you try today?',
    text: 'Drew the delta.',
    writtenAt: at,
  },
};
const setGoal = (targetDate = '2026-11-26T00:00:00.000Z', by = 'u-ana'): LearnerCommand => ({
  type: 'SetPersonalGoal',
  data: { ...ids, goalId: 'goal-1', checkpointId: 'cp-draft', targetDate },
  metadata: { at, by },
});
const goalSet: LearnerEvent = {
  type: 'PersonalGoalSet',
  data: {
    ...ids,
    goalId: 'goal-1',
    checkpointId: 'cp-draft',
    targetDate: '2026-11-26T00:00:00.000Z',
    setAt: at,
  },
};
const drop = (by = 'u-ana'): LearnerCommand => ({
  type: 'DropPersonalGoal',
  data: { ...ids, goalId: 'goal-1' },
  metadata: { at, by },
});

describe('learner decider: reflection journal', () => {
  it('saves a short prompted entry, trimmed', () => {
    expect(given([]).when(write('  Drew the delta.  '))).toEqual({ events: [written] });
  });

  it('refuses anyone but the student writing in their journal', () => {
    expect(refusalCode(given([]).when(write('Hi', 'u-teacher')))).toBe(
      'projects.not-journal-owner',
    );
  });

  it('refuses an empty entry and an over-long one', () => {
    expect(refusalCode(given([]).when(write('   ')))).toBe('projects.journal-entry-invalid');
    expect(refusalCode(given([]).when(write('x'.repeat(JOURNAL_ENTRY_MAX_LENGTH + 1))))).toBe(
      'projects.journal-entry-invalid',
    );
  });

  it('refuses saving the same entry twice', () => {
    expect(refusalCode(given([written]).when(write('Again')))).toBe(
      'projects.journal-entry-exists',
    );
  });
});

describe('learner decider: personal goals', () => {
  it('sets a goal to reach a checkpoint by a date', () => {
    expect(given([]).when(setGoal())).toEqual({ events: [goalSet] });
  });

  it('refuses a goal without a real date', () => {
    expect(refusalCode(given([]).when(setGoal('soon')))).toBe('projects.goal-invalid');
  });

  it('refuses setting the same goal twice', () => {
    expect(refusalCode(given([goalSet]).when(setGoal()))).toBe('projects.goal-exists');
  });

  it('refuses someone else setting a student’s goal', () => {
    expect(refusalCode(given([]).when(setGoal(undefined, 'u-ben')))).toBe(
      'projects.not-journal-owner',
    );
  });

  it('drops a goal, and refuses dropping one that is not there', () => {
    expect(given([goalSet]).when(drop())).toEqual({
      events: [{ type: 'PersonalGoalDropped', data: { ...ids, goalId: 'goal-1' } }],
    });
    expect(refusalCode(given([]).when(drop()))).toBe('projects.goal-not-found');
  });
});
