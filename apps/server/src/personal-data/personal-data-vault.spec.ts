import { beforeEach, describe, expect, it } from '@jest/globals';
import type { PgliteDatabase } from '../database/pglite-database.js';
import { createSqlEventStore } from '../event-store/create-event-store.js';
import type { SqlEventStore } from '../event-store/sql-event-store.js';
import { pgliteTestDatabases } from '../testing/pglite-test-databases.js';
import { SubjectErasedError } from './key-store.port.js';
import {
  ERASED_TEXT,
  PERSON_ERASED,
  PersonalDataVault,
  SealedFieldUnreadableError,
  personalDataStream,
} from './personal-data-vault.js';
import { SqlKeyStore } from './sql-key-store.js';

describe('PersonalDataVault with the SQL key store', () => {
  const databases = pgliteTestDatabases();
  let db: PgliteDatabase;
  let events: SqlEventStore;
  let keys: SqlKeyStore;
  let vault: PersonalDataVault;

  beforeEach(async () => {
    db = await databases.create();
    events = await createSqlEventStore(db);
    keys = await SqlKeyStore.open(db);
    vault = new PersonalDataVault(keys, events);
  });

  it('seals text into an opaque versioned string and opens it again', async () => {
    const sealed = await vault.seal('student-1', 'Zoë Ångström 山田');
    expect(sealed).toMatch(/^pd1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    // Nothing of the text shows, not even base64-encoded. (A two-letter probe of the
    // string, as this once was, turns up in random ciphertext about one run in fifty.)
    for (const part of sealed.split('.').slice(1))
      expect(Buffer.from(part, 'base64url').includes(Buffer.from('Ångström'))).toBe(false);
    expect(await vault.open('student-1', sealed)).toEqual({
      erased: false,
      value: 'Zoë Ångström 山田',
    });
    // A fresh IV each time: equal names do not look equal in the log.
    expect(await vault.seal('student-1', 'Zoë Ångström 山田')).not.toBe(sealed);
  });

  it('creates one key per subject on first seal, and none for merely opening', async () => {
    await vault.seal('student-1', 'Ana');
    await vault.seal('student-1', 'Ana again');
    await vault.seal('student-2', 'Ben');
    const rows = await db.query<{ subject_id: string }>(
      'SELECT subject_id FROM personal_data_keys ORDER BY subject_id',
    );
    expect(rows.map((row) => row.subject_id)).toEqual(['student-1', 'student-2']);
    expect(await keys.keyForOpening('student-3')).toEqual({ state: 'absent' });
  });

  it('refuses to open a field copied onto another subject, a tampered field, or one that is not sealed', async () => {
    const sealed = await vault.seal('student-1', 'Ana');
    await vault.seal('student-2', 'Ben');
    await expect(vault.open('student-2', sealed)).rejects.toBeInstanceOf(
      SealedFieldUnreadableError,
    );
    const [version, iv, ciphertext, tag] = sealed.split('.');
    const flipped = `${ciphertext?.[0] === 'A' ? 'B' : 'A'}${ciphertext?.slice(1)}`;
    await expect(
      vault.open('student-1', [version, iv, flipped, tag].join('.')),
    ).rejects.toMatchObject({ code: 'personal-data.unreadable' });
    await expect(vault.open('student-1', 'Ana')).rejects.toThrow(/not a sealed field/);
    await expect(vault.open('student-1', `pd9.${iv}.${ciphertext}.${tag}`)).rejects.toThrow(
      /format "pd9", which this server does not know/,
    );
    await expect(vault.open('student-3', sealed)).rejects.toThrow(/no key for them/);
  });

  it('erases: the key is deleted, fields read as erased, and an audit event without personal data is logged once', async () => {
    const sealed = await vault.seal('student-1', 'Ana Lima');
    const other = await vault.seal('student-2', 'Ben');
    const { position } = await vault.erase('student-1', { erasedBy: 'admin-1' });
    await vault.erase('student-1', { erasedBy: 'admin-1' });

    expect(await vault.open('student-1', sealed)).toMatchObject({ erased: true });
    expect(await vault.openText('student-1', sealed)).toBe(ERASED_TEXT);
    expect(await vault.openText('student-2', other)).toBe('Ben');
    const [row] = await db.query<{ key: unknown }>(
      "SELECT key FROM personal_data_keys WHERE subject_id = 'student-1'",
    );
    expect(row?.key).toBeNull();

    const audit = await events.readStream(personalDataStream('student-1'));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      type: PERSON_ERASED,
      position,
      data: { subjectId: 'student-1' },
      metadata: { erasedBy: 'admin-1' },
    });
    expect(JSON.stringify(audit[0]?.data)).not.toContain('Ana');
  });

  it('refuses to seal anything new for an erased subject, even one that never had a key', async () => {
    await vault.erase('student-9');
    await expect(vault.seal('student-9', 'Ana')).rejects.toBeInstanceOf(SubjectErasedError);
    await expect(vault.seal('student-9', 'Ana')).rejects.toMatchObject({
      code: 'personal-data.subject-erased',
    });
  });

  it('forgets a cached key on erase at once, and another vault within its cache time', async () => {
    let now = 0;
    const other = new PersonalDataVault(keys, events, { keyCacheMs: 1_000, now: () => now });
    const sealed = await vault.seal('student-1', 'Ana');
    expect(await other.openText('student-1', sealed)).toBe('Ana');
    await vault.erase('student-1');
    expect(await vault.openText('student-1', sealed)).toBe(ERASED_TEXT);
    now += 1_001;
    expect(await other.openText('student-1', sealed)).toBe(ERASED_TEXT);
  });

  it('says clearly what is wrong with a bad subject id', async () => {
    await expect(vault.seal('', 'Ana')).rejects.toThrow(/subject id must be a non-empty string/);
  });
});
