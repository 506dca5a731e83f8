import { DEMO_PASSWORD } from './browser.js';

/** A session as the web app keeps it for the tab (`commonplace.session`). */
export interface StoredSession {
  token: string;
  user: { id: string; displayName: string; kind: 'teacher' | 'student' | 'guardian' | 'mentor' };
}

/**
 * The API as a test's setup uses it: plain requests with a bearer token, failing loudly with
 * the server's answer, so a seeding step that breaks names itself.
 */
export class Api {
  constructor(readonly baseURL: string) {}

  async call<T>(method: string, path: string, token?: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseURL}/api${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  signIn(login: string, password = DEMO_PASSWORD): Promise<StoredSession> {
    return this.call('POST', '/auth/sign-in', undefined, { login, password });
  }

  /** A session for a token from an invite or a card: who it belongs to comes from `/me`. */
  async sessionFor(token: string): Promise<StoredSession> {
    const user = await this.call<StoredSession['user']>('GET', '/me', token);
    return { token, user };
  }
}
