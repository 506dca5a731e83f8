import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { Config } from '../config/config.js';
import { PRIVATE_FILE_MODE, makePrivateFolder } from '../database/private-files.js';

/** The key that signs session tokens, and how long a session lasts. */
export interface SessionKey {
  readonly secret: Uint8Array;
  readonly hours: number;
}

/**
 * The key that signs session tokens. On the embedded store it is generated once
 * and kept beside the data, so sign-ins survive a restart with no setup.
 */
export async function loadSessionKey(config: Config): Promise<SessionKey> {
  const hours = config.SESSION_HOURS;
  if (config.SESSION_SECRET)
    return { secret: new TextEncoder().encode(config.SESSION_SECRET), hours };
  if (!config.DATABASE_URL) {
    makePrivateFolder(config.DATA_DIR);
    const file = join(config.DATA_DIR, 'session-secret');
    const existing = await readFile(file, 'utf8').catch(() => null);
    const secret = existing?.trim() || randomBytes(32).toString('base64url');
    if (existing) await chmod(file, PRIVATE_FILE_MODE);
    else await writeFile(file, secret, { mode: PRIVATE_FILE_MODE });
    return { secret: new TextEncoder().encode(secret), hours };
  }
  new Logger('Config').warn(
    'SESSION_SECRET is not set: sign-ins will not survive a restart, and instances cannot share them.',
  );
  return { secret: randomBytes(32), hours };
}
