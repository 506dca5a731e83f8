import { Inject, Injectable } from '@nestjs/common';
import type { SqlDatabase } from '../database/sql-database.js';
import { SQL_DATABASE } from '../store/store.tokens.js';

export interface ThreadRow {
  thread_id: string;
  doc_id: string;
  anchor_start: string;
  anchor_end: string;
  quote: string;
  author_id: string;
  text: string;
  sealed: boolean;
  at: Date | string;
  resolved: boolean;
  status_by: string | null;
  status_at: Date | string | null;
}

export interface ReplyRow {
  reply_id: string;
  thread_id: string;
  author_id: string;
  text: string;
  sealed: boolean;
  at: Date | string;
}

/** The comments' read model, read only here (its tables are named in this folder alone). */
@Injectable()
export class CommentQueries {
  constructor(@Inject(SQL_DATABASE) private readonly db: SqlDatabase) {}

  /** A document's threads oldest first, or one of them, with their replies oldest first. */
  async threadsOf(
    docId: string,
    threadId?: string,
  ): Promise<{ threads: ThreadRow[]; replies: ReplyRow[] }> {
    const only = threadId === undefined ? '' : ' AND thread_id = $2';
    const params = threadId === undefined ? [docId] : [docId, threadId];
    const [threads, replies] = await Promise.all([
      this.db.query<ThreadRow>(
        `SELECT thread_id, doc_id, anchor_start, anchor_end, quote, author_id, text, sealed, at,
           resolved, status_by, status_at
         FROM rm_comment_threads WHERE doc_id = $1${only} ORDER BY position`,
        params,
      ),
      this.db.query<ReplyRow>(
        `SELECT reply_id, thread_id, author_id, text, sealed, at
         FROM rm_comment_replies WHERE doc_id = $1${only} ORDER BY position`,
        params,
      ),
    ]);
    return { threads, replies };
  }
}
