import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createSqlEventStore } from '../event-store/create-event-store.js';
import { newEvent } from '../testing/event-store-conformance.js';
import { within } from '../testing/timeouts.js';
import { FolderLockedError, LOCK_FILE_NAME } from './folder-lock.js';
import { PGLITE_SUBFOLDER, PgliteDatabase } from './pglite-database.js';

jest.setTimeout(120_000);

const SERVER_ROOT = new URL('../..', import.meta.url).pathname;

/** Starts `node -e script` from the server package (so it resolves its dependencies) and returns it once `ready` is printed. */
async function startNode(script: string, ready?: string): Promise<ReturnType<typeof spawn>> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: SERVER_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (ready === undefined) return child;
  let output = '';
  await within(
    60_000,
    `the child process to print "${ready}"`,
    (async () => {
      for await (const chunk of child.stdout ?? []) {
        output += String(chunk);
        if (output.includes(ready)) return;
      }
      throw new Error(`The child process exited without printing "${ready}".`);
    })(),
  );
  return child;
}

async function deadPid(): Promise<number> {
  const child = await startNode('');
  const pid = child.pid ?? 0;
  if (child.exitCode === null) await once(child, 'exit');
  return pid;
}

describe('PgliteDatabase in a data folder', () => {
  let dir: string;
  const open: PgliteDatabase[] = [];
  const children: ReturnType<typeof spawn>[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'commonplace-pglite-'));
  });

  afterEach(async () => {
    for (const child of children.splice(0))
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const db of open.splice(0)) await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function openDb(): Promise<PgliteDatabase> {
    const db = await PgliteDatabase.open(dir);
    open.push(db);
    return db;
  }

  it('keeps the log across close and reopen, and releases the lock on close', async () => {
    const db = await openDb();
    const store = await createSqlEventStore(db);
    const appended = await store.appendToStream('classroom-1', [
      newEvent('ClassroomCreated', { name: 'Ωmega' }),
    ]);
    expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(true);
    expect(existsSync(join(dir, PGLITE_SUBFOLDER, 'PG_VERSION'))).toBe(true);
    await db.close();
    expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(false);

    const reopened = await openDb();
    const again = await createSqlEventStore(reopened);
    const events = await again.readStream('classroom-1');
    expect(events.map((e) => [e.type, e.data, e.position])).toEqual([
      ['ClassroomCreated', { name: 'Ωmega' }, appended.position],
    ]);
    await expect(
      again.appendToStream('classroom-1', [newEvent('StudentJoinedClassroom')], {
        expectedRevision: 0,
      }),
    ).resolves.toEqual({
      nextExpectedRevision: 1,
      position: 2,
    });
  });

  /** Every path under `dir` that someone other than its owner could read, write or enter. */
  function openToOthers(): string[] {
    const loose: string[] = [];
    const walk = (folder: string): void => {
      if ((lstatSync(folder).mode & 0o077) !== 0) loose.push(folder);
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) walk(path);
        else if ((lstatSync(path).mode & 0o077) !== 0) loose.push(path);
      }
    };
    walk(dir);
    return loose;
  }

  it('keeps every file it writes private to its user (folders 0700, files 0600), and tightens a store made before', async () => {
    const db = await openDb();
    const store = await createSqlEventStore(db);
    await store.appendToStream('classroom-1', [newEvent('ClassroomCreated', { name: 'Y7' })]);
    expect(openToOthers()).toEqual([]);
    expect(lstatSync(dir).mode & 0o777).toBe(0o700);
    expect(lstatSync(join(dir, LOCK_FILE_NAME)).mode & 0o777).toBe(0o600);
    await db.close();
    expect(openToOthers()).toEqual([]);

    // A store written by an earlier version, world-readable, is fixed as it is opened.
    chmodSync(dir, 0o755);
    chmodSync(join(dir, PGLITE_SUBFOLDER), 0o755);
    chmodSync(join(dir, PGLITE_SUBFOLDER, 'PG_VERSION'), 0o666);
    await openDb();
    expect(openToOthers()).toEqual([]);
  });

  it('refuses a second open of the folder while the first is open', async () => {
    await openDb();
    const error = await PgliteDatabase.open(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FolderLockedError);
    expect(String(error)).toContain(`already has the data folder ${dir} open`);
  });

  it('names the other process holding the folder and says what to do', async () => {
    const holder = await startNode("console.log('alive'); setInterval(() => {}, 1000);", 'alive');
    children.push(holder);
    writeFileSync(join(dir, LOCK_FILE_NAME), `${holder.pid}\n`);
    await expect(PgliteDatabase.open(dir)).rejects.toThrow(
      `Another Commonplace process (pid ${holder.pid}) is using the data folder ${dir}. Stop it, or set DATA_DIR to another folder.`,
    );
  });

  it('takes over the lock a dead process left behind', async () => {
    writeFileSync(join(dir, LOCK_FILE_NAME), `${await deadPid()}\n`);
    const db = await openDb();
    expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('keeps committed data when the owning process is killed', async () => {
    // The child plays a server that is killed -9 after committing: lock file and all.
    const script = `
      import { writeFileSync, mkdirSync } from 'node:fs';
      import { PGlite } from '@electric-sql/pglite';
      const dir = ${JSON.stringify(dir)};
      mkdirSync(dir, { recursive: true });
      writeFileSync(dir + '/${LOCK_FILE_NAME}', process.pid + '\\n', { flag: 'wx' });
      const db = await PGlite.create(dir + '/${PGLITE_SUBFOLDER}');
      await db.exec('CREATE TABLE notes (body text NOT NULL)');
      for (let n = 0; n < 20; n++) await db.query('INSERT INTO notes VALUES ($1)', ['note ' + n]);
      console.log('committed');
      setInterval(() => {}, 1000);
    `;
    const child = await startNode(script, 'committed');
    children.push(child);
    child.kill('SIGKILL');
    await once(child, 'exit');

    const db = await openDb();
    expect(await db.query('SELECT count(*)::int AS n FROM notes')).toEqual([{ n: 20 }]);
  });
});
