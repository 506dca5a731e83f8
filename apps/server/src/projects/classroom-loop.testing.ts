import { afterAll, afterEach } from '@jest/globals';
import type { ClassroomView, HttpMethod, UserKind } from '@commonplace/shared';
import type { Socket as ClientSocket } from 'socket.io-client';
import { io } from 'socket.io-client';
import type { CommonplaceApp } from '../app.js';
import { createApp } from '../app.js';
import { loadConfig } from '../config/config.js';
import { IdentityService } from '../identity/identity.service.js';
import { TokenService } from '../identity/token.service.js';
import type { StoreUnderTest } from '../documents/workspace-app.testing.js';
import { closeSharedPglite } from '../documents/workspace-app.testing.js';
import { API_ROUTES, apiPath, COLLAB_PATH, WORKSPACE_TEXT } from '@commonplace/shared';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

export interface Reply<T> {
  status: number;
  body: T;
}
export type Call = <T = unknown>(
  method: HttpMethod,
  path: string,
  body?: unknown,
) => Promise<Reply<T>>;

export interface LoopPerson {
  id: string;
  token: string | undefined;
  call: Call;
  socket(): ClientSocket;
}

/**
 * The whole app on a real store with settings of the test's choosing (a
 * short idle threshold), plus HTTP and socket.io clients for each person.
 * Paths passed to `call` are full `/api/...` paths from `apiPath`.
 */
export function loopHarness(openStore: () => Promise<StoreUnderTest>) {
  const cleanups: (() => Promise<void>)[] = [];
  let store: StoreUnderTest | undefined;
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await store?.dispose();
    store = undefined;
  });
  afterAll(closeSharedPglite);

  async function start(
    env: Record<string, string> = {},
    options: { projectionPollMs?: number } = {},
  ): Promise<{ app: CommonplaceApp; url: string }> {
    store ??= await openStore();
    const app = await createApp(
      loadConfig({
        ...store.env,
        PORT: '0',
        HOST: '127.0.0.1',
        SEED_DEMO: 'false',
        LOG_LEVEL: 'error',
        ...env,
      }),
      { database: store.database?.(), ...options },
    );
    cleanups.push(() => app.close());
    const url = await app.listen();
    return { app, url };
  }

  function client(url: string, token: string | undefined): Call {
    return async <T>(method: HttpMethod, path: string, body?: unknown) => {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      const json = response.headers.get('content-type')?.includes('json') === true;
      return { status: response.status, body: (json ? JSON.parse(text) : text) as T };
    };
  }

  function withToken(url: string, id: string, token: string | undefined): LoopPerson {
    return {
      id,
      token,
      call: client(url, token),
      socket() {
        const socket = io(url, { auth: token ? { token } : {}, transports: ['websocket'] });
        cleanups.push(async () => {
          socket.close();
        });
        return socket;
      },
    };
  }

  async function person(
    app: CommonplaceApp,
    url: string,
    login: string,
    kind: UserKind,
  ): Promise<LoopPerson> {
    const user = await app.nest
      .get(IdentityService)
      .createAccount({ login, displayName: login, kind, password: 'pw-long-enough' });
    const token = await app.nest.get(TokenService).issue({ userId: user.id, kind });
    return withToken(url, user.id, token);
  }

  /** A stock y-websocket client on a workspace document, as the browser runs it. */
  function connectDoc(
    url: string,
    docId: string,
    token: string,
  ): { text: Y.Text; provider: WebsocketProvider } {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(url.replace('http', 'ws') + COLLAB_PATH, docId, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token },
      disableBc: true,
    });
    cleanups.push(async () => {
      provider.destroy();
      doc.destroy();
    });
    return { text: doc.getText(WORKSPACE_TEXT), provider };
  }

  /** A classroom the teacher made and the students joined with its code. */
  async function joinedClassroom(
    teacher: LoopPerson,
    students: readonly LoopPerson[],
  ): Promise<ClassroomView> {
    const created = await teacher.call<ClassroomView>('POST', apiPath(API_ROUTES.createClassroom), {
      name: 'Y7',
    });
    if (created.status !== 201) throw new Error(`Creating the classroom: ${created.status}`);
    for (const student of students) {
      await student.call('POST', apiPath(API_ROUTES.joinClassroom), {
        code: created.body.joinCode,
      });
    }
    return created.body;
  }

  return { start, client, person, withToken, connectDoc, joinedClassroom };
}
