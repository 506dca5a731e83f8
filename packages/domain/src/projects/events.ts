import type { DomainEvent } from '../common/decider.js';

export interface Workspace {
  readonly groupId: string;
  /** The group's Yjs document. */
  readonly docId: string;
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
  }
>;

export type ProjectEvent = ProjectAssigned;
