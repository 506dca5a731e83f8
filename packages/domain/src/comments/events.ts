import type { DomainEvent } from '../common/decider.js';

/*
 * One stream per document, `comments-<docId>`: the threads of comments on its
 * passages. A thread starts on a passage and holds its replies; it is resolved
 * and reopened as a whole. Kept apart from the document's own stream, whose
 * writer batches Yjs updates on a beat: a comment is a person's decision, not
 * a keystroke.
 */

/** Who wrote, as the server found them on the document: the notifications read this. */
export type CommentAuthorRole = 'teacher' | 'member' | 'tutor';

/**
 * Where a thread's passage is: two Yjs relative positions (base64 of
 * `Y.encodeRelativePosition`) in the document's shared fragment, the start
 * sticking to the passage's first character and the end to its last, so the
 * passage keeps them while anyone edits before, inside or after it.
 */
export interface CommentAnchor {
  readonly start: string;
  readonly end: string;
}

/**
 * The comment's words are personal data: with `sealed`, `text` is sealed with
 * the author's key (the server's PersonalDataVault), so erasing the author
 * makes them read as erased. `quote` is the passage's text when the thread
 * began, the document's words (not the commenter's), kept to show a thread
 * whose passage was deleted since.
 */
export type PassageCommented = DomainEvent<
  'PassageCommented',
  {
    docId: string;
    threadId: string;
    anchor: CommentAnchor;
    quote: string;
    text: string;
    sealed?: true;
    authorId: string;
    authorRole: CommentAuthorRole;
    at: string;
  }
>;

export type CommentReplied = DomainEvent<
  'CommentReplied',
  {
    docId: string;
    threadId: string;
    replyId: string;
    text: string;
    sealed?: true;
    authorId: string;
    authorRole: CommentAuthorRole;
    at: string;
  }
>;

export type CommentThreadResolved = DomainEvent<
  'CommentThreadResolved',
  { docId: string; threadId: string; by: string; at: string }
>;

export type CommentThreadReopened = DomainEvent<
  'CommentThreadReopened',
  { docId: string; threadId: string; by: string; at: string }
>;

export type CommentEvent =
  PassageCommented | CommentReplied | CommentThreadResolved | CommentThreadReopened;
