import type { Command } from '../common/decider.js';
import type { CommentAnchor, CommentAuthorRole } from './events.js';

/**
 * Who may comment is a relationship the server resolves before the command
 * (a teacher of the classroom, a member of the group, a tutor reading the
 * workspace); the command carries what they are to the document.
 */
interface Acting {
  role: CommentAuthorRole;
}

/** `text` is checked here; `sealedText` is the same trimmed text sealed by the server, and is what the log keeps. */
export type CommentOnPassage = Command<
  'CommentOnPassage',
  {
    docId: string;
    threadId: string;
    anchor: CommentAnchor;
    quote: string;
    text: string;
    sealedText: string;
  } & Acting
>;

export type ReplyToComment = Command<
  'ReplyToComment',
  { docId: string; threadId: string; replyId: string; text: string; sealedText: string } & Acting
>;

export type ResolveComment = Command<
  'ResolveComment',
  { docId: string; threadId: string } & Acting
>;
export type ReopenComment = Command<'ReopenComment', { docId: string; threadId: string } & Acting>;

export type CommentCommand = CommentOnPassage | ReplyToComment | ResolveComment | ReopenComment;
