import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { rosterDecider, streams } from '@commonplace/domain';
import type { RosterCommand } from '@commonplace/domain';
import type {
  AcceptInviteRequest,
  AcceptInviteResponse,
  CreateInviteRequest,
  CreatedInvite,
  InvitePage,
  InvitePreview,
  InviteView,
  UserKind,
} from '@commonplace/shared';
import { CreateInviteRequestSchema } from '@commonplace/shared';
import { AppError } from '../common/app-error.js';
import { CommandHandler } from '../commands/command.handler.js';
import type { SqlDatabase } from '../database/sql-database.js';
import type { PreparedAccount } from '../identity/identity.service.js';
import { IdentityService } from '../identity/identity.service.js';
import type { Principal } from '../identity/token.service.js';
import { TokenService } from '../identity/token.service.js';
import { SQL_DATABASE } from '../store/store.tokens.js';
import { ClassroomAccess } from './classroom-access.service.js';
import { ClassroomQueries } from './classroom.queries.js';

interface InviteRow {
  id: string;
  classroom_id: string;
  role: InviteView['role'];
  token_hash: string;
  expires_at: Date | string;
  student_ids: string[];
  access_until: Date | string | null;
  status: 'open' | 'accepted' | 'revoked';
  accepted_by: string | null;
}

/** The token carries its invite's id, so a look-up needs no scan; only its hash is stored. */
const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');
const newToken = (inviteId: string) => `${inviteId}.${randomBytes(24).toString('base64url')}`;

/** The kind of account an accepted invite makes for someone who has none. */
const ACCOUNT_KIND: Record<InviteView['role'], UserKind> = {
  'co-teacher': 'teacher',
  guardian: 'guardian',
  mentor: 'mentor',
};

function view(row: InviteRow, now: Date): InviteView {
  const expired = row.status === 'open' && new Date(row.expires_at).getTime() <= now.getTime();
  return {
    inviteId: row.id,
    classroomId: row.classroom_id,
    role: row.role,
    status: expired ? 'expired' : row.status,
    expiresAt: new Date(row.expires_at).toISOString(),
    studentIds: row.student_ids,
    accessUntil: row.access_until ? new Date(row.access_until).toISOString() : null,
    acceptedBy: row.accepted_by,
  };
}

