import { Navigate, Outlet, useLocation } from 'react-router';
import { useAuth } from './auth-context';

export interface SignInRedirectState {
  from?: string;
}

export function RequireSession() {
  const { session } = useAuth();
  const location = useLocation();
  if (!session) {
    const state: SignInRedirectState = { from: location.pathname + location.search };
    return <Navigate to="/sign-in" replace state={state} />;
  }
  return <Outlet />;
}
