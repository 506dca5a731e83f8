import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { WorkspaceView } from '@commonplace/shared';
import { ApiError } from '../api/api-error';
import { clearDeviceCopies } from './device-copies';
import { workspaceWithDeviceCopy } from './workspace-offline';

/** The browser's localStorage, in memory (the unit tests run in Node). */
class MemoryStorage {
  private items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

const view: WorkspaceView = {
  docId: 'doc-1',
  projectId: 'project-1',
  projectTitle: 'How healthy is our river?',
  brief: 'Measure it.',
  classroomId: 'classroom-1',
  groupName: 'Otters',
  members: [],
  access: 'read-write',
  locked: false,
};
const offline = () => Promise.reject(new ApiError(0, 'network', 'Could not reach Commonplace.'));

describe('the workspace page data kept on the device', () => {
  beforeEach(() => {
    Object.defineProperty(globalThis, 'localStorage', {
      value: new MemoryStorage(),
      configurable: true,
    });
  });
  afterEach(() => {
    Reflect.deleteProperty(globalThis, 'localStorage');
  });

  it('answers from the device only when the network is down, and only for the same person', async () => {
    await expect(
      workspaceWithDeviceCopy('ana', 'doc-1', () => Promise.resolve(view)),
    ).resolves.toEqual(view);
    await expect(workspaceWithDeviceCopy('ana', 'doc-1', offline)).resolves.toEqual(view);
    // Ben on the same Chromebook never opens Ana's copy.
    await expect(workspaceWithDeviceCopy('ben', 'doc-1', offline)).rejects.toThrow(
      'Could not reach Commonplace.',
    );
  });

  it('never papers over a refusal from the server', async () => {
    await workspaceWithDeviceCopy('ana', 'doc-1', () => Promise.resolve(view));
    const forbidden = () => Promise.reject(new ApiError(403, 'forbidden', 'Not your group.'));
    await expect(workspaceWithDeviceCopy('ana', 'doc-1', forbidden)).rejects.toThrow(
      'Not your group.',
    );
  });

  it('forgets the copy once the document is read-only, and on sign-out', async () => {
    await workspaceWithDeviceCopy('ana', 'doc-1', () => Promise.resolve(view));
    const locked = { ...view, access: 'read-only' as const, locked: true };
    await workspaceWithDeviceCopy('ana', 'doc-1', () => Promise.resolve(locked));
    await expect(workspaceWithDeviceCopy('ana', 'doc-1', offline)).rejects.toThrow();

    await workspaceWithDeviceCopy('ana', 'doc-1', () => Promise.resolve(view));
    await workspaceWithDeviceCopy('ben', 'doc-1', () => Promise.resolve(view));
    await clearDeviceCopies('ana');
    await expect(workspaceWithDeviceCopy('ana', 'doc-1', offline)).rejects.toThrow();
    await expect(workspaceWithDeviceCopy('ben', 'doc-1', offline)).resolves.toEqual(view);
  });
});
