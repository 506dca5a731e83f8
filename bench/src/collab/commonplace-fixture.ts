import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchSchema, benchDatabaseUrl } from '../common/postgres-schema.js';
import type { ScratchSchema } from '../common/postgres-schema.js';
import type { Dialect } from './bench-client.js';
import type { ColdLoadTarget } from './cold-load.js';
import type { SetupResult } from './ipc.js';
import { ServerHandle } from './server-handle.js';
import type { ServerKind } from './server-handle.js';

/** The same name Commonplace's workspace documents use (WORKSPACE_TEXT in @commonplace/shared). */
export const TEXT_NAME = 'content';
export const COLLAB_PATH = '/collab';
const PASSWORD = 'bench-password-not-secret';

export const DIALECT: Record<ServerKind, Dialect> = {
  commonplace: 'y-websocket',
  'y-websocket': 'y-websocket',
  hocuspocus: 'hocuspocus',
};

/** Where the Commonplace server under test keeps its data: a fresh PostgreSQL schema or a fresh PGlite folder. */
export type CommonplaceStore = 'postgres' | 'pglite';

export interface CommonplaceFixture {
  readonly store: CommonplaceStore;
  readonly env: Record<string, string>;
  /** Drops the schema or removes the data folder. */
  readonly drop: () => Promise<void>;
  readonly setup: SetupResult;
  readonly tokens: ReadonlyMap<string, string>;
}

/** Accounts, classrooms and workspaces for every level, made once; tokens from the real sign-in endpoint. */
export async function prepareCommonplace(
  docCounts: readonly number[],
  clientsPerDoc: number,
  store: CommonplaceStore = 'postgres',
): Promise<CommonplaceFixture> {
  let drop: () => Promise<void>;
  let where: Record<string, string>;
  if (store === 'postgres') {
    const schema: ScratchSchema = await createScratchSchema(benchDatabaseUrl(), 'collab');
    where = { DATABASE_URL: schema.connectionString };
    drop = () => schema.drop();
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'commonplace-bench-pglite-'));
    // DATABASE_URL empty: the embedded store in DATA_DIR.
    where = { DATABASE_URL: '', DATA_DIR: dir };
    drop = () => rm(dir, { recursive: true, force: true });
  }
  const env = {
    ...where,
    // Shared by every restart, so tokens stay valid across server processes.
    SESSION_SECRET: randomBytes(32).toString('hex'),
  };
  const server = await ServerHandle.start('commonplace', env);
  try {
    const started = Date.now();
    // The last "level" is the cold-load document.
    const setup = await server.setup([...docCounts, 1], clientsPerDoc, PASSWORD);
    const logins = [...new Set(setup.levels.flat().flatMap((doc) => doc.logins))];
    const tokens = new Map<string, string>();
    for (let start = 0; start < logins.length; start += 8) {
      await Promise.all(
        logins.slice(start, start + 8).map(async (login) => {
          const response = await fetch(`http://127.0.0.1:${server.port}/api/auth/sign-in`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ login, password: PASSWORD }),
          });
          if (!response.ok)
            throw new Error(
              `sign-in of ${login} failed: ${response.status} ${await response.text()}`,
            );
          const body = (await response.json()) as { token: string };
          tokens.set(login, body.token);
        }),
      );
    }
    console.log(
      `  Commonplace fixture: ${logins.length} accounts, ${setup.levels.flat().length} workspaces, signed in, in ${Math.round((Date.now() - started) / 1000)} s.`,
    );
    return { store, env, drop, setup, tokens };
  } catch (error) {
    await server.stop();
    await drop();
    throw error;
  } finally {
    await server.stop();
  }
}

export function coldTarget(
  kind: ServerKind,
  fixture: CommonplaceFixture | undefined,
): ColdLoadTarget {
  if (kind === 'commonplace') {
    const doc = fixture?.setup.levels.at(-1)?.[0];
    const logins = doc?.logins ?? [];
    const docId = doc?.docId ?? '';
    const token = (index: number) =>
      fixture?.tokens.get(logins[index % Math.max(1, logins.length)] ?? '') ?? '';
    return {
      kind,
      dialect: 'y-websocket',
      env: fixture?.env ?? {},
      textName: TEXT_NAME,
      docName: docId,
      client: (port, index = 0) => ({
        url: `ws://127.0.0.1:${port}${COLLAB_PATH}/${docId}?token=${encodeURIComponent(token(index))}`,
      }),
      persistent: true,
      // Under COLLAB_LIMITS.maxMessagesPerSecond (200 frames a second per connection), with room for sync replies.
      editsPerSecondPerBuilder: 150,
    };
  }
  const docName = 'bench-cold';
  return {
    kind,
    dialect: DIALECT[kind],
    env: {},
    textName: TEXT_NAME,
    docName,
    client: (port) => ({
      url: kind === 'hocuspocus' ? `ws://127.0.0.1:${port}/` : `ws://127.0.0.1:${port}/${docName}`,
      token: 'bench',
    }),
    persistent: false,
    // The same pacing as for Commonplace, so the built documents are alike.
    editsPerSecondPerBuilder: 150,
  };
}
