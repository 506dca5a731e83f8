import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { SqlExecutor } from '../database/sql-database.js';
import type { EventStore } from '../event-store/event-store.port.js';
import type { KeyStore } from './key-store.port.js';
import { assertSubjectId } from './key-store.port.js';

/** Version 1 of the sealed format: `pd1.<iv>.<ciphertext>.<tag>`, each base64url. */
const FORMAT_V1 = 'pd1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** What a sealed field reads as once its subject is erased; safe to show to anyone. */
export const ERASED_TEXT = '[erased]';

/** The audit event erase() appends. It holds the subject's id and nothing personal. */
export const PERSON_ERASED = 'PersonErased';

export interface PersonErasedData {
  readonly subjectId: string;
  readonly erasedAt: string;
}

/** The audit trail of one subject's erasure. */
export function personalDataStream(subjectId: string): string {
  return `personal-data-${subjectId}`;
}

/** A sealed field, opened. */
export type OpenedField =
  | { readonly erased: false; readonly value: string }
  | { readonly erased: true; readonly erasedAt?: Date };

/** A sealed value that cannot be opened for a reason other than erasure: corrupt, tampered, or another subject's. */
export class SealedFieldUnreadableError extends Error {
  readonly code = 'personal-data.unreadable';
  constructor(
    readonly subjectId: string,
    reason: string,
  ) {
    super(
      `A personal field of ${subjectId} cannot be read: ${reason}. ` +
        'It was not erased; check that it belongs to this person and that the key store is the one the events were written with.',
    );
    this.name = 'SealedFieldUnreadableError';
  }
}

export interface PersonalDataVaultOptions {
  /**
   * How long a key is kept in memory after use, so a rebuild does not read
   * one key per event. erase() forgets it here at once; other instances
   * (PostgreSQL) stop using it within this time. Defaults to 1 s; 0 disables.
   */
  readonly keyCacheMs?: number;
  /** The clock, for the cache. */
  readonly now?: () => number;
}

/**
 * Seals personal fields (names, emails) with their subject's key, before they
 * go into an event, and opens them when a projection reads them. erase()
 * deletes the key: every copy of every field sealed with it, in the log and
 * in any backup of the log, reads as erased from then on.
 *
 * AES-256-GCM with a fresh 96-bit IV per field, and the subject id as
 * additional authenticated data, so a field copied onto another person fails
 * to open instead of showing the wrong name.
 */
export class PersonalDataVault {
  private readonly cache = new Map<string, { readonly key: Uint8Array; readonly until: number }>();
  private readonly keyCacheMs: number;
  private readonly now: () => number;

  constructor(
    private readonly keys: KeyStore,
    private readonly events: EventStore,
    options: PersonalDataVaultOptions = {},
  ) {
    this.keyCacheMs = options.keyCacheMs ?? 1_000;
    this.now = options.now ?? Date.now;
  }

