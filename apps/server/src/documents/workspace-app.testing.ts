import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe } from '@jest/globals';
import type { ClassroomView, GroupView, ProjectView } from '@commonplace/shared';
import { COLLAB_PATH, WORKSPACE_TEXT } from '@commonplace/shared';
import type { PGlite } from '@electric-sql/pglite';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { FEATURES } from '../app.features.js';
import type { CommonplaceApp } from '../app.js';
import { createApp } from '../app.js';
import type { Config } from '../config/config.js';
import { PgliteDatabase } from '../database/pglite-database.js';
import type { SqlDatabase } from '../database/sql-database.js';
import { loadConfig } from '../config/config.js';
import type { Store } from '../store/open-store.js';
import { openStore as openAppStore } from '../store/open-store.js';
import { IdentityService } from '../identity/identity.service.js';
import { TokenService } from '../identity/token.service.js';
import { pgliteFromTemplate } from '../testing/pglite-template.js';
import { createPostgresTestDatabase, describeWithPostgres } from '../testing/services.js';

/**
 * Helpers for tests that run the whole app, as `npm start` does, on a real
 * store (see app.int-spec.ts): HTTP clients, people, stock y-websocket clients.
 */

export interface StoreUnderTest {
  env: Record<string, string>;
  /**
   * The database each app start is given, already open (the PGlite variant: one
   * in-memory instance that outlives restarts of the app); absent, the app opens
   * what `env` names.
   */
  database?: () => SqlDatabase;
  dispose(): Promise<void>;
}

/** Declares `suite` once on the embedded store and once on PostgreSQL (skipped locally without it). */
export async function describeOnEveryStore(
  name: string,
  suite: (openStore: () => Promise<StoreUnderTest>) => void,
): Promise<void> {
  describe(`${name} (PGlite)`, () => suite(pgliteStore));
  await describeWithPostgres(`${name} (PostgreSQL)`, () => suite(postgresStore));
}

/** A fresh PostgreSQL database for one test; every app started on it is another instance. */
export async function postgresStore(): Promise<StoreUnderTest> {
  const database = await createPostgresTestDatabase();
  return {
    env: { DATABASE_URL: database.connectionString, SESSION_SECRET: 'x'.repeat(32) },
    dispose: () => database.dispose(),
  };
}

/**
 * The embedded store for one test: PGlite in memory, kept across restarts of
 * the app. Booting one, even from the template, costs more CPU than the rest
 * of a short test, so a test file keeps one instance and each test gets it
 * back empty, as a fresh one would be: every schema dropped, an empty
 * `public`, no session settings or advisory locks left (each app start still
 * runs the real migrations). Tests of a file run one after another, never two
 * at once; the harnesses close it after the file's block.
 */
