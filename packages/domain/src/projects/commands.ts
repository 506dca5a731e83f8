import type { Command } from '../common/decider.js';
import type { Workspace } from './events.js';

/**
 * Assigns a project to groups, one workspace document per group. That the
 * requester teaches the classroom is checked against the roster before this
 * command is issued: it spans two streams.
 */
export type AssignProject = Command<
  'AssignProject',
  {
    projectId: string;
    classroomId: string;
    title: string;
    brief: string;
    workspaces: readonly Workspace[];
  }
>;

export type ProjectCommand = AssignProject;
