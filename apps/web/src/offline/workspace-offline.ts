import type { WorkspaceView } from '@commonplace/shared';
import { ApiError } from '../api/api-error';
import { forgetWorkspace, rememberedWorkspace, rememberWorkspace } from './device-copies';

/**
 * Loads the workspace's page data from the API and keeps it on the device; when the network
 * is down (and only then) it answers from the device's copy, so the page and its document
 * open on a train. A refusal from the server (403, 404) is never papered over.
 */
export async function workspaceWithDeviceCopy(
  userId: string,
  docId: string,
  load: () => Promise<WorkspaceView>,
): Promise<WorkspaceView> {
  try {
    const view = await load();
    // A read-only view is not kept (nothing is written on the device for it), and a copy from
    // before the project was locked must not reopen it for writing offline.
    if (view.access === 'read-write') rememberWorkspace(userId, view);
    else forgetWorkspace(userId, view.docId);
    return view;
  } catch (error) {
    const copy =
      error instanceof ApiError && error.code === 'network'
        ? rememberedWorkspace(userId, docId)
        : null;
    if (copy) return copy;
    throw error;
  }
}
