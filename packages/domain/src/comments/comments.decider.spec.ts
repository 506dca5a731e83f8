import { describe, expect, it } from '@jest/globals';
import { refusalCode, specFor } from '../common/given-when-then.js';
import type { CommentCommand } from './commands.js';
import { COMMENT_LIMITS, commentsDecider } from './comments.decider.js';
import type { CommentEvent } from './events.js';

const given = specFor(commentsDecider);
const at = '2026-11-23T09:00:00.000Z';
const docId = 'd-otters';
const threadId = 't-1';
const anchor = { start: 'AQLNpQEA', end: 'AQLNpQEM' };
const meta = (by: string) => ({ at, by });
const sealed = (text: string) => `sealed:${text.trim()}`;

const comment = (text: string, extra: Partial<CommentCommand['data']> = {}): CommentCommand => ({
  type: 'CommentOnPassage',
  data: {
    docId,
    threadId,
    anchor,
    quote: 'otters hold hands',
    text,
    sealedText: sealed(text),
    role: 'teacher',
    ...extra,
  } as Extract<CommentCommand, { type: 'CommentOnPassage' }>['data'],
  metadata: meta('u-teacher'),
});
const reply = (text: string, by = 'u-ana'): CommentCommand => ({
  type: 'ReplyToComment',
  data: { docId, threadId, replyId: 'r-1', text, sealedText: sealed(text), role: 'member' },
  metadata: meta(by),
});
const resolve: CommentCommand = {
  type: 'ResolveComment',
  data: { docId, threadId, role: 'member' },
  metadata: meta('u-ana'),
};
const reopen: CommentCommand = {
  type: 'ReopenComment',
  data: { docId, threadId, role: 'teacher' },
  metadata: meta('u-teacher'),
};

const commented: CommentEvent = {
  type: 'PassageCommented',
  data: {
    docId,
    threadId,
    anchor,
    quote: 'otters hold hands',
    text: sealed('Source?'),
    sealed: true,
    authorId: 'u-teacher',
    authorRole: 'teacher',
    at,
  },
};
const resolved: CommentEvent = {
  type: 'CommentThreadResolved',
  data: { docId, threadId, by: 'u-ana', at },
};

describe('comments decider', () => {
  it('starts a thread on a passage, keeping the sealed words, the anchor and who wrote as what', () => {
    expect(given([]).when(comment('  Source?  '))).toEqual({ events: [commented] });
  });

  it('refuses an empty or overlong comment, and a thread id used twice', () => {
    expect(refusalCode(given([]).when(comment('   ')))).toBe('comments.empty');
    const long = 'x'.repeat(COMMENT_LIMITS.maxText + 1);
    expect(refusalCode(given([]).when(comment(long)))).toBe('comments.too-long');
    expect(refusalCode(given([commented]).when(comment('Again')))).toBe('comments.thread-exists');
  });

  it('refuses an anchor that is not a relative position, and an empty passage', () => {
    const notBase64 = comment('Hm', { anchor: { start: 'not base64!', end: anchor.end } });
    expect(refusalCode(given([]).when(notBase64))).toBe('comments.anchor-invalid');
    const huge = comment('Hm', { anchor: { start: 'A'.repeat(400), end: anchor.end } });
    expect(refusalCode(given([]).when(huge))).toBe('comments.anchor-invalid');
    expect(refusalCode(given([]).when(comment('Hm', { quote: '  ' })))).toBe(
      'comments.anchor-invalid',
    );
  });

  it('replies to an open thread, not to a resolved or missing one', () => {
    expect(given([commented]).when(reply('Page 4 of the book'))).toEqual({
      events: [
        {
          type: 'CommentReplied',
          data: {
            docId,
            threadId,
            replyId: 'r-1',
            text: sealed('Page 4 of the book'),
            sealed: true,
            authorId: 'u-ana',
            authorRole: 'member',
            at,
          },
        },
      ],
    });
    expect(refusalCode(given([commented, resolved]).when(reply('Late')))).toBe(
      'comments.thread-resolved',
    );
    expect(refusalCode(given([]).when(reply('To nothing')))).toBe('comments.thread-not-found');
  });

  it('resolves an open thread once, and reopens only a resolved one', () => {
    expect(given([commented]).when(resolve)).toEqual({ events: [resolved] });
    expect(refusalCode(given([commented, resolved]).when(resolve))).toBe(
      'comments.already-resolved',
    );
    expect(refusalCode(given([commented]).when(reopen))).toBe('comments.not-resolved');
    expect(given([commented, resolved]).when(reopen)).toEqual({
      events: [{ type: 'CommentThreadReopened', data: { docId, threadId, by: 'u-teacher', at } }],
    });
    const reopened: CommentEvent = {
      type: 'CommentThreadReopened',
      data: { docId, threadId, by: 'u-teacher', at },
    };
    expect(given([commented, resolved, reopened]).when(reply('Back to it'))).toHaveProperty(
      'events',
    );
    expect(refusalCode(given([]).when(resolve))).toBe('comments.thread-not-found');
  });
});
