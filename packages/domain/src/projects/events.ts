import type { DomainEvent } from '../common/decider.js';

/*
 * Which stream each fact lives on, and why.
 *
 * `project-<id>`: the plan (brief, checkpoints, rubric), the assignment, the
 * lock, and each workspace's checkpoints, submissions and feedback. They share
 * one stream because the rules cut across them: a locked project refuses every
 * submission and checkpoint mark, feedback must score against the rubric as it
 * stands, and a checkpoint must exist in the plan. One stream makes each of
 * those a single consistent decision instead of a cross-stream race. The load
 * is human-paced (a class marks and submits a few times an hour), so optimistic
 * concurrency with retries costs little, and the stream stays a few hundred
 * events long.
 *
 * `learner-<projectId>-<studentId>`: one student's reflection journal and
 * personal goals. Only that student writes it and no project rule depends on
 * it, so it stays off the shared stream (no contention with the group) and can
 * be purged with the student's other personal data in one place.
 *
 * The live document's edits stay on `document-<docId>` (activity context).
 */

/** A group's workspace: its Yjs document. */
export interface Workspace {
  readonly groupId: string;
  /** The group's Yjs document. */
  readonly docId: string;
}

/** A workspace of one student, for projects assigned to individuals. */
export interface IndividualWorkspace {
  readonly studentId: string;
  readonly docId: string;
}

/** Checkpoints are ordered as listed; due dates never go backwards along the list. */
export interface Checkpoint {
  readonly checkpointId: string;
  readonly title: string;
  /** ISO 8601. */
  readonly dueAt: string;
}

export interface RubricLevel {
  readonly levelId: string;
  readonly title: string;
  readonly points: number;
}

export interface RubricCriterion {
  readonly criterionId: string;
  readonly title: string;
  /** From lowest to highest. */
  readonly levels: readonly RubricLevel[];
}

export interface Rubric {
  readonly criteria: readonly RubricCriterion[];
}

/** The level chosen for one criterion. */
export interface RubricScore {
  readonly criterionId: string;
  readonly levelId: string;
}

/** Feedback for one member of the group, beside the group's. */
export interface StudentFeedback {
  readonly studentId: string;
  readonly comment?: string;
  readonly scores?: readonly RubricScore[];
}

export type ProjectAssigned = DomainEvent<
  'ProjectAssigned',
  {
    projectId: string;
    classroomId: string;
    title: string;
    brief: string;
    assignedBy: string;
    workspaces: readonly Workspace[];
    /** Absent in projects assigned before checkpoints existed: read as none. */
    checkpoints?: readonly Checkpoint[];
    rubric?: Rubric;
    /** Workspaces of students working alone, beside or instead of group workspaces. */
    individualWorkspaces?: readonly IndividualWorkspace[];
  }
>;

/** The teacher edited the plan; absent fields were left as they were. */
export type ProjectPlanUpdated = DomainEvent<
  'ProjectPlanUpdated',
  {
    projectId: string;
    brief?: string;
    checkpoints?: readonly Checkpoint[];
    rubric?: Rubric;
    updatedBy: string;
  }
>;

export type CheckpointReached = DomainEvent<
  'CheckpointReached',
  { projectId: string; docId: string; checkpointId: string; reachedBy: string; reachedAt: string }
>;
export type CheckpointConfirmed = DomainEvent<
  'CheckpointConfirmed',
  {
    projectId: string;
    docId: string;
    checkpointId: string;
    confirmedBy: string;
    confirmedAt: string;
  }
>;
/** Back to not reached: the teacher wants more work on it. */
export type CheckpointReopened = DomainEvent<
  'CheckpointReopened',
  {
    projectId: string;
    docId: string;
    checkpointId: string;
    reopenedBy: string;
    reopenedAt: string;
    note?: string;
  }
>;

/** The submission pins the workspace document's revision, so what was assessed can be rebuilt. */
export type ProjectSubmitted = DomainEvent<
  'ProjectSubmitted',
  {
    projectId: string;
    docId: string;
    submissionId: string;
    documentRevision: number;
    submittedBy: string;
    submittedAt: string;
  }
>;
export type FeedbackGiven = DomainEvent<
  'FeedbackGiven',
  {
    projectId: string;
    docId: string;
    submissionId: string;
    feedbackId: string;
    comment: string;
    scores: readonly RubricScore[];
    perStudent: readonly StudentFeedback[];
    givenBy: string;
    givenAt: string;
  }
>;
export type SubmissionReturned = DomainEvent<
  'SubmissionReturned',
  {
    projectId: string;
    docId: string;
    submissionId: string;
    returnedBy: string;
    returnedAt: string;
    note?: string;
  }
>;
export type FeedbackResponded = DomainEvent<
  'FeedbackResponded',
  {
    projectId: string;
    docId: string;
    feedbackId: string;
    response: string;
    respondedBy: string;
    respondedAt: string;
  }
>;

/** Workspace documents become read-only and submissions are refused until unlocked. */
export type ProjectLocked = DomainEvent<
  'ProjectLocked',
  { projectId: string; lockedBy: string; lockedAt: string }
>;
export type ProjectUnlocked = DomainEvent<
  'ProjectUnlocked',
  { projectId: string; unlockedBy: string; unlockedAt: string }
>;

export type ProjectEvent =
  | ProjectAssigned
  | ProjectPlanUpdated
  | CheckpointReached
  | CheckpointConfirmed
  | CheckpointReopened
  | ProjectSubmitted
  | FeedbackGiven
  | SubmissionReturned
  | FeedbackResponded
  | ProjectLocked
  | ProjectUnlocked;

/** One short entry, answering a prompt (“What did you try today?”). */
export type JournalEntryWritten = DomainEvent<
  'JournalEntryWritten',
  {
    projectId: string;
    studentId: string;
    entryId: string;
    prompt: string;
    text: string;
    writtenAt: string;
  }
>;
/** “Reach checkpoint X by date Y”: the student's own target, not the teacher's due date. */
export type PersonalGoalSet = DomainEvent<
  'PersonalGoalSet',
  {
    projectId: string;
    studentId: string;
    goalId: string;
    checkpointId: string;
    targetDate: string;
    note?: string;
    setAt: string;
  }
>;
export type PersonalGoalDropped = DomainEvent<
  'PersonalGoalDropped',
  { projectId: string; studentId: string; goalId: string }
>;

export type LearnerEvent = JournalEntryWritten | PersonalGoalSet | PersonalGoalDropped;
