import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { User, UserKind } from '@commonplace/shared';
import { AppError } from '../common/app-error.js';
import type { SqlDatabase } from '../database/sql-database.js';
import { SQL_DATABASE } from '../store/store.tokens.js';
import { hashPassword, verifyPassword } from './password.js';

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
];

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
  constructor(@Inject(SQL_DATABASE) private readonly db: SqlDatabase) {}

  async createAccount(input: {
    login: string;
    displayName: string;
    kind: UserKind;
    password: string;
  }): Promise<User> {
    const id = randomUUID();
    await this.db.query(
      'INSERT INTO accounts (id, login, display_name, kind, password_hash) VALUES ($1, $2, $3, $4, $5)',
      [
        id,
        input.login.trim().toLowerCase(),
        input.displayName,
        input.kind,
        await hashPassword(input.password),
      ],
    );
    return { id, displayName: input.displayName, kind: input.kind };
  }

  async verifyCredentials(login: string, password: string): Promise<User> {
    const [row] = await this.db.query<AccountRow>('SELECT * FROM accounts WHERE login = $1', [
      login.trim().toLowerCase(),
    ]);
    const valid = await verifyPassword(password, row?.password_hash ?? (await UNKNOWN_LOGIN_HASH));
    if (!row || !valid) {
      throw new AppError(
        'auth.invalid-credentials',
        'That sign-in name and password do not match. Check them, or ask your teacher to help.',
      );
    }
    return { id: row.id, displayName: row.display_name, kind: row.kind };
  }

  async findUser(id: string): Promise<User | undefined> {
    const [row] = await this.db.query<AccountRow>('SELECT * FROM accounts WHERE id = $1', [id]);
    return row && { id: row.id, displayName: row.display_name, kind: row.kind };
  }

  async displayNames(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.query<{ id: string; display_name: string }>(
      'SELECT id, display_name FROM accounts WHERE id = ANY($1::text[])',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  async isEmpty(): Promise<boolean> {
    const [row] = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM accounts');
    return (row?.n ?? 0) === 0;
  }
}
