import type { Decider } from '../common/decider.js';
import { DomainError } from '../common/domain-error.js';
import type { LearnerCommand } from './commands.js';
import type { LearnerEvent } from './events.js';

/** Journal entries are short by design: a few sentences answering one prompt. */
export const JOURNAL_ENTRY_MAX_LENGTH = 1000;

export interface PersonalGoal {
  readonly checkpointId: string;
  readonly targetDate: string;
  readonly note?: string;
}

/** One student's journal and goals for one project (stream `learner-<projectId>-<studentId>`). */
export interface LearnerState {
  readonly entryIds: ReadonlySet<string>;
  readonly goals: ReadonlyMap<string, PersonalGoal>;
}

function requireOwner(studentId: string, by: string): void {
  if (studentId !== by) {
    throw new DomainError(
      'projects.not-journal-owner',
      'Only the student can write in their own journal and goals. Teachers can read them.',
    );
  }
}

export const learnerDecider: Decider<LearnerCommand, LearnerEvent, LearnerState> = {
  initialState: { entryIds: new Set(), goals: new Map() },

  decide(command, state) {
    const { at, by } = command.metadata;
    const { projectId, studentId } = command.data;
    requireOwner(studentId, by);
    switch (command.type) {
      case 'WriteJournalEntry': {
        const { entryId, prompt, text } = command.data;
        if (state.entryIds.has(entryId)) {
          throw new DomainError('projects.journal-entry-exists', 'This entry is already saved.');
        }
        const trimmed = text.trim();
        if (trimmed === '' || trimmed.length > JOURNAL_ENTRY_MAX_LENGTH) {
          throw new DomainError(
            'projects.journal-entry-invalid',
            `Write something, up to ${JOURNAL_ENTRY_MAX_LENGTH} characters, then save again.`,
          );
        }
        return [
          {
            type: 'JournalEntryWritten',
            data: { projectId, studentId, entryId, prompt, text: trimmed, writtenAt: at },
          },
        ];
      }
      case 'SetPersonalGoal': {
        const { goalId, checkpointId, targetDate, note } = command.data;
        if (state.goals.has(goalId)) {
          throw new DomainError('projects.goal-exists', 'This goal is already set.');
        }
        if (Number.isNaN(Date.parse(targetDate)) || checkpointId.trim() === '') {
          throw new DomainError(
            'projects.goal-invalid',
            'A goal needs a checkpoint to reach and a date to reach it by.',
          );
        }
        return [
          {
            type: 'PersonalGoalSet',
            data: {
              projectId,
              studentId,
              goalId,
              checkpointId,
              targetDate,
              ...(note !== undefined ? { note } : {}),
              setAt: at,
            },
          },
        ];
      }
      case 'DropPersonalGoal': {
        const { goalId } = command.data;
        if (!state.goals.has(goalId)) {
          throw new DomainError('projects.goal-not-found', 'There is no such goal to drop.');
        }
        return [{ type: 'PersonalGoalDropped', data: { projectId, studentId, goalId } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'JournalEntryWritten':
        return { ...state, entryIds: new Set([...state.entryIds, event.data.entryId]) };
      case 'PersonalGoalSet': {
        const { goalId, checkpointId, targetDate, note } = event.data;
        const goals = new Map(state.goals);
        goals.set(goalId, { checkpointId, targetDate, ...(note !== undefined ? { note } : {}) });
        return { ...state, goals };
      }
      case 'PersonalGoalDropped': {
        const goals = new Map(state.goals);
        goals.delete(event.data.goalId);
        return { ...state, goals };
      }
    }
  },
};
