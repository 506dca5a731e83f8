import type { InquiryEvent } from '@commonplace/domain';
import type { SqlExecutor } from '../database/sql-database.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { Projection } from '../projections/projection.js';
import type { RunWriter } from '../projections/apply-in-runs.js';
import { applyInRuns, insertRun } from '../projections/apply-in-runs.js';

/** Inquiry spaces, their classrooms, posts and removed participants, as the API reads them. */
export const inquiryProjection: Projection = {
  name: 'inquiry',
  handles: [
    'InquirySpaceOpened',
    'InquiryClassroomInvited',
    'InquiryInvitationAccepted',
    'InquiryInvitationDeclined',
    'InquiryPostAdded',
    'InquiryPostHidden',
    'InquiryBoardLocked',
    'InquiryBoardUnlocked',
    'InquiryParticipantRemoved',
    'MentorInvited',
    'MentorSignedIn',
    'MentorOpenedBoard',
    'MentorRevoked',
    'MentorAccessExpired',
  ],
  migrations: [
    {
      id: 'inquiry-001-tables',
      sql: `
        CREATE TABLE IF NOT EXISTS rm_inquiry_spaces (
          id text PRIMARY KEY, host_classroom_id text NOT NULL, title text NOT NULL,
          driving_question text NOT NULL, board_doc_id text NOT NULL, locked boolean NOT NULL,
          opened_at timestamptz NOT NULL);
        CREATE TABLE IF NOT EXISTS rm_inquiry_classrooms (
          space_id text NOT NULL, classroom_id text NOT NULL, status text NOT NULL,
          PRIMARY KEY (space_id, classroom_id));
        CREATE INDEX IF NOT EXISTS rm_inquiry_classrooms_classroom ON rm_inquiry_classrooms (classroom_id);
        CREATE TABLE IF NOT EXISTS rm_inquiry_posts (
          id text PRIMARY KEY, space_id text NOT NULL, kind text NOT NULL, reply_to text,
          author_role text NOT NULL, author_id text NOT NULL, classroom_id text,
          text text NOT NULL, posted_at timestamptz NOT NULL, hidden boolean NOT NULL);
        CREATE INDEX IF NOT EXISTS rm_inquiry_posts_space ON rm_inquiry_posts (space_id, posted_at);
        CREATE TABLE IF NOT EXISTS rm_inquiry_removed (
          space_id text NOT NULL, user_id text NOT NULL, PRIMARY KEY (space_id, user_id));
      `,
    },
    {
      // Mentors of one space and their access log: every sign-in, board opened and post.
      id: 'inquiry-002-mentors',
      sql: `
        CREATE TABLE IF NOT EXISTS rm_inquiry_mentors (
          id text PRIMARY KEY, space_id text NOT NULL, name text NOT NULL, organisation text NOT NULL,
          background_check_on text NOT NULL, expires_at timestamptz NOT NULL, status text NOT NULL);
        CREATE INDEX IF NOT EXISTS rm_inquiry_mentors_space ON rm_inquiry_mentors (space_id);
        CREATE TABLE IF NOT EXISTS rm_inquiry_mentor_log (
          position bigint PRIMARY KEY, mentor_id text NOT NULL, at timestamptz NOT NULL,
          kind text NOT NULL, detail text NOT NULL);
        CREATE INDEX IF NOT EXISTS rm_inquiry_mentor_log_mentor ON rm_inquiry_mentor_log (mentor_id, position);
      `,
    },
    {
      // Post bodies and mentors' names are sealed with their person's key (see InquiryPersonalData); older rows are not.
      id: 'inquiry-003-sealed',
      sql: `
        ALTER TABLE rm_inquiry_mentors ADD COLUMN IF NOT EXISTS sealed boolean NOT NULL DEFAULT false;
        ALTER TABLE rm_inquiry_posts ADD COLUMN IF NOT EXISTS sealed boolean NOT NULL DEFAULT false;
        ALTER TABLE rm_inquiry_mentor_log ADD COLUMN IF NOT EXISTS sealed boolean NOT NULL DEFAULT false;
      `,
    },
    {
      // How students see a mentor, chosen at invite ("Dr Okafor"); null for older invites: their name.
      id: 'inquiry-004-mentor-display-name',
      sql: `ALTER TABLE rm_inquiry_mentors ADD COLUMN IF NOT EXISTS display_name text;`,
    },
  ],

  /**
   * A space's life is order-dependent (a classroom invited, then joined; a
   * post hidden after it was added; a mentor signing in, revoked, expired), so
   * only runs of plain additions go in as one statement each: a class posting
   * its evidence (with the mentor log's line for a mentor's post), boards
   * opened by mentors, participants removed, mentors invited. Everything else
   * is applied one by one, in its place.
   */
  async applyBatch(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    await applyInRuns(events, tx, INQUIRY_RUNS, (event, inTx) =>
      inquiryProjection.apply(event, inTx),
    );
  },

  async apply(recorded: RecordedEvent, tx: SqlExecutor): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as InquiryEvent;
    const setStatus = (spaceId: string, classroomId: string, status: string) =>
      tx.query(
        `INSERT INTO rm_inquiry_classrooms (space_id, classroom_id, status) VALUES ($1, $2, $3)
         ON CONFLICT (space_id, classroom_id) DO UPDATE SET status = EXCLUDED.status`,
        [spaceId, classroomId, status],
      );
    const log = (mentorId: string, at: string, kind: string, detail: string, sealed = false) =>
      tx.query(
        `INSERT INTO rm_inquiry_mentor_log (position, mentor_id, at, kind, detail, sealed)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (position) DO NOTHING`,
        [recorded.position, mentorId, at, kind, detail, sealed],
      );
    const mentorStatus = (mentorId: string, status: string) =>
      tx.query('UPDATE rm_inquiry_mentors SET status = $2 WHERE id = $1', [mentorId, status]);
    switch (event.type) {
      case 'MentorInvited': {
        const d = event.data;
        await tx.query(
          `INSERT INTO rm_inquiry_mentors (id, space_id, name, organisation, background_check_on, expires_at, status, sealed, display_name)
           VALUES ($1, $2, $3, $4, $5, $6, 'invited', $7, $8) ON CONFLICT (id) DO NOTHING`,
          [
            d.mentorId,
            d.spaceId,
            d.name,
            d.organisation,
            d.backgroundCheckVerifiedOn,
            d.expiresAt,
            d.sealed === true,
            d.displayName ?? null,
          ],
        );
        return;
      }
      case 'MentorSignedIn':
        await mentorStatus(event.data.mentorId, 'active');
        await log(event.data.mentorId, event.data.at, 'signed-in', 'through the invite link');
        return;
      case 'MentorOpenedBoard':
        await log(event.data.mentorId, event.data.at, 'document-opened', event.data.docId);
        return;
      case 'MentorRevoked':
        await mentorStatus(event.data.mentorId, 'revoked');
        await log(event.data.mentorId, event.data.at, 'revoked', `by ${event.data.by}`);
        return;
      case 'MentorAccessExpired':
        await mentorStatus(event.data.mentorId, 'expired');
        await log(event.data.mentorId, event.data.at, 'expired', 'the access period ended');
        return;
      case 'InquirySpaceOpened': {
        const d = event.data;
        await tx.query(
          `INSERT INTO rm_inquiry_spaces (id, host_classroom_id, title, driving_question, board_doc_id, locked, opened_at)
           VALUES ($1, $2, $3, $4, $5, false, $6) ON CONFLICT (id) DO NOTHING`,
          [d.spaceId, d.hostClassroomId, d.title, d.drivingQuestion, d.boardDocId, d.at],
        );
        await setStatus(d.spaceId, d.hostClassroomId, 'host');
        return;
      }
      case 'InquiryClassroomInvited':
        await setStatus(event.data.spaceId, event.data.classroomId, 'invited');
        return;
      case 'InquiryInvitationAccepted':
        await setStatus(event.data.spaceId, event.data.classroomId, 'joined');
        return;
      case 'InquiryInvitationDeclined':
        await setStatus(event.data.spaceId, event.data.classroomId, 'declined');
        return;
      case 'InquiryPostAdded': {
        const d = event.data;
        const author = d.author;
        await tx.query(
          `INSERT INTO rm_inquiry_posts (id, space_id, kind, reply_to, author_role, author_id, classroom_id, text, posted_at, hidden, sealed)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, false, $10) ON CONFLICT (id) DO NOTHING`,
          [
            d.postId,
            d.spaceId,
            d.kind,
            d.replyTo,
            author.role,
            author.role === 'mentor' ? author.mentorId : author.userId,
            author.role === 'mentor' ? null : author.classroomId,
            d.text,
            d.at,
            d.sealed === true,
          ],
        );
        if (author.role === 'mentor')
          await log(author.mentorId, d.at, 'posted', d.text, d.sealed === true);
        return;
      }
      case 'InquiryPostHidden':
        await tx.query('UPDATE rm_inquiry_posts SET hidden = true WHERE id = $1', [
          event.data.postId,
        ]);
        return;
      case 'InquiryBoardLocked':
      case 'InquiryBoardUnlocked':
        await tx.query('UPDATE rm_inquiry_spaces SET locked = $2 WHERE id = $1', [
          event.data.spaceId,
          event.type === 'InquiryBoardLocked',
        ]);
        return;
      case 'InquiryParticipantRemoved':
        await tx.query(
          'INSERT INTO rm_inquiry_removed (space_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
          [event.data.spaceId, event.data.userId],
        );
        return;
      default:
        return;
    }
  },
};

