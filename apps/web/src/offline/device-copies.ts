import type { WorkspaceView } from '@commonplace/shared';
import { WorkspaceViewSchema } from '@commonplace/shared';

/**
 * What this device keeps for offline work, always under the signed-in person's id: two
 * students sharing a Chromebook never open each other's copies, and signing out removes them.
 */
const PREFIX = 'commonplace-offline';

function scope(userId: string): string {
  return `${PREFIX}:${encodeURIComponent(userId)}:`;
}

/** The IndexedDB database name holding one person's copy of one document. */
export function deviceDocName(userId: string, docId: string): string {
  return `${scope(userId)}doc:${encodeURIComponent(docId)}`;
}

function workspaceKey(userId: string, docId: string): string {
  return `${scope(userId)}workspace:${encodeURIComponent(docId)}`;
}

/** Keeps the workspace's page data so the page can open on a train, without the API. */
export function rememberWorkspace(userId: string, view: WorkspaceView): void {
  try {
    localStorage.setItem(workspaceKey(userId, view.docId), JSON.stringify(view));
  } catch {
    // Storage can be full or disabled by policy; the page then needs the network, as before.
  }
}

/** Forgets the page data, e.g. once the person may only read the document. */
export function forgetWorkspace(userId: string, docId: string): void {
  try {
    localStorage.removeItem(workspaceKey(userId, docId));
  } catch {
    // Nothing was stored if storage is disabled.
  }
}

export function rememberedWorkspace(userId: string, docId: string): WorkspaceView | null {
  try {
    const raw = localStorage.getItem(workspaceKey(userId, docId));
    if (!raw) return null;
    const parsed = WorkspaceViewSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Removes everything this device keeps for the person: documents and page data. */
export async function clearDeviceCopies(userId: string): Promise<void> {
  const prefix = scope(userId);
  try {
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const key = localStorage.key(i);
      if (key?.startsWith(prefix)) localStorage.removeItem(key);
    }
  } catch {
    // Nothing was stored if storage is disabled.
  }
  // databases() is missing in browsers older than about 2024 (Firefox before 126); there the
  // copies stay, still under the person's id, so nobody else can open them.
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return;
  const databases = await indexedDB.databases();
  await Promise.all(
    databases
      .map((db) => db.name)
      .filter((name): name is string => typeof name === 'string' && name.startsWith(prefix))
      .map(
        (name) =>
          new Promise<void>((resolve) => {
            const request = indexedDB.deleteDatabase(name);
            // A tab still holding the database blocks the delete until it closes; the
            // delete then completes by itself, so nothing waits on it here.
            request.onsuccess = request.onerror = request.onblocked = () => resolve();
          }),
      ),
  );
}