export async function pgliteStore(): Promise<StoreUnderTest> {
  // The folder keeps the session secret.
  const dir = mkdtempSync(join(tmpdir(), 'commonplace-app-'));
  const pglite = await emptySharedPglite();
  const handedOut: PgliteDatabase[] = [];
  return {
    env: { DATA_DIR: dir },
    database: () => {
      const database = PgliteDatabase.fromInstance(pglite, { closesInstance: false });
      handedOut.push(database);
      return database;
    },
    dispose: async () => {
      // As closing the instance did: an app left running by a failed test gets refused, not the next test's tables.
      for (const database of handedOut) await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let sharedPglite: { instance: Promise<PGlite>; used: boolean } | undefined;

async function emptySharedPglite(): Promise<PGlite> {
  sharedPglite ??= { instance: pgliteFromTemplate(), used: false };
  const pglite = await sharedPglite.instance;
  if (sharedPglite.used) await pglite.exec(EMPTY_AGAIN);
  sharedPglite.used = true;
  return pglite;
}

/** Back to what the template holds: no schema but an empty `public`, default settings, no locks held. */
const EMPTY_AGAIN = `
  RESET ALL;
  SELECT pg_advisory_unlock_all();
  DO $$
  DECLARE name text;
  BEGIN
    FOR name IN SELECT nspname FROM pg_namespace
      WHERE nspname <> 'information_schema' AND left(nspname, 3) <> 'pg_'
    LOOP
      EXECUTE format('DROP SCHEMA %I CASCADE', name);
    END LOOP;
  END $$;
  CREATE SCHEMA public;`;

/** Closes the file's shared PGlite (the harnesses call it after their block); the next test boots another. */
export async function closeSharedPglite(): Promise<void> {
  const shared = sharedPglite;
  sharedPglite = undefined;
  if (shared) await (await shared.instance).close();
}

export type ApiClient = <T>(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
) => Promise<{ status: number; body: T; text: string; contentType: string | null }>;

export interface TestPerson {
  id: string;
  token: string;
  api: ApiClient;
}

export interface TestDocClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  text: Y.Text;
  /** Every close the server sent, with when it arrived (performance.now()). */
  closes: Array<{ code: number; reason: string; at: number }>;
}

export interface TestClassroom {
  classroomId: string;
  /** By group name: the group's id and its workspace document for the one project. */
  groups: Record<string, { id: string; docId: string }>;
}

/**
 * Starts apps and clients and closes them all, newest first, after each test.
 * Call inside a `describe`.
 */
export function appHarness(openStore: () => Promise<StoreUnderTest>) {
  const cleanups: (() => Promise<void>)[] = [];
  let store: StoreUnderTest | undefined;
  const closeAll = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  afterEach(async () => {
    await closeAll();
    await store?.dispose();
    store = undefined;
  });
  afterAll(closeSharedPglite);

  async function configOf(extraEnv: Record<string, string>): Promise<Config> {
    store ??= await openStore();
    return loadConfig({
      ...store.env,
      PORT: '0',
      HOST: '127.0.0.1',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'error',
      ...extraEnv,
    });
  }

  async function start(
    extraEnv: Record<string, string> = {},
  ): Promise<{ app: CommonplaceApp; url: string }> {
    const config = await configOf(extraEnv);
    const app = await createApp(config, { database: store?.database?.() });
    let closed = false;
    cleanups.push(async () => {
      if (!closed) await app.close();
      closed = true;
    });
    const url = await app.listen();
    return { app, url };
  }

  function client(url: string, token?: string): ApiClient {
    return async <T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) => {
      const response = await fetch(`${url}/api${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      const contentType = response.headers.get('content-type');
      const parsed = contentType?.includes('json') ? (JSON.parse(text) as T) : (text as T);
      return { status: response.status, body: parsed, text, contentType };
    };
  }

  async function person(
    app: CommonplaceApp,
    url: string,
    login: string,
    kind: 'teacher' | 'student',
  ): Promise<TestPerson> {
    const user = await app.nest
      .get(IdentityService)
      .createAccount({ login, displayName: login, kind, password: 'pw' });
    const token = await app.nest.get(TokenService).issue({ userId: user.id, kind });
    return { id: user.id, token, api: client(url, token) };
  }

  /** A stock y-websocket client, as the browser runs it. */
  function connectDoc(url: string, docId: string, token: string): TestDocClient {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(url.replace('http', 'ws') + COLLAB_PATH, docId, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token },
      // Providers in one process would otherwise sync through a BroadcastChannel, around the server.
      disableBc: true,
    });
    const client: TestDocClient = { doc, provider, text: doc.getText(WORKSPACE_TEXT), closes: [] };
    provider.on('connection-close', (event) => {
      if (event)
        client.closes.push({ code: event.code, reason: event.reason, at: performance.now() });
    });
    cleanups.push(async () => {
      provider.destroy();
      doc.destroy();
    });
    return client;
  }

  /** A classroom with the given groups and members, and one project (a workspace per group). */
  async function classroom(
    teacher: TestPerson,
    groups: Record<string, readonly TestPerson[]>,
  ): Promise<TestClassroom> {
    const created = await teacher.api<ClassroomView>('POST', '/classrooms', { name: 'Year 7' });
    const classroomId = created.body.id;
    const students = [...new Set(Object.values(groups).flat())];
    for (const student of students) {
      await student.api('POST', '/classrooms/join', { code: created.body.joinCode });
    }
    const ids: Record<string, string> = {};
    for (const [name, members] of Object.entries(groups)) {
      const group = await teacher.api<GroupView>('POST', `/classrooms/${classroomId}/groups`, {
        name,
      });
      ids[name] = group.body.id;
      for (const member of members) {
        await teacher.api('POST', `/classrooms/${classroomId}/groups/${group.body.id}/members`, {
          studentId: member.id,
        });
      }
    }
    const project = await teacher.api<ProjectView>('POST', `/classrooms/${classroomId}/projects`, {
      title: 'Rivers',
      brief: 'Map a river.',
    });
    const result: TestClassroom['groups'] = {};
    for (const [name, id] of Object.entries(ids)) {
      const workspace = project.body.workspaces.find((w) => w.groupId === id);
      if (!workspace) throw new Error(`The project has no workspace for group ${name}.`);
      result[name] = { id, docId: workspace.docId };
    }
    return { classroomId, groups: result };
  }

  /** The apps' store without an app (its projections not started): to write to the log while every app is down. */
  async function openStoreAlone(): Promise<Store> {
    const config = await configOf({});
    return openAppStore(config, { features: FEATURES, database: store?.database?.() });
  }

  return { start, client, person, connectDoc, classroom, closeAll, openStoreAlone };
}
