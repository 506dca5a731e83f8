import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { InquiryCommand } from '@commonplace/domain';
import { DomainError, inquiryDecider, streams } from '@commonplace/domain';
import type {
  InviteMentorRequest,
  MentorAccessReport,
  MentorInviteCreated,
  MentorSignInResponse,
  MentorView,
} from '@commonplace/shared';
import { CommandHandler } from '../commands/command.handler.js';
import type { SqlDatabase } from '../database/sql-database.js';
import type { Principal } from '../identity/token.service.js';
import { TokenService } from '../identity/token.service.js';
import { SQL_DATABASE } from '../store/store.tokens.js';
import { InquiryPersonalData } from './inquiry-personal-data.service.js';
import { InquiryService } from './inquiry.service.js';

interface MentorRow {
  id: string;
  space_id: string;
  name: string;
  display_name: string | null;
  organisation: string;
  background_check_on: string;
  expires_at: Date | string;
  status: MentorView['status'];
  sealed: boolean;
}

const hash = (secret: string) => createHash('sha256').update(secret).digest('base64url');

/**
 * Community mentors of one inquiry space. The invite link carries the space,
 * the mentor and a secret whose hash only is stored; signing in through it
 * gives a session good for that space alone, checked against the space's
 * stream (revocation, expiry) on every command and read.
 */
@Injectable()
export class MentorService {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly commands: CommandHandler,
    private readonly tokens: TokenService,
    private readonly inquiry: InquiryService,
    private readonly personal: InquiryPersonalData,
  ) {}

  private async run(by: string, command: Omit<InquiryCommand, 'metadata'>) {
    await this.commands.send(inquiryDecider, streams.inquiry(command.data.spaceId), by, command);
  }

  async invite(
    principal: Principal,
    spaceId: string,
    body: InviteMentorRequest,
  ): Promise<MentorInviteCreated> {
    const actor = await this.inquiry.moderatorActor(principal, spaceId);
    const mentorId = randomUUID();
    const secret = randomBytes(24).toString('base64url');
    // The mentor's name and organisation enter the log sealed with their own key.
    const displayName = body.displayName?.trim();
    const sealed = {
      name: await this.personal.seal(mentorId, body.name.trim()),
      organisation: await this.personal.seal(mentorId, body.organisation.trim()),
      ...(displayName ? { displayName: await this.personal.seal(mentorId, displayName) } : {}),
    };
    await this.run(principal.userId, {
      type: 'InviteMentor',
      data: { spaceId, mentorId, ...body, sealed, tokenHash: hash(secret), actor },
    });
    return {
      mentor: await this.mentor(spaceId, mentorId),
      inviteToken: `${spaceId}.${mentorId}.${secret}`,
    };
  }

  async list(principal: Principal, spaceId: string): Promise<MentorView[]> {
    await this.inquiry.moderatorActor(principal, spaceId);
    const rows = await this.db.query<MentorRow>(
      'SELECT * FROM rm_inquiry_mentors WHERE space_id = $1 ORDER BY id',
      [spaceId],
    );
    const views = await Promise.all(rows.map((row) => this.toView(row)));
    return views.sort(
      (a, b) => a.name.localeCompare(b.name) || a.mentorId.localeCompare(b.mentorId),
    );
  }

  async revoke(principal: Principal, spaceId: string, mentorId: string): Promise<void> {
    const actor = await this.inquiry.moderatorActor(principal, spaceId);
    await this.run(principal.userId, { type: 'RevokeMentor', data: { spaceId, mentorId, actor } });
  }

  /** The expiry timer's command: records the end once, and nothing before it is due. */
  async expire(spaceId: string, mentorId: string): Promise<void> {
    await this.run('system', { type: 'ExpireMentor', data: { spaceId, mentorId } });
  }

  async report(
    principal: Principal,
    spaceId: string,
    mentorId: string,
  ): Promise<MentorAccessReport> {
    await this.inquiry.moderatorActor(principal, spaceId);
    const mentor = await this.mentor(spaceId, mentorId);
    const entries = await this.db.query<{
      at: Date | string;
      kind: string;
      detail: string;
      sealed: boolean;
    }>(
      'SELECT at, kind, detail, sealed FROM rm_inquiry_mentor_log WHERE mentor_id = $1 ORDER BY position',
      [mentorId],
    );
    return {
      mentor,
      entries: await Promise.all(
        entries.map(async (e) => ({
          at: new Date(e.at).toISOString(),
          kind: e.kind as MentorAccessReport['entries'][number]['kind'],
          detail: await this.personal.read(mentorId, e.detail, e.sealed),
        })),
      ),
    };
  }

  async signIn(inviteToken: string): Promise<MentorSignInResponse> {
    const [spaceId, mentorId, secret] = inviteToken.split('.');
    const known =
      spaceId && mentorId && secret
        ? await this.db.query('SELECT 1 FROM rm_inquiry_mentors WHERE id = $1 AND space_id = $2', [
            mentorId,
            spaceId,
          ])
        : [];
    // A made-up link says the same whatever part of it is wrong.
    if (!spaceId || !mentorId || !secret || known.length === 0) {
      throw new DomainError('inquiry.mentor-not-found', 'This invite link is not valid.');
    }
    await this.run(mentorId, {
      type: 'SignInMentor',
      data: { spaceId, mentorId, tokenHash: hash(secret) },
    });
    const mentor = await this.mentor(spaceId, mentorId);
    return {
      token: await this.tokens.issue({ userId: mentorId, kind: 'mentor' }, { via: 'mentor-link' }),
      mentorId,
      spaceId,
      expiresAt: mentor.expiresAt,
      displayName: mentor.displayName,
    };
  }

  private async mentor(spaceId: string, mentorId: string): Promise<MentorView> {
    const [row] = await this.db.query<MentorRow>(
      'SELECT * FROM rm_inquiry_mentors WHERE id = $1 AND space_id = $2',
      [mentorId, spaceId],
    );
    if (!row) throw new DomainError('inquiry.mentor-not-found', 'No such mentor in this space.');
    return this.toView(row);
  }

  private async toView(row: MentorRow): Promise<MentorView> {
    const expired = row.status !== 'revoked' && new Date(row.expires_at).getTime() <= Date.now();
    const name = await this.personal.read(row.id, row.name, row.sealed);
    return {
      mentorId: row.id,
      spaceId: row.space_id,
      name,
      displayName:
        row.display_name === null
          ? name
          : await this.personal.read(row.id, row.display_name, row.sealed),
      organisation: await this.personal.read(row.id, row.organisation, row.sealed),
      backgroundCheckVerifiedOn: row.background_check_on,
      expiresAt: new Date(row.expires_at).toISOString(),
      status: expired ? 'expired' : row.status,
    };
  }
}
