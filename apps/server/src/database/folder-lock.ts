import { randomUUID } from 'node:crypto';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PRIVATE_FILE_MODE, makePrivateFolder } from './private-files.js';

export const LOCK_FILE_NAME = 'commonplace.lock';

/** Held while this process owns a data folder; `release()` is idempotent. */
export interface FolderLock {
  readonly path: string;
  release(): void;
}

/** The data folder is owned by a live process. */
export class FolderLockedError extends Error {
  readonly code = 'database.data-folder-locked';
  constructor(
    readonly folder: string,
    readonly pid: number,
  ) {
    super(
      pid === process.pid
        ? `This process already has the data folder ${folder} open. Close the first database before opening it again.`
        : `Another Commonplace process (pid ${pid}) is using the data folder ${folder}. ` +
            `Stop it, or set DATA_DIR to another folder. If no such process is running, delete ${join(folder, LOCK_FILE_NAME)}.`,
    );
    this.name = 'FolderLockedError';
  }
}

/**
 * Takes `<folder>/commonplace.lock` (created with `wx`, so only one opener
 * wins) holding our pid. PGlite itself does not guard its folder: two
 * processes writing the same files would corrupt it silently.
 *
 * A lock left by a dead process is taken over. Known gap: two processes that
 * both find the same stale lock at the same instant can both take it; that
 * needs a crash and a double start within microseconds, and is accepted.
 */
export function acquireFolderLock(folder: string): FolderLock {
  const absolute = resolve(folder);
  makePrivateFolder(absolute);
  const path = join(absolute, LOCK_FILE_NAME);
  // The token lets release() tell our lock from one a later owner wrote.
  const content = `${process.pid}\n${randomUUID()}\n`;

  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, content, { flag: 'wx', mode: PRIVATE_FILE_MODE });
      return holdLock(path, content);
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error;
    }
    const holder = readHolderPid(path);
    if (holder === undefined) continue; // removed between our write and read: try again
    if (holder !== null && isProcessAlive(holder)) throw new FolderLockedError(absolute, holder);
    // Stale (dead pid) or unreadable garbage from a crash mid-write: take it over.
    try {
      unlinkSync(path);
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
    }
  }
  throw new Error(
    `Could not take the lock ${path}: it keeps changing. Is another Commonplace process starting right now?`,
  );
}

function holdLock(path: string, content: string): FolderLock {
  let held = true;
  const release = (): void => {
    if (!held) return;
    held = false;
    process.removeListener('exit', release);
    try {
      // Only remove the file if it is still ours.
      if (readFileSync(path, 'utf8') === content) unlinkSync(path);
    } catch {
      // Already gone: nothing to release.
    }
  };
  // A clean exit without close() must not leave a lock that looks live to a pid reuser.
  process.on('exit', release);
  return { path, release };
}

/** undefined: no file; null: a file that names no pid. */
function readHolderPid(path: string): number | null | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
  const pid = Number.parseInt(text.split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return isErrno(error, 'EPERM');
  }
}

/** Structural, not instanceof: Node's errors may come from another realm (Jest's VM contexts). */
function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
