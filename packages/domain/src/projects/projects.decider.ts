import type { CommandMetadata, Decider } from '../common/decider.js';
import { DomainError } from '../common/domain-error.js';
import type { ProjectActor, ProjectCommand } from './commands.js';
import type { Checkpoint, IndividualWorkspace, ProjectEvent, Rubric, Workspace } from './events.js';
import { requireValidCheckpoints, requireValidRubric, requireValidScores } from './plan.rules.js';

export type CheckpointStatus = 'reached' | 'confirmed';

/**
 * Where one workspace's work stands. `working` until the first submission;
 * `submitted` while the teacher has it; `assessed` once feedback is given and
 * it was not returned; `returned` when the teacher asked for revision.
 */
export interface WorkspaceProgress {
  readonly checkpoints: ReadonlyMap<string, CheckpointStatus>;
  readonly status: 'working' | 'submitted' | 'assessed' | 'returned';
  readonly latestSubmission?: { readonly submissionId: string; readonly documentRevision: number };
  readonly submissionIds: ReadonlySet<string>;
  readonly feedbackIds: ReadonlySet<string>;
}

export type ProjectState =
  | { readonly status: 'absent' }
  | {
      readonly status: 'assigned';
      readonly classroomId: string;
      readonly workspaces: readonly Workspace[];
      readonly individualWorkspaces: readonly IndividualWorkspace[];
      readonly checkpoints: readonly Checkpoint[];
      readonly rubric?: Rubric;
      readonly locked: boolean;
      /** By workspace document id. */
      readonly progress: ReadonlyMap<string, WorkspaceProgress>;
    };

type Assigned = Extract<ProjectState, { status: 'assigned' }>;

const freshProgress: WorkspaceProgress = {
  checkpoints: new Map(),
  status: 'working',
  submissionIds: new Set(),
  feedbackIds: new Set(),
};

function requireProject(state: ProjectState): Assigned {
  if (state.status === 'absent') {
    throw new DomainError('projects.project-not-found', 'This project does not exist.');
  }
  return state;
}

function requireStaff(actor: ProjectActor): void {
  if (actor.role !== 'staff') {
    throw new DomainError(
      'projects.not-staff',
      'Only the classroom’s teachers can do that. Ask your teacher to check it.',
    );
  }
}

function requireUnlocked(project: Assigned): void {
  if (project.locked) {
    throw new DomainError(
      'projects.locked',
      'This project is locked for assessment. Your teacher will unlock it if there is more to do.',
    );
  }
}

function requireWorkspace(project: Assigned, docId: string): WorkspaceProgress {
  const progress = project.progress.get(docId);
  if (!progress) {
    throw new DomainError('projects.workspace-not-found', 'This project has no such workspace.');
  }
  return progress;
}

/** The student is in the workspace's group now, or it is their own individual workspace. */
function requireMember(
  project: Assigned,
  docId: string,
  actor: ProjectActor,
  metadata: CommandMetadata,
): WorkspaceProgress {
  const progress = requireWorkspace(project, docId);
  const member =
    actor.role === 'student' &&
    (project.workspaces.some((w) => w.docId === docId && w.groupId === actor.groupId) ||
      project.individualWorkspaces.some((w) => w.docId === docId && w.studentId === metadata.by));
  if (!member) {
    throw new DomainError(
      'projects.not-a-member',
      'Only the students working in this workspace can do that.',
    );
  }
  return progress;
}

function requireCheckpoint(project: Assigned, checkpointId: string): Checkpoint {
  const checkpoint = project.checkpoints.find((c) => c.checkpointId === checkpointId);
  if (!checkpoint) {
    throw new DomainError(
      'projects.checkpoint-not-found',
      'This project has no such checkpoint. Reload the project to see its current plan.',
    );
  }
  return checkpoint;
}

function requireCurrentSubmission(progress: WorkspaceProgress, submissionId: string): void {
  if (!progress.submissionIds.has(submissionId)) {
    throw new DomainError('projects.submission-not-found', 'There is no such submission.');
  }
  if (progress.latestSubmission?.submissionId !== submissionId) {
    throw new DomainError(
      'projects.submission-superseded',
      'The group has submitted a newer version since. Open the latest submission instead.',
    );
  }
}

function withProgress(
  project: Assigned,
  docId: string,
  change: (progress: WorkspaceProgress) => WorkspaceProgress,
): Assigned {
  const progress = project.progress.get(docId);
  if (!progress) return project;
  const next = new Map(project.progress);
  next.set(docId, change(progress));
  return { ...project, progress: next };
}

