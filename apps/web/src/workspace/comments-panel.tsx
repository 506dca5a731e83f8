import { useTranslation } from 'react-i18next';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { Editor } from '@tiptap/react';
import { useEditorState } from '@tiptap/react';
import type { CommentThread } from '@commonplace/shared';
import { ApiError, messageOf } from '../api/api-error';
import { useSession } from '../auth/auth-context';
import { ErrorMessage, LiveStatus } from '../ui/feedback';
import { formatDateTime } from '../ui/format';
import type { HighlightSource } from './comment-highlights';
import { rangeOf, redrawHighlights, selectedPassage } from './comment-highlights';

/** Others' new comments appear within this long while the page is open. */
const REFRESH_MS = 4_000;

/**
 * Comments on passages of the document: select text, comment; reply; resolve and reopen.
 * Open threads' passages are highlighted in the editor where they are now, however the text
 * around them changed. The server decides who may see them (the classroom's teachers, the
 * group, a tutor reading the workspace); this panel shows only where the page is open to them.
 */
export function CommentsPanel({
  editor,
  docId,
  highlights,
}: {
  editor: Editor;
  docId: string;
  highlights: { current: HighlightSource };
}) {
  const { api } = useSession();
  const { t } = useTranslation('workspace');
  const [threads, setThreads] = useState<CommentThread[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [draft, setDraft] = useState<{ anchor: CommentThread['anchor']; quote: string } | null>(
    null,
  );
  const [active, setActive] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** Someone who reads the document without taking part in its comments (a school admin). */
  const [closed, setClosed] = useState(false);
  // Drawn again when the editor's selection moves, and when the browser's does (a read-only
  // document keeps no selection of its own).
  useEditorState({ editor, selector: ({ editor: current }) => current.state.selection });
  const [, setSelectionMoves] = useState(0);
  useEffect(() => {
    const moved = () => setSelectionMoves((moves) => moves + 1);
    document.addEventListener('selectionchange', moved);
    return () => document.removeEventListener('selectionchange', moved);
  }, []);
  const selection = selectedPassage(editor)?.quote ?? null;

  const load = useCallback(async () => {
    try {
      const list = await api.documentComments({ params: { docId } });
      setThreads(list.threads);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'workspace.not-found') setClosed(true);
      else setError(messageOf(err));
    }
  }, [api, docId]);

  useEffect(() => {
    if (closed) return undefined;
    void load();
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void load();
    }, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [load, closed]);

  // The editor highlights the open threads' passages, the one being read more strongly.
  useEffect(() => {
    highlights.current = {
      threads: (threads ?? []).filter((thread) => !thread.resolved),
      active,
    };
    redrawHighlights(editor);
  }, [threads, active, editor, highlights]);

  async function send(run: () => Promise<CommentThread>, success: string): Promise<boolean> {
    if (busy) return false;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const thread = await run();
      setThreads((current) => {
        const list = current ?? [];
        return list.some((t) => t.threadId === thread.threadId)
          ? list.map((t) => (t.threadId === thread.threadId ? thread : t))
          : [...list, thread];
      });
      setDone(success);
      return true;
    } catch (err) {
      setError(messageOf(err));
      return false;
    } finally {
      setBusy(false);
    }
  }

  function showPassage(thread: CommentThread) {
    setActive(thread.threadId);
    const range = rangeOf(editor.state, thread.anchor);
    if (range) editor.chain().setTextSelection(range).scrollIntoView().run();
  }

  if (closed) return null;
  return (
    <section className="comments-panel stack-sm" aria-labelledby="comments-heading">
      <h3 id="comments-heading">{t('comments.heading')}</h3>
      <p>
        <button
          type="button"
          className="comment-start"
          aria-disabled={selection === null || draft !== null}
          // Keep the selection: a click would otherwise move it out of the document first.
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => {
            if (draft !== null) return;
            const passage = selectedPassage(editor);
            if (passage) setDraft(passage);
            else setError(t('comments.selectFirst'));
          }}
        >
          {t('comments.start')}
        </button>
      </p>
      {selection === null && draft === null ? <p className="hint">{t('comments.howTo')}</p> : null}
      {draft ? (
        <TextForm
          label={t('comments.newLabel', { quote: shorten(draft.quote) })}
          submit={t('comments.send')}
          busy={busy}
          autoFocus
          onCancel={() => setDraft(null)}
          onSubmit={(text) =>
            send(
              () => api.startComment({ params: { docId }, body: { ...draft, text } }),
              t('comments.sent'),
            ).then((ok) => {
              if (ok) setDraft(null);
              return ok;
            })
          }
        />
      ) : null}
      <LiveStatus className="message-success">{done}</LiveStatus>
      <ErrorMessage>{error}</ErrorMessage>
      {threads === null ? null : threads.length === 0 ? (
        <p className="muted">{t('comments.none')}</p>
      ) : (
        <ol className="comment-threads">
          {threads.map((thread) => (
            <li key={thread.threadId}>
              <ThreadView
                thread={thread}
                found={rangeOf(editor.state, thread.anchor) !== null}
                active={active === thread.threadId}
                busy={busy}
                onShow={() => showPassage(thread)}
                onReply={(text) =>
                  send(
                    () =>
                      api.replyToComment({
                        params: { docId, threadId: thread.threadId },
                        body: { text },
                      }),
                    t('comments.replied'),
                  )
                }
                onResolve={() =>
                  void send(
                    () =>
                      thread.resolved
                        ? api.reopenComment({
                            params: { docId, threadId: thread.threadId },
                            body: {},
                          })
                        : api.resolveComment({
                            params: { docId, threadId: thread.threadId },
                            body: {},
                          }),
                    thread.resolved ? t('comments.reopened') : t('comments.resolved'),
                  )
                }
              />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function shorten(quote: string): string {
  return quote.length > 60 ? `${quote.slice(0, 57)}…` : quote;
}

function ThreadView({
  thread,
  found,
  active,
  busy,
  onShow,
  onReply,
  onResolve,
}: {
  thread: CommentThread;
  found: boolean;
  active: boolean;
  busy: boolean;
  onShow: () => void;
  onReply: (text: string) => Promise<boolean>;
  onResolve: () => void;
}) {
  const { t } = useTranslation('workspace');
  const [replying, setReplying] = useState(false);
  const headingId = useId();
  return (
    <article
      className={`comment-thread card stack-sm${thread.resolved ? ' comment-thread-resolved' : ''}${active ? ' comment-thread-active' : ''}`}
      aria-labelledby={headingId}
      data-thread={thread.threadId}
    >
      <h4 id={headingId} className="comment-quote">
        {t('comments.on', { quote: shorten(thread.quote) })}
        {thread.resolved ? <span className="badge">{t('comments.resolvedBadge')}</span> : null}
      </h4>
      {!found && !thread.resolved ? <p className="hint">{t('comments.passageGone')}</p> : null}
      <p className="comment-by">
        <strong>{thread.authorDisplayName}</strong>{' '}
        <span className="muted">{formatDateTime(thread.at)}</span>
      </p>
      <p className="comment-text">{thread.text}</p>
      {thread.replies.length > 0 ? (
        <ul className="comment-replies">
          {thread.replies.map((reply) => (
            <li key={reply.replyId}>
              <p className="comment-by">
                <strong>{reply.authorDisplayName}</strong>{' '}
                <span className="muted">{formatDateTime(reply.at)}</span>
              </p>
              <p className="comment-text">{reply.text}</p>
            </li>
          ))}
        </ul>
      ) : null}
      {thread.resolved && thread.statusBy ? (
        <p className="muted">{t('comments.resolvedBy', { name: thread.statusBy })}</p>
      ) : null}
      <div className="comment-actions">
        {found && !thread.resolved ? (
          <button type="button" className="button-link" onClick={onShow}>
            {t('comments.show')}
          </button>
        ) : null}
        {!thread.resolved && !replying ? (
          <button type="button" onClick={() => setReplying(true)}>
            {t('comments.reply')}
          </button>
        ) : null}
        <button type="button" disabled={busy} onClick={onResolve}>
          {thread.resolved ? t('comments.reopen') : t('comments.resolve')}
        </button>
      </div>
      {replying && !thread.resolved ? (
        <TextForm
          label={t('comments.replyLabel', { name: thread.authorDisplayName })}
          submit={t('comments.sendReply')}
          busy={busy}
          autoFocus
          onCancel={() => setReplying(false)}
          onSubmit={(text) =>
            onReply(text).then((ok) => {
              if (ok) setReplying(false);
              return ok;
            })
          }
        />
      ) : null}
    </article>
  );
}

function TextForm({
  label,
  submit,
  busy,
  autoFocus,
  onSubmit,
  onCancel,
}: {
  label: string;
  submit: string;
  busy: boolean;
  autoFocus?: boolean;
  onSubmit: (text: string) => Promise<boolean>;
  onCancel: () => void;
}) {
  const { t } = useTranslation('workspace');
  const [text, setText] = useState('');
  const [empty, setEmpty] = useState(false);
  const id = useId();
  const errorId = useId();
  const field = useRef<HTMLTextAreaElement>(null);

  function submitted(event: FormEvent) {
    event.preventDefault();
    if (text.trim() === '') {
      setEmpty(true);
      field.current?.focus();
      return;
    }
    void onSubmit(text).then((ok) => ok && setText(''));
  }

  return (
    <form className="comment-form stack-sm" onSubmit={submitted}>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        ref={field}
        rows={3}
        maxLength={2000}
        autoFocus={autoFocus}
        value={text}
        aria-invalid={empty}
        aria-describedby={empty ? errorId : undefined}
        onChange={(event) => {
          setText(event.target.value);
          setEmpty(false);
        }}
      />
      {empty ? (
        <p id={errorId} className="field-error">
          {t('comments.empty')}
        </p>
      ) : null}
      <div className="comment-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {submit}
        </button>
        <button type="button" onClick={onCancel}>
          {t('comments.cancel')}
        </button>
      </div>
    </form>
  );
}
