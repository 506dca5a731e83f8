import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ClassroomRole, TutoringActor, TutoringCommand } from '@commonplace/domain';
import { DomainError, streams, tutorTakesSubject, tutoringDecider } from '@commonplace/domain';
import type {
  HelpQueue,
  HelpRequestView,
  RaiseHelpRequestRequest,
  RateSessionRequest,
  TutoringSessionView,
} from '@commonplace/shared';
import { AppError } from '../common/app-error.js';
import { ClassroomQueries } from '../roster/classroom.queries.js';
import { ClassroomAccess } from '../roster/classroom-access.service.js';
import { CommandHandler } from '../commands/command.handler.js';
import type { SqlDatabase } from '../database/sql-database.js';
import { IdentityService } from '../identity/identity.service.js';
import { SubjectErasedError } from '../personal-data/key-store.port.js';
import { PersonalDataVault } from '../personal-data/personal-data-vault.js';
import type { Principal } from '../identity/token.service.js';
import { SQL_DATABASE } from '../store/store.tokens.js';
import { TutoringQueries } from './tutoring.queries.js';

interface RequestRow {
  id: string;
  classroom_id: string;
  student_id: string;
  /** Sealed with the student's key when `sealed`. */
  topic: string;
  sealed: boolean;
  doc_id: string | null;
  checkpoint_id: string | null;
  status: 'open' | 'claimed' | 'cancelled';
  raised_at: Date | string;
  referred_to: string | null;
  /** Sealed with the student's key (whom it is about) when `referral_note_sealed`. */
  referral_note: string | null;
  referral_note_sealed: boolean;
  session_id: string | null;
  /** From the subjects read model; null: for any tutor. */
  subject: string | null;
}

/** A request with its subject, if it has one. */
const REQUESTS = `SELECT r.*, s.subject FROM rm_help_requests r
  LEFT JOIN rm_help_request_subjects s ON s.request_id = r.id`;

interface SessionRow {
  id: string;
  request_id: string;
  classroom_id: string;
  tutor_id: string;
  student_id: string;
  scratchpad_doc_id: string;
  linked_doc_id: string | null;
  linked_doc_readable: boolean;
  status: 'live' | 'ended';
  started_at: Date | string;
  ended_at: Date | string | null;
  /** Sealed with `ended_by`'s key when `summary_sealed`. */
  summary: string | null;
  summary_sealed: boolean;
  ended_by: string | null;
  rating_stars: number | null;
  /** Sealed with the student's key when `comment_sealed`. */
  rating_comment: string | null;
  comment_sealed: boolean;
}

const iso = (value: Date | string) => new Date(value).toISOString();
/** Outside the session's two people and the teachers, only first names are shown. */
const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? '';

function actorOf(roles: readonly ClassroomRole[]): TutoringActor {
  return {
    staff: roles.includes('teacher') || roles.includes('co-teacher'),
    peerTutor: roles.includes('peer-tutor'),
  };
}

/**
 * Help requests and tutoring sessions. Who someone is in the classroom comes
 * from the roster read model at the moment of the command; the help-request
 * stream decides the rest (who claimed first, who may end or rate).
 */
