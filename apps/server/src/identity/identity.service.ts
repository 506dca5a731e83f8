import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { User, UserKind } from '@commonplace/shared';
import { AppError } from '../common/app-error.js';
import type { SqlDatabase } from '../database/sql-database.js';
import { SQL_DATABASE } from '../store/store.tokens.js';
import { PersonalDataVault } from '../personal-data/personal-data-vault.js';
import { hashPassword, verifyPassword } from './password.js';
import { PASSWORD_SIGN_IN_ATTEMPTS, SignInAttempts } from './sign-in-attempts.js';
import { hashStudentSecret } from './student-secret.js';

/**
 * Accounts: who can sign in, and the names people see. Personal data lives
 * here, outside the event log, whose events carry only ids.
 */
export const IDENTITY_MIGRATIONS = [
  {
    id: 'identity-001-accounts',
    sql: `CREATE TABLE IF NOT EXISTS accounts (
      id text PRIMARY KEY,
      login text NOT NULL UNIQUE,
      display_name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('teacher', 'student')),
      password_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
  },
  {
    // Guardians and mentors come in by invite links and need accounts of their own.
    id: 'identity-002-guardian-and-mentor-accounts',
    sql: `ALTER TABLE accounts DROP CONSTRAINT IF EXISTS accounts_kind_check;
      ALTER TABLE accounts ADD CONSTRAINT accounts_kind_check
        CHECK (kind IN ('teacher', 'student', 'guardian', 'mentor'))`,
  },
];

export interface NewAccountInput {
  readonly login: string;
  readonly displayName: string;
  readonly kind: UserKind;
  readonly password: string;
}

export interface PreparedAccount {
  readonly id: string;
  readonly login: string;
  readonly displayName: string;
  readonly kind: UserKind;
  readonly passwordHash: string;
}

/**
 * Young students have no account: the roster (`classrooms/`, which imports
 * identity) keeps them and hands its queries class here when it is made.
 * Reading before it has is a wiring mistake and throws.
 */
export interface YoungStudentSource {
  sealedYoungStudentNames(
    studentIds: readonly string[],
  ): Promise<readonly { studentId: string; sealedName: string }[]>;
  classroomIdByJoinCode(code: string): Promise<string | undefined>;
  youngStudentBySecret(classroomId: string, secretHash: string): Promise<string | undefined>;
  isYoungStudent(studentId: string): Promise<boolean>;
}

const loginTaken = () =>
  new AppError('auth.login-taken', 'That sign-in name is taken. Choose another one.');

interface AccountRow {
  id: string;
  login: string;
  display_name: string;
  kind: UserKind;
  password_hash: string;
}

// Verifying against this when the login is unknown keeps the response time the same.
const UNKNOWN_LOGIN_HASH = hashPassword(randomUUID());

@Injectable()
export class IdentityService {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly vault: PersonalDataVault,
    private readonly attempts: SignInAttempts,
    @Inject(PASSWORD_SIGN_IN_ATTEMPTS) private readonly passwordAttempts: SignInAttempts,
  ) {}

  private youngStudents: YoungStudentSource | undefined;

  readYoungStudentsFrom(source: YoungStudentSource): void {
    this.youngStudents = source;
  }

  private get roster(): YoungStudentSource {
    if (this.youngStudents === undefined)
      throw new Error('No young students to read: ClassroomQueries was never made.');
    return this.youngStudents;
  }

  async createAccount(input: NewAccountInput): Promise<User> {
    return this.saveAccount(await this.prepareAccount(input));
  }

  /**
   * Everything an account needs before it exists: its id, a free sign-in name
   * (checked now, and again as it is stored), the password's hash. Nothing is
   * stored, so a caller can first record what the account is for (an accepted
   * invite) and store it only if that succeeded.
   */
  async prepareAccount(input: NewAccountInput): Promise<PreparedAccount> {
    const login = input.login.trim().toLowerCase();
    const taken = await this.db.query('SELECT 1 FROM accounts WHERE login = $1', [login]);
    if (taken.length > 0) throw loginTaken();
    return {
      id: randomUUID(),
      login,
      displayName: input.displayName,
      kind: input.kind,
      passwordHash: await hashPassword(input.password),
    };
  }

  async saveAccount(account: PreparedAccount): Promise<User> {
    const stored = await this.db.query(
      `INSERT INTO accounts (id, login, display_name, kind, password_hash) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (login) DO NOTHING RETURNING id`,
      [account.id, account.login, account.displayName, account.kind, account.passwordHash],
    );
    if (stored.length === 0) throw loginTaken();
    return { id: account.id, displayName: account.displayName, kind: account.kind };
  }

  /** `from` is the caller's address: failures count per sign-in name and address. */
  async verifyCredentials(login: string, password: string, from = ''): Promise<User> {
    const normalized = login.trim().toLowerCase();
    const attemptKey = `${from}|${normalized}`;
    this.passwordAttempts.requireAllowed(attemptKey);
    const [row] = await this.db.query<AccountRow>('SELECT * FROM accounts WHERE login = $1', [
      normalized,
    ]);
    const valid = await verifyPassword(password, row?.password_hash ?? (await UNKNOWN_LOGIN_HASH));
    if (!row || !valid) {
      this.passwordAttempts.recordFailure(attemptKey);
      throw new AppError(
        'auth.invalid-credentials',
        'That sign-in name and password do not match. Check them, or ask your teacher to help.',
      );
    }
    return { id: row.id, displayName: row.display_name, kind: row.kind };
  }

  /** Any account, young students' (teacher-made, no login) included. */
  async findUser(id: string): Promise<User | undefined> {
    const [row] = await this.db.query<AccountRow>('SELECT * FROM accounts WHERE id = $1', [id]);
    if (row) return { id: row.id, displayName: row.display_name, kind: row.kind };
    return this.findYoungStudent(id);
  }

  /**
   * Names people see. Young students' names are sealed with their own key in
   * the roster read model (as in the log) and opened here, so erasing the key
   * erases the name everywhere it is shown.
   */
  async displayNames(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.query<{ id: string; display_name: string }>(
      'SELECT id, display_name FROM accounts WHERE id = ANY($1::text[])',
      [ids],
    );
    const names = new Map(rows.map((r) => [r.id, r.display_name]));
    const missing = ids.filter((id) => !names.has(id));
    if (missing.length === 0) return names;
    const sealed = await this.roster.sealedYoungStudentNames(missing);
    for (const row of sealed) {
      names.set(row.studentId, await this.vault.openText(row.studentId, row.sealedName));
    }
    return names;
  }

  /** A young student signing in with the class code and the secret from their card. */
  async verifyStudentCard(classCode: string, secret: string): Promise<User> {
    this.attempts.requireAllowed(classCode);
    const classroomId = await this.roster.classroomIdByJoinCode(classCode);
    // Hashing even for an unknown code keeps the response time the same.
    const hash = await hashStudentSecret(classroomId ?? 'unknown', secret);
    const studentId =
      classroomId === undefined
        ? undefined
        : await this.roster.youngStudentBySecret(classroomId, hash);
    if (studentId === undefined) {
      this.attempts.recordFailure(classCode);
      throw new AppError(
        'auth.invalid-credentials',
        'That class code and secret do not match. Check your card, or ask your teacher for a new one.',
      );
    }
    const names = await this.displayNames([studentId]);
    return { id: studentId, displayName: names.get(studentId) ?? '', kind: 'student' };
  }

  async findYoungStudent(id: string): Promise<User | undefined> {
    if (!(await this.roster.isYoungStudent(id))) return undefined;
    return { id, displayName: (await this.displayNames([id])).get(id) ?? '', kind: 'student' };
  }

  async isEmpty(): Promise<boolean> {
    const [row] = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM accounts');
    return (row?.n ?? 0) === 0;
  }
}
