import { SignInResponseSchema } from '@commonplace/shared';
import type { SignInResponse } from '@commonplace/shared';

export type Session = SignInResponse;

const KEY = 'commonplace.session';

// sessionStorage, not localStorage: on a shared classroom Chromebook, closing the tab
// should be enough to leave nobody signed in.
export function readSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const parsed = SignInResponseSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeSession(session: Session | null): void {
  try {
    if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
    else sessionStorage.removeItem(KEY);
  } catch {
    // Storage can be disabled by policy; the session then lasts until the page reloads.
  }
}
