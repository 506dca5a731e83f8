import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { SignInRequestSchema, StudentSignInRequestSchema } from '@commonplace/shared';
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

  const [mode, setMode] = useState<'password' | 'card'>('password');
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const { errors, formError, pending, submit } = useSchemaForm(
    SignInRequestSchema,
    async (request) => {
      signIn(await api.signIn(request));
      navigate(from, { replace: true });
    },
  );

  const card = useSchemaForm(StudentSignInRequestSchema, async (request) => {
    signIn(await api.studentSignIn(request));
    navigate(from, { replace: true });
  });
  const [classCode, setClassCode] = useState('');
  const [secret, setSecret] = useState('');

  if (session && !pending && !card.pending) return <Navigate to={from} replace />;

  return (
    <div className="narrow">
      <PageHeading title="Sign in">Sign in to Commonplace</PageHeading>
      <LiveStatus>{notice}</LiveStatus>
      <fieldset className="sign-in-mode">
        <legend>How do you sign in?</legend>
        <div className="choice">
          <input
            type="radio"
            id="mode-password"
            name="sign-in-mode"
            checked={mode === 'password'}
            onChange={() => setMode('password')}
          />
          <label htmlFor="mode-password">With my account</label>
        </div>
        <div className="choice">
          <input
            type="radio"
            id="mode-card"
            name="sign-in-mode"
            checked={mode === 'card'}
            onChange={() => setMode('card')}
          />
          <label htmlFor="mode-card">With my card (young students)</label>
        </div>
      </fieldset>
      {mode === 'password' ? (
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
      ) : (
        <form
          className="card stack"
          noValidate
          aria-label="Sign in with a card"
          onSubmit={(event) => {
            event.preventDefault();
            void card.submit({ classCode, secret });
          }}
        >
          <ErrorMessage>{card.formError}</ErrorMessage>
          <Field
            label="Class code"
            hint="Six letters and digits, on your card."
            error={card.errors.classCode}
          >
            {(control) => (
              <input
                {...control}
                name="classCode"
                className="input-code"
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                value={classCode}
                onChange={(event) => setClassCode(event.target.value)}
              />
            )}
          </Field>
          <Field label="Secret" hint="The words on your card." error={card.errors.secret}>
            {(control) => (
              <input
                {...control}
                name="secret"
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                value={secret}
                onChange={(event) => setSecret(event.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="button-primary">
            {card.pending ? 'Signing in…' : 'Sign in with my card'}
          </button>
        </form>
      )}
      <p className="hint">Forgot your sign-in? Ask your teacher or school office to reset it.</p>
    </div>
  );
}