@Injectable()
export class TutoringService {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly commands: CommandHandler,
    private readonly access: ClassroomAccess,
    private readonly identity: IdentityService,
    private readonly vault: PersonalDataVault,
    private readonly classrooms: ClassroomQueries,
    private readonly queries: TutoringQueries,
  ) {}

  /**
   * Students' free text (topics, notes, summaries, comments) enters the log
   * sealed with its writer's key and stays sealed in the read model; it is
   * opened only as it is shown. Erasing the person makes it read as erased.
   */
  private seal(writerId: string, text: string): Promise<string> {
    return this.vault.seal(writerId, text.trim());
  }

  /** The text to show: opened, the erased placeholder, or a row from before sealing as it is. */
  private open(writerId: string, value: string, sealed: boolean): Promise<string> {
    return sealed ? this.vault.openText(writerId, value) : Promise.resolve(value);
  }

  private async run(principal: Principal, command: Omit<TutoringCommand, 'metadata'>) {
    await this.commands.send(
      tutoringDecider,
      streams.helpRequest(command.data.requestId),
      principal.userId,
      command,
    );
  }

  private async requestRow(requestId: string): Promise<RequestRow | undefined> {
    const [row] = await this.db.query<RequestRow>(`${REQUESTS} WHERE r.id = $1`, [requestId]);
    return row;
  }

  /** The request and the caller's roles in its classroom; strangers are told it does not exist. */
  private async requestFor(
    principal: Principal,
    requestId: string,
  ): Promise<{ row: RequestRow; roles: ClassroomRole[] }> {
    const row = await this.requestRow(requestId);
    const roles = row ? await this.access.rolesOf(row.classroom_id, principal.userId) : [];
    if (!row || roles.length === 0) {
      throw new DomainError('tutoring.request-not-found', 'This help request does not exist.');
    }
    return { row, roles };
  }

  private async sessionFor(
    principal: Principal,
    sessionId: string,
  ): Promise<{ row: SessionRow; roles: ClassroomRole[] }> {
    const [row] = await this.db.query<SessionRow>(
      'SELECT * FROM rm_tutoring_sessions WHERE id = $1',
      [sessionId],
    );
    const roles = row ? await this.access.rolesOf(row.classroom_id, principal.userId) : [];
    const party = row && (row.tutor_id === principal.userId || row.student_id === principal.userId);
    if (!row || roles.length === 0 || (!party && !actorOf(roles).staff)) {
      throw new DomainError('tutoring.session-not-found', 'This tutoring session does not exist.');
    }
    return { row, roles };
  }

  async raise(
    principal: Principal,
    classroomId: string,
    body: RaiseHelpRequestRequest,
  ): Promise<HelpRequestView> {
    await this.access.require(classroomId, principal.userId, 'tutoring.request-help');
    if (body.docId !== undefined)
      await this.requireOwnWorkspace(classroomId, principal, body.docId);
    const requestId = randomUUID();
    await this.run(principal, {
      type: 'RaiseHelpRequest',
      data: {
        requestId,
        classroomId,
        ...body,
        sealedTopic: await this.seal(principal.userId, body.topic),
      },
    });
    return this.requestView(principal, requestId);
  }

  /** A help request can only point at the student's own workspace in this classroom. */
  private async requireOwnWorkspace(classroomId: string, principal: Principal, docId: string) {
    if (!(await this.classrooms.isOwnWorkspace(docId, classroomId, principal.userId))) {
      throw new AppError('workspace.not-found', 'Link one of your own project workspaces.');
    }
  }

  async queue(principal: Principal, classroomId: string): Promise<HelpQueue> {
    const roles = await this.access.require(classroomId, principal.userId, 'classroom.view');
    const actor = actorOf(roles);
    const everyone = actor.staff || actor.peerTutor;
    const rows = await this.db.query<RequestRow>(
      `${REQUESTS} WHERE r.classroom_id = $1 AND r.status = 'open'
         AND ($2 OR r.student_id = $3) ORDER BY r.raised_at, r.id`,
      [classroomId, everyone, principal.userId],
    );
    // A peer tutor of one subject sees that subject's requests, those for anyone, and those referred to them.
    const tutorSubject =
      actor.peerTutor && !actor.staff
        ? await this.tutorSubjectOf(classroomId, principal.userId)
        : null;
    const shown = rows.filter(
      (r) =>
        r.student_id === principal.userId ||
        r.referred_to === principal.userId ||
        tutorTakesSubject(tutorSubject, r.subject),
    );
    return { classroomId, items: await this.requestViews(principal, actor, shown) };
  }

  /** The subject a peer tutor was designated for; null: any. */
  private async tutorSubjectOf(classroomId: string, userId: string): Promise<string | null> {
    return (await this.queries.tutorSubjectsIn(classroomId, [userId])).get(userId) ?? null;
  }

  async refer(principal: Principal, requestId: string, tutorId: string, note: string) {
    const { row, roles } = await this.requestFor(principal, requestId);
    const actor = actorOf(roles);
    if (actor.staff) {
      const tutorRoles = await this.access.rolesOf(row.classroom_id, tutorId);
      if (!tutorRoles.includes('peer-tutor')) {
        throw new AppError(
          'request.invalid',
          'Refer the request to one of this classroom’s peer tutors.',
        );
      }
    }
    await this.run(principal, {
      type: 'ReferHelpRequest',
      data: {
        requestId,
        tutorId,
        note,
        ...(note.trim() ? { sealedNote: await this.sealReferralNote(row.student_id, note) } : {}),
        actor,
      },
    });
    return this.requestView(principal, requestId);
  }

  /**
   * Sealed with the STUDENT's key, not the teacher's: the note is about the
   * student (a minor), so erasing the student makes it read as erased. Once
   * the student is erased nothing more can be written about them.
   */
  private async sealReferralNote(studentId: string, note: string): Promise<string> {
    try {
      return await this.seal(studentId, note);
    } catch (error) {
      if (!(error instanceof SubjectErasedError)) throw error;
      throw new AppError(
        'request.invalid',
        'This student’s personal data was erased: refer the request without a note.',
      );
    }
  }

  /** Returns the request's classroom, whose live queue changed. */
  async cancel(principal: Principal, requestId: string): Promise<string> {
    const { row, roles } = await this.requestFor(principal, requestId);
    await this.run(principal, {
      type: 'CancelHelpRequest',
      data: { requestId, actor: actorOf(roles) },
    });
    return row.classroom_id;
  }

  async claim(principal: Principal, requestId: string): Promise<TutoringSessionView> {
    const { row, roles } = await this.requestFor(principal, requestId);
    const sessionId = randomUUID();
    const actor = actorOf(roles);
    await this.run(principal, {
      type: 'ClaimHelpRequest',
      data: {
        requestId,
        sessionId,
        scratchpadDocId: `tutoring-${sessionId}`,
        actor: actor.peerTutor
          ? {
              ...actor,
              tutorSubject: await this.tutorSubjectOf(row.classroom_id, principal.userId),
            }
          : actor,
      },
    });
    return this.session(principal, sessionId);
  }

  async sessions(principal: Principal, classroomId: string): Promise<TutoringSessionView[]> {
    const roles = await this.access.require(classroomId, principal.userId, 'classroom.view');
    const rows = await this.db.query<SessionRow>(
      `SELECT * FROM rm_tutoring_sessions WHERE classroom_id = $1
         AND ($2 OR tutor_id = $3 OR student_id = $3) ORDER BY started_at DESC, id`,
      [classroomId, actorOf(roles).staff, principal.userId],
    );
    return Promise.all(rows.map((row) => this.sessionView(row)));
  }

  async session(principal: Principal, sessionId: string): Promise<TutoringSessionView> {
    const { row } = await this.sessionFor(principal, sessionId);
    return this.sessionView(row);
  }

  async addNote(principal: Principal, sessionId: string, text: string) {
    const { row } = await this.sessionFor(principal, sessionId);
    await this.run(principal, {
      type: 'AddSessionNote',
      data: {
        requestId: row.request_id,
        noteId: randomUUID(),
        text,
        sealedText: await this.seal(principal.userId, text),
      },
    });
    return this.session(principal, sessionId);
  }

  async end(principal: Principal, sessionId: string, summary: string) {
    const { row, roles } = await this.sessionFor(principal, sessionId);
    await this.run(principal, {
      type: 'EndTutoringSession',
      data: {
        requestId: row.request_id,
        summary,
        sealedSummary: await this.seal(principal.userId, summary),
        actor: actorOf(roles),
      },
    });
    return this.session(principal, sessionId);
  }

  async rate(principal: Principal, sessionId: string, rating: RateSessionRequest) {
    const { row } = await this.sessionFor(principal, sessionId);
    await this.run(principal, {
      type: 'RateTutoringSession',
      data: {
        requestId: row.request_id,
        ...rating,
        ...(rating.comment?.trim()
          ? { sealedComment: await this.seal(principal.userId, rating.comment) }
          : {}),
      },
    });
    return this.session(principal, sessionId);
  }

  async setProjectDocAccess(principal: Principal, sessionId: string, allowed: boolean) {
    const { row, roles } = await this.sessionFor(principal, sessionId);
    await this.run(principal, {
      type: 'SetLinkedDocAccess',
      data: { requestId: row.request_id, allowed, actor: actorOf(roles) },
    });
    return this.session(principal, sessionId);
  }

  private async requestView(principal: Principal, requestId: string): Promise<HelpRequestView> {
    const { row, roles } = await this.requestFor(principal, requestId);
    const [view] = await this.requestViews(principal, actorOf(roles), [row]);
    if (!view) throw new Error(`help request ${requestId} missing after catching up`);
    return view;
  }

  private async requestViews(
    principal: Principal,
    actor: TutoringActor,
    rows: readonly RequestRow[],
  ): Promise<HelpRequestView[]> {
    const names = await this.identity.displayNames([...new Set(rows.map((r) => r.student_id))]);
    const topics = await Promise.all(rows.map((r) => this.open(r.student_id, r.topic, r.sealed)));
    // The referral note is for the tutor it names and the teachers, no one else: opened only for them.
    const seesNote = (r: RequestRow) => actor.staff || r.referred_to === principal.userId;
    const notes = await Promise.all(
      rows.map((r) =>
        seesNote(r) && r.referral_note !== null
          ? this.open(r.student_id, r.referral_note, r.referral_note_sealed)
          : null,
      ),
    );
    return rows.map((r, i) => {
      const note = notes[i] ?? null;
      return {
        requestId: r.id,
        classroomId: r.classroom_id,
        studentId: r.student_id,
        studentName: firstName(names.get(r.student_id) ?? ''),
        topic: topics[i] ?? '',
        subject: r.subject,
        docId: r.doc_id,
        checkpointId: r.checkpoint_id,
        status: r.status,
        raisedAt: iso(r.raised_at),
        referredTo: r.referred_to,
        ...(note !== null ? { referralNote: note } : {}),
        sessionId: r.session_id,
      };
    });
  }

  private async sessionView(row: SessionRow): Promise<TutoringSessionView> {
    const [request] = await this.db.query<{ topic: string; sealed: boolean }>(
      'SELECT topic, sealed FROM rm_help_requests WHERE id = $1',
      [row.request_id],
    );
    const notes = await this.db.query<{
      id: string;
      author_id: string;
      text: string;
      sealed: boolean;
      written_at: Date | string;
    }>('SELECT * FROM rm_tutoring_notes WHERE session_id = $1 ORDER BY written_at, id', [row.id]);
    const topic = request ? await this.open(row.student_id, request.topic, request.sealed) : '';
    const noteTexts = await Promise.all(notes.map((n) => this.open(n.author_id, n.text, n.sealed)));
    const summary =
      row.summary === null
        ? null
        : await this.open(row.ended_by ?? row.tutor_id, row.summary, row.summary_sealed);
    const comment =
      row.rating_comment === null
        ? null
        : await this.open(row.student_id, row.rating_comment, row.comment_sealed);
    const names = await this.identity.displayNames([
      row.tutor_id,
      row.student_id,
      ...notes.map((n) => n.author_id),
    ]);
    const nameOf = (id: string) => firstName(names.get(id) ?? '');
    return {
      sessionId: row.id,
      requestId: row.request_id,
      classroomId: row.classroom_id,
      tutorId: row.tutor_id,
      tutorName: nameOf(row.tutor_id),
      studentId: row.student_id,
      studentName: nameOf(row.student_id),
      topic,
      scratchpadDocId: row.scratchpad_doc_id,
      linkedDocId: row.linked_doc_id,
      linkedDocReadable: row.linked_doc_readable,
      status: row.status,
      startedAt: iso(row.started_at),
      endedAt: row.ended_at === null ? null : iso(row.ended_at),
      summary,
      rating: row.rating_stars === null ? null : { stars: row.rating_stars, comment },
      notes: notes.map((n, i) => ({
        noteId: n.id,
        authorId: n.author_id,
        authorName: nameOf(n.author_id),
        text: noteTexts[i] ?? '',
        writtenAt: iso(n.written_at),
      })),
    };
  }
}
