import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { io } from 'socket.io-client';
import type { NotificationList, NotificationView } from '@commonplace/shared';
import { NotificationMessageSchema, SOCKET_EVENTS } from '@commonplace/shared';
import { messageOf } from '../api/api-error';
import type { ApiClient } from '../api/api-client';
import { ErrorMessage, LiveStatus } from '../ui/feedback';
import { formatDateTime } from '../ui/format';

/** The sentence a notification reads as, in the reader's language. */
export function useNotificationText(): (n: NotificationView) => string {
  const { t } = useTranslation('notifications');
  return (n) => t(`kind.${n.kind}`, { name: n.actorName || t('someone') });
}

/**
 * The bell in the header of every signed-in page: how many are unread, the list with a
 * link to each thing, "mark all read". New ones arrive over the person's own socket room
 * and are announced politely; following a link marks that one read.
 */
export function NotificationBell({ api, token }: { api: ApiClient; token: string }) {
  const { t } = useTranslation('notifications');
  const textOf = useNotificationText();
  const [list, setList] = useState<NotificationList | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const detailsRef = useRef<HTMLDetailsElement>(null);
  const textRef = useRef(textOf);
  useEffect(() => {
    textRef.current = textOf;
  });

  const load = useCallback(
    (request: Promise<NotificationList>) =>
      request.then(
        (fresh) => {
          setList(fresh);
          setProblem(null);
        },
        (error: unknown) => setProblem(messageOf(error)),
      ),
    [],
  );

  useEffect(() => {
    void load(api.myNotifications());
    const socket = io({ auth: { token } });
    socket.on(SOCKET_EVENTS.notification, (raw: unknown) => {
      const message = NotificationMessageSchema.safeParse(raw);
      if (!message.success) return;
      const fresh = message.data;
      setList((prev) => {
        const items = [fresh, ...(prev?.items ?? []).filter((n) => n.id !== fresh.id)];
        const known = prev?.items.some((n) => n.id === fresh.id) ?? false;
        return { items, unread: (prev?.unread ?? 0) + (known ? 0 : 1) };
      });
      setAnnouncement(t('announce', { text: textRef.current(fresh) }));
    });
    // Missed while disconnected: read the list again on each reconnection.
    socket.io.on('reconnect', () => void load(api.myNotifications()));
    return () => {
      socket.off();
      socket.io.off();
      socket.disconnect();
    };
  }, [api, token, load, t]);

  const unread = list?.unread ?? 0;
  const markRead = (body: { ids: string[] } | { all: true }) =>
    load(api.markNotificationsRead({ body }));

  return (
    <div className="notification-bell">
      <details ref={detailsRef}>
        <summary>
          {t('summary')}{' '}
          {unread > 0 ? (
            <span className="notification-count">{t('unread', { count: unread })}</span>
          ) : null}
        </summary>
        <div className="notification-body stack-sm">
          <ErrorMessage>{problem}</ErrorMessage>
          {list && list.items.length === 0 ? <p className="hint">{t('none')}</p> : null}
          {list && list.items.length > 0 ? (
            <>
              <ul className="notification-list" aria-label={t('listLabel')}>
                {list.items.map((n) => (
                  <li
                    key={n.id}
                    className={n.read ? 'notification' : 'notification notification-unread'}
                  >
                    <Link
                      to={n.link}
                      onClick={() => {
                        if (detailsRef.current) detailsRef.current.open = false;
                        if (!n.read) void markRead({ ids: [n.id] });
                      }}
                    >
                      {textOf(n)}
                    </Link>
                    <span className="muted">
                      {n.read ? null : <strong>{t('unreadMark')} </strong>}
                      {formatDateTime(n.createdAt)}
                    </span>
                  </li>
                ))}
              </ul>
              <button
                type="button"
                disabled={unread === 0}
                onClick={() => void markRead({ all: true })}
              >
                {t('markAllRead')}
              </button>
            </>
          ) : null}
        </div>
      </details>
      {/* Outside the disclosure: the content of a closed <details> is not announced. */}
      <LiveStatus className="visually-hidden">{announcement}</LiveStatus>
    </div>
  );
}
