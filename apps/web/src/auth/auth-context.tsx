import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { ReactNode } from 'react';
import { createApiClient } from '../api/api-client';
import { clearSignInCards } from '../classrooms/sign-in-cards.store';
import { clearDeviceCopies } from '../offline/device-copies';
import type { ApiClient } from '../api/api-client';
import { readSession, SESSION_KEY, writeSession } from './session-storage';
import type { Session, SessionScope } from './session-storage';
import { i18n } from '../i18n/i18n';

interface AuthContextValue {
  session: Session | null;
  api: ApiClient;
  /** A message for the sign-in page, e.g. why the person was signed out. */
  notice: string | null;
  /** `device` keeps the session for every tab of this browser (not a shared computer). */
  signIn: (session: Session, scope?: SessionScope) => void;
  /** Forgets the session on this device only (it ended, or the server refused it). */
  signOut: (notice?: string) => void;
  /**
   * Signing out on purpose: the server ends the session first (a copy of the token is then
   * refused everywhere and its live connections close), then this device forgets it. Offline,
   * the device forgets it all the same.
   */
  signOutEverywhere: () => Promise<void>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/** Read when the session ends, so it is in the language in use at that moment. */
export function sessionEndedNotice(): string {
  return i18n.t('errors.sessionEnded', { ns: 'common' });
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(readSession);
  const [notice, setNotice] = useState<string | null>(null);
  // The API client lives as long as the app; it reads the token at request time.
  const tokenRef = useRef<string | null>(session?.token ?? null);

  const signIn = useCallback((next: Session, scope: SessionScope = 'tab') => {
    tokenRef.current = next.token;
    writeSession(next, scope);
    setNotice(null);
    setSession(next);
  }, []);

  const signOut = useCallback((why?: string) => {
    // Signing out on purpose removes the person's offline copies from this device; a session
    // that ended by itself keeps them, so unsent work is still there after signing in again.
    const leaving = why === undefined ? readSession() : null;
    if (leaving) clearDeviceCopies(leaving.user.id).catch(() => undefined);
    tokenRef.current = null;
    writeSession(null);
    clearSignInCards();
    setNotice(why ?? i18n.t('signedOut', { ns: 'common' }));
    setSession(null);
  }, []);

  const api = useMemo(
    () =>
      createApiClient({
        getToken: () => tokenRef.current,
        onUnauthorized: () => signOut(sessionEndedNotice()),
      }),
    [signOut],
  );

  // Signing out in another tab of a device-wide session signs this tab out too.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key !== SESSION_KEY || event.storageArea !== localStorage) return;
      if (event.newValue === null && tokenRef.current !== null && readSession() === null) {
        signOut();
      }
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [signOut]);

  const signOutEverywhere = useCallback(async () => {
    if (tokenRef.current !== null) await api.signOut().catch(() => undefined);
    signOut();
  }, [api, signOut]);

  const value = useMemo(
    () => ({ session, api, notice, signIn, signOut, signOutEverywhere }),
    [session, api, notice, signIn, signOut, signOutEverywhere],
  );
  return <AuthContext value={value}>{children}</AuthContext>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>.');
  return value;
}

/** For pages behind <RequireSession>, where a session is guaranteed. */
export function useSession(): Session & { api: ApiClient } {
  const { session, api } = useAuth();
  if (!session) throw new Error('useSession must be used on a page behind <RequireSession>.');
  return { ...session, api };
}
