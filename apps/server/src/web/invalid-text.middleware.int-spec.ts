import { expect, it } from '@jest/globals';
import type { ClassroomView, ErrorBody, GroupView, SocketAck } from '@commonplace/shared';
import { COLLAB_CLOSE, COLLAB_PATH, SOCKET_EVENTS } from '@commonplace/shared';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import { appHarness, describeOnEveryStore } from '../documents/workspace-app.testing.js';

/** A request sent as written: fetch would re-encode some of these paths. */
async function raw(
  url: string,
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  options: { token?: string; body?: string } = {},
): Promise<{ status: number; body: ErrorBody }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: options.body,
  });
  return { status: response.status, body: (await response.json()) as ErrorBody };
}

await describeOnEveryStore('text no store can keep, at every edge', (openStore) => {
  const harness = appHarness(openStore);

  it('answers a NUL in a body, path or query with 400 request.invalid-text, before sign-in too', async () => {
    const { app, url } = await harness.start();
    const teacher = await harness.person(app, url, 'ms.rivera', 'teacher');
    const classroom = await teacher.api<ClassroomView>('POST', '/classrooms', { name: 'Year 7' });

    const refusals = [
      await raw(url, 'POST', '/api/auth/sign-in', {
        body: JSON.stringify({ login: 'a\u0000', password: 'pw' }),
      }),
      await raw(url, 'GET', '/api/classrooms/%00', { token: teacher.token }),
      await raw(url, 'GET', '/api/classrooms?cursor=%00', { token: teacher.token }),
      await raw(url, 'GET', '/api/classrooms/%00%0Aforged%1B[2J', { token: teacher.token }),
      await raw(url, 'POST', `/api/classrooms/${classroom.body.id}/groups`, {
        token: teacher.token,
        body: JSON.stringify({ name: 'Otters\u0000' }),
      }),
      await raw(url, 'POST', `/api/classrooms/${classroom.body.id}/groups`, {
        token: teacher.token,
        body: JSON.stringify({ name: 'Otters', ['note\u0000']: 1 }),
      }),
      // Valid JSON, but half of a character: PostgreSQL has no UTF-8 for it (was a 500).
      await raw(url, 'POST', `/api/classrooms/${classroom.body.id}/groups`, {
        token: teacher.token,
        body: '{"name":"Otters\\ud800"}',
      }),
    ];
    for (const refusal of refusals) {
      expect(refusal.status).toBe(400);
      expect(refusal.body.code).toBe('request.invalid-text');
      expect(refusal.body.message).toMatch(/control character|NUL|half of a character/);
    }
    // Ordinary text with line breaks and other scripts still goes through.
    const posted = await teacher.api<GroupView>('POST', `/classrooms/${classroom.body.id}/groups`, {
      name: 'Выдры',
    });
    expect(posted.status).toBe(201);
  }, 60_000);

  it('stores names normalised and refuses an invisible one', async () => {
    const { app, url } = await harness.start();
    const teacher = await harness.person(app, url, 'ms.rivera', 'teacher');
    const classroom = await teacher.api<ClassroomView>('POST', '/classrooms', { name: 'Year 7' });
    const groups = `/classrooms/${classroom.body.id}/groups`;

    const invisible = await teacher.api<ErrorBody>('POST', groups, { name: '\u200B\u200B\u200B' });
    expect(invisible.status).toBe(400);
    expect(invisible.body.code).toBe('request.invalid');
    expect(invisible.body.message).toContain('Give it a name.');

    const flipped = await teacher.api<GroupView>('POST', groups, {
      name: '\u202EＯｔｔｅｒｓ\u200B',
    });
    expect(flipped.status).toBe(201);
    expect(flipped.body.name).toBe('Otters');
  }, 60_000);

  it('answers a NUL in a socket.io message with the validation error, not internal', async () => {
    const { app, url } = await harness.start();
    const teacher = await harness.person(app, url, 'ms.rivera', 'teacher');
    const socket = io(url, { auth: { token: teacher.token }, transports: ['websocket'] });
    try {
      const ack = (await socket
        .timeout(10_000)
        .emitWithAck(SOCKET_EVENTS.boardWatch, { classroomId: 'a\u0000b' })) as SocketAck;
      expect(ack).toEqual({
        ok: false,
        code: 'request.invalid-text',
        message: expect.stringContaining('NUL') as unknown as string,
      });
    } finally {
      socket.disconnect();
    }
  }, 60_000);

  it('refuses a collaboration doc id with control characters for good (4404), not with a retryable 1011', async () => {
    const { app, url } = await harness.start();
    const teacher = await harness.person(app, url, 'ms.rivera', 'teacher');
    const socket = new WebSocket(
      `${url.replace('http', 'ws')}${COLLAB_PATH}/%00%0A2026-12-07%20ERROR%20forged%1B[2J?token=${teacher.token}`,
    );
    const close = await new Promise<{ code: number; reason: string }>((resolve) =>
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    expect(close).toEqual(COLLAB_CLOSE.notFound);
  }, 60_000);
});
