import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { CommentAuthorRole, CommentCommand } from '@commonplace/domain';
import { commentsDecider, streams } from '@commonplace/domain';
import type {
  CommentThread,
  CommentThreadList,
  ReplyToCommentRequest,
  StartCommentRequest,
} from '@commonplace/shared';
import { ClassroomAccess } from '../roster/classroom-access.service.js';
import { ClassroomQueries } from '../roster/classroom.queries.js';
import { CommandHandler } from '../commands/command.handler.js';
import { AppError } from '../common/app-error.js';
import { IdentityService } from '../identity/identity.service.js';
import { PersonalDataVault } from '../personal-data/personal-data-vault.js';
import { DocumentKinds } from '../documents/document-kinds.registry.js';
import type { ReplyRow, ThreadRow } from './comments.queries.js';
import { CommentQueries } from './comments.queries.js';

type CommandOf<T extends CommentCommand['type']> = Omit<
  Extract<CommentCommand, { type: T }>,
  'metadata'
>;

const iso = (value: Date | string) => new Date(value).toISOString();

/**
 * Comments on a workspace document's passages. Who may read and write them is a
 * relationship, found here before any command: a teacher or co-teacher of the
 * workspace's classroom, a student whose workspace it is (theirs or their group's), or a
 * tutor another feature grants a read of it (a peer tutor reading a linked project).
 * Nobody else, not even a school admin or a guardian who may see the work elsewhere:
 * they are told the workspace does not exist, as the workspace itself tells them.
 */
@Injectable()
export class CommentsService {
  constructor(
    private readonly commands: CommandHandler,
    private readonly access: ClassroomAccess,
    private readonly classrooms: ClassroomQueries,
    private readonly kinds: DocumentKinds,
    private readonly identity: IdentityService,
    private readonly vault: PersonalDataVault,
    private readonly queries: CommentQueries,
  ) {}

  /** What the person is to the document for its comments, or a refusal that reveals nothing. */
  async roleOn(docId: string, userId: string): Promise<CommentAuthorRole> {
    const record = await this.classrooms.workspaceRecord(docId);
    if (record) {
      const roles = await this.access.rolesOf(record.classroomId, userId);
      if (roles.includes('teacher') || roles.includes('co-teacher')) return 'teacher';
      const learner = roles.includes('student') || roles.includes('peer-tutor');
      if (learner && (await this.classrooms.studentsOfWorkspace(docId)).includes(userId)) {
        return 'member';
      }
      if (await this.kinds.grantsRead(docId, userId)) return 'tutor';
    }
    throw new AppError(
      'workspace.not-found',
      'This workspace does not exist or you are not in its group.',
    );
  }

  async list(userId: string, docId: string): Promise<CommentThreadList> {
    await this.roleOn(docId, userId);
    return { docId, threads: await this.read(docId) };
  }

  async start(userId: string, docId: string, body: StartCommentRequest): Promise<CommentThread> {
    const role = await this.roleOn(docId, userId);
    const threadId = randomUUID();
    await this.run(userId, docId, {
      type: 'CommentOnPassage',
      data: {
        docId,
        threadId,
        anchor: body.anchor,
        quote: body.quote,
        text: body.text,
        sealedText: await this.vault.seal(userId, body.text.trim()),
        role,
      },
    });
    return this.one(docId, threadId);
  }

  async reply(
    userId: string,
    docId: string,
    threadId: string,
    body: ReplyToCommentRequest,
  ): Promise<CommentThread> {
    const role = await this.roleOn(docId, userId);
    await this.run(userId, docId, {
      type: 'ReplyToComment',
      data: {
        docId,
        threadId,
        replyId: randomUUID(),
        text: body.text,
        sealedText: await this.vault.seal(userId, body.text.trim()),
        role,
      },
    });
    return this.one(docId, threadId);
  }

  async setResolved(
    userId: string,
    docId: string,
    threadId: string,
    resolved: boolean,
  ): Promise<CommentThread> {
    const role = await this.roleOn(docId, userId);
    const command: CommandOf<'ResolveComment'> | CommandOf<'ReopenComment'> = {
      type: resolved ? 'ResolveComment' : 'ReopenComment',
      data: { docId, threadId, role },
    };
    await this.run(userId, docId, command);
    return this.one(docId, threadId);
  }

  private async run(userId: string, docId: string, command: Omit<CommentCommand, 'metadata'>) {
    await this.commands.send(commentsDecider, streams.comments(docId), userId, command);
  }

  private async one(docId: string, threadId: string): Promise<CommentThread> {
    const [thread] = await this.read(docId, threadId);
    if (!thread) {
      throw new AppError('workspace.not-found', 'There is no such comment on this document.');
    }
    return thread;
  }

  /** Threads with their replies, each author by their current name, each text opened. */
  private async read(docId: string, threadId?: string): Promise<CommentThread[]> {
    const { threads, replies } = await this.queries.threadsOf(docId, threadId);
    const people = new Set<string>();
    for (const row of [...threads, ...replies]) people.add(row.author_id);
    for (const row of threads) if (row.status_by !== null) people.add(row.status_by);
    const names = await this.identity.displayNames([...people]);
    const nameOf = (id: string) => names.get(id) ?? 'Former member';
    const open = (row: ThreadRow | ReplyRow) =>
      row.sealed ? this.vault.openText(row.author_id, row.text) : Promise.resolve(row.text);
    const byThread = new Map<string, CommentThread['replies']>();
    for (const reply of replies) {
      const list = byThread.get(reply.thread_id) ?? [];
      list.push({
        replyId: reply.reply_id,
        authorId: reply.author_id,
        authorDisplayName: nameOf(reply.author_id),
        text: await open(reply),
        at: iso(reply.at),
      });
      byThread.set(reply.thread_id, list);
    }
    const result: CommentThread[] = [];
    for (const row of threads) {
      result.push({
        threadId: row.thread_id,
        docId: row.doc_id,
        anchor: { start: row.anchor_start, end: row.anchor_end },
        quote: row.quote,
        authorId: row.author_id,
        authorDisplayName: nameOf(row.author_id),
        text: await open(row),
        at: iso(row.at),
        resolved: row.resolved,
        statusBy: row.status_by === null ? null : nameOf(row.status_by),
        statusAt: row.status_at === null ? null : iso(row.status_at),
        replies: byThread.get(row.thread_id) ?? [],
      });
    }
    return result;
  }
}
