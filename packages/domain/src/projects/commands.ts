import type { Command } from '../common/decider.js';
import type {
  Checkpoint,
  IndividualWorkspace,
  Rubric,
  RubricScore,
  StudentFeedback,
  Workspace,
} from './events.js';

/**
 * Who is acting on the project, as the classroom stream says at the moment of
 * the command: staff (teacher or co-teacher), or a student and the group they
 * are in now. The server resolves it from the roster, as it does for every
 * cross-stream fact; the project stream never copies group membership, so a
 * student moved to another group loses their old workspace at once.
 */
export type ProjectActor =
  { readonly role: 'staff' } | { readonly role: 'student'; readonly groupId?: string };

/**
 * Assigns a project to groups, one workspace document per group, and/or to
 * individual students. That the requester teaches the classroom is checked
 * against the roster before this command is issued: it spans two streams.
 */
export type AssignProject = Command<
  'AssignProject',
  {
    projectId: string;
    classroomId: string;
    title: string;
    brief: string;
    workspaces: readonly Workspace[];
    checkpoints?: readonly Checkpoint[];
    rubric?: Rubric;
    individualWorkspaces?: readonly IndividualWorkspace[];
  }
>;

export type UpdateProjectPlan = Command<
  'UpdateProjectPlan',
  {
    projectId: string;
    actor: ProjectActor;
    brief?: string;
    checkpoints?: readonly Checkpoint[];
    rubric?: Rubric;
  }
>;

interface CheckpointTarget {
  projectId: string;
  docId: string;
  checkpointId: string;
  actor: ProjectActor;
}

export type MarkCheckpointReached = Command<'MarkCheckpointReached', CheckpointTarget>;
export type ConfirmCheckpoint = Command<'ConfirmCheckpoint', CheckpointTarget>;
export type ReopenCheckpoint = Command<'ReopenCheckpoint', CheckpointTarget & { note?: string }>;

/** `documentRevision` is the workspace document stream's revision the group is submitting. */
export type SubmitProject = Command<
  'SubmitProject',
  {
    projectId: string;
    docId: string;
    submissionId: string;
    documentRevision: number;
    actor: ProjectActor;
  }
>;

export type GiveFeedback = Command<
  'GiveFeedback',
  {
    projectId: string;
    docId: string;
    submissionId: string;
    feedbackId: string;
    comment: string;
    scores?: readonly RubricScore[];
    perStudent?: readonly StudentFeedback[];
    actor: ProjectActor;
  }
>;

export type ReturnForRevision = Command<
  'ReturnForRevision',
  { projectId: string; docId: string; submissionId: string; note?: string; actor: ProjectActor }
>;

export type RespondToFeedback = Command<
  'RespondToFeedback',
  { projectId: string; docId: string; feedbackId: string; response: string; actor: ProjectActor }
>;

export type LockProject = Command<'LockProject', { projectId: string; actor: ProjectActor }>;
export type UnlockProject = Command<'UnlockProject', { projectId: string; actor: ProjectActor }>;

export type ProjectCommand =
  | AssignProject
  | UpdateProjectPlan
  | MarkCheckpointReached
  | ConfirmCheckpoint
  | ReopenCheckpoint
  | SubmitProject
  | GiveFeedback
  | ReturnForRevision
  | RespondToFeedback
  | LockProject
  | UnlockProject;

/** Written by the student themself (`metadata.by` must be `studentId`). */
export type WriteJournalEntry = Command<
  'WriteJournalEntry',
  { projectId: string; studentId: string; entryId: string; prompt: string; text: string }
>;
/** That the checkpoint exists in the project is checked by the caller: it spans two streams. */
export type SetPersonalGoal = Command<
  'SetPersonalGoal',
  {
    projectId: string;
    studentId: string;
    goalId: string;
    checkpointId: string;
    targetDate: string;
    note?: string;
  }
>;
export type DropPersonalGoal = Command<
  'DropPersonalGoal',
  { projectId: string; studentId: string; goalId: string }
>;

export type LearnerCommand = WriteJournalEntry | SetPersonalGoal | DropPersonalGoal;
