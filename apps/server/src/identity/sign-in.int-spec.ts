import { expect, it } from '@jest/globals';
import { SignJWT } from 'jose';
import { PASSWORD_SIGN_IN_POLICY } from './sign-in-attempts.js';
import type { SessionKey } from '../store/session-key.js';
import { SESSION_KEY } from '../store/store.tokens.js';
import { appHarness, describeOnEveryStore } from '../documents/workspace-app.testing.js';

await describeOnEveryStore('password sign-in', (openStore) => {
  const harness = appHarness(openStore);

  it('slows password guessing with a clear 429, while the right password still works before the limit', async () => {
    const { app, url } = await harness.start();
    await harness.person(app, url, 'ms.rivera', 'teacher');
    const signIn = harness.client(url);

    expect(
      (await signIn('POST', '/auth/sign-in', { login: 'ms.rivera', password: 'pw' })).status,
    ).toBe(200);
    for (let i = 0; i < PASSWORD_SIGN_IN_POLICY.maxFailures; i++) {
      const wrong = await signIn('POST', '/auth/sign-in', {
        login: 'Ms.Rivera',
        password: 'guess',
      });
      expect(wrong.status).toBe(401);
    }
    const paused = await signIn<{ code: string; message: string }>('POST', '/auth/sign-in', {
      login: 'ms.rivera',
      password: 'pw',
    });
    expect(paused.status).toBe(429);
    expect(paused.body.code).toBe('auth.too-many-attempts');
    expect(paused.body.message).toMatch(/Wait ten minutes/);
    // Scrypt makes every wrong password deliberately slow: a dozen take a few seconds.
  }, 60_000);

  it('refuses a token signed with the session key but without an expiry or a session', async () => {
    const { app, url } = await harness.start();
    const teacher = await harness.person(app, url, 'ms.rivera', 'teacher');
    expect((await teacher.api('GET', '/me')).status).toBe(200);

    const key = app.nest.get<SessionKey>(SESSION_KEY);
    const forever = await new SignJWT({ kind: 'teacher' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(teacher.id)
      .setIssuedAt()
      .setIssuer('commonplace')
      .sign(key.secret);
    const refused = await harness.client(url, forever)<{ code: string; message: string }>(
      'GET',
      '/me',
    );
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('auth.unauthenticated');
    expect(refused.body.message).toMatch(/Sign in again/);

    // Nor one with an expiry but no session: it could never be signed out of.
    const sessionless = await new SignJWT({ kind: 'teacher' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(teacher.id)
      .setIssuedAt()
      .setIssuer('commonplace')
      .setExpirationTime('1h')
      .sign(key.secret);
    expect((await harness.client(url, sessionless)('GET', '/me')).status).toBe(401);
  }, 60_000);
});