type Data<T extends InquiryEvent['type']> = Extract<InquiryEvent, { type: T }>['data'];

const insertPosts = insertRun<Data<'InquiryPostAdded'>>('rm_inquiry_posts', [
  ['id', 'text', (d) => d.postId],
  ['space_id', 'text', (d) => d.spaceId],
  ['kind', 'text', (d) => d.kind],
  ['reply_to', 'text', (d) => d.replyTo],
  ['author_role', 'text', (d) => d.author.role],
  ['author_id', 'text', (d) => (d.author.role === 'mentor' ? d.author.mentorId : d.author.userId)],
  ['classroom_id', 'text', (d) => (d.author.role === 'mentor' ? null : d.author.classroomId)],
  ['text', 'text', (d) => d.text],
  ['posted_at', 'timestamptz', (d) => d.at],
  ['hidden', 'boolean', () => false],
  ['sealed', 'boolean', (d) => d.sealed === true],
]);

/** A mentor's post is also a line of their access log, keyed by its position. */
const logMentorPosts = insertRun<Data<'InquiryPostAdded'>>('rm_inquiry_mentor_log', [
  ['position', 'bigint', (_, event) => event.position],
  ['mentor_id', 'text', (d) => (d.author.role === 'mentor' ? d.author.mentorId : null)],
  ['at', 'timestamptz', (d) => d.at],
  ['kind', 'text', () => 'posted'],
  ['detail', 'text', (d) => d.text],
  ['sealed', 'boolean', (d) => d.sealed === true],
]);

