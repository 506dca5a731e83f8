import { describe, expect, it } from '@jest/globals';
import type { SessionEnded, SessionList, SignInResponse, SocketAck } from '@commonplace/shared';
import { COLLAB_CLOSE, SOCKET_EVENTS } from '@commonplace/shared';
import type { Socket } from 'socket.io-client';
import { io } from 'socket.io-client';
import { waitFor } from '../collab/collab.testing.js';
import { describeWithPostgres } from '../testing/services.js';
import type { TestDocClient } from '../documents/workspace-app.testing.js';
import {
  appHarness,
  describeOnEveryStore,
  postgresStore,
} from '../documents/workspace-app.testing.js';

/** A socket.io client watching a workspace, with what the server told it on the way out. */
interface Watcher {
  socket: Socket;
  ended: SessionEnded[];
  disconnectedAt: number | null;
}

async function watch(url: string, token: string, docId: string): Promise<Watcher> {
  const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false });
  const watcher: Watcher = { socket, ended: [], disconnectedAt: null };
  socket.on(SOCKET_EVENTS.sessionEnded, (message: SessionEnded) => watcher.ended.push(message));
  socket.on('disconnect', () => {
    watcher.disconnectedAt = performance.now();
  });
  const ack = (await socket.emitWithAck(SOCKET_EVENTS.workspaceWatch, { docId })) as SocketAck;
  expect(ack).toEqual({ ok: true });
  return watcher;
}

/** Resolves with the handshake's refusal, or fails if the socket gets in. */
function refusedHandshake(url: string, token: string): Promise<string> {
  const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false });
  return new Promise((resolve, reject) => {
    socket.on('connect', () => {
      socket.close();
      reject(new Error('the handshake let an ended session in'));
    });
    socket.on('connect_error', (error) => {
      socket.close();
      resolve(error.message);
    });
  });
}

const BOUND_MS = 1000;

