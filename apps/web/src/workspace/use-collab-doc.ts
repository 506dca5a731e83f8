import { useEffect, useRef, useState } from 'react';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import { COLLAB_CLOSE, COLLAB_PATH } from '@commonplace/shared';
import { useAuth } from '../auth/auth-context';
import { ApiError } from '../api/api-error';
import { deviceDocName } from '../offline/device-copies';
import { JitteredReconnect } from '../offline/jittered-reconnect';
import type { ReconnectingProvider } from '../offline/jittered-reconnect';
import type { AuthorStyles } from './user-color';
import { guestStyles } from './user-color';
import { i18n } from '../i18n/i18n';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected' | 'closed';

export interface Peer {
  id: string;
  name: string;
  color: string;
  /** The second cue besides colour (a shape), from the same document-wide assignment. */
  mark: string;
  isSelf: boolean;
}

/** The live document and its connection, for the editor to bind to. */
export interface CollabSession {
  ydoc: Y.Doc;
  provider: WebsocketProvider;
}

export interface CollabDoc {
  session: CollabSession | null;
  status: ConnectionStatus;
  /**
   * True once the server's copy has arrived, and it stays true while offline: editing before
   * the first sync would write into an empty doc, but edits made offline are sent on reconnect.
   */
  synced: boolean;
  /** Why the server closed the connection, in words for the person. */
  closeReason: string | null;
  /** The WebSocket close code behind `closeReason`, when the server gave one. */
  closeCode: number | null;
  peers: Peer[];
  /**
   * True once this device's copy is open (IndexedDB): edits made from now on survive a lost
   * connection and a reload. Always false when the document is not kept on the device.
   */
  savedOnDevice: boolean;
  /**
   * True after an attempt to reach the server failed (or the connection dropped), until it
   * connects again. `status` alone cannot say this: it reads 'connecting' between retries.
   */
  unreachable: boolean;
}

export interface CollabUser {
  id: string;
  name: string;
}

export interface CollabOptions {
  /**
   * The server closed the connection because this person's access changed (locked for
   * assessment, unlocked, moved group). The provider reconnects by itself and the server
   * decides the new access at upgrade; the page should fetch its access again to match.
   */
  onAccessChanged?: () => void;
  /**
   * Keep a copy on this device (IndexedDB, under the person's id) so work goes on offline and
   * survives a reload. Only for people who may write: a read-only viewer's copy must come
   * from the server alone, never from edits replayed from a device.
   */
  persist?: boolean;
  /**
   * Everyone's colour and mark in this document (from its member list): peers are drawn with
   * these, never with the colour their own browser announces.
   */
  styles?: AuthorStyles;
}

// Our own close codes are worded by the client, in the reader's language (the reason the
// server sends is the English fallback for codes this build does not know).
const CLOSE_REASON_KEYS = new Map<number, string>(
  Object.entries(COLLAB_CLOSE).map(([name, c]) => [c.code, `close.${name}`]),
);
const CLOSE_REASONS = {
  get(code: number): string | undefined {
    const key = CLOSE_REASON_KEYS.get(code);
    return key ? i18n.t(key, { ns: 'workspace' }) : undefined;
  },
};

// Codes that retrying cannot fix. y-websocket's default gives up on all of 4400-4499, but our
// endpoint also uses that range for passing trouble (a malformed or oversized message, a rate
// limit) whose reasons promise that reconnecting will fix it.
const PERMANENT_CLOSE_CODES = new Set<number>([
  COLLAB_CLOSE.unauthorized.code,
  COLLAB_CLOSE.forbidden.code,
  COLLAB_CLOSE.notFound.code,
]);
const RETRYABLE_CLOSE_CODES = new Set<number>([
  COLLAB_CLOSE.accessChanged.code,
  COLLAB_CLOSE.malformed.code,
  COLLAB_CLOSE.tooLarge.code,
  COLLAB_CLOSE.tooFast.code,
]);

export function isPermanentClose(code: number): boolean {
  if (PERMANENT_CLOSE_CODES.has(code)) return true;
  return code >= 4400 && code < 4500 && !RETRYABLE_CLOSE_CODES.has(code);
}

function collabServerUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${window.location.host}${COLLAB_PATH}`;
}

/** Awareness states come from other browsers: trust nothing about their shape. */
function readPeerUser(state: unknown): { id: string; name: string } | null {
  if (typeof state !== 'object' || state === null || !('user' in state)) return null;
  const user: unknown = state.user;
  if (typeof user !== 'object' || user === null) return null;
  if (
    !('id' in user) ||
    !('name' in user) ||
    typeof user.id !== 'string' ||
    typeof user.name !== 'string'
  ) {
    return null;
  }
  return { id: user.id, name: user.name.slice(0, 100) };
}

function peersOf(provider: WebsocketProvider, selfId: string, styles: AuthorStyles): Peer[] {
  const byId = new Map<string, Peer>();
  for (const state of provider.awareness.getStates().values()) {
    const user = readPeerUser(state);
    // One person in two tabs is still one person here.
    if (user && !byId.has(user.id)) {
      const { color, mark } = styles(user.id);
      byId.set(user.id, { ...user, color, mark, isSelf: user.id === selfId });
    }
  }
  return [...byId.values()].sort((a, b) =>
    a.isSelf !== b.isSelf ? (a.isSelf ? -1 : 1) : a.name.localeCompare(b.name),
  );
}

/** Opens the workspace's Yjs document over the collaboration endpoint for as long as the page shows it. */
export function useCollabDoc(
  docId: string,
  token: string,
  user: CollabUser,
  options: CollabOptions = {},
): CollabDoc {
  const [state, setState] = useState<CollabDoc>({
    session: null,
    status: 'connecting',
    synced: false,
    closeReason: null,
    closeCode: null,
    peers: [],
    savedOnDevice: false,
    unreachable: false,
  });
  const { api } = useAuth();
  const persist = options.persist ?? false;
  const { id: userId, name: userName } = user;
  // Read at close time, so a new callback each render does not reopen the document.
  const onAccessChangedRef = useRef(options.onAccessChanged);
  const stylesRef = useRef(options.styles ?? guestStyles);
  useEffect(() => {
    onAccessChangedRef.current = options.onAccessChanged;
    stylesRef.current = options.styles ?? guestStyles;
  });

  useEffect(() => {
    const ydoc = new Y.Doc();
    const provider = new WebsocketProvider(collabServerUrl(), docId, ydoc, {
      // Each attempt carries a fresh single-use ticket, never the session token: URLs end up
      // in proxy logs, and y-websocket prints the URL when the server refuses it.
      connect: false,
      shouldReconnect: (event) => !isPermanentClose(event.code),
      // Tabs of one browser would otherwise sync with each other directly, bypassing the
      // server's access checks: a read-only tab's state must only ever come from the server.
      disableBc: true,
    });
    let open = true;
    let fetchingTicket = false;
    const connectWithTicket = async (): Promise<void> => {
      if (fetchingTicket) return;
      fetchingTicket = true;
      try {
        const { ticket } = await api.collabTicket();
        if (!open) return;
        provider.params = { ticket };
        provider.connect();
      } catch (error) {
        if (!open) return;
        if (error instanceof ApiError && error.status === 401) {
          // The session is over (the API client signs the person out); retrying cannot help.
          update({
            status: 'closed',
            closeCode: COLLAB_CLOSE.unauthorized.code,
            closeReason: CLOSE_REASONS.get(COLLAB_CLOSE.unauthorized.code) ?? null,
          });
          return;
        }
        // Unreachable: counts as a failed attempt, retried on the jittered schedule.
        provider.shouldConnect = true;
        provider.emit('connection-close', [null, provider]);
      } finally {
        fetchingTicket = false;
      }
    };
    // Our own full-jitter schedule replaces the provider's, which is the same on every laptop;
    // each of its attempts asks for a ticket first.
    const ticketed: ReconnectingProvider = {
      get shouldConnect() {
        return provider.shouldConnect;
      },
      set shouldConnect(value: boolean) {
        provider.shouldConnect = value;
      },
      get ws() {
        return provider.ws;
      },
      connect: () => void connectWithTicket(),
      disconnect: () => provider.disconnect(),
      on: provider.on.bind(provider) as ReconnectingProvider['on'],
      off: provider.off.bind(provider) as ReconnectingProvider['off'],
    };
    const reconnect = new JitteredReconnect(ticketed, isPermanentClose);
    const onDevice = persist ? new IndexeddbPersistence(deviceDocName(userId, docId), ydoc) : null;
    const update = (patch: Partial<CollabDoc>) => setState((prev) => ({ ...prev, ...patch }));
    update({
      session: { ydoc, provider },
      status: 'connecting',
      synced: false,
      closeReason: null,
      closeCode: null,
      peers: [],
      savedOnDevice: false,
      unreachable: false,
    });
    void onDevice?.whenSynced.then(() => {
      if (open) update({ savedOnDevice: true });
    });

    provider.awareness.setLocalStateField('user', {
      id: userId,
      name: userName,
      color: stylesRef.current(userId).color,
    });

    provider.on('status', ({ status }) => {
      if (status === 'connected')
        update({ status, closeReason: null, closeCode: null, unreachable: false });
      else update({ status });
    });
    provider.on('sync', (isSynced) => {
      if (isSynced) update({ synced: true });
    });
    provider.on('connection-error', () => update({ unreachable: true }));
    provider.on('connection-close', (event) => {
      update({ unreachable: true });
      if (!event || event.code === 1000) return;
      if (event.code === COLLAB_CLOSE.accessChanged.code) onAccessChangedRef.current?.();
      const reason = CLOSE_REASONS.get(event.code) ?? (event.reason || null);
      if (reason) update({ closeReason: reason, closeCode: event.code });
    });
    provider.on('closed', ({ code, reason }) => {
      update({
        status: 'closed',
        closeCode: code,
        closeReason:
          CLOSE_REASONS.get(code) ?? (reason || i18n.t('close.other', { ns: 'workspace' })),
      });
    });
    const onAwareness = () => update({ peers: peersOf(provider, userId, stylesRef.current) });
    provider.awareness.on('change', onAwareness);
    onAwareness();
    void connectWithTicket();

    return () => {
      open = false;
      provider.awareness.off('change', onAwareness);
      reconnect.stop();
      provider.destroy();
      // Closes the database; the copy stays on the device for the next visit.
      void onDevice?.destroy();
      ydoc.destroy();
    };
    // A new token (signing in again) starts over; the tickets themselves come from `api`.
  }, [api, docId, token, userId, userName, persist]);

  return state;
}
