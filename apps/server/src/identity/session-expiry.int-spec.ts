import { expect, it } from '@jest/globals';
import type { SessionEnded, SocketAck } from '@commonplace/shared';
import { COLLAB_CLOSE, SOCKET_EVENTS } from '@commonplace/shared';
import { decodeJwt } from 'jose';
import { io } from 'socket.io-client';
import { waitFor } from '../collab/collab.testing.js';
import { appHarness, describeOnEveryStore } from '../documents/workspace-app.testing.js';
import { TokenService } from './token.service.js';

await describeOnEveryStore('live channels at the end of a session', (openStore) => {
  const harness = appHarness(openStore);

  it('closes the collaboration connection (4401) and the socket.io connection within a second of the token’s expiry', async () => {
    const { app, url } = await harness.start();
    const teacher = await harness.person(app, url, 'rivera', 'teacher');
    const ana = await harness.person(app, url, 'ana', 'student');
    const { groups } = await harness.classroom(teacher, { Otters: [ana] });
    const docId = groups.Otters?.docId ?? '';

    const token = await app.nest
      .get(TokenService)
      .issue({ userId: ana.id, kind: 'student' }, { ttlSeconds: 3 });
    const expiresAt = (decodeJwt(token).exp ?? 0) * 1000;

    const anaDoc = harness.connectDoc(url, docId, token);
    let collabClosedAt = Number.NaN;
    anaDoc.provider.on('connection-close', () => {
      collabClosedAt = Date.now();
    });
    const socket = io(url, { auth: { token }, transports: ['websocket'] });
    const ended: SessionEnded[] = [];
    let disconnected: { reason: string; at: number } | null = null;
    socket.on(SOCKET_EVENTS.sessionEnded, (message: SessionEnded) => ended.push(message));
    socket.on('disconnect', (reason) => {
      disconnected = { reason, at: Date.now() };
    });
    try {
      await waitFor(() => anaDoc.provider.synced, 10_000, 'ana to open her workspace');
      const ack = (await socket.emitWithAck(SOCKET_EVENTS.workspaceWatch, { docId })) as SocketAck;
      expect(ack).toEqual({ ok: true });
      expect(Date.now()).toBeLessThan(expiresAt);

      await waitFor(
        () => anaDoc.closes.length > 0 && disconnected !== null,
        expiresAt - Date.now() + 5_000,
        'both live channels to close',
      );
      expect(anaDoc.closes[0]).toEqual(
        expect.objectContaining({
          code: COLLAB_CLOSE.unauthorized.code,
          reason: COLLAB_CLOSE.unauthorized.reason,
        }),
      );
      expect(collabClosedAt).toBeGreaterThanOrEqual(expiresAt - 50);
      expect(collabClosedAt - expiresAt).toBeLessThan(1000);

      const closed = disconnected as { reason: string; at: number } | null;
      expect(closed?.reason).toBe('io server disconnect');
      expect(closed?.at ?? Number.NaN).toBeGreaterThanOrEqual(expiresAt - 50);
      expect((closed?.at ?? Infinity) - expiresAt).toBeLessThan(1000);
      expect(ended).toEqual([
        { code: 'auth.session-expired', message: expect.stringContaining('Sign in again') },
      ]);

      // The same token opens nothing any more, anywhere.
      expect((await harness.client(url, token)('GET', `/workspaces/${docId}`)).status).toBe(401);
    } finally {
      socket.close();
    }
  }, 60_000);
});
