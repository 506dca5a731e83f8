import { useEffect, useRef, useState } from 'react';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import {
  SOCKET_EVENTS,
  SessionEndedSchema,
  SocketAckSchema,
  WatchEndedSchema,
} from '@commonplace/shared';
import { translatedMessage } from '../api/api-error';
import { i18n } from '../i18n/i18n';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'refused';

export interface LiveWatch<T> {
  /** The newest message, or null until the first one arrives. */
  data: T | null;
  status: LiveStatus;
  /** Why live updates stopped or were refused, in words for the person. */
  problem: string | null;
  updatedAt: Date | null;
}

/** The part of a zod schema the hook needs. */
interface MessageSchema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false };
}

export interface WatchSpec<T> {
  /** client → server event that joins the room, e.g. SOCKET_EVENTS.boardWatch. */
  watchEvent: string;
  payload: Record<string, string>;
  /** server → client event carrying the state, e.g. SOCKET_EVENTS.boardSnapshot. */
  messageEvent: string;
  schema: MessageSchema<T>;
  /** Only messages for what this page watches (one socket may be in several rooms). */
  accept: (message: T) => boolean;
  /** What the thing is called in messages to the person: "the live board". */
  what: string;
  /** Further server → client events of the same room, on the same connection; each handler validates its own. */
  also?: Readonly<Record<string, (raw: unknown) => void>>;
}

const ACK_TIMEOUT_MS = 10_000;

/**
 * Watches one room over socket.io and keeps its newest state. Every message is checked
 * with the shared schema; rooms do not survive a reconnect, so it watches again on each.
 */
export function useLiveWatch<T>(token: string, spec: WatchSpec<T>, key: string): LiveWatch<T> {
  const [live, setLive] = useState<LiveWatch<T>>({
    data: null,
    status: 'connecting',
    problem: null,
    updatedAt: null,
  });
  // The spec is rebuilt each render; the connection follows only `key` and the token.
  const specRef = useRef(spec);
  useEffect(() => {
    specRef.current = spec;
  });

  useEffect(() => {
    const { watchEvent, payload, messageEvent, what } = specRef.current;
    const socket: Socket = io({ auth: { token } });
    const update = (patch: Partial<LiveWatch<T>>) => setLive((prev) => ({ ...prev, ...patch }));
    setLive({ data: null, status: 'connecting', problem: null, updatedAt: null });

    const watch = () => {
      socket.timeout(ACK_TIMEOUT_MS).emit(watchEvent, payload, (err: unknown, raw: unknown) => {
        if (err) {
          update({
            problem: i18n.t('errors.liveNotAnswering', { ns: 'common', what }),
          });
          return;
        }
        const ack = SocketAckSchema.safeParse(raw);
        if (!ack.success)
          update({
            problem: i18n.t('errors.liveUnreadable', { ns: 'common', what }),
          });
        else if (!ack.data.ok)
          update({
            status: 'refused',
            problem: translatedMessage(ack.data.code, ack.data.message),
          });
        else update({ status: 'live', problem: null });
      });
    };

    // Set when the server said why it ends this connection: reconnecting would only be refused.
    let ended = false;
    socket.on(SOCKET_EVENTS.sessionEnded, (raw: unknown) => {
      const message = SessionEndedSchema.safeParse(raw);
      ended = true;
      update({
        status: 'refused',
        problem: message.success
          ? translatedMessage('auth.unauthenticated', message.data.message)
          : i18n.t('errors.liveRefused', { ns: 'common' }),
      });
    });
    socket.on(SOCKET_EVENTS.watchEnded, (raw: unknown) => {
      const message = WatchEndedSchema.safeParse(raw);
      // One socket may be in several rooms: only the end of this page's watch concerns it.
      if (!message.success || !Object.values(payload).includes(message.data.id)) return;
      update({
        status: 'refused',
        problem: translatedMessage(message.data.code, message.data.message),
      });
    });

    socket.on('connect', watch);
    socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect' || ended) return;
      update({ status: 'reconnecting' });
      // The server ended this connection on purpose (e.g. signed out elsewhere); socket.io will not retry alone.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', (error) => {
      if (socket.active) {
        update({
          status: 'reconnecting',
          problem: i18n.t('errors.liveConnecting', { ns: 'common' }),
        });
      } else {
        // The handshake was refused by the server (e.g. an expired session): retrying will not help.
        update({
          status: 'refused',
          problem: error.message || i18n.t('errors.liveRefused', { ns: 'common' }),
        });
      }
    });
    for (const event of Object.keys(specRef.current.also ?? {})) {
      socket.on(event, (raw: unknown) => specRef.current.also?.[event]?.(raw));
    }
    socket.on(messageEvent, (raw: unknown) => {
      const message = specRef.current.schema.safeParse(raw);
      if (message.success && specRef.current.accept(message.data)) {
        update({ data: message.data, updatedAt: new Date() });
      }
    });

    return () => {
      socket.off();
      socket.disconnect();
    };
  }, [key, token]);

  return live;
}
