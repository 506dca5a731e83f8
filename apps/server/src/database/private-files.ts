import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Folders the server writes: only its own user may list or enter them. */
export const PRIVATE_FOLDER_MODE = 0o700;
/** Files the server writes: only its own user may read or write them. */
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `folder` (and any missing parents) private to this user, and makes it private if it already existed. */
export function makePrivateFolder(folder: string): void {
  mkdirSync(folder, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  chmodSync(folder, PRIVATE_FOLDER_MODE);
}

/**
 * Makes everything under `folder` private: folders 0700, files 0600. PGlite's
 * file layer writes its files 0666 whatever the umask (969 of them in a fresh
 * store, password hashes and the personal-data keys among them), so the store
 * is tightened each time it is opened and closed. Symbolic links are left alone:
 * chmod would follow them out of the folder.
 */
export function makePrivateTree(folder: string): void {
  makePrivateFolder(folder);
  const pending = [folder];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      try {
        const stats = lstatSync(path);
        if (stats.isSymbolicLink()) continue;
        const wanted = stats.isDirectory() ? PRIVATE_FOLDER_MODE : PRIVATE_FILE_MODE;
        if ((stats.mode & 0o777) !== wanted) chmodSync(path, wanted);
        if (stats.isDirectory()) pending.push(path);
      } catch (error) {
        // Removed since the folder was listed (a temporary file): nothing left to protect.
        if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
      }
    }
  }
}
