import type { SqlExecutor } from '../database/sql-database.js';

/**
 * Per-person encryption keys. Personal fields in events are sealed with their
 * subject's key; deleting the key (crypto-shredding) makes every copy of those
 * fields unreadable, in the log and in backups of it alike.
 *
 * Keys are secrets: implementations never log them or put them in errors.
 */
export type SubjectKey =
  | { readonly state: 'active'; readonly key: Uint8Array }
  /** The key was deleted: whatever it sealed is gone for good. */
  | { readonly state: 'erased'; readonly erasedAt: Date }
  /** No key was ever created for this subject. */
  | { readonly state: 'absent' };

export interface KeyStore {
  /** The subject's key, created on first use. Throws SubjectErasedError once erased. */
  keyForSealing(subjectId: string): Promise<Uint8Array>;
  /**
   * The subject's key as it is now; never creates one. Inside a projection,
   * pass its transaction `tx` (on PGlite the database is busy with it).
   */
  keyForOpening(subjectId: string, tx?: SqlExecutor): Promise<SubjectKey>;
  /**
   * Deletes the key and remembers that the subject was erased, so no new key
   * is ever made for them. Idempotent: resolves with when it first happened.
   */
  erase(subjectId: string): Promise<{ readonly erasedAt: Date; readonly alreadyErased: boolean }>;
}

/** A subject who was erased: nothing new may be sealed for them. */
export class SubjectErasedError extends Error {
  readonly code = 'personal-data.subject-erased';
  constructor(readonly subjectId: string) {
    super(
      `Person ${subjectId} was erased: no personal data can be stored for them any more. ` +
        'If they come back, give them a new account (a new id).',
    );
    this.name = 'SubjectErasedError';
  }
}

export function assertSubjectId(subjectId: string): void {
  if (typeof subjectId !== 'string' || subjectId.length === 0 || subjectId.length > 200)
    throw new Error(
      `A personal-data subject id must be a non-empty string of at most 200 characters, got ${JSON.stringify(subjectId)}.`,
    );
}