function withCheckpoint(
  progress: WorkspaceProgress,
  checkpointId: string,
  status: CheckpointStatus | undefined,
): WorkspaceProgress {
  const checkpoints = new Map(progress.checkpoints);
  if (status) checkpoints.set(checkpointId, status);
  else checkpoints.delete(checkpointId);
  return { ...progress, checkpoints };
}

export const projectsDecider: Decider<ProjectCommand, ProjectEvent, ProjectState> = {
  initialState: { status: 'absent' },

  decide(command, state) {
    const { metadata } = command;
    const { at, by } = metadata;
    if (command.type === 'AssignProject') {
      if (state.status !== 'absent') {
        throw new DomainError('projects.project-exists', 'This project has already been assigned.');
      }
      const { checkpoints, rubric, individualWorkspaces } = command.data;
      if (command.data.workspaces.length === 0 && (individualWorkspaces ?? []).length === 0) {
        throw new DomainError(
          'projects.no-workspaces',
          'Create at least one group, or choose students, before assigning a project.',
        );
      }
      if (checkpoints) requireValidCheckpoints(checkpoints);
      if (rubric) requireValidRubric(rubric);
      return [{ type: 'ProjectAssigned', data: { ...command.data, assignedBy: by } }];
    }

    const project = requireProject(state);
    const { projectId } = command.data;
    switch (command.type) {
      case 'UpdateProjectPlan': {
        const { actor, brief, checkpoints, rubric } = command.data;
        requireStaff(actor);
        if (checkpoints) requireValidCheckpoints(checkpoints);
        if (rubric) requireValidRubric(rubric);
        if (brief === undefined && checkpoints === undefined && rubric === undefined) return [];
        return [
          {
            type: 'ProjectPlanUpdated',
            data: {
              projectId,
              ...(brief !== undefined ? { brief } : {}),
              ...(checkpoints !== undefined ? { checkpoints } : {}),
              ...(rubric !== undefined ? { rubric } : {}),
              updatedBy: by,
            },
          },
        ];
      }
      case 'MarkCheckpointReached': {
        const { docId, checkpointId, actor } = command.data;
        const progress = requireMember(project, docId, actor, metadata);
        requireCheckpoint(project, checkpointId);
        requireUnlocked(project);
        if (progress.checkpoints.has(checkpointId)) return [];
        return [
          {
            type: 'CheckpointReached',
            data: { projectId, docId, checkpointId, reachedBy: by, reachedAt: at },
          },
        ];
      }
      case 'ConfirmCheckpoint': {
        const { docId, checkpointId, actor } = command.data;
        // A student never confirms a checkpoint, their own least of all.
        requireStaff(actor);
        const progress = requireWorkspace(project, docId);
        requireCheckpoint(project, checkpointId);
        const status = progress.checkpoints.get(checkpointId);
        if (status === 'confirmed') return [];
        if (status === undefined) {
          throw new DomainError(
            'projects.checkpoint-not-reached',
            'The group has not marked this checkpoint reached yet, so there is nothing to confirm.',
          );
        }
        return [
          {
            type: 'CheckpointConfirmed',
            data: { projectId, docId, checkpointId, confirmedBy: by, confirmedAt: at },
          },
        ];
      }
      case 'ReopenCheckpoint': {
        const { docId, checkpointId, actor, note } = command.data;
        requireStaff(actor);
        const progress = requireWorkspace(project, docId);
        requireCheckpoint(project, checkpointId);
        if (!progress.checkpoints.has(checkpointId)) {
          throw new DomainError(
            'projects.checkpoint-not-reached',
            'This checkpoint is still open; there is nothing to reopen.',
          );
        }
        return [
          {
            type: 'CheckpointReopened',
            data: {
              projectId,
              docId,
              checkpointId,
              reopenedBy: by,
              reopenedAt: at,
              ...(note !== undefined ? { note } : {}),
            },
          },
        ];
      }
      case 'SubmitProject': {
        const { docId, submissionId, documentRevision, actor } = command.data;
        const progress = requireMember(project, docId, actor, metadata);
        requireUnlocked(project);
        if (progress.status === 'submitted' || progress.status === 'assessed') {
          throw new DomainError(
            'projects.already-submitted',
            'Your work is with your teacher. You can submit again if they return it for revision.',
          );
        }
        const previous = progress.latestSubmission?.documentRevision;
        if (previous !== undefined && documentRevision < previous) {
          throw new DomainError(
            'projects.stale-revision',
            'This is an older version than the one already submitted. Reload the document and submit again.',
          );
        }
        return [
          {
            type: 'ProjectSubmitted',
            data: {
              projectId,
              docId,
              submissionId,
              documentRevision,
              submittedBy: by,
              submittedAt: at,
            },
          },
        ];
      }
      case 'GiveFeedback': {
        const { docId, submissionId, feedbackId, comment, actor } = command.data;
        const scores = command.data.scores ?? [];
        const perStudent = command.data.perStudent ?? [];
        requireStaff(actor);
        const progress = requireWorkspace(project, docId);
        requireCurrentSubmission(progress, submissionId);
        requireValidScores(project.rubric, scores);
        for (const student of perStudent) requireValidScores(project.rubric, student.scores ?? []);
        return [
          {
            type: 'FeedbackGiven',
            data: {
              projectId,
              docId,
              submissionId,
              feedbackId,
              comment,
              scores,
              perStudent,
              givenBy: by,
              givenAt: at,
            },
          },
        ];
      }
      case 'ReturnForRevision': {
        const { docId, submissionId, note, actor } = command.data;
        requireStaff(actor);
        const progress = requireWorkspace(project, docId);
        requireCurrentSubmission(progress, submissionId);
        if (progress.status === 'returned') {
          throw new DomainError(
            'projects.already-returned',
            'This submission is already back with the group for revision.',
          );
        }
        return [
          {
            type: 'SubmissionReturned',
            data: {
              projectId,
              docId,
              submissionId,
              returnedBy: by,
              returnedAt: at,
              ...(note !== undefined ? { note } : {}),
            },
          },
        ];
      }
      case 'RespondToFeedback': {
        const { docId, feedbackId, response, actor } = command.data;
        const progress = requireMember(project, docId, actor, metadata);
        if (!progress.feedbackIds.has(feedbackId)) {
          throw new DomainError(
            'projects.feedback-not-found',
            'There is no such feedback on this workspace.',
          );
        }
        return [
          {
            type: 'FeedbackResponded',
            data: { projectId, docId, feedbackId, response, respondedBy: by, respondedAt: at },
          },
        ];
      }
      case 'LockProject':
        requireStaff(command.data.actor);
        if (project.locked) return [];
        return [{ type: 'ProjectLocked', data: { projectId, lockedBy: by, lockedAt: at } }];
      case 'UnlockProject':
        requireStaff(command.data.actor);
        if (!project.locked) return [];
        return [{ type: 'ProjectUnlocked', data: { projectId, unlockedBy: by, unlockedAt: at } }];
    }
  },

  evolve(state, event) {
    if (event.type === 'ProjectAssigned') {
      const { workspaces, individualWorkspaces = [], checkpoints = [], rubric } = event.data;
      return {
        status: 'assigned',
        classroomId: event.data.classroomId,
        workspaces,
        individualWorkspaces,
        checkpoints,
        ...(rubric ? { rubric } : {}),
        locked: false,
        progress: new Map(
          [...workspaces, ...individualWorkspaces].map((w) => [w.docId, freshProgress]),
        ),
      };
    }
    if (state.status === 'absent') return state;
    switch (event.type) {
      case 'ProjectPlanUpdated': {
        const { checkpoints, rubric } = event.data;
        return {
          ...state,
          ...(checkpoints !== undefined ? { checkpoints } : {}),
          ...(rubric !== undefined ? { rubric } : {}),
        };
      }
      case 'CheckpointReached':
        return withProgress(state, event.data.docId, (p) =>
          withCheckpoint(p, event.data.checkpointId, 'reached'),
        );
      case 'CheckpointConfirmed':
        return withProgress(state, event.data.docId, (p) =>
          withCheckpoint(p, event.data.checkpointId, 'confirmed'),
        );
      case 'CheckpointReopened':
        return withProgress(state, event.data.docId, (p) =>
          withCheckpoint(p, event.data.checkpointId, undefined),
        );
      case 'ProjectSubmitted': {
        const { submissionId, documentRevision } = event.data;
        return withProgress(state, event.data.docId, (p) => ({
          ...p,
          status: 'submitted',
          latestSubmission: { submissionId, documentRevision },
          submissionIds: new Set([...p.submissionIds, submissionId]),
        }));
      }
      case 'FeedbackGiven':
        return withProgress(state, event.data.docId, (p) => ({
          ...p,
          status: p.status === 'returned' ? 'returned' : 'assessed',
          feedbackIds: new Set([...p.feedbackIds, event.data.feedbackId]),
        }));
      case 'SubmissionReturned':
        return withProgress(state, event.data.docId, (p) => ({ ...p, status: 'returned' }));
      case 'FeedbackResponded':
        return state;
      case 'ProjectLocked':
        return { ...state, locked: true };
      case 'ProjectUnlocked':
        return { ...state, locked: false };
    }
  },
};
