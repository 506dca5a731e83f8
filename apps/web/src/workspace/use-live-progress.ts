import { SOCKET_EVENTS, WorkspaceProgressMessageSchema } from '@commonplace/shared';
import type { WorkspaceProgress } from '@commonplace/shared';
import { useLiveWatch } from '../live/use-live-watch';
import type { LiveWatch } from '../live/use-live-watch';
import { i18n } from '../i18n/i18n';

/** What the HTTP API answered, and when it arrived. */
export interface Fetched<T> {
  data: T;
  at: number;
}

/**
 * A workspace's checkpoints, submissions and feedback, kept live: the HTTP answer (fetched
 * on load and again after this page's own commands) and each message from the workspace's
 * room both update it, and whichever arrived last is shown.
 */
export function useLiveProgress(
  docId: string,
  token: string,
  fetched: Fetched<WorkspaceProgress> | null,
): LiveWatch<WorkspaceProgress> & { progress: WorkspaceProgress | null } {
  const live = useLiveWatch(
    token,
    {
      watchEvent: SOCKET_EVENTS.workspaceWatch,
      payload: { docId },
      messageEvent: SOCKET_EVENTS.workspaceProgress,
      schema: WorkspaceProgressMessageSchema,
      accept: (progress) => progress.docId === docId,
      what: i18n.t('liveWhat', { ns: 'workspace' }),
    },
    `workspace:${docId}`,
  );
  const liveIsNewer =
    live.data !== null &&
    (fetched === null || (live.updatedAt !== null && live.updatedAt.getTime() >= fetched.at));
  return { ...live, progress: liveIsNewer ? live.data : (fetched?.data ?? null) };
}

/** Stamps an answer with its arrival time, for useLiveProgress. */
export async function fetchedNow<T>(request: Promise<T>): Promise<Fetched<T>> {
  const data = await request;
  return { data, at: Date.now() };
}