const INQUIRY_RUNS: Readonly<Partial<Record<string, RunWriter>>> = {
  InquiryPostAdded: async (events, tx) => {
    await insertPosts(events, tx);
    const byMentors = events.filter(
      (event) => (event.data as Data<'InquiryPostAdded'>).author.role === 'mentor',
    );
    if (byMentors.length > 0) await logMentorPosts(byMentors, tx);
  },
  MentorOpenedBoard: insertRun<Data<'MentorOpenedBoard'>>('rm_inquiry_mentor_log', [
    ['position', 'bigint', (_, event) => event.position],
    ['mentor_id', 'text', (d) => d.mentorId],
    ['at', 'timestamptz', (d) => d.at],
    ['kind', 'text', () => 'document-opened'],
    ['detail', 'text', (d) => d.docId],
    ['sealed', 'boolean', () => false],
  ]),
  InquiryParticipantRemoved: insertRun<Data<'InquiryParticipantRemoved'>>('rm_inquiry_removed', [
    ['space_id', 'text', (d) => d.spaceId],
    ['user_id', 'text', (d) => d.userId],
  ]),
  MentorInvited: insertRun<Data<'MentorInvited'>>('rm_inquiry_mentors', [
    ['id', 'text', (d) => d.mentorId],
    ['space_id', 'text', (d) => d.spaceId],
    ['name', 'text', (d) => d.name],
    ['organisation', 'text', (d) => d.organisation],
    ['background_check_on', 'text', (d) => d.backgroundCheckVerifiedOn],
    ['expires_at', 'timestamptz', (d) => d.expiresAt],
    ['status', 'text', () => 'invited'],
    ['sealed', 'boolean', (d) => d.sealed === true],
    ['display_name', 'text', (d) => d.displayName ?? null],
  ]),
};