await describeOnEveryStore('signing out', (openStore) => {
  const harness = appHarness(openStore);

  async function setUp() {
    const { app, url } = await harness.start();
    const teacher = await harness.person(app, url, 'rivera', 'teacher');
    const ana = await harness.person(app, url, 'ana', 'student');
    const { groups } = await harness.classroom(teacher, { Otters: [ana] });
    const docId = groups.Otters?.docId ?? '';
    const signIn = async (login: string): Promise<string> => {
      const reply = await harness.client(url)<SignInResponse>('POST', '/auth/sign-in', {
        login,
        password: 'pw',
      });
      expect(reply.status).toBe(200);
      return reply.body.token;
    };
    return { app, url, docId, teacher, signIn };
  }

  async function opened(client: TestDocClient): Promise<TestDocClient> {
    await waitFor(() => client.provider.synced, 10_000, 'the document to open');
    return client;
  }

  it('ends the session everywhere at once, and only that session', async () => {
    const { url, docId, signIn } = await setUp();
    const phone = await signIn('ana');
    const laptop = await signIn('ana');

    const mine = await harness.client(url, phone)<SessionList>('GET', '/auth/sessions');
    expect(mine.status).toBe(200);
    // The harness's own sign-in of ana, then the two by password, newest first.
    expect(mine.body.sessions.map((s) => [s.via, s.current, s.endedAt])).toEqual([
      ['password', false, null],
      ['password', true, null],
      ['issued', false, null],
    ]);
    expect(mine.body.sessions[0]?.address).toBe('127.0.0.x');

    const phoneDoc = await opened(harness.connectDoc(url, docId, phone));
    const laptopDoc = await opened(harness.connectDoc(url, docId, laptop));
    const phoneWatch = await watch(url, phone, docId);
    const laptopWatch = await watch(url, laptop, docId);
    try {
      const signedOutAt = performance.now();
      expect((await harness.client(url, phone)('POST', '/auth/sign-out')).status).toBe(204);

      await waitFor(
        () => phoneDoc.closes.length > 0 && phoneWatch.disconnectedAt !== null,
        BOUND_MS,
        'the signed-out session’s live channels to close',
      );
      expect(phoneDoc.closes[0]).toEqual(
        expect.objectContaining({
          code: COLLAB_CLOSE.unauthorized.code,
          reason: COLLAB_CLOSE.unauthorized.reason,
        }),
      );
      expect((phoneDoc.closes[0]?.at ?? Infinity) - signedOutAt).toBeLessThan(BOUND_MS);
      expect(phoneWatch.ended).toEqual([
        { code: 'auth.signed-out', message: expect.stringContaining('Sign in again') },
      ]);

      // The same token opens nothing any more: REST, socket.io, /collab.
      const again = await harness.client(url, phone)<{ code: string }>('GET', '/me');
      expect(again.status).toBe(401);
      expect(again.body.code).toBe('auth.unauthenticated');
      expect(await refusedHandshake(url, phone)).toContain('signed out');
      const reopened = harness.connectDoc(url, docId, phone);
      await waitFor(() => reopened.closes.length > 0, 5_000, 'the upgrade to be refused');
      expect(reopened.closes[0]?.code).toBe(COLLAB_CLOSE.unauthorized.code);

      // The other session of the same person goes on.
      expect(laptopDoc.closes).toEqual([]);
      expect(laptopDoc.provider.wsconnected).toBe(true);
      expect(laptopWatch.socket.connected).toBe(true);
      expect((await harness.client(url, laptop)('GET', '/me')).status).toBe(200);
      const listed = await harness.client(url, laptop)<SessionList>('GET', '/auth/sessions');
      expect(listed.body.sessions.map((s) => [s.via, s.current, s.endedAt !== null])).toEqual([
        ['password', true, false],
        ['password', false, true],
        ['issued', false, false],
      ]);
    } finally {
      phoneWatch.socket.close();
      laptopWatch.socket.close();
    }
  }, 60_000);

  it('ends one of one’s other sessions by id, and no one else’s', async () => {
    const { url, docId, teacher, signIn } = await setUp();
    const phone = await signIn('ana');
    const laptop = await signIn('ana');
    const sessions = await harness.client(url, laptop)<SessionList>('GET', '/auth/sessions');
    const phoneSession = sessions.body.sessions.find((s) => s.via === 'password' && !s.current)?.id;
    if (phoneSession === undefined) throw new Error('the phone’s session is not listed');
    const phoneDoc = await opened(harness.connectDoc(url, docId, phone));

    const notYours = await teacher.api<{ code: string }>(
      'DELETE',
      `/auth/sessions/${phoneSession}`,
    );
    expect(notYours.status).toBe(403);
    expect(notYours.body.code).toBe('auth.not-your-session');
    const unknown = await harness.client(url, laptop)<{ code: string }>(
      'DELETE',
      '/auth/sessions/no-such-session',
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('auth.session-not-found');
    expect((await harness.client(url, phone)('GET', '/me')).status).toBe(200);
    expect(phoneDoc.closes).toEqual([]);

    const ended = await harness.client(url, laptop)('DELETE', `/auth/sessions/${phoneSession}`);
    expect(ended.status).toBe(204);
    await waitFor(() => phoneDoc.closes.length > 0, BOUND_MS, 'the phone’s document to close');
    expect(phoneDoc.closes[0]?.code).toBe(COLLAB_CLOSE.unauthorized.code);
    expect((await harness.client(url, phone)('GET', '/me')).status).toBe(401);
    expect((await harness.client(url, laptop)('GET', '/me')).status).toBe(200);
  }, 60_000);
});

await describeWithPostgres('signing out with two instances', () => {
  const harness = appHarness(postgresStore);

  describe('a session signed out on one instance', () => {
    it('closes its live channels on the other within a second and is refused there', async () => {
      const { app, url: urlA } = await harness.start();
      const { url: urlB } = await harness.start();
      const teacher = await harness.person(app, urlA, 'rivera', 'teacher');
      const ana = await harness.person(app, urlA, 'ana', 'student');
      const { groups } = await harness.classroom(teacher, { Otters: [ana] });
      const docId = groups.Otters?.docId ?? '';

      const onB = harness.connectDoc(urlB, docId, ana.token);
      await waitFor(() => onB.provider.synced, 10_000, 'ana to open her workspace on B');
      const watcher = await watch(urlB, ana.token, docId);
      try {
        expect((await harness.client(urlA, ana.token)('POST', '/auth/sign-out')).status).toBe(204);
        await waitFor(
          () => onB.closes.length > 0 && watcher.disconnectedAt !== null,
          BOUND_MS,
          'B to close the signed-out session’s channels',
        );
        expect(onB.closes[0]?.code).toBe(COLLAB_CLOSE.unauthorized.code);
        expect(watcher.ended.map((message) => message.code)).toEqual(['auth.signed-out']);
        expect((await harness.client(urlB, ana.token)('GET', '/me')).status).toBe(401);
        // And a restarted instance still knows.
        const { url: urlC } = await harness.start();
        expect((await harness.client(urlC, ana.token)('GET', '/me')).status).toBe(401);
      } finally {
        watcher.socket.close();
      }
    }, 60_000);
  });
});
