import { SignInResponseSchema } from '@commonplace/shared';
import type { SignInResponse } from '@commonplace/shared';

export type Session = SignInResponse;

export const SESSION_KEY = 'commonplace.session';

/**
 * Where a session lives. `tab` (sessionStorage) is the default: on a shared classroom
 * Chromebook, closing the tab should be enough to leave nobody signed in, and young students'
 * card sign-in always stays there. `device` (localStorage) is chosen by someone who says the
 * computer is not shared: every tab of this browser is then signed in until they sign out.
 */
export type SessionScope = 'tab' | 'device';

function parse(raw: string | null): Session | null {
  if (!raw) return null;
  const parsed = SignInResponseSchema.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : null;
}

/** This tab's session, else the one this device keeps for every tab. */
export function readSession(): Session | null {
  try {
    return parse(sessionStorage.getItem(SESSION_KEY)) ?? parse(localStorage.getItem(SESSION_KEY));
  } catch {
    return null;
  }
}

/** Keeps the session where its scope says; `null` forgets it everywhere (tab and device). */
export function writeSession(session: Session | null, scope: SessionScope = 'tab'): void {
  try {
    if (!session) {
      sessionStorage.removeItem(SESSION_KEY);
      localStorage.removeItem(SESSION_KEY);
    } else if (scope === 'device') {
      sessionStorage.removeItem(SESSION_KEY);
      localStorage.setItem(SESSION_KEY, JSON.stringify(session));
    } else {
      // This tab only; a device-wide session of other tabs is left as it is.
      sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    }
  } catch {
    // Storage can be disabled by policy; the session then lasts until the page reloads.
  }
}
