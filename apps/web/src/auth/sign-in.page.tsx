import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { SignInRequestSchema } from '@commonplace/shared';
import { ErrorMessage, LiveStatus } from '../ui/feedback';
import { Field } from '../ui/field';
import { useSchemaForm } from '../ui/use-schema-form';
import { PageHeading } from '../ui/page-heading';
import { useAuth } from './auth-context';
import type { SignInRedirectState } from './require-session';

export default function SignInPage() {
  const { session, api, notice, signIn } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as SignInRedirectState | null)?.from ?? '/';

  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const { errors, formError, pending, submit } = useSchemaForm(
    SignInRequestSchema,
    async (request) => {
      signIn(await api.signIn(request));
      navigate(from, { replace: true });
    },
  );

  if (session && !pending) return <Navigate to={from} replace />;

  return (
    <div className="narrow">
      <PageHeading title="Sign in">Sign in to Commonplace</PageHeading>
      <LiveStatus>{notice}</LiveStatus>
      <form
        className="card stack"
        noValidate
        aria-label="Sign in"
        onSubmit={(event) => {
          event.preventDefault();
          void submit({ login, password });
        }}
      >
        <ErrorMessage>{formError}</ErrorMessage>
        <Field label="Sign-in name" error={errors.login}>
          {(control) => (
            <input
              {...control}
              name="login"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              value={login}
              onChange={(event) => setLogin(event.target.value)}
            />
          )}
        </Field>
        <Field label="Password" error={errors.password}>
          {(control) => (
            <input
              {...control}
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="button-primary">
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="hint">Forgot your sign-in? Ask your teacher or school office to reset it.</p>
    </div>
  );
}
