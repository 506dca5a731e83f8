import type { Decider } from '../common/decider.js';
import { DomainError } from '../common/domain-error.js';
import type { CommentCommand } from './commands.js';
import type { CommentEvent } from './events.js';

export interface CommentsState {
  /** Each thread and whether it is resolved. */
  readonly threads: ReadonlyMap<string, { readonly resolved: boolean; readonly replies: number }>;
}

export const COMMENT_LIMITS = {
  maxText: 2000,
  maxQuote: 1000,
  /** A relative position encodes to a few dozen bytes; anything longer is not one. */
  maxAnchor: 200,
  maxThreadsPerDocument: 500,
  maxRepliesPerThread: 200,
} as const;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function requireText(text: string): void {
  const trimmed = text.trim();
  if (trimmed === '') {
    throw new DomainError('comments.empty', 'Write something before sending the comment.');
  }
  if (trimmed.length > COMMENT_LIMITS.maxText) {
    throw new DomainError(
      'comments.too-long',
      `A comment can be at most ${COMMENT_LIMITS.maxText} characters; this one has ${trimmed.length}.`,
    );
  }
}

function requireThread(state: CommentsState, threadId: string) {
  const thread = state.threads.get(threadId);
  if (thread === undefined) {
    throw new DomainError(
      'comments.thread-not-found',
      'There is no such comment on this document.',
    );
  }
  return thread;
}

export const commentsDecider: Decider<CommentCommand, CommentEvent, CommentsState> = {
  initialState: { threads: new Map() },

  decide(command, state) {
    const { at, by } = command.metadata;
    const { docId, threadId, role } = command.data;
    switch (command.type) {
      case 'CommentOnPassage': {
        const { anchor, quote, text, sealedText } = command.data;
        if (state.threads.has(threadId)) {
          throw new DomainError('comments.thread-exists', 'This comment was already posted.');
        }
        requireText(text);
        const anchors = [anchor.start, anchor.end];
        if (anchors.some((a) => a.length > COMMENT_LIMITS.maxAnchor || !BASE64.test(a))) {
          throw new DomainError(
            'comments.anchor-invalid',
            'The comment does not point at a passage of the document: select the text again.',
          );
        }
        if (quote.trim() === '' || quote.length > COMMENT_LIMITS.maxQuote) {
          throw new DomainError(
            'comments.anchor-invalid',
            `Select between 1 and ${COMMENT_LIMITS.maxQuote} characters of the document to comment on.`,
          );
        }
        if (state.threads.size >= COMMENT_LIMITS.maxThreadsPerDocument) {
          throw new DomainError(
            'comments.too-many',
            `A document can hold at most ${COMMENT_LIMITS.maxThreadsPerDocument} comments.`,
          );
        }
        return [
          {
            type: 'PassageCommented',
            data: {
              docId,
              threadId,
              anchor: { start: anchor.start, end: anchor.end },
              quote,
              text: sealedText,
              sealed: true,
              authorId: by,
              authorRole: role,
              at,
            },
          },
        ];
      }
      case 'ReplyToComment': {
        const thread = requireThread(state, threadId);
        requireText(command.data.text);
        if (thread.resolved) {
          throw new DomainError(
            'comments.thread-resolved',
            'This comment is resolved: reopen it to reply.',
          );
        }
        if (thread.replies >= COMMENT_LIMITS.maxRepliesPerThread) {
          throw new DomainError(
            'comments.too-many',
            `A comment can have at most ${COMMENT_LIMITS.maxRepliesPerThread} replies.`,
          );
        }
        return [
          {
            type: 'CommentReplied',
            data: {
              docId,
              threadId,
              replyId: command.data.replyId,
              text: command.data.sealedText,
              sealed: true,
              authorId: by,
              authorRole: role,
              at,
            },
          },
        ];
      }
      case 'ResolveComment': {
        if (requireThread(state, threadId).resolved) {
          throw new DomainError('comments.already-resolved', 'This comment is already resolved.');
        }
        return [{ type: 'CommentThreadResolved', data: { docId, threadId, by, at } }];
      }
      case 'ReopenComment': {
        if (!requireThread(state, threadId).resolved) {
          throw new DomainError('comments.not-resolved', 'This comment is open already.');
        }
        return [{ type: 'CommentThreadReopened', data: { docId, threadId, by, at } }];
      }
    }
  },

  evolve(state, event) {
    const threads = new Map(state.threads);
    const { threadId } = event.data;
    const thread = threads.get(threadId);
    switch (event.type) {
      case 'PassageCommented':
        threads.set(threadId, { resolved: false, replies: 0 });
        break;
      case 'CommentReplied':
        if (thread) threads.set(threadId, { ...thread, replies: thread.replies + 1 });
        break;
      case 'CommentThreadResolved':
        if (thread) threads.set(threadId, { ...thread, resolved: true });
        break;
      case 'CommentThreadReopened':
        if (thread) threads.set(threadId, { ...thread, resolved: false });
        break;
    }
    return { threads };
  },
};