  /** An opaque string to store in an event instead of `plaintext`. Throws SubjectErasedError for an erased subject. */
  async seal(subjectId: string, plaintext: string): Promise<string> {
    assertSubjectId(subjectId);
    if (typeof plaintext !== 'string')
      throw new Error(`Only text can be sealed, got ${typeof plaintext}.`);
    const key =
      this.cached(subjectId) ?? this.remember(subjectId, await this.keys.keyForSealing(subjectId));
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aadOf(subjectId));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT_V1, iv, ciphertext, cipher.getAuthTag()]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /**
   * The plaintext, or `{ erased: true }` once the subject is erased. Throws
   * SealedFieldUnreadableError otherwise. In a projection pass its `tx`: on
   * PGlite the database is busy with that transaction.
   */
  async open(subjectId: string, sealed: string, tx?: SqlExecutor): Promise<OpenedField> {
    assertSubjectId(subjectId);
    const parts = parse(subjectId, sealed);
    let key = this.cached(subjectId);
    if (!key) {
      const stored = await this.keys.keyForOpening(subjectId, tx);
      if (stored.state === 'erased') return { erased: true, erasedAt: stored.erasedAt };
      if (stored.state === 'absent')
        throw new SealedFieldUnreadableError(subjectId, 'the key store has no key for them');
      key = this.remember(subjectId, stored.key);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, parts.iv, {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(aadOf(subjectId));
      decipher.setAuthTag(parts.tag);
      const plaintext = Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]);
      return { erased: false, value: plaintext.toString('utf8') };
    } catch {
      throw new SealedFieldUnreadableError(subjectId, 'it fails its integrity check');
    }
  }

  /** The plaintext, or ERASED_TEXT once the subject is erased: what a read model stores. */
  async openText(
    subjectId: string,
    sealed: string,
    options: { readonly tx?: SqlExecutor; readonly placeholder?: string } = {},
  ): Promise<string> {
    const field = await this.open(subjectId, sealed, options.tx);
    const placeholder = options.placeholder ?? ERASED_TEXT;
    return field.erased ? placeholder : field.value;
  }

  /**
   * Deletes the subject's key, then records a PersonErased event (no personal
   * data in it) in `personal-data-<subjectId>`. Safe to retry: the key stays
   * deleted and the event is stored once (its id is derived from the subject).
   * Projections that copied opened fields handle PersonErased to purge them.
   */
  async erase(
    subjectId: string,
    options: { readonly erasedBy?: string } = {},
  ): Promise<{ readonly erasedAt: Date; readonly position: number }> {
    assertSubjectId(subjectId);
    this.cache.delete(subjectId);
    // The key first: if the audit append then fails, the data is already gone and a retry records it.
    const { erasedAt } = await this.keys.erase(subjectId);
    this.cache.delete(subjectId);
    const data: PersonErasedData = { subjectId, erasedAt: erasedAt.toISOString() };
    const { position } = await this.events.appendToStream(personalDataStream(subjectId), [
      {
        id: erasureEventId(subjectId),
        type: PERSON_ERASED,
        data,
        metadata: options.erasedBy ? { erasedBy: options.erasedBy } : {},
      },
    ]);
    return { erasedAt, position };
  }

  private cached(subjectId: string): Uint8Array | undefined {
    const entry = this.cache.get(subjectId);
    if (!entry) return undefined;
    if (entry.until > this.now()) return entry.key;
    this.cache.delete(subjectId);
    return undefined;
  }

  private remember(subjectId: string, key: Uint8Array): Uint8Array {
    if (this.keyCacheMs > 0) {
      // Bounded: a rebuild over many people must not keep every key in memory.
      if (this.cache.size >= 10_000) this.cache.clear();
      this.cache.set(subjectId, { key, until: this.now() + this.keyCacheMs });
    }
    return key;
  }
}

function aadOf(subjectId: string): Buffer {
  return Buffer.from(`commonplace-personal-data:${FORMAT_V1}:${subjectId}`, 'utf8');
}

function parse(subjectId: string, sealed: string): { iv: Buffer; ciphertext: Buffer; tag: Buffer } {
  if (typeof sealed !== 'string')
    throw new SealedFieldUnreadableError(subjectId, 'the value is not a sealed string');
  const parts = sealed.split('.');
  if (parts[0] !== FORMAT_V1 || parts.length !== 4)
    throw new SealedFieldUnreadableError(
      subjectId,
      parts[0]?.startsWith('pd') && parts.length === 4
        ? `it is sealed in format "${parts[0]}", which this server does not know`
        : 'the value is not a sealed field',
    );
  const [, iv = '', ciphertext = '', tag = ''] = parts;
  const decoded = {
    iv: Buffer.from(iv, 'base64url'),
    ciphertext: Buffer.from(ciphertext, 'base64url'),
    tag: Buffer.from(tag, 'base64url'),
  };
  if (decoded.iv.length !== IV_BYTES || decoded.tag.length !== TAG_BYTES)
    throw new SealedFieldUnreadableError(subjectId, 'the value is truncated');
  return decoded;
}

/** A UUID fixed by the subject, so a retried erase() appends nothing twice. */
function erasureEventId(subjectId: string): string {
  const hex = createHash('sha256').update(`${PERSON_ERASED}:${subjectId}`).digest('hex');
  // Shaped as a version-8 (custom) RFC 9562 UUID.
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
