import { expect, it } from '@jest/globals';
import type { CollabTicket } from '@commonplace/shared';
import { COLLAB_CLOSE, COLLAB_PATH } from '@commonplace/shared';
import { WebSocket } from 'ws';
import { describeWithPostgres } from '../testing/services.js';
import {
  appHarness,
  describeOnEveryStore,
  postgresStore,
} from '../documents/workspace-app.testing.js';
import { CollabTickets } from './collab-ticket.store.js';

/** Opens `/collab/<docId>?<query>`: 'open' once the server starts syncing, or the close code it refused with. */
function upgrade(url: string, docId: string, query: string): Promise<'open' | number> {
  const socket = new WebSocket(`${url.replace('http', 'ws')}${COLLAB_PATH}/${docId}?${query}`);
  return new Promise((resolve, reject) => {
    socket.on('message', (data: Buffer) => {
      // A sync message (type 0) comes only to an admitted client; a refusal is an auth message, then a close.
      if (data[0] !== 0) return;
      resolve('open');
      socket.close();
    });
    socket.once('close', (code) => resolve(code));
    socket.once('error', reject);
  });
}

await describeOnEveryStore('collaboration tickets', (openStore) => {
  const harness = appHarness(openStore);

  it('opens a document once per ticket, and refuses a used, expired or signed-out one', async () => {
    const { app, url } = await harness.start();
    const teacher = await harness.person(app, url, 'rivera', 'teacher');
    const ana = await harness.person(app, url, 'ana', 'student');
    const { groups } = await harness.classroom(teacher, { Otters: [ana] });
    const docId = groups.Otters?.docId ?? '';
    const ticket = async (token: string): Promise<string> => {
      const reply = await harness.client(url, token)<CollabTicket>('POST', '/collab/tickets');
      expect(reply.status).toBe(201);
      expect(Date.parse(reply.body.expiresAt) - Date.now()).toBeLessThanOrEqual(30_000);
      return reply.body.ticket;
    };
    const unauthorized = COLLAB_CLOSE.unauthorized.code;

    const first = await ticket(ana.token);
    expect(first).not.toContain(ana.token);
    expect(await upgrade(url, docId, `ticket=${first}`)).toBe('open');
    expect(await upgrade(url, docId, `ticket=${first}`)).toBe(unauthorized);
    expect(await upgrade(url, docId, 'ticket=made-up')).toBe(unauthorized);
    expect((await harness.client(url)('POST', '/collab/tickets')).status).toBe(401);

    // Past its 30 s (issued already expired, rather than waited for).
    const sessionId = JSON.parse(
      Buffer.from(ana.token.split('.')[1] ?? '', 'base64url').toString(),
    ) as { sid: string };
    const stale = await app.nest.get(CollabTickets).issue(sessionId.sid, -1);
    expect(await upgrade(url, docId, `ticket=${stale.ticket}`)).toBe(unauthorized);

    // A ticket still counts as its session: signed out, the ticket is refused too.
    const taken = await ticket(ana.token);
    expect((await harness.client(url, ana.token)('POST', '/auth/sign-out')).status).toBe(204);
    expect(await upgrade(url, docId, `ticket=${taken}`)).toBe(unauthorized);

    // The ticket is checked for the document like the token: another group's document stays shut.
    const ben = await harness.person(app, url, 'ben', 'student');
    expect(await upgrade(url, docId, `ticket=${await ticket(ben.token)}`)).toBe(
      COLLAB_CLOSE.forbidden.code,
    );
  }, 60_000);
});

await describeWithPostgres('collaboration tickets with two instances', () => {
  const harness = appHarness(postgresStore);

  it('takes a ticket from one instance on the other, once', async () => {
    const { app, url: urlA } = await harness.start();
    const { url: urlB } = await harness.start();
    const teacher = await harness.person(app, urlA, 'rivera', 'teacher');
    const ana = await harness.person(app, urlA, 'ana', 'student');
    const { groups } = await harness.classroom(teacher, { Otters: [ana] });
    const docId = groups.Otters?.docId ?? '';

    const { body } = await harness.client(urlA, ana.token)<CollabTicket>('POST', '/collab/tickets');
    expect(await upgrade(urlB, docId, `ticket=${body.ticket}`)).toBe('open');
    expect(await upgrade(urlA, docId, `ticket=${body.ticket}`)).toBe(
      COLLAB_CLOSE.unauthorized.code,
    );
  }, 60_000);
});