/** Invite links for co-teachers, guardians and mentors: issued, previewed, accepted, revoked. */
@Injectable()
export class InviteService {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly commands: CommandHandler,
    private readonly access: ClassroomAccess,
    private readonly classrooms: ClassroomQueries,
    private readonly identity: IdentityService,
    private readonly tokens: TokenService,
  ) {}

  private async run(
    by: string,
    command: Omit<RosterCommand, 'metadata'>,
    afterAppend?: () => Promise<void>,
  ): Promise<void> {
    await this.commands.send(
      rosterDecider,
      streams.classroom(command.data.classroomId),
      by,
      command,
      { afterAppend },
    );
  }

  private async row(inviteId: string): Promise<InviteRow | undefined> {
    const [row] = await this.db.query<InviteRow>('SELECT * FROM rm_invites WHERE id = $1', [
      inviteId,
    ]);
    return row;
  }

  async create(
    principal: Principal,
    classroomId: string,
    request: CreateInviteRequest,
  ): Promise<CreatedInvite> {
    const body = CreateInviteRequestSchema.parse(request);
    await this.access.require(
      classroomId,
      principal.userId,
      body.role === 'co-teacher' ? 'classroom.own' : 'classroom.manage-roster',
    );
    const inviteId = randomUUID();
    const token = newToken(inviteId);
    await this.run(principal.userId, {
      type: 'IssueInvite',
      data: {
        classroomId,
        inviteId,
        role: body.role,
        tokenHash: hashToken(token),
        expiresAt: new Date(Date.now() + body.expiresInHours * 3_600_000).toISOString(),
        ...(body.studentIds ? { studentIds: body.studentIds } : {}),
        ...(body.accessUntil ? { accessUntil: new Date(body.accessUntil).toISOString() } : {}),
      },
    });
    const row = await this.row(inviteId);
    if (!row) throw new Error(`invite ${inviteId} missing after catching up`);
    return { invite: view(row, new Date()), token };
  }

  async list(
    principal: Principal,
    classroomId: string,
    limit: number,
    cursor?: string,
  ): Promise<InvitePage> {
    await this.access.require(classroomId, principal.userId, 'classroom.manage-roster');
    const rows = await this.db.query<InviteRow>(
      `SELECT * FROM rm_invites WHERE classroom_id = $1 AND ($2::text IS NULL OR id > $2)
       ORDER BY id LIMIT $3`,
      [classroomId, cursor ?? null, limit + 1],
    );
    const page = rows.slice(0, limit);
    const now = new Date();
    return {
      items: page.map((r) => view(r, now)),
      nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
    };
  }

  async revoke(principal: Principal, classroomId: string, inviteId: string): Promise<void> {
    await this.access.require(classroomId, principal.userId, 'classroom.manage-roster');
    await this.run(principal.userId, { type: 'RevokeInvite', data: { classroomId, inviteId } });
  }

  /** The invite a token names, if the token is really its own; the same refusal otherwise. */
  private async byToken(token: string): Promise<InviteRow> {
    const row = await this.row(token.split('.')[0] ?? '');
    if (!row || row.token_hash !== hashToken(token)) {
      throw new AppError(
        'invite.not-found',
        'This invite link is not valid. Ask for a new one from the classroom’s teacher.',
      );
    }
    return row;
  }

  async preview(token: string): Promise<InvitePreview> {
    const row = await this.byToken(token);
    const classroom = await this.classrooms.classroomRow(row.classroom_id);
    const { role, status, expiresAt } = view(row, new Date());
    return { classroomName: classroom.name, role, status, expiresAt };
  }

  /**
   * Signed in: the invite joins that account. Not signed in: `account` makes
   * one (guardians and mentors usually have none) and the answer carries its
   * session. The domain decides expiry, reuse and revocation.
   */
  async accept(
    principal: Principal | undefined,
    request: AcceptInviteRequest,
  ): Promise<AcceptInviteResponse> {
    const row = await this.byToken(request.token);
    let userId = principal?.userId;
    let token: string | undefined;
    let account: PreparedAccount | undefined;
    if (!userId) {
      if (!request.account) {
        throw new AppError(
          'auth.unauthenticated',
          'Sign in first, or choose a sign-in name and password to make your account.',
        );
      }
      // Checked before making the account, so a dead link leaves no orphan account behind.
      const current = view(row, new Date());
      if (current.status !== 'open') {
        throw new AppError(
          'invite.not-found',
          'This invite link is no longer valid. Ask for a new one from the classroom’s teacher.',
        );
      }
      account = await this.identity.prepareAccount({
        login: request.account.login,
        displayName: request.account.displayName,
        kind: ACCOUNT_KIND[row.role],
        password: request.account.password,
      });
      userId = account.id;
    }
    // A new account is stored only after its acceptance is: of several people
    // accepting one link at once, the append with the expected revision lets one
    // win, and the others are refused (invite used) before any account is made.
    const prepared = account;
    await this.run(
      userId,
      {
        type: 'AcceptInvite',
        data: {
          classroomId: row.classroom_id,
          inviteId: row.id,
          tokenHash: hashToken(request.token),
        },
      },
      prepared &&
        (async () => {
          const user = await this.identity.saveAccount(prepared);
          token = await this.tokens.issue({ userId: user.id, kind: user.kind }, { via: 'invite' });
        }),
    );
    return {
      classroom: await this.classrooms.summary(row.classroom_id, userId),
      ...(token ? { token } : {}),
    };
  }
}
