import { Inject, Injectable } from '@nestjs/common';
import type { ProjectAssigned } from '@commonplace/domain';
import { streams } from '@commonplace/domain';
import type { EventStore } from '../event-store/event-store.port.js';
import { EVENT_STORE } from '../store/store.tokens.js';
import { ClassroomQueries } from '../roster/classroom.queries.js';

export interface ProjectLockState {
  readonly locked: boolean;
  /** The project's workspace documents, group and individual. */
  readonly docIds: readonly string[];
}

/** Projects whose lock state is remembered; a forgotten one costs one read of its stream. */
const MAX_REMEMBERED_PROJECTS = 10_000;

/**
 * Whether a workspace document's project is locked for assessment, read from
 * the project's own stream (human-paced, a few hundred events at most) and
 * remembered until a lock change makes the document access watcher forget it.
 */
@Injectable()
export class ProjectLockReader {
  private readonly projects = new Map<string, Promise<ProjectLockState>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly classrooms: ClassroomQueries,
  ) {}

  async isDocLocked(docId: string): Promise<boolean> {
    const projectId = await this.classrooms.projectOfWorkspace(docId);
    if (projectId === undefined) return false;
    return (await this.stateOf(projectId)).locked;
  }

  stateOf(projectId: string): Promise<ProjectLockState> {
    let state = this.projects.get(projectId);
    if (state === undefined) {
      if (this.projects.size >= MAX_REMEMBERED_PROJECTS) {
        const oldest = this.projects.keys().next();
        if (oldest.done !== true) this.projects.delete(oldest.value);
      }
      const reading = this.readState(projectId);
      this.projects.set(projectId, reading);
      // A failed read is forgotten, so the next connection asks again.
      reading.catch(() => {
        if (this.projects.get(projectId) === reading) this.projects.delete(projectId);
      });
      state = reading;
    }
    return state;
  }

  /** The next question about the project reads its stream again. */
  forget(projectId: string): void {
    this.projects.delete(projectId);
  }

  private async readState(projectId: string): Promise<ProjectLockState> {
    let locked = false;
    const docIds: string[] = [];
    for (const event of await this.store.readStream(streams.project(projectId))) {
      if (event.type === 'ProjectAssigned') {
        const data = event.data as ProjectAssigned['data'];
        docIds.push(...data.workspaces.map((workspace) => workspace.docId));
        docIds.push(...(data.individualWorkspaces ?? []).map((workspace) => workspace.docId));
      } else if (event.type === 'ProjectLocked') {
        locked = true;
      } else if (event.type === 'ProjectUnlocked') {
        locked = false;
      }
    }
    return { locked, docIds };
  }
}
