import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ApiError } from './api-error';
import { WHOLE_LIST, createApiClient } from './api-client';

interface Received {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

/** What the test server answers next, and every request it got. */
let reply: { status: number; body?: unknown } = { status: 200 };
let received: Received[] = [];
let server: Server;
let origin = '';
const browserFetch = globalThis.fetch;

function record(request: IncomingMessage, response: ServerResponse): void {
  let body = '';
  request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
  request.on('end', () => {
    received.push({
      method: request.method ?? '',
      url: request.url ?? '',
      authorization: request.headers.authorization,
      contentType: request.headers['content-type'],
      body,
    });
    response.statusCode = reply.status;
    if (reply.body === undefined) {
      response.end();
      return;
    }
    response.setHeader('Content-Type', 'application/json');
    response.end(JSON.stringify(reply.body));
  });
}

beforeAll(async () => {
  server = createServer(record);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The client asks for `/api/...` as a page would; resolve it against the test server, as a
  // browser resolves it against the page's origin.
  globalThis.fetch = (input, init) => browserFetch(new URL(String(input), origin), init);
});

afterAll(async () => {
  globalThis.fetch = browserFetch;
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received = [];
  reply = { status: 200 };
});

function client(token: string | null = 'session-token') {
  const unauthorized: string[] = [];
  const api = createApiClient({
    getToken: () => token,
    onUnauthorized: () => unauthorized.push('signed out'),
  });
  return { api, unauthorized };
}

describe('the API client made from the route table', () => {
  it('fills the path, asks with the query and the session, and parses the answer', async () => {
    const { api } = client();
    reply = { status: 200, body: { items: [], nextCursor: null, extra: 'dropped' } };
    const page = await api.roster({ params: { classroomId: 'c 1/2' }, query: WHOLE_LIST });
    expect(page).toEqual({ items: [], nextCursor: null });
    expect(received).toEqual([
      {
        method: 'GET',
        url: '/api/classrooms/c%201%2F2/members?limit=200',
        authorization: 'Bearer session-token',
        contentType: undefined,
        body: '',
      },
    ]);
  });

  it('sends {} for a command that takes an empty body, and nothing for one that takes none', async () => {
    const { api } = client();
    reply = { status: 204 };
    await expect(
      api.dissolveGroup({ params: { classroomId: 'c-1', groupId: 'g-1' } }),
    ).resolves.toBeUndefined();
    reply = { status: 409, body: { code: 'tutoring.already-claimed', message: 'Taken.' } };
    await expect(api.claimHelpRequest({ params: { requestId: 'r-1' } })).rejects.toMatchObject({
      code: 'tutoring.already-claimed',
    });
    expect(received.map((r) => [r.method, r.url, r.contentType, r.body])).toEqual([
      ['DELETE', '/api/classrooms/c-1/groups/g-1', undefined, ''],
      ['POST', '/api/help-requests/r-1/claim', 'application/json', '{}'],
    ]);
  });

  it('asks with another session when given one, as a new account does before signing in', async () => {
    const { api } = client(null);
    reply = { status: 200, body: { id: 'u-1', displayName: 'Ana', kind: 'guardian' } };
    await expect(api.me({}, { token: 'new-account' })).resolves.toEqual({
      id: 'u-1',
      displayName: 'Ana',
      kind: 'guardian',
    });
    expect(received[0]?.authorization).toBe('Bearer new-account');
  });

  it('refuses an answer that does not match the route’s response schema', async () => {
    const { api } = client();
    reply = { status: 200, body: { id: 'u-1' } };
    const error = await api.me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 200, code: 'bad-response' });
  });

  it('signs out on a 401 to a signed-in request and passes the server’s code and words on', async () => {
    const { api, unauthorized } = client();
    reply = {
      status: 401,
      body: { code: 'auth.unauthenticated', message: 'Your session has ended. Sign in again.' },
    };
    const error = await api.listClassrooms().catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 401,
      code: 'auth.unauthenticated',
      message: 'Your session has ended. Sign in again.',
    });
    expect(unauthorized).toEqual(['signed out']);
  });
});
